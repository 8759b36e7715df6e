"""The built site in a real browser: every chart draws, no errors, nothing leaves the machine.

Also, read from the HTML: every citation link lands on an existing paragraph anchor, and no
number appears in a chapter's prose unless it was glued from the data.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from tests.conftest import (
    EDITION_ROOTS,
    ROOT,
    ReadingTab,
    assert_every_chart_drew,
    book_pages,
    site_pages,
)

PAGES = site_pages()
#: The root edition's pages are read the same way by tests/test_accessibility.py's audit.
OLDER_EDITIONS_PAGES = [root + page for root in list(EDITION_ROOTS.values())[1:]
                        for page in book_pages()]


@pytest.fixture(scope="module")
def reading_tab(browser):
    """One tab for the module's pages: the chart bundle is fetched and compiled once, as for a
    reader turning pages (each page still records its own errors and requests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = ReadingTab(context)
    yield tab
    tab.close()
    context.close()


@pytest.mark.parametrize("path", OLDER_EDITIONS_PAGES)
def test_page_draws_every_chart_offline_without_errors(reading_tab, site_url, path):
    assert_every_chart_drew(reading_tab.read(f"{site_url}/{path}"), path)


def test_chapters_have_charts(site):
    for path in PAGES:
        if path.endswith(("source.html", "data.html", "methods.html")):
            continue
        html = (site / path).read_text(encoding="utf-8")
        if path == "book/sexual_violence.html":  # no text and no figure for S/2017/97 on it
            assert 'class="isil-chart"' not in html
            assert "No edition the book holds gives a figure for this chapter." in html
            continue
        assert "isil-chart" in html, f"{path} has no chart"


def _soup(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_every_citation_lands_on_an_existing_anchor(site):
    anchors = {tag["id"] for tag in _soup(site, "book/source.html").find_all(id=True)}
    paragraph_anchors = {a for a in anchors if "-para-" in a}
    paragraphs = pd.read_csv(ROOT / "data" / "paragraphs.csv")
    expected = {f"{d.replace('/', '-').lower()}-para-{p}"
                for d, p in zip(paragraphs["document"], paragraphs["paragraph"])}
    assert paragraph_anchors == expected
    records = pd.read_csv(ROOT / "data" / "raw" / "manifest.csv")
    recorded = records[records["file"].isna()]
    assert {f"source-{i.lower()}".replace(".", "-") for i in recorded["id"]} <= anchors
    cited = 0
    for path in PAGES:
        for link in _soup(site, path).select("a.isil-cite"):
            page, _, fragment = link["href"].partition("#")
            if page.startswith("https://undocs.org/en/S/"):  # the series timeline's own links
                continue
            assert page == "source.html", link
            assert fragment in anchors, f"{path}: {link['href']} has no anchor"
            cited += 1
    assert cited > 300


def test_a_figure_citation_names_document_and_paragraph(site):
    soup = _soup(site, "editions/S-2016-501/book/libya.html")
    links = [a for a in soup.select("a.isil-cite") if a["href"].endswith("-para-28")]
    assert links and links[0].get_text() == "S/2016/501, para. 28"


def _prose_text(soup) -> str:
    article = soup.select_one("article")
    for element in article.select(".isil-glued, figure, details, table, blockquote, pre, "
                                  ".isil-source, .isil-keyfigures, .headerlink, .cell_output"):
        element.decompose()
    return article.get_text(" ")


@pytest.mark.parametrize("path", PAGES)
def test_numbers_in_prose_come_from_glue(site, path):
    soup = _soup(site, path)
    assert soup.select(".isil-glued"), f"{path} glues nothing"
    digits = re.findall(r"\S*\d\S*", _prose_text(soup))
    assert digits == [], f"{path}: numbers typed into prose: {digits}"


THEMES = list(pd.read_csv(ROOT / "data" / "chapters.csv")["chapter"])


def _expected_series_points(theme: str) -> int:
    """One point per edition and measure: the chapter's series measures, else all its figures;
    forecasts are never drawn as measurements.

    Read from the CSV files directly, not through the package that drew the chart.
    """
    figures = pd.read_csv(ROOT / "data" / "figures.csv")
    figures = figures[figures["status"] == "measurement"]
    catalogue = pd.read_csv(ROOT / "data" / "indicators.csv")
    series = catalogue[(catalogue["theme"] == theme) & catalogue["series"]]["indicator"]
    rows = figures[figures["indicator"].isin(series)]
    if rows.empty:
        rows = figures[figures["theme"] == theme]
    return len(rows.drop_duplicates(["edition", "indicator"]))


@pytest.mark.parametrize("theme", THEMES)
def test_every_chapter_shows_its_measures_across_the_series(site, theme):
    for root in ("", "editions/S-2016-501/"):
        soup = _soup(site, f"{root}book/{theme}.html")
        figure = soup.select_one(f"figure#fig-{theme}-series")
        expected = _expected_series_points(theme)
        if expected == 0:  # no edition gives a figure: one sentence, never an empty chart
            assert figure is None
            assert "No edition the book holds gives a figure" in soup.get_text()
            continue
        assert figure is not None, f"{root}{theme}: no series chart"
        rows = figure.select("details table tbody tr")
        assert len(rows) == expected, f"{root}{theme}"
