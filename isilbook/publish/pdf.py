"""The PDF edition: the whole book printed to one file by Debian's Chromium, no LaTeX.

The built pages are gathered, in table-of-contents order, into one print document with a title
page and a table of contents; each chapter starts on a new page. Citation links are rewritten to
point inside the PDF (the source-text chapter is part of it). Charts are drawn by the same Vega
bundle as on the site and printed as SVG, so they stay vector graphics.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from bs4 import BeautifulSoup

from isilbook.errors import BuildError
from isilbook.paths import ProjectPaths
from isilbook.publish.serve import loopback_server
from isilbook.publish.toc import toc_documents

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
#: A4 with these margins leaves 178 mm of line: the width (in CSS pixels) charts are drawn at.
PAGE_MARGIN_MM = (18, 16, 20, 16)
CONTENT_WIDTH_PX = int((210 - PAGE_MARGIN_MM[1] - PAGE_MARGIN_MM[3]) * 96 / 25.4)
PRINT_CSS = "@page {{ size: A4; margin: {}mm {}mm {}mm {}mm; }}".format(*PAGE_MARGIN_MM) + """
html, body { margin: 0; padding: 0; background: white; }
body { font-family: system-ui, sans-serif; font-size: 11pt; line-height: 1.45; color: #111; }
.print-title { break-after: page; text-align: center; padding-top: 30vh; }
.print-title h1 { font-size: 2.2rem; }
.print-toc { break-after: page; }
.print-toc ol { padding-left: 2.2rem; }
.print-toc li { margin: 0.3rem 0; }
.print-toc li a { display: flex; gap: 0.5rem; text-decoration: none; color: #111; }
.print-toc-leader { flex: 1; border-bottom: 1px dotted #888; margin-bottom: 0.3rem; }
.print-chapter { break-before: page; }
h1, h2, h3, h4 { break-after: avoid; break-inside: avoid; }
figure.isil-chart, .isil-keyfigure, blockquote, table, tr { break-inside: avoid; }
thead { display: table-header-group; }
details.isil-table, .isil-tooltip-live, #vg-tooltip-element { display: none !important; }
.headerlink, .toctree-wrapper { display: none; }
a { color: #0b4f80; }
.cell_output, .output, div.highlight, .table-wrapper { overflow: visible !important; }
pre { white-space: pre-wrap; }
table, table.isil-data { display: table; width: 100%; max-width: 100%; font-size: 7.5pt; }
table th, table td { overflow-wrap: break-word; padding: 0.15rem 0.25rem; }
table:has(tr > :nth-child(8)) { font-size: 6.5pt; }
"""
FOOTER = ('<div style="width:100%; font-size:8pt; color:#444; text-align:center; '
          'font-family:system-ui, sans-serif;"><span class="pageNumber"></span></div>')


def _page_names(root: Path) -> list[str]:
    """Chapter pages in reading order, from the book's table of contents."""
    return [Path(doc).name for doc in toc_documents(root)]


def print_document(site: Path, names: list[str]) -> str:
    """One HTML document holding every chapter, links rewritten to stay inside it."""
    sections, toc = [], []
    title = "The ISIL threat reports"
    for name in names:
        page = site / "book" / f"{name}.html"
        if not page.exists():
            raise BuildError(f"{page}: expected a built page (run `isilbook build` first)")
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        heading = article.find("h1")
        chapter_title = heading.get_text(" ", strip=True).rstrip("#").strip()
        if name == names[0]:
            title = chapter_title
        for table in article.select("details.isil-table"):
            table.decompose()  # the table is the site's; the PDF keeps the chart and caption
        for cell in article.select("td, th"):
            _breakable(cell)
        for link in article.find_all("a", href=True):
            link["href"] = _internal_href(link["href"], names, name)
            if not re.match(r"#|https?:|mailto:", link["href"]):
                link.unwrap()  # a file of the site (a download): no address in a PDF
        for element in article.select("[id]"):
            if name != "source":
                element["id"] = f"{name}--{element['id']}"
        toc.append(f'<li><a href="#chapter-{name}"><span>{html.escape(chapter_title)}</span>'
                   '<span class="print-toc-leader"></span>'
                   f'<span class="print-toc-page" data-chapter="{name}"></span></a></li>')
        sections.append(f'<section class="print-chapter" id="chapter-{name}">'
                        f"{article.decode_contents()}</section>")
    head = ('<meta charset="utf-8"><link rel="stylesheet" href="/_static/styles/theme.css">'
            '<link rel="stylesheet" href="/_static/styles/pydata-sphinx-theme.css">'
            '<link rel="stylesheet" href="/_static/isil.css">'
            f"<style>{PRINT_CSS}</style>"
            '<script src="/_static/isil-charts.js"></script>')
    return (f"<!DOCTYPE html><html lang='en'><head>{head}<title>{html.escape(title)}</title>"
            f"</head><body><div class='print-title'><h1>{html.escape(title)}</h1>"
            "<p>A reproducible reading of the Secretary-General's reports on the threat "
            "posed by ISIL (Da'esh)</p><p>PDF edition</p></div>"
            f"<nav class='print-toc'><h2>Contents</h2><ol>{''.join(toc)}</ol></nav>"
            f"{''.join(sections)}</body></html>")


_LONG_WORD = re.compile(r"\S{18,}")


def _breakable(cell) -> None:
    """Let long unbroken words in a table cell (checksums, file names) wrap, with ``<wbr>``
    after every 12 characters, so a column need not be as wide as its longest word."""
    for text in list(cell.find_all(string=_LONG_WORD)):
        parts = re.split(r"(\S{18,})", str(text))
        pieces = []
        for index, part in enumerate(parts):
            if index % 2:
                chunks = [part[i:i + 12] for i in range(0, len(part), 12)]
                pieces.append("<wbr>".join(html.escape(c) for c in chunks))
            else:
                pieces.append(html.escape(part))
        text.replace_with(BeautifulSoup("".join(pieces), "html.parser"))


def _internal_href(href: str, names: list[str], current: str) -> str:
    """``source.html#x`` -> ``#x``; ``libya.html`` -> ``#chapter-libya``; others unchanged."""
    if href.startswith("#") and len(href) > 1:
        return href if current == "source" else f"#{current}--{href[1:]}"
    match = re.fullmatch(r"(?:\./)?([\w-]+)\.html(?:#(.*))?", href)
    if not match or match.group(1) not in names:
        return href
    page, fragment = match.groups()
    if fragment:
        return f"#{fragment}" if page == "source" else f"#{page}--{fragment}"
    return f"#chapter-{page}"


_PDF_OPTIONS = {
    "format": "A4", "print_background": True, "outline": True, "tagged": True,
    "prefer_css_page_size": True, "display_header_footer": True,
    "header_template": "<span></span>", "footer_template": FOOTER,
}
_NUMBER_TOC = """numbers => document.querySelectorAll('.print-toc-page').forEach(span => {
    span.textContent = String(numbers[span.dataset.chapter]); })"""


def _check_layout(page) -> None:
    """Refuse to print a chart that failed to draw or anything wider than the printed line."""
    problems = page.evaluate("""() => { return [...document.querySelectorAll('figure.isil-chart')]
        .map(f => { const v = f.querySelector('.isil-chart-view'), svg = v.querySelector('svg');
            if (v.dataset.error) return f.id + ': ' + v.dataset.error;
            if (!svg) return f.id + ': no drawing';
            const w = svg.getBoundingClientRect().width, room = f.getBoundingClientRect().width;
            return w > room + 0.5 ? `${f.id}: the chart is ${w}px wide on a ${room}px line`
                                  : null; })
        .filter(Boolean).concat(wide()).slice(0, 8);
        function wide() {  // the outermost elements reaching past the printed line
            const bad = new Set([...document.querySelectorAll('.print-chapter *')].filter(e =>
                e.getBoundingClientRect().right > window.innerWidth + 1
                || (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0
                    && getComputedStyle(e).overflowX !== 'visible')));
            return [...bad].filter(e => !bad.has(e.parentElement)).map(e =>
                `${e.closest('section.print-chapter').id}: ${what(e)} is wider than the page`);
        }
        function what(e) {  // what an author would look for on the chapter's page
            const words = t => (t || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
            const fig = e.closest('figure');
            if (fig) return `the chart "${words((fig.querySelector('figcaption') || fig).innerText
                                                .split('\\n')[0])}"`;
            const table = e.closest('table') || e.querySelector('table');
            if (table) return `the table "${words((table.querySelector('caption, th') || table)
                                                 .innerText)}"`;
            return words(e.innerText) ? `the text "${words(e.innerText)}"` : 'an empty block';
        } }""")
    if problems:
        raise BuildError("the book does not fit the page: " + "; ".join(problems)
                         + " (a chart's labels, a long word or a wide table reach past the "
                         "printed line: shorten them, or let the table wrap)")


#: Every rendered heading: its text, and the chapter it opens (a chapter's first h1) or null.
_HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getClientRects().length).map(h => {
        const chapter = h.closest('section.print-chapter');
        return [h.innerText.replace(/\\s+/g, ' ').trim(),
                chapter && chapter.querySelector('h1') === h
                    ? chapter.id.replace(/^chapter-/, '') : null]; })"""


def _retitle_outline(pdf: bytes, headings: list[str]) -> bytes:
    """The PDF with its bookmarks named after the headings they point to.

    Chromium builds the outline from the headings but mangles some titles (a wrapped heading
    loses the space at its line break, or comes out twice). The outline lists the rendered
    headings in document order, so when the counts agree each item takes its heading's text.
    """
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    items, stack = [], []
    outlines = writer._root_object.get("/Outlines")
    node = outlines.get_object().get("/First") if outlines else None
    while node is not None or stack:
        if node is None:
            node = stack.pop()
            continue
        item = node.get_object()
        items.append(item)
        if "/Next" in item:
            stack.append(item["/Next"])
        node = item.get("/First")
    if len(items) == len(headings):
        for item, heading in zip(items, headings):
            item[NameObject("/Title")] = TextStringObject(heading)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _bookmark_pages(pdf: bytes) -> list[int]:
    """The page (1-based) of every bookmark, in document order."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))

    def flat(items):
        for item in items:
            yield from flat(item) if isinstance(item, list) else [item]
    return [reader.get_destination_page_number(item) + 1 for item in flat(reader.outline)]


def chapter_pages(pdf: bytes, headings: list[list]) -> dict[str, int]:
    """The page each chapter starts on, read from the bookmarks Chromium makes of the headings
    (one per rendered heading, in document order: ``headings`` as :data:`_HEADINGS` lists them)."""
    pages = _bookmark_pages(pdf)
    if len(pages) != len(headings):
        raise BuildError(f"the printed book has {len(pages)} bookmarks for {len(headings)} "
                         "headings: cannot tell where its chapters start")
    return {chapter: page for (_, chapter), page in zip(headings, pages) if chapter}


def print_pdf(paths: ProjectPaths, output: Path | None = None) -> Path:
    """Print the built site to ``_build/pdf/isil-threat-book.pdf`` (or ``output``)."""
    site = paths.site.resolve()
    if not (site / "book" / "index.html").exists():
        raise BuildError(f"{paths.site}: expected a built site (run `isilbook build` first)")
    names = _page_names(paths.root)
    document = print_document(site, names)
    output = output or paths.build / "pdf" / "isil-threat-book.pdf"
    output.parent.mkdir(parents=True, exist_ok=True)

    with loopback_server(site, {"/print.html": document.encode("utf-8")}) as url:
        printed, headings, numbers = _print(url)
    if chapter_pages(printed, headings) != numbers:
        raise BuildError(f"{output}: numbering the contents moved the chapters")
    temporary = output.with_suffix(".tmp")
    temporary.write_bytes(_retitle_outline(printed, [text for text, _ in headings]))
    temporary.replace(output)
    return output


def _print(url: str) -> tuple[bytes, list, list]:
    """Print the served document twice (to number the contents); return the PDF and its marks."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # Lay the document out as printed, at the printed line width, before the charts
            # are drawn: "container" charts then size themselves to the page, not a screen.
            page = browser.new_page(viewport={"width": CONTENT_WIDTH_PX, "height": 1000})
            page.emulate_media(media="print")
            page.goto(f"{url}/print.html")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.isil-chart-view')]"
                ".every(v => v.dataset.rendered || v.dataset.error)", timeout=60000)
            _check_layout(page)
            headings = page.evaluate(_HEADINGS)
            # Print once to learn where the chapters fall, number the contents, print again.
            numbers = chapter_pages(page.pdf(**_PDF_OPTIONS), headings)
            page.evaluate(_NUMBER_TOC, numbers)
            return page.pdf(**_PDF_OPTIONS), headings, numbers
        finally:
            browser.close()
