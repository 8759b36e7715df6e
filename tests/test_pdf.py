"""The PDF edition: ``isilbook pdf`` prints the whole book, and the file is read back here.

The PDF is read with poppler's ``pdftotext`` (the words, in reading order) and pypdf (pages,
bookmarks, links and drawing operators). The printed file is left in ``_build/pdf`` to look at.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from isilbook.errors import BuildError
from tests.conftest import ROOT, book_pages

PAGES = book_pages()
PDF = ROOT / "_build" / "pdf" / "isil-threat-book.pdf"
#: Figures as the chapters' glued prose prints them (a sample the issue names).
SAMPLE_FIGURES = ["between 3,000 and 5,000", "more than 500", "around 38,000", "fewer than 1,000"]


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _squeezed(text: str) -> str:
    """Text without whitespace or hyphens: immune to where the printed lines happen to break."""
    return re.sub(r"[\s\-\u00ad]+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def book_pdf(site) -> Path:
    """Print the book with the real command, as a reader would."""
    command = [str(Path(sys.executable).parent / "isilbook"), "pdf"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"wrote {PDF}" in result.stdout
    return PDF


@pytest.fixture(scope="module")
def reader(book_pdf) -> PdfReader:
    return PdfReader(book_pdf)


def _pdftotext(pdf: Path, *options: str) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return out.split("\f")[:-1]


#: A4 is 842 points high; the footer (page number) sits in the bottom margin, below this line.
FOOTER_TOP = 790


@pytest.fixture(scope="module")
def page_texts(book_pdf) -> list[str]:
    """Each page's words (pdftotext), without the footer; the footer holds the page number."""
    bodies = _pdftotext(book_pdf, "-x", "0", "-y", "0", "-W", "600", "-H", str(FOOTER_TOP))
    footers = _pdftotext(book_pdf, "-x", "0", "-y", str(FOOTER_TOP), "-W", "600", "-H", "60")
    assert [_words(f) for f in footers] == [str(n) for n in range(1, len(bodies) + 1)]
    return [_words(body) for body in bodies]


@pytest.fixture(scope="module")
def chapters(site) -> list[tuple[str, str]]:
    """(page, title) for every page of the site, in reading order; the title is its h1."""
    found = []
    for path in PAGES:
        soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        heading = soup.select_one("article h1")
        for link in heading.select(".headerlink"):
            link.decompose()
        found.append((path, _words(heading.get_text(" "))))
    return found


@pytest.fixture(scope="module")
def contents(book_pdf, chapters) -> dict[str, int]:
    """The contents page as printed: chapter title -> page number."""
    layout = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", "-enc", "UTF-8",
                             str(book_pdf), "-"], check=True, capture_output=True,
                            text=True).stdout
    entries = {}
    for line in layout.splitlines():
        if match := re.match(r"\s*(\d+)\.\s+(.+?)[\s_.]*?\s(\d+)\s*$", line):
            entries[_words(match.group(2)).rstrip(" _.")] = int(match.group(3))
    return entries


def test_the_command_prints_every_page(book_pdf, reader, page_texts):
    assert book_pdf.read_bytes()[:5] == b"%PDF-"
    assert len(reader.pages) == len(page_texts) > len(PAGES) + 2
    for page in reader.pages:  # A4 is 595.3 by 841.9 points
        assert abs(page.mediabox.width - 595.3) < 2 and abs(page.mediabox.height - 841.9) < 2


def test_title_page_then_contents_listing_every_chapter(page_texts, chapters, contents):
    book_title = chapters[0][1]
    assert page_texts[0].startswith(book_title) and "PDF edition" in page_texts[0]
    assert page_texts[1].startswith("Contents")
    assert list(contents) == [title for _, title in chapters], contents


def test_each_chapter_starts_a_new_page_where_the_contents_say(page_texts, chapters, contents):
    numbers = [contents[title] for _, title in chapters]
    assert numbers == sorted(numbers) and numbers[0] == 3, numbers
    for _, title in chapters:
        opening = page_texts[contents[title] - 1]
        assert opening.startswith(title), f"page {contents[title]} opens {opening[:60]!r}"


def test_bookmarks_lead_to_every_chapter(reader, chapters, contents):
    top = [(item.title, reader.get_destination_page_number(item) + 1)
           for item in reader.outline if not isinstance(item, list)]
    assert top[0][1] == 1  # the title page
    assert top[1:] == [(title, contents[title]) for _, title in chapters]


def test_glued_figures_are_printed(page_texts, site):
    text = " ".join(page_texts)
    for figure in SAMPLE_FIGURES:
        assert figure in text, f"{figure!r} is not in the PDF"
    squeezed, missing, checked = _squeezed(text), [], 0
    for path in PAGES:
        soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        for glued in soup.select("article .isil-glued"):
            if glued.find_parent("details"):
                continue  # the data tables stay on the site
            checked += 1
            if _squeezed(glued.get_text()) not in squeezed:
                missing.append((path, glued.get_text()))
    assert checked > 50 and missing == [], missing[:10]  # the root edition's book


def _link_destinations(reader) -> list[str]:
    destinations = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                destinations.append(str(annotation["/Dest"]).lstrip("/"))
    return destinations


def test_citations_stay_links_into_the_printed_source_text(reader, site, contents, chapters,
                                                          page_texts):
    cited = set()
    for path in PAGES:
        soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        cited |= {a["href"].partition("#")[2] for a in soup.select("article a.isil-cite")
                  if not a.find_parent("details") and a["href"].startswith("source.html#")}
    assert "s-2016-501-para-28" in cited and len(cited) > 50
    destinations = set(_link_destinations(reader))
    assert cited <= destinations, sorted(cited - destinations)[:10]
    titles = [title for _, title in chapters]
    source = titles.index("The source texts")
    first, after = contents[titles[source]], contents[titles[source + 1]]
    named = reader.named_destinations
    for fragment in cited:
        page = reader.get_destination_page_number(named[f"/{fragment}"]) + 1
        assert first <= page < after, f"{fragment} leads to page {page}, not the source text"
    assert "S/2016/501, para. 28" in " ".join(page_texts)


_PATH_OPERATORS = re.compile(rb"(?<![A-Za-z*'\"])(?:m|l|c|v|y|re|h)(?![A-Za-z*'\"])")


def _images(resources) -> int:
    """Raster images among a page's resources, looking inside form XObjects too."""
    count = 0
    for xobject in (resources or {}).get("/XObject", {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            count += 1
        elif xobject.get("/Subtype") == "/Form":
            count += _images(xobject.get("/Resources"))
    return count


def test_charts_are_printed_as_vector_graphics(reader, page_texts, site):
    assert sum(_images(page.get("/Resources")) for page in reader.pages) == 0, \
        "the PDF holds raster images: a chart was rasterised"
    charts = 0
    for path in PAGES:
        soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        for figure in soup.select("figure.isil-chart"):
            title = _words(figure.select_one("figcaption strong").get_text()).rstrip(".")
            pages = [i for i, text in enumerate(page_texts) if text.count(title) >= 2]
            # the chart's own title is drawn as text in the chart, above the same caption
            assert pages, f"{path} {figure['id']}: chart and caption not on one page as text"
            drawing = reader.pages[pages[0]].get_contents().get_data()
            operators = len(_PATH_OPERATORS.findall(drawing))
            assert operators > 40, f"{figure['id']}: {operators} path operators on its page"
            charts += 1
    assert charts > 0, "no chart was found to check"


def test_no_site_navigation_is_printed(page_texts):
    text = " ".join(page_texts)
    for chrome in ("Skip to main content", "Ctrl+K", "Download this table", "previous page",
                   "On this page"):
        assert chrome not in text, f"{chrome!r} printed"
    assert sum(text.startswith("Contents") for text in page_texts) == 1


# --- The print layout guard and the site's own print styles ----------------------------------

def test_printing_refuses_what_would_be_cut(browser):
    from isilbook.publish.pdf import PRINT_CSS, _check_layout

    page = browser.new_page(viewport={"width": 600, "height": 800})
    try:
        page.set_content(f"<style>{PRINT_CSS}</style><section class='print-chapter' "
                         "id='chapter-x'><pre style='overflow:auto'>" + "x" * 400 + "</pre>"
                         "<div style='width:900px'>wide</div></section>")
        with pytest.raises(BuildError, match='chapter-x: the text "xxxx+" is wider than the '
                                             "page") as refused:
            _check_layout(page)
        assert "<" not in str(refused.value) and " pre " not in str(refused.value)
        page.set_content(f"<style>{PRINT_CSS}</style><section class='print-chapter' "
                         "id='chapter-x'><pre>" + "x " * 400 + "</pre></section>")
        _check_layout(page)
    finally:
        page.close()


def test_a_site_page_prints_without_its_navigation(visit):
    page = visit("book/libya.html").page
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.bd-header', '.bd-sidebar-primary', '.bd-sidebar-secondary',
        '.prev-next-area', '.bd-footer', 'details.isil-table'].map(s =>
        [s, [...document.querySelectorAll(s)].every(e => !e.getClientRects().length)])""")
    assert all(ok for _, ok in hidden), hidden
    widths = page.evaluate("""() => [document.querySelector('article').getBoundingClientRect()
        .width, ...[...document.querySelectorAll('.isil-chart-view svg')].map(
        s => s.getBoundingClientRect().width)]""")
    assert len(widths) > 1 and all(w <= widths[0] + 0.5 for w in widths[1:]), widths
