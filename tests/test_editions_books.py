"""Every edition's book is true for that edition: no holes, no zeros, no borrowed words.

Checked on the published site (one book per edition that has a reading) and on a book built for
an edition a test writes with only two figures from coverage and no text. On every page: the
edition is named; no sentence carries a hole marker where a figure was missing; no count of
zero stands in prose; and outside the sections that compare editions (which say so in their
heading), every citation of a paragraph and every quotation belongs to this edition.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from isilbook.publish.site import build_book
from tests.conftest import BUILD_JOBS, EDITION_ROOTS, ROOT, book_pages, copy_project

EDITIONS = EDITION_ROOTS
HOLES = ("not stated", "(not quoted", "not found in the text", "(an unknown number",
         "(no range", "(not known", "(not computable", "(headings not")
MISSING_VALUE = re.compile(r"\bnan\b|\bNaN\b|\bNone\b(?! of)")
ZERO = re.compile(r"(?<![\d.,$])0 (?:paragraph|figure|countr|edition|measure|source|heading|"
                  r"place|people|report)", re.I)
COMPARING = re.compile(r"series|editions|across|compar|ten years", re.I)


def _top_sections(article):
    """The article's h2-level sections, each with its heading text."""
    for section in article.find_all("section", recursive=True):
        heading = section.find(["h2"], recursive=False)
        if heading is not None:
            yield heading.get_text(" ", strip=True), section


def problems_on(html: str, symbol: str, page: str) -> list[str]:
    """What is wrong with one page of the book built for ``symbol``."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    name = soup.select_one(".isil-editions-name")
    if name is None or symbol not in name.get_text():
        found.append(f"{page}: the header does not name {symbol}")
    article = soup.select_one("article")
    for element in article.select("figure, details, table, .headerlink"):
        element.decompose()
    text = " ".join(article.get_text(" ").split())
    found += [f"{page}: hole marker {marker!r}" for marker in HOLES if marker in text]
    found += [f"{page}: a count of zero: {m.group()!r}" for m in ZERO.finditer(text)]
    found += [f"{page}: a missing value printed: {m.group()!r}"
              for m in MISSING_VALUE.finditer(text)]
    if page.endswith(("source.html", "data.html")):
        return found  # these list every held text under its own heading, by design
    own = re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-") + "-para-"
    for heading, section in _top_sections(article):
        if COMPARING.search(heading):
            continue
        for link in section.select("a.isil-cite"):
            fragment = link.get("href", "").partition("#")[2]
            if "-para-" in fragment and not fragment.startswith(own):
                found.append(f"{page}, section {heading!r}: cites {fragment} as this edition's")
        for quote in section.select("blockquote"):
            cited = [a.get("href", "").partition("#")[2] for a in quote.select("a.isil-cite")]
            if not cited or not all(f.startswith(own) for f in cited):
                found.append(f"{page}, section {heading!r}: a blockquote not cited to this "
                             f"edition's own text: {quote.get_text()[:60]!r}")
    return found


@pytest.mark.parametrize("symbol", list(EDITIONS))
def test_every_page_of_every_edition_is_true_for_it(site, symbol):
    problems = []
    for page in book_pages():
        path = site / EDITIONS[symbol] / page
        assert path.is_file(), path
        problems += problems_on(path.read_text(encoding="utf-8"), symbol, page)
    assert problems == []


def _own_words(reading) -> str:
    """The first run of plain prose (no role, no markup) of a reading, as a reader sees it."""
    for line in reading.read_text(encoding="utf-8").splitlines():
        plain = re.split(r"\{[a-z-]+\}`", line)[0].strip()
        if len(plain.split()) >= 6 and not plain.startswith(("#", "-", ">", ":", "`")):
            return " ".join(plain.split()[:6])
    raise AssertionError(f"{reading} has no line of plain prose")


def test_each_edition_says_what_its_own_reading_says(site):
    """A chapter follows its edition: each book's page shows its own reading's words, and no
    other edition's."""
    readings = {symbol: ROOT / "book" / "readings" / symbol.replace("/", "-") / "libya.md"
                for symbol in EDITIONS}
    words = {symbol: _own_words(path) for symbol, path in readings.items() if path.is_file()}
    assert len(words) >= 2, "the test needs two editions with a reading of the Libya chapter"
    for symbol, root in EDITIONS.items():
        page = BeautifulSoup((site / root / "book/libya.html").read_text(), "html.parser")
        text = " ".join(page.select_one("article").get_text(" ").split()).replace("’", "'")
        for other, own in words.items():
            assert (own.replace("’", "'") in text) == (other == symbol), (symbol, other, own)


#: A made-up edition: a symbol of a year no real edition can have, the next ordinal.
SYNTHETIC = "S/2099/77"


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory, warm_kernels) -> Path:
    """A copy with a next edition known by two figures from one recorded page, built alone."""
    paths = copy_project(tmp_path_factory.mktemp("synthetic") / "project")
    editions = pd.read_csv(paths.table("editions"), dtype=str, keep_default_na=False)
    ordinal = str(int(editions["ordinal"].astype(int).max()) + 1)
    newest = pd.Timestamp(editions["date"].max())
    date, recorded = ((newest + pd.Timedelta(days=days)).strftime("%Y-%m-%d") for days in (180, 181))
    editions.loc[len(editions)] = {
        "ordinal": ordinal, "symbol": SYNTHETIC, "date": date, "date_kind": "circulated",
        "mandate": "2734 (2024)", "period": "developments since the previous edition",
        "holding": "coverage", "address": f"https://undocs.org/en/{SYNTHETIC}",
        "seen_in": "TEST-PAGE"}
    editions.to_csv(paths.table("editions"), index=False, lineterminator="\n")
    with paths.manifest.open("a", encoding="utf-8") as handle:
        handle.write(f"TEST-PAGE,{SYNTHETIC},A test page on the next report,A test publisher,"
                     f"{recorded},press story,https://example.org/next,Recorded for a test,"
                     "Facts only,,,\n")
    figures = pd.read_csv(paths.table("figures"), dtype=str, keep_default_na=False)
    base = {"edition": ordinal, "document": SYNTHETIC, "source": "TEST-PAGE", "paragraph": "",
            "section": "", "period": "as of mid-2026", "vouched_by": "coverage of the report",
            "quote": "", "note": "", "attribution": "report", "status": "measurement"}
    figures.loc[len(figures)] = {**base, "id": "e99-test-01", "theme": "fighters",
                                 "indicator": "isil_fighters_iraq_syria",
                                 "label": "ISIL fighters in Iraq and Syria", "low": "2500",
                                 "high": "2500", "unit": "people", "qualifier": "around"}
    figures.loc[len(figures)] = {**base, "id": "e99-test-02", "theme": "threat",
                                 "indicator": "iswap_fighters", "label": "ISWAP fighters",
                                 "low": "7000", "high": "9000", "unit": "people",
                                 "qualifier": "between"}
    figures.to_csv(paths.table("figures"), index=False, lineterminator="\n")
    report = build_book(paths, document=SYNTHETIC, jobs=BUILD_JOBS, kernels=warm_kernels)
    assert report.editions == [SYNTHETIC]
    return paths.site


def test_an_edition_with_two_figures_and_no_text_builds_true(synthetic_site):
    problems = []
    for page in book_pages():
        html = (synthetic_site / page).read_text(encoding="utf-8")
        problems += problems_on(html, SYNTHETIC, page)
    assert problems == []
    fighters = BeautifulSoup((synthetic_site / "book/fighters.html").read_text(), "html.parser")
    text = " ".join(fighters.select_one("article").get_text(" ").split())
    assert "around 2,500 people" in text
    assert "The book does not hold its text" in text
    assert "The book holds no analyst" in text and "reading of this chapter for this edition" in text
    libya = BeautifulSoup((synthetic_site / "book/libya.html").read_text(), "html.parser")
    libya_text = " ".join(libya.select_one("article").get_text(" ").split())
    assert "the book holds no figure from it for this chapter" in libya_text
    assert "Sirte" not in libya_text.split("Across the series")[0]


@pytest.mark.parametrize("symbol", list(EDITIONS))
def test_each_landing_shows_its_presentation_only_where_the_table_has_one(site, symbol,
                                                                          project):
    """The block is there for an edition with a presentation row, absent for one without, and
    every link in it reaches an anchor on the same book's source page."""
    rows = pd.read_csv(project.table("presentations"), dtype=str, keep_default_na=False)
    editions = pd.read_csv(project.table("editions"), dtype=str, keep_default_na=False)
    ordinal = editions.loc[editions["symbol"] == symbol, "ordinal"].iloc[0]
    book = site / EDITIONS[symbol] / "book"
    landing = BeautifulSoup((book / "index.html").read_text(encoding="utf-8"), "html.parser")
    block = landing.select_one("section.isil-presentation")
    assert (block is not None) == (ordinal in set(rows["edition"]))
    if block is None:
        return
    assert block.find("h2").get_text(strip=True) == "Presented to the Council"
    source = BeautifulSoup((book / "source.html").read_text(encoding="utf-8"), "html.parser")
    links = block.select("a.isil-cite")
    assert links
    for link in links:
        page, _, anchor = link["href"].partition("#")
        assert page == "source.html" and source.find(id=anchor) is not None, link["href"]
