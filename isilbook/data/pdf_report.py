"""A UN report PDF to the project's report text, its footnotes and a review for the author.

The classified lines of :mod:`isilbook.data.pdf_text` are put back together: the title from the
top of page 1, then one block per heading or numbered paragraph, wrapped lines joined (with
line-end hyphens undone only where :mod:`isilbook.data.hyphenation` finds a word), paragraphs
that cross a page kept whole, and footnotes gathered at the foot of each page and tied to the
marker that calls them. The result is the text-route format (title on line 1, one heading or
paragraph a line), so the same parser reads both routes and the same checks refuse the same
faults, here named by page and line of the PDF.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from isilbook.data.hyphenation import Join, join_hyphenated, vocabulary
from isilbook.data.parse import parse_text
from isilbook.data.pdf_text import SYMBOL, Line, PdfLines, mark_masthead, read_lines
from isilbook.errors import DataError, ParseError, Problem

_START = re.compile(r"(?:[IVXLC]{1,7}|[A-Z]|\d{1,3})\.\s+\S")
_CHAPTER = re.compile(r"[IVXLC]{1,7}\.\s+\S")
_NUMBER = re.compile(r"(\d{1,3})\.\s")
_ENDS_SENTENCE = re.compile(r"[.:;!?…][”’\"')\]]*$")
_HYPHENS = ("-", "\u2010", "\u2011")
FOOTNOTE_COLUMNS = ["document", "marker", "paragraph", "position", "page", "text"]


@dataclass
class Block:
    """A heading, a paragraph or the title, as it will stand on one line of the derived text."""

    page: int
    line: int
    bold: bool
    text: str = ""
    markers: list[tuple[int, str]] = field(default_factory=list)
    last_page: int = 0


@dataclass
class Note:
    """One footnote as printed: marker, text and the page it starts on."""

    marker: str
    page: int
    line: int
    text: str = ""


@dataclass
class Decision:
    """A join the intake made on evidence that may be wrong: the author should look."""

    page: int
    line: int
    what: str
    result: str


@dataclass
class PdfEdition:
    """Everything the intake reads from one report PDF."""

    file: Path
    pages: int
    title: str
    text: str  # the derived report text (text-route format)
    paragraphs: pd.DataFrame
    footnotes: pd.DataFrame
    dropped: list[Line]
    decisions: list[Decision]
    blocks: list[Block]


def _join(text: str, line: Line, known: frozenset[str],
          decisions: list[Decision]) -> tuple[str, int]:
    """Append a wrapped line to a block's text; return the text and where the line begins."""
    if not text:
        return line.text, 0
    if text.endswith(_HYPHENS):
        joined: Join = join_hyphenated(text[:-1] + "-", line.text, known)
        if not joined.sure:
            word = re.search(r"\S*$", text).group(0) + re.match(r"\S*", line.text).group(0)
            decisions.append(Decision(line.page, line.number, f"line-end hyphen in “{word}”: "
                                      + joined.reason,
                                      "kept the hyphen" if joined.kept else "joined"))
        return joined.text, len(text) - (0 if joined.kept else 1)
    if text.endswith("/"):
        return text + line.text, len(text)
    if text.endswith(("\u2013", "\u2014")) and len(text) > 1 and text[-2].isdigit() and \
            line.text[:1].isdigit():
        decisions.append(Decision(line.page, line.number, "a range split after its dash",
                                  "joined without a space"))
        return text + line.text, len(text)
    return text + " " + line.text, len(text) + 1


def _add_line(block: Block | Note, line: Line, known: frozenset[str],
              decisions: list[Decision]) -> None:
    block.text, start = _join(block.text, line, known, decisions)
    if isinstance(block, Block):
        block.markers += [(start + offset, marker) for offset, marker in line.markers]
        block.last_page = line.page


def _known_words(lines: list[Line]) -> frozenset[str]:
    """The report's vocabulary, leaving out words cut at line ends."""
    texts = []
    for line in lines:
        words = line.text.split(" ")[1:]  # the first word may end a hyphenated word
        if line.text.endswith(_HYPHENS) and words:
            words = words[:-1]
        texts.append(" ".join(words))
    return vocabulary(texts)


def _paragraph_gap(lines: list[Line], body_size: float) -> float:
    """The vertical gap above which a new line starts a new block (spacing between blocks)."""
    gaps = [line.top - before.bottom for before, line in zip(lines, lines[1:])
            if line.page == before.page and abs(line.size - before.size) < 0.2]
    usual = statistics.median(gaps) if gaps else 0.0
    return usual + 0.25 * body_size


def _later_paragraph(block: Block, line: Line) -> bool:
    """Whether ``line`` opens a paragraph after ``block``: the block is a numbered paragraph
    that ends a sentence, and the line carries a higher number.

    A report of one-line paragraphs has no wider gap between paragraphs than between lines
    (every gap is a paragraph gap), so the spacing cannot tell; the numbering can. A number
    higher than the next one is a paragraph too, so that the parser refuses the gap in the
    numbering instead of the paragraph being swallowed by the one above.
    """
    number, following = _NUMBER.match(block.text), _NUMBER.match(line.text)
    return (number is not None and following is not None and not block.bold
            and int(following.group(1)) > int(number.group(1))
            and bool(_ENDS_SENTENCE.search(block.text)))


def assemble(pdf: PdfLines) -> tuple[Block, list[Block], list[Note], list[Decision]]:
    """Title, blocks and footnotes from classified lines."""
    mark_masthead(pdf.lines)
    for line in pdf.lines:
        if line.page == 1 and line.kind == "header" and not any(
                other.kind == "body" and other.top < line.top for other in pdf.lines
                if other.page == 1):
            line.kind = "masthead"  # the symbol above the title is part of the masthead
    body = [line for line in pdf.lines if line.kind == "body"]
    notes_lines = [line for line in pdf.lines if line.kind == "footnote"]
    known = _known_words(body + notes_lines)
    decisions: list[Decision] = []
    first = body[0] if body else None
    title = Block(first.page if first else 1, first.number if first else 1, True)
    index = 0
    while index < len(body) and not _CHAPTER.match(body[index].text):
        _add_line(title, body[index], known, decisions)
        index += 1
    threshold = _paragraph_gap(body[index:], pdf.body_size)
    blocks: list[Block] = []
    previous: Line | None = None
    for line in body[index:]:
        starts = bool(_START.match(line.text))
        if previous is None:
            new = True
        elif line.page == previous.page:
            gap = line.top - previous.bottom
            # A numbered or lettered bold line under a bold one is the next heading (a
            # chapter's heading, then its first section's), however close the two are set.
            new = starts and (gap > threshold or line.bold != previous.bold
                              or (line.bold and previous.bold)
                              or _later_paragraph(blocks[-1], line))
            if not starts and gap > threshold:
                decisions.append(Decision(line.page, line.number, "a gap before a line that "
                                          "carries no number", "joined to the block above"))
        else:
            ended = blocks[-1].bold or bool(_ENDS_SENTENCE.search(blocks[-1].text))
            new = starts and ended
            if starts != ended:
                decisions.append(Decision(line.page, line.number, "the first line of a page "
                                          + ("looks numbered but the block above runs on"
                                             if starts else "has no number after a finished "
                                             "sentence"),
                                          "joined to the block on the page before"))
        if new:
            blocks.append(Block(line.page, line.number, line.bold))
        _add_line(blocks[-1], line, known, decisions)
        previous = line
    notes: list[Note] = []
    for line in notes_lines:
        if line.markers and line.markers[0][0] == 0:
            notes.append(Note(line.markers[0][1], line.page, line.number))
            line = Line(**{**line.__dict__, "markers": line.markers[1:]})
        elif not notes:
            raise DataError([Problem(str(pdf.file), "a footnote to begin with its marker",
                                     row=line.number, page=line.page, found=line.text)])
        _add_line(notes[-1], line, known, decisions)
    return title, blocks, notes, decisions


def read_pdf_report(file: Path, document: str) -> PdfEdition:
    """Read a report PDF into its derived text, paragraphs and footnotes.

    Raises
    ------
    DataError
        Naming the file and page: not a PDF, encrypted, a page without a text layer, a
        masthead or running header naming another symbol, no numbered paragraphs, a gap or
        duplicate in the numbering (with the line on the page), a footnote marker without its
        footnote or a footnote nothing calls.
    """
    pdf = read_lines(Path(file))
    title, blocks, notes, decisions = assemble(pdf)
    _check_symbol(pdf, document)
    if not any(re.match(r"\d{1,3}\.\s", block.text) and not block.bold for block in blocks):
        raise DataError([Problem(str(file), "numbered paragraphs (“1. …”)", page=1,
                                 found="none on any of the " f"{pdf.pages} pages")])
    text = "\n".join([title.text] + [block.text for block in blocks]) + "\n"
    try:
        paragraphs = parse_text(text, str(file), document)
    except ParseError as error:
        problem = error.problems[0]
        where = blocks[problem.row - 2] if problem.row and problem.row >= 2 else title
        raise DataError([Problem(str(file), problem.expected, row=where.line, page=where.page,
                                 found=problem.found)]) from None
    footnotes = _footnote_rows(file, document, blocks, notes, paragraphs)
    dropped = [line for line in pdf.lines if line.kind in ("header", "footer", "masthead")]
    return PdfEdition(Path(file), pdf.pages, title.text, text, paragraphs, footnotes, dropped,
                      decisions, blocks)


def _check_symbol(pdf: PdfLines, document: str) -> None:
    """Refuse a PDF whose masthead or running header names another document than ``document``
    (the wrong file, or the wrong ``--symbol``): the page and the symbol found are named.

    A line naming several symbols (a document issued under two) passes if one of them is
    ``document``.
    """
    for line in pdf.lines:
        if line.kind not in ("masthead", "header"):
            continue
        symbols = re.findall(SYMBOL, line.text)
        if symbols and document not in symbols:
            where = "masthead" if line.kind == "masthead" else "running header"
            raise DataError([Problem(str(pdf.file), f"the {where} to name {document} (the "
                                     "--symbol given)", row=line.number, page=line.page,
                                     found=symbols[0])])


def _footnote_rows(file: Path, document: str, blocks: list[Block], notes: list[Note],
                   paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per footnote: its marker, the paragraph calling it and where in its text."""
    by_line = dict(zip(paragraphs["line"], paragraphs["paragraph"]))
    texts = {note.marker: note for note in notes}
    rows, called = [], set()
    for line_number, block in enumerate(blocks, start=2):
        paragraph = by_line.get(line_number)
        prefix = re.match(r"\d{1,3}\.\s+", block.text) if paragraph is not None else None
        for offset, marker in block.markers:
            if marker not in texts:
                raise DataError([Problem(str(file), f"the text of footnote {marker} at the "
                                         "foot of the page", row=block.line, page=block.page,
                                         found="a marker with no footnote")])
            if marker in called:
                raise DataError([Problem(str(file), "each footnote called once",
                                         page=block.page, row=block.line,
                                         found=f"marker {marker} again")])
            called.add(marker)
            note = texts[marker]
            rows.append({"document": document, "marker": marker, "paragraph": paragraph,
                         "position": offset - (prefix.end() if prefix else 0)
                         if paragraph is not None else None,
                         "page": note.page, "text": note.text})
    for note in notes:
        if note.marker not in called:
            raise DataError([Problem(str(file), f"a marker {note.marker} in the text calling "
                                     "this footnote", row=note.line, page=note.page,
                                     found=note.text)])
    frame = pd.DataFrame(rows, columns=FOOTNOTE_COLUMNS)
    return frame.astype({"paragraph": "Int64", "position": "Int64", "page": "Int64"})


def review_markdown(edition: PdfEdition, derived: str) -> str:
    """The review report: what was dropped, every unsure join, the page of each paragraph."""
    out = [f"# Review of {edition.file.name}", "",
           f"Derived text: `{derived}` ({edition.pages} pages, {len(edition.paragraphs)} "
           f"paragraphs, {len(edition.footnotes)} footnotes). Read this before curating.", "",
           "## Joins to check", ""]
    if edition.decisions:
        out += ["| page | line | what | result |", "|---|---|---|---|"]
        out += [f"| {d.page} | {d.line} | {_cell(d.what)} | {d.result} |"
                for d in edition.decisions]
    else:
        out.append("None: every join was settled by the report's own words or the word list.")
    out += ["", "## Dropped as header, footer or masthead", "",
            "| page | line | dropped as | text |", "|---|---|---|---|"]
    out += [f"| {line.page} | {line.number} | {line.kind} | {_cell(line.text)} |"
            for line in edition.dropped]
    out += ["", "## Where each paragraph is", "", "| paragraph | page | line on page |",
            "|---|---|---|"]
    starts = {number: block for number, block in enumerate(edition.blocks, start=2)}
    for paragraph, line in zip(edition.paragraphs["paragraph"], edition.paragraphs["line"]):
        block = starts[int(line)]
        pages = f"{block.page}" + (f"–{block.last_page}" if block.last_page != block.page
                                   else "")
        out.append(f"| {paragraph} | {pages} | {block.line} |")
    if len(edition.footnotes):
        out += ["", "## Footnotes", "", "| marker | paragraph | page | text |",
                "|---|---|---|---|"]
        out += [f"| {r.marker} | {'' if pd.isna(r.paragraph) else r.paragraph} | {r.page} | "
                f"{_cell(r.text)} |" for r in edition.footnotes.itertuples()]
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
