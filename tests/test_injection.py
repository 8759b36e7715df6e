"""Nothing injected: markup and script carried by the data show as inert text on the page.

A project copy is given hostile data that still validates: paragraph 28 of the report text (its
checksum re-pinned) and the figure quoting it carry script tags, event-handler attributes,
``javascript:`` links and Markdown link syntax; so do the figure's label and period, a heading of
the report, and the manifest's titles and the press story's publisher (which reaches glued prose
through a citation). The copy is built with the real command, served on loopback and opened in
Debian's Chromium: no dialog opens, ``window.__pwned`` stays undefined (also after hovering every
chart mark for its tooltip), no element the payloads describe exists, and the payloads' literal
text (``<script>...``) is what the reader sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from isilbook.publish.serve import loopback_server
from tests.conftest import ROOT, book_pages, read_through
from tests.hostile import (
    HEADING,
    LABEL,
    PAYLOAD_PAGES,
    PERIOD,
    PUBLISHER,
    QUOTE,
    QUOTE_START,
    SCRIPT,
    TITLE,
)

INJECTED = ("img[src='x'], iframe, [onerror], [onload], [onmouseover], [href^='javascript:'], "
            "[href^='https://example.com'], [src^='https://example.com'], img[alt='pic']")
# Markdown in the data that must not have become formatting: (tag, the payload's words).
FORMATTED = [("strong", "bold"), ("em", "emphasis"), ("code", "code"), ("a", "click me"),
             ("a", "away"), ("a", "AP"), ("a", "of the")]


@pytest.fixture(scope="module")
def hostile_site(hostile_project) -> Path:
    """The built site of the hostile copy (built once per session, see conftest)."""
    return (hostile_project / "_build" / "html").resolve()


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    with loopback_server(hostile_site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's one browser (conftest): a second sync Playwright cannot start beside it."""
    return browser


class Visit:
    """A page opened with every dialog recorded (and dismissed) and off-machine requests blocked."""

    def __init__(self, browser, url: str):
        self.dialogs: list[str] = []
        self.offsite: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.goto(url, wait_until="load")
        read_through(self.page)  # every chart scrolled into view until interactive, as a reader

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        from urllib.parse import urlparse

        if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort()

    def pwned(self):
        return self.page.evaluate("() => window.__pwned")

    def text(self, selector: str) -> str:
        return "\n".join(self.page.locator(selector).all_text_contents())

    def assert_inert(self) -> None:
        """Nothing ran, nothing the payloads describe became an element or a request."""
        assert self.pwned() is None
        assert self.dialogs == []
        assert self.offsite == []
        assert self.page.locator(INJECTED).count() == 0
        formatted = self.page.evaluate(
            "(pairs) => pairs.filter(([tag, words]) => [...document.querySelectorAll(tag)]"
            ".some(el => el.textContent.trim() === words))", FORMATTED)
        assert formatted == []
        scripts = self.page.evaluate(
            "() => [...document.scripts].filter(s => s.textContent.includes('__pwned'))"
            ".map(s => [s.type, s.textContent.includes('<')])")
        # Only the inert chart specs (JSON with '<' escaped) may carry the payload's text.
        assert all(kind == "application/json" and not raw_lt for kind, raw_lt in scripts), scripts


@pytest.fixture
def visit(chromium, hostile_url):
    opened = []

    def open_page(path: str) -> Visit:
        opened.append(Visit(chromium, f"{hostile_url}/{path}"))
        return opened[-1]

    yield open_page
    for page in opened:
        page.context.close()


def test_the_hostile_data_reached_the_built_pages(hostile_site):
    # Guard against a vacuous pass: the payloads are in the pages, escaped.
    source = (hostile_site / "book" / "source.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in source
    assert "<script>window.__pwned" not in source
    libya = (hostile_site / "book" / "libya.html").read_text(encoding="utf-8")
    assert "window.__pwned=5" in libya and "<svg onload" not in libya


def test_source_page_shows_paragraph_heading_and_titles_as_text(visit):
    page = visit("book/source.html")
    paragraph = page.text("#s-2016-501-para-28")
    assert f"{QUOTE}." in paragraph  # the reader sees the tags, the link syntax, the asterisks
    headings = page.text(".isil-source h3, .isil-source h6")
    assert HEADING in headings
    assert TITLE in headings
    assert f"UN chief {SCRIPT}" in headings
    assert PUBLISHER in page.text(".isil-source")
    page.page.hover("#s-2016-501-para-28")
    page.assert_inert()


def _hover_every_mark(page: Visit, figure: str) -> list[str]:
    """Hover each chart mark that has a tooltip; return the tooltip texts seen."""
    page.page.locator(figure).scroll_into_view_if_needed()
    boxes = page.page.evaluate(
        """(figure) => [...document.querySelectorAll(figure + ' svg *')]
               .filter(el => el.__data__ && el.__data__.tooltip != null)
               .map(el => { const b = el.getBoundingClientRect();
                            return [b.left + b.width / 2, b.top + b.height / 2]; })""", figure)
    seen = []
    for x, y in boxes:
        page.page.mouse.move(x, y)
        tooltip = page.page.locator("#vg-tooltip-element")
        if tooltip.count() and tooltip.is_visible():
            seen.append(tooltip.text_content())
            assert tooltip.locator("script, img, svg, iframe, a").count() == 0
    return seen


def test_chapter_chart_table_and_tooltip_keep_the_payload_inert(visit):
    page = visit("book/libya.html")
    figure = "#fig-libya-figures"
    cells = page.text(f"{figure} table td")
    assert QUOTE in cells and LABEL in cells and PERIOD in cells
    # Long names are wrapped onto lines (one tspan each): compare without the line breaks.
    axis = "".join(page.text(f"{figure} svg text").split())
    assert "ISILfightersinLibya" in axis and "<svgonload" in axis
    tooltips = _hover_every_mark(page, figure)
    assert any(QUOTE in text for text in tooltips), tooltips
    glued = page.text(".isil-glued")
    assert "between" in glued and "S/2016/501, para. 28" in glued
    page.assert_inert()


def test_glued_prose_citing_the_press_story_shows_its_publisher_as_text(visit):
    page = visit("book/changes.html")
    citations = [text for text in page.page.locator("article a.isil-cite").all_text_contents()
                 if text.startswith("S/2017/97, as reported by The Associated Press")]
    assert citations, "the changes page no longer cites the press story"
    assert all(PUBLISHER in text for text in citations), citations
    assert PUBLISHER in page.text("#fig-shared-measures table td")
    page.assert_inert()


def test_landing_page_key_figure_shows_label_and_period_as_text(visit):
    page = visit("book/index.html")
    card = page.page.locator(".isil-keyfigure", has_text="ISIL fighters in Libya")
    assert card.count() == 1
    assert LABEL in card.text_content() and PERIOD in card.text_content()
    card.hover()
    page.assert_inert()


@pytest.mark.parametrize("path", ["book/data.html", "book/methods.html"])
def test_tables_of_the_data_show_the_payload_as_text(visit, path):
    page = visit(path)
    cells = page.text("table td")
    assert (QUOTE in cells) if path.endswith("data.html") else (TITLE in cells)
    page.assert_inert()


def test_the_real_project_is_untouched():
    # The payloads went into a copy only.
    assert "__pwned" not in (ROOT / "data" / "figures.csv").read_text(encoding="utf-8")
    assert "__pwned" not in (ROOT / "data" / "raw" / "manifest.csv").read_text(encoding="utf-8")


def test_the_hostile_book_holds_every_page_the_payloads_would_reach(site):
    """The hostile copy builds only PAYLOAD_PAGES: in the real S/2016/501 book, no other page
    shows what the payloads replace (the figure's label and quote, the report's title, the
    press story's publisher)."""
    import pandas as pd

    figures = pd.read_csv(ROOT / "data" / "figures.csv", dtype=str, keep_default_na=False)
    figure = figures[(figures["indicator"] == "isil_fighters_libya")
                     & (figures["document"] == "S/2016/501")].iloc[0]
    manifest = pd.read_csv(ROOT / "data" / "raw" / "manifest.csv", dtype=str,
                           keep_default_na=False)
    replaced = {"label": figure["label"], "quote": QUOTE_START,
                "title": manifest.loc[0, "title"], "publisher": manifest.loc[1, "publisher"]}
    book = site / "editions" / "S-2016-501" / "book"
    reached = {name: sorted(what for what, text in replaced.items()
                            if text in (book / f"{name}.html").read_text(encoding="utf-8"))
               for name in (Path(page).stem for page in book_pages())}
    assert {name for name, found in reached.items() if found} == set(PAYLOAD_PAGES), reached
    assert reached["libya"] == ["label", "publisher", "quote"] and reached["methods"] != []
