"""The built site in a real browser: every chart draws, no errors, nothing leaves the machine.

Also, read from the HTML: every citation link lands on an existing paragraph anchor, and no
number appears in a chapter's prose unless it was glued from the data.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from tests.chart_geometry import (
    CHART_TEXT_GEOMETRY,
    FIGURE_MARKS,
    VOUCHING,
    figure_mark_problems,
    text_problems,
)
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


FIGURES = pd.read_csv(ROOT / "data" / "figures.csv").set_index("id")


@pytest.fixture(scope="module")
def phone_tab(browser):
    """The same pages at a phone's width (375 pixels), in a tab of their own."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    tab = ReadingTab(context)
    yield tab
    tab.close()
    context.close()


def _assert_charts_read_well(visit, path: str) -> None:
    """Every figure drawn once by its kind (see tests/chart_geometry.py), chart text at least
    11 pixels on screen, no label touching another, sticking out or cut short."""
    marks = visit.page.evaluate(FIGURE_MARKS, [list(VOUCHING.values())])
    assert figure_mark_problems(marks, FIGURES) == [], path
    assert text_problems(visit.page.evaluate(CHART_TEXT_GEOMETRY), path) == []


@pytest.mark.parametrize("path", OLDER_EDITIONS_PAGES)
def test_page_draws_every_chart_offline_without_errors(reading_tab, site_url, path):
    visit = reading_tab.read(f"{site_url}/{path}")
    assert_every_chart_drew(visit, path)
    _assert_charts_read_well(visit, path)


@pytest.mark.parametrize("path", OLDER_EDITIONS_PAGES)
def test_older_edition_charts_read_well_on_a_phone(phone_tab, site_url, path):
    _assert_charts_read_well(phone_tab.read(f"{site_url}/{path}"), path)


def test_chapters_have_charts(site):
    for path in PAGES:
        if path.endswith(("source.html", "data.html", "methods.html")):
            continue
        html = (site / path).read_text(encoding="utf-8")
        # A chart, a chart of one row said in a sentence, or the sentence saying there is none
        # (an edition known only through coverage may give no figure on a chapter).
        assert 'class="isil-chart' in html or "gives a figure" in html, f"{path} has no chart"


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
                                  ".isil-source, .isil-keyfigures, .headerlink, .cell_output, "
                                  ".isil-chart-sentence"):
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
        if expected == 1:  # one mark is no chart: the figure is said in a sentence
            said = soup.select_one(f"p.isil-chart-sentence#fig-{theme}-series")
            assert said is not None and figure is None, f"{root}{theme}"
            continue
        assert figure is not None, f"{root}{theme}: no series chart"
        rows = figure.select("details table tbody tr")
        assert len(rows) == expected, f"{root}{theme}"


@pytest.mark.parametrize("path", PAGES)
def test_no_sentence_is_said_twice_on_a_page(site, path):
    """A reader meets each sentence once: generated prose says a thing once per page (lists of
    recorded sources, entries of a reference list, are not prose and are left out)."""
    article = _soup(site, path).select_one("article")
    for element in article.select("figure, details, table, script, style, .isil-cite-page, "
                                  "li[id^=source-]"):
        element.decompose()
    text = " ".join(article.get_text(" ").split())
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 40]
    repeated = [s for s in set(sentences) if sentences.count(s) > 1]
    assert repeated == [], f"{path}: {repeated[:3]}"
