"""Lines of a UN document PDF, sorted into what the report says and what the print adds.

pdfplumber (on pdfminer.six) gives every character with its position, size and font. From them
this module rebuilds the printed lines, with superscript footnote markers kept apart from the
text, and sorts each line into one of:

* ``header``: the running header (the symbol, on alternating sides) in the top band of a page;
* ``footer``: job number ("16-08800 (E)"), page mark ("3/19"), barcode text, "Please recycle"
  in the bottom band;
* ``masthead``: "United Nations", the symbol, the organ, "Distr.: General", dates, above the
  title on page 1;
* ``footnote``: lines set smaller than the body text, below the body on their page;
* ``body``: everything else (title, headings, numbered paragraphs).

Classification uses both place and wording, so that a paragraph that happens to mention a
symbol is never dropped for it. Reading the PDF refuses, naming the page, what it cannot read:
an encrypted file, a page without a text layer (a scan), a file cut short.

The work is bounded before any page is read (:func:`check_bounds`): the file's size, its page
count, and every compressed stream's size once inflated (counted by inflating at most one byte
past the limit, so a compression bomb costs no more memory than the limit). Each page is
dropped from memory once its lines are taken.
"""

from __future__ import annotations

import re
import statistics
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from isilbook.errors import DataError, Problem

#: A document symbol as printed (S/2016/501, S/PRST/2016/1, S/2016/501/Corr.1).
SYMBOL = r"(?:[ASE]/(?:[A-Z]+/)*\d{1,4}(?:/[A-Za-z0-9.]+)*)"
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December)")
_HEADER = re.compile(rf"{SYMBOL}(?:\s+\S+)?")
_FOOTER_TOKEN = re.compile(r"\d{2}-\d{5}|\(E\)|\d{6}|\d{1,3}/\d{1,3}|\*\d{7}\*|Please|recycle|"
                           r"[\u2190-\u21ff\u267b]")
_MASTHEAD = re.compile(
    rf"United Nations|{SYMBOL}|Security Council|General Assembly|Economic and Social Council"
    rf"|Distr\.:\s*\w+|Original:\s*\w+|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
    r"|[A-Z][a-z]+(?:-[a-z]+)?\s+session|Agenda items?\s+[\d, and]+")
# Typographic ligatures a font may draw for two or three letters ("ﬀ" in "eﬀorts").
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "ft", "\ufb06": "st"}
#: Limits per document: a UN report runs to about 20 pages of 50 KiB of drawing each.
MAX_PDF_BYTES = 64 * 2**20
MAX_PAGES = 200
MAX_DOCUMENT_STREAMS = 256 * 2**20  # every stream of the file, inflated
#: Limits per page and per stream: the drawing of one page (its content streams, inflated), and
#: any one stream (a font, an image, a stream of objects).
MAX_PAGE_CONTENT = 4 * 2**20
MAX_STREAM = 32 * 2**20
_BAND = 0.1  # share of the page height holding running headers (top) and footers (bottom)
_SMALL = 0.9  # a line set below this share of the body size is footnote or superscript size


@dataclass
class Line:
    """One printed line: its text without footnote markers, and the markers with offsets."""

    page: int
    number: int  # 1-based line number on its page, counting every text line
    top: float
    bottom: float
    x0: float
    size: float
    bold: bool
    text: str
    markers: list[tuple[int, str]] = field(default_factory=list)
    kind: str = "body"


@dataclass
class PdfLines:
    """Every line of a PDF, classified, with the body text size and the page count."""

    file: Path
    pages: int
    body_size: float
    lines: list[Line]


def _char_lines(chars: list[dict]) -> list[list[dict]]:
    """Group characters into printed lines by baseline, superscripts joining their line."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        if rows and abs(rows[-1][0]["bottom"] - char["bottom"]) < 1.0:
            rows[-1].append(char)
        else:
            rows.append([char])
    boxes = [(min(c["top"] for c in row), max(c["bottom"] for c in row),
              max(c["size"] for c in row)) for row in rows]
    hosts: dict[int, int] = {}
    for index, (top, bottom, size) in enumerate(boxes):
        # A short row of small characters (no spaces: markers, not words) inside a taller
        # row's band is superscript to it.
        if len(rows[index]) > 12 or any(c["text"].isspace() for c in rows[index]):
            continue
        for other, (other_top, other_bottom, other_size) in enumerate(boxes):
            if other != index and size < other_size * _SMALL and \
                    other_top - 0.6 * other_size <= top and bottom < other_bottom - 0.5 and \
                    bottom > other_top:
                hosts[index] = other
                break
    merged = {index: list(row) for index, row in enumerate(rows) if index not in hosts}
    for index, host in hosts.items():
        while host in hosts:
            host = hosts[host]
        merged[host].extend(rows[index])
    return [sorted(row, key=lambda c: c["x0"]) for row in merged.values()]


def _overlaps(space: dict, glyph: dict) -> bool:
    """Whether a glyph covers most of a space character's box."""
    if glyph["text"].isspace():
        return False
    cover = min(space["x1"], glyph["x1"]) - max(space["x0"], glyph["x0"])
    return cover > 0.5 * max(space["x1"] - space["x0"], 0.1)


def _line(chars: list[dict], page: int, number: int) -> Line:
    """Text of one line: ghost spaces dropped, gaps read as spaces, superscripts as markers."""
    size = statistics.median(c["size"] for c in chars)
    normal = [c for c in chars if c["size"] > size * _SMALL]
    baseline = max(c["bottom"] for c in normal)
    text, markers, previous = "", [], None
    for index, char in enumerate(chars):
        following = chars[index + 1] if index + 1 < len(chars) else None
        glyph = _LIGATURES.get(char["text"], char["text"])
        if glyph == "\u00ad":
            continue
        if glyph.isspace():
            # A space drawn over a glyph (no advance of its own) is an artefact of the writer
            # (soft hyphens, kerning), not a word break.
            if following is None or any(_overlaps(char, other) for other in
                                        chars[max(0, index - 3):index + 4]):
                continue
            if text and not text.endswith(" "):
                text += " "
            previous = char
            continue
        superscript = char["size"] < size * _SMALL and char["bottom"] < baseline - 0.8
        if previous is not None and char["x0"] - previous["x1"] > 0.18 * size \
                and text and not text.endswith(" ") and not superscript:
            text += " "
        if superscript:
            if markers and markers[-1][0] == len(text.rstrip()) and previous is not None and \
                    previous.get("_sup"):
                markers[-1] = (markers[-1][0], markers[-1][1] + glyph)
            else:
                markers.append((len(text.rstrip()), glyph))
            char = {**char, "_sup": True}
        else:
            text += glyph
        previous = char
    fonts = [c.get("fontname", "") for c in normal]
    bold = sum("bold" in f.lower() for f in fonts) * 2 > len(fonts)
    return Line(page, number, min(c["top"] for c in normal), baseline,
                min(c["x0"] for c in normal), size, bold, text.strip(), markers)


def _page_chars(page) -> list[dict]:
    """A pdfplumber page's characters with what the lines are rebuilt from (text, box in
    pdfplumber's top-down coordinates, size, font, uprightness), read straight from pdfminer's
    layout: the same values as ``page.chars``, without pdfplumber's full dictionary of every
    attribute for every character (most of the time of reading a report)."""
    from pdfminer.layout import LTChar, LTContainer

    height = float(page.height)
    left, top = page.mediabox[:2]
    chars: list[dict] = []

    def walk(objects) -> None:
        for item in objects:
            if isinstance(item, LTContainer):  # a form XObject (LTFigure) holds its own text
                walk(item)
            elif isinstance(item, LTChar):
                font = item.fontname
                chars.append({
                    "text": item.get_text(), "x0": item.x0 + left, "x1": item.x1 + left,
                    "top": height - item.y1 + top, "bottom": height - item.y0 + top,
                    "size": item.size, "upright": item.upright,
                    "fontname": font.decode("latin-1") if isinstance(font, bytes) else font})

    walk(page.layout)
    return chars


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB" if size >= 2**20 else f"{size:,} bytes"


def _inflated_size(stream, limit: int) -> int:
    """Bytes a stream holds once decoded, counted up to ``limit + 1`` at most.

    FlateDecode (zlib), the filter a compression bomb uses, is inflated with a cap; image
    filters (which the text reader never decodes) and the ASCII filters (which shrink) count
    as their raw size.
    """
    raw = stream.rawdata if stream.rawdata is not None else (stream.data or b"")
    try:
        filters = [getattr(f, "name", f) for f, _ in stream.get_filters()]
    except Exception:  # noqa: BLE001 (a malformed filter entry: pdfminer names it later)
        return len(raw)
    if not filters or filters[0] not in ("FlateDecode", "Fl"):
        return len(raw)
    try:
        return len(zlib.decompressobj().decompress(raw, limit + 1))
    except zlib.error:
        return len(raw)  # pdfminer reads a damaged stream as far as it goes


def check_bounds(file: Path, document) -> None:
    """Refuse a PDF whose reading would not be bounded by the limits above, before any page is
    read: the file size, every stream inflated, the page count and each page's drawing.

    ``document`` is pdfminer's ``PDFDocument`` of the open file.

    Raises
    ------
    DataError
        Naming the limit (and the page or PDF object over it).
    """
    from pdfminer.pdftypes import PDFStream, resolve1

    def refuse(expected: str, found: str, page: int | None = None) -> DataError:
        return DataError([Problem(str(file), expected, page=page, found=found)])

    size = Path(file).stat().st_size
    if size > MAX_PDF_BYTES:
        raise refuse(f"a PDF of at most {_mib(MAX_PDF_BYTES)} (the limit per document)",
                     f"{_mib(size)}")
    total = 0
    for xref in document.xrefs:  # streams stored directly in the file (object streams too)
        for objid in list(xref.get_objids()):
            stream_id, _, _ = xref.get_pos(objid)
            if stream_id is not None:
                continue  # inside an object stream, itself checked as a stream
            try:
                obj = document.getobj(objid)
            except Exception:  # noqa: BLE001 (a damaged object is the page reader's to name)
                continue
            if not isinstance(obj, PDFStream):
                continue
            inflated = _inflated_size(obj, MAX_STREAM)
            if inflated > MAX_STREAM:
                raise refuse(f"streams of at most {_mib(MAX_STREAM)} inflated (the limit per "
                             "stream)", f"PDF object {objid} inflating past it")
            total += inflated
            if total > MAX_DOCUMENT_STREAMS:
                raise refuse(f"at most {_mib(MAX_DOCUMENT_STREAMS)} of streams inflated (the "
                             "limit per document)", f"more, by PDF object {objid}")
    pages = resolve1(document.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    if isinstance(count, int) and count > MAX_PAGES:
        raise refuse(f"a report of at most {MAX_PAGES} pages (the limit per document)",
                     f"{count:,} pages")


def _check_page(file: Path, page, number: int) -> None:
    """Refuse a page whose drawing is over the limit per page, before it is laid out."""
    from pdfminer.pdftypes import PDFStream

    contents = page.page_obj.contents or []
    size = sum(_inflated_size(stream, MAX_PAGE_CONTENT) for stream in contents
               if isinstance(stream, PDFStream))
    if size > MAX_PAGE_CONTENT:
        raise DataError([Problem(str(file), f"a page drawn in at most "
                                 f"{_mib(MAX_PAGE_CONTENT)} (the limit per page)", page=number,
                                 found=f"more than {_mib(MAX_PAGE_CONTENT)}")])


def read_lines(file: Path) -> PdfLines:
    """Read and classify every line of a PDF.

    Raises
    ------
    DataError
        When the file is not a PDF, is encrypted, is cut short or damaged (naming the page),
        is over a limit (:func:`check_bounds`), or has a page with no text layer.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    def refuse(page: int | None, expected: str, found: str) -> DataError:
        return DataError([Problem(str(file), expected, page=page, found=found)])

    def damaged(page: int | None, error: Exception) -> DataError:
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        return refuse(page, "a complete, readable PDF (is the file cut short?)",
                      f"{type(cause).__name__}: {cause}" if str(cause)
                      else type(cause).__name__)

    try:
        pdf = pdfplumber.open(file)
    except Exception as error:  # pdfplumber wraps pdfminer's errors in PdfminerException
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise refuse(1, "a PDF that opens without a password",
                         "an encrypted PDF") from None
        if isinstance(cause, OSError):
            raise
        raise damaged(None, error) from None
    with pdf:
        if getattr(pdf.doc, "encryption", None):
            raise refuse(1, "a PDF without encryption (save an unprotected copy)",
                         "an encrypted PDF")
        check_bounds(file, pdf.doc)
        try:
            pages = pdf.pages
        except Exception as error:  # noqa: BLE001 (a page tree pdfminer cannot walk)
            raise damaged(None, error) from None
        if not pages:
            raise refuse(None, "a PDF with at least one page", "no pages")
        if len(pages) > MAX_PAGES:  # a page tree whose /Count understated it
            raise refuse(None, f"a report of at most {MAX_PAGES} pages (the limit per "
                         "document)", f"{len(pages):,} pages")
        lines: list[Line] = []
        for index, page in enumerate(pages, start=1):
            _check_page(file, page, index)
            try:
                chars = [c for c in _page_chars(page) if c["upright"]]
            except Exception as error:  # noqa: BLE001 (pdfminer raises many kinds)
                raise damaged(index, error) from None
            if not any(c["text"].strip() for c in chars):
                raise refuse(index, "a page with a text layer",
                             "no text (scanned; run OCR first)")
            rows = _char_lines(chars)
            rows.sort(key=lambda row: min(c["top"] for c in row))
            page_lines = [_line(row, index, number) for number, row in enumerate(rows, 1)]
            _classify_bands(page_lines, float(page.height))
            lines += [line for line in page_lines if line.text or line.markers]
            page.close()  # its layout is no longer needed: memory stays one page deep
        count = len(pages)
    sizes = [round(line.size, 1) for line in lines if line.kind == "body" for _ in line.text]
    body_size = statistics.mode(sizes) if sizes else 10.0
    _classify_footnotes(lines, body_size)
    return PdfLines(Path(file), count, body_size, lines)


def _classify_bands(lines: list[Line], height: float) -> None:
    """Running headers at the top and footers at the bottom of a page, by place and wording."""
    for line in lines:
        if line.top < height * _BAND and _HEADER.fullmatch(line.text):
            line.kind = "header"
        elif line.bottom > height * (1 - _BAND) and line.text and \
                not _FOOTER_TOKEN.sub("", line.text).strip():
            line.kind = "footer"


def _classify_footnotes(lines: list[Line], body_size: float) -> None:
    """Small lines below the last body-size line of their page are footnotes."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for page_lines in by_page.values():
        body = [line for line in page_lines
                if line.kind == "body" and line.size >= body_size * _SMALL]
        if not body:
            continue
        last = max(line.bottom for line in body)
        for line in page_lines:
            if line.kind == "body" and line.size < body_size * _SMALL and line.top > last:
                line.kind = "footnote"


def mark_masthead(lines: list[Line]) -> None:
    """Body lines of page 1 made only of masthead wording, before anything else, are masthead."""
    for line in lines:
        if line.page != 1:
            break
        if line.kind != "body":
            continue
        if _MASTHEAD.sub("", line.text).strip(" ,"):
            break
        line.kind = "masthead"
