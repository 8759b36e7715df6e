"""Print a report text as the UN publishes it, so the PDF intake can be tested on real layout.

A UN document PDF is A4 with a masthead on page 1, running headers carrying the symbol on
alternating sides, footers with the job number and "n/N", superscript footnote markers with the
footnotes at the foot of the page, and words hyphenated at line ends. Chromium has no footnote
layout of its own, so a small paginator (JavaScript, run in the page) fills fixed A4 page boxes
block by block, splits a paragraph across a page where it must, and puts each footnote on the
page its marker lands on. Debian's Chromium prints the result, launched with the project's own
offline flags.

Hyphenation points come from pyphen (TeX patterns) as soft hyphens, because Chromium offline has
no hyphenation dictionary: the PDF then shows genuine "inter-\\nnational" line ends.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyphen

from isilbook.publish.pdf import CHROMIUM, CHROMIUM_ARGS

_WORD = re.compile(r"[A-Za-z]{7,}")


@dataclass(frozen=True)
class Footnote:
    """A footnote the test adds: its marker goes right after ``after`` in ``paragraph``."""

    paragraph: int
    after: str
    text: str


@dataclass(frozen=True)
class Layout:
    """One way of setting the report: fonts, margins, numbering style, forced page breaks."""

    name: str
    font: str
    size_pt: float
    margin: str  # CSS padding of the page box
    hanging_numbers: bool  # "12." in a gutter (True) or inline with a first-line indent
    odd_header_right: bool
    job: str
    break_before: tuple[int, ...] = ()  # paragraphs forced to a new page (heading at the foot)
    paragraph_gap_pt: float = 6.0
    footnotes: tuple[Footnote, ...] = field(default=())


def _hyphenate(text: str, dictionary: pyphen.Pyphen) -> str:
    """Escape text for HTML and put soft hyphens at the TeX hyphenation points of long words."""
    return _WORD.sub(lambda m: dictionary.inserted(m.group(0), hyphen="\u00ad"),
                     html.escape(text, quote=False))


def _paragraph_tokens(number: int, text: str, notes: list[tuple[str, int]],
                      dictionary: pyphen.Pyphen) -> list[str]:
    """HTML tokens (one per word) of a paragraph, footnote markers glued to their words."""
    marks: dict[int, int] = {}
    for after, marker in notes:
        at = text.index(after) + len(after)
        marks[at] = marker
    pieces, start = [], 0
    for at in sorted(marks):
        pieces.append(_hyphenate(text[start:at], dictionary))
        pieces.append(f'<sup class="fnref" data-fn="{marks[at]}">{marks[at]}</sup>')
        start = at
    pieces.append(_hyphenate(text[start:], dictionary))
    words = "".join(pieces).split(" ")
    return [f'<span class="num">{number}.</span>'] + words


def report_html(report: str, symbol: str, date: str, layout: Layout) -> str:
    """The whole document as HTML (unpaginated blocks plus the paginator)."""
    dictionary = pyphen.Pyphen(lang="en_GB")
    lines = [line for line in report.split("\n") if line.strip()]
    title, body = lines[0], lines[1:]
    by_paragraph: dict[int, list[tuple[str, int]]] = {}
    for marker, note in enumerate(layout.footnotes, start=1):
        by_paragraph.setdefault(note.paragraph, []).append((note.after, marker))
    notes_html = {str(i): f'<p class="fn"><sup>{i}</sup>\u2002{html.escape(n.text)}</p>'
                  for i, n in enumerate(layout.footnotes, start=1)}
    blocks, expected = [], 1
    for line in body:
        number = re.match(r"(\d+)\.\s+(.*)", line)
        if number and int(number.group(1)) == expected:
            expected += 1
            value = int(number.group(1))
            tokens = _paragraph_tokens(value, number.group(2), by_paragraph.get(value, []),
                                       dictionary)
            brk = ' data-break="1"' if value in layout.break_before else ""
            blocks.append(f"<p class=\"para\" data-tokens='{html.escape(json.dumps(tokens))}'"
                          f"{brk}></p>")
        else:
            head, _, rest = line.partition(" ")
            level = "h1" if re.fullmatch(r"[IVX]+\.", head) else \
                "h2" if re.fullmatch(r"[A-Z]\.", head) else "h3"
            blocks.append(f'<div class="head {level}"><span class="hnum">{html.escape(head)}'
                          f"</span>{html.escape(rest)}</div>")
    side = "right" if layout.odd_header_right else "left"
    other = "left" if layout.odd_header_right else "right"
    job_e = f"{layout.job} (E)"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: '{layout.font}'; font-size: {layout.size_pt}pt; line-height: 1.22; }}
#source {{ display: none; }}
.page {{ width: 210mm; height: 297mm; box-sizing: border-box; padding: {layout.margin};
  display: flex; flex-direction: column; break-after: page; overflow: hidden; }}
.runhead {{ height: 9mm; font-weight: bold; font-size: 9pt; }}
.page.odd .runhead {{ text-align: {side}; }} .page.even .runhead {{ text-align: {other}; }}
.body {{ flex: 1 1 auto; min-height: 0; overflow: hidden; }}
.notes {{ font-size: {layout.size_pt - 2}pt; line-height: 1.15; }}
.notes hr {{ width: 40mm; margin: 2pt 0 3pt 0; border: 0; border-top: 0.6pt solid #000; }}
.fn {{ margin: 0 0 1.5pt 0; padding-left: 6mm; text-indent: -6mm; }}
.fn sup {{ font-size: 6.5pt; }}
.foot {{ height: 10mm; display: flex; justify-content: space-between; align-items: flex-end;
  font-size: 8pt; }}
.page.even .foot {{ flex-direction: row-reverse; }}
.para {{ margin: 0 0 {layout.paragraph_gap_pt}pt 0; text-align: justify; hyphens: manual; }}
{".para { padding-left: 10mm; } .para .num { display: inline-block; width: 10mm; margin-left: -10mm; }"
 if layout.hanging_numbers else ".para { text-indent: 8mm; } .para .num { margin-right: 0.6em; }"}
.para.cont {{ text-indent: 0; }}
sup.fnref {{ font-size: 6.5pt; line-height: 0; }}
.head {{ font-weight: bold; margin: 4pt 0 {layout.paragraph_gap_pt}pt 0; padding-left: 10mm; }}
.head .hnum {{ display: inline-block; width: 10mm; margin-left: -10mm; }}
.h1 {{ font-size: {layout.size_pt + 2}pt; }}
.masthead {{ display: grid; grid-template-columns: 1fr auto; row-gap: 3pt;
  border-bottom: 1.5pt solid #000; padding-bottom: 4pt; margin-bottom: 14pt; }}
.masthead .un {{ font-size: 12pt; }} .masthead .sym {{ font-size: 16pt; text-align: right; }}
.masthead .organ {{ font-size: 22pt; font-weight: bold; }}
.masthead .distr {{ font-size: 9pt; }}
.title {{ font-weight: bold; font-size: {layout.size_pt + 4}pt; margin: 0 0 14pt 10mm;
  line-height: 1.2; }}
.barcode {{ display: flex; gap: 1px; height: 7mm; }} .barcode i {{ background: #000; }}
</style></head><body>
<div id="source">
<div class="masthead"><div class="un">United Nations</div><div class="sym">{html.escape(symbol)}</div>
<div class="organ">Security Council</div>
<div class="distr">Distr.: General<br>{html.escape(date)}<br><br>Original: English</div></div>
<div class="title">{html.escape(title)}</div>
{"".join(blocks)}
</div>
<div id="pages"></div>
<template id="page"><div class="page"><div class="runhead"></div><div class="body"></div>
<div class="notes"></div><div class="foot"><span class="job"></span><span class="pg"></span></div>
</div></template>
<script>
const NOTES = {json.dumps(notes_html)};
const SYMBOL = {json.dumps(symbol)}, JOB = {json.dumps(layout.job)}, JOB_E = {json.dumps(job_e)};
function paginate() {{
  const out = document.getElementById('pages');
  const tpl = document.getElementById('page');
  let page = null;
  function newPage() {{
    const el = tpl.content.firstElementChild.cloneNode(true);
    out.appendChild(el);
    page = {{el, body: el.querySelector('.body'), notes: el.querySelector('.notes')}};
    return page;
  }}
  function fits() {{
    const refs = [...page.body.querySelectorAll('sup.fnref')];
    page.notes.innerHTML = refs.length ? '<hr>' + refs.map(r => NOTES[r.dataset.fn]).join('') : '';
    return page.body.scrollHeight <= page.body.clientHeight + 0.5;
  }}
  function para(tokens, first) {{
    const p = document.createElement('p');
    p.className = first ? 'para' : 'para cont';
    p.innerHTML = tokens.join(' ');
    return p;
  }}
  newPage();
  for (const block of [...document.getElementById('source').children]) {{
    if (block.dataset.break && page.body.children.length) newPage();
    if (!block.classList.contains('para')) {{
      const el = block.cloneNode(true);
      page.body.appendChild(el);
      if (!fits()) {{ el.remove(); newPage(); page.body.appendChild(el); fits(); }}
      continue;
    }}
    let rest = JSON.parse(block.dataset.tokens), first = true;
    while (rest.length) {{
      const whole = para(rest, first);
      page.body.appendChild(whole);
      if (fits()) break;
      whole.remove();
      let lo = 0, hi = rest.length;  // most tokens that fit: lo fits, hi does not
      while (hi - lo > 1) {{
        const mid = (lo + hi) >> 1, trial = para(rest.slice(0, mid), first);
        page.body.appendChild(trial);
        if (fits()) lo = mid; else hi = mid;
        trial.remove();
      }}
      if (lo >= 3) {{
        page.body.appendChild(para(rest.slice(0, lo), first));
        fits();
        rest = rest.slice(lo);
        first = false;
      }}
      newPage();
    }}
  }}
  const pages = [...out.children];
  pages.forEach((el, i) => {{
    el.classList.add(i % 2 === 0 ? 'odd' : 'even');
    el.querySelector('.runhead').textContent = i === 0 ? '' : SYMBOL;
    el.querySelector('.job').textContent = i === 0 ? JOB_E + '    030616' : JOB;
    el.querySelector('.pg').textContent = i === 0 ? '' : (i + 1) + '/' + pages.length;
    if (i === 0) {{
      const bar = document.createElement('span');
      bar.innerHTML = '<span class="barcode">' + Array.from({{length: 40}}, (_, k) =>
        '<i style="width:' + (1 + (k * 7) % 3) + 'px"></i>').join('') + '</span>*' +
        JOB.replace('-', '') + '*  Please recycle';
      el.querySelector('.pg').appendChild(bar);
    }}
  }});
  document.getElementById('source').remove();
  return pages.length;
}}
</script></body></html>"""


def print_report(report: str, symbol: str, date: str, layout: Layout, out: Path,
                 browser=None) -> int:
    """Print ``report`` laid out as ``layout`` to ``out``; return the number of pages."""
    document = report_html(report, symbol, date, layout)
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return print_report(report, symbol, date, layout, out, launched)
            finally:
                launched.close()
    page = browser.new_page()
    try:
        page.set_content(document)
        pages = page.evaluate("paginate()")
        out.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
        return pages
    finally:
        page.close()


# --- Small PDFs written directly (no browser): one-page reports and broken files ---------------

@dataclass(frozen=True)
class Text:
    """One line drawn on a page: its place (points from the left and from the top), size and
    weight, in Helvetica (a standard font every PDF reader has)."""

    x: float
    top: float
    size: float
    text: str
    bold: bool = False


A4 = (595.0, 842.0)


def _pdf_string(text: str) -> bytes:
    data = text.encode("cp1252")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def page_drawing(lines: list[Text]) -> bytes:
    """The content stream drawing ``lines``."""
    out = []
    for line in lines:
        font = b"/F2" if line.bold else b"/F1"
        y = A4[1] - line.top - line.size
        out.append(b"BT %s %.1f Tf %.1f %.1f Td %s Tj ET" % (font, line.size, line.x, y,
                                                            _pdf_string(line.text)))
    return b"\n".join(out) + b"\n"


def write_pdf(pages: list[bytes], streams: tuple[bytes, ...] = ()) -> bytes:
    """A PDF whose pages draw the given content streams (``page_drawing``), plus extra stream
    objects (``streams``: whole ``<<...>> stream ... endstream`` bodies) no page uses."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    fonts = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
             b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
             b"/Encoding /WinAnsiEncoding >>")
    objects += fonts  # objects 3 and 4
    kids = []
    for content in pages:
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        contents = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>"
                       % (A4[0], A4[1], contents))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    objects += list(streams)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def flate_stream(size: int, chunk: bytes = b" ") -> bytes:
    """A stream object body that inflates to ``size`` bytes of ``chunk`` (a compression bomb
    when ``size`` is large: written a mebibyte at a time, never held whole)."""
    import zlib

    packer = zlib.compressobj(9)
    block = (chunk * (2**20 // len(chunk) + 1))[:2**20]
    packed = bytearray()
    for _ in range(size // 2**20):
        packed += packer.compress(block)
    packed += packer.compress(block[:size % 2**20]) + packer.flush()
    return (b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + bytes(packed)
            + b"\nendstream")


def report_page(symbol: str, title: str, blocks: list[tuple[str, bool]], *,
                masthead_symbol: str | None = None, first: bool = True) -> list[Text]:
    """A page set like a UN report: the masthead (page 1) or running header, then blocks
    (one line each: text and whether it is bold) 18 points apart."""
    lines: list[Text] = []
    top = 40.0
    if first:
        lines += [Text(60, top, 12, "United Nations"),
                  Text(420, top, 16, masthead_symbol or symbol),
                  Text(60, top + 30, 22, "Security Council", bold=True),
                  Text(420, top + 30, 9, "Distr.: General"),
                  Text(420, top + 42, 9, "30 September 2016"),
                  Text(420, top + 60, 9, "Original: English")]
        top += 110
        lines.append(Text(85, top, 14, title, bold=True))
        top += 36
    else:
        lines.append(Text(60, 30, 9, masthead_symbol or symbol, bold=True))
        top = 110
    for text, bold in blocks:
        lines.append(Text(60, top, 10, text, bold=bold))
        top += 18
    lines.append(Text(60, 800, 8, "16-16800 (E)"))
    return lines
