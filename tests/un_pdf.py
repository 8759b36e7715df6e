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
