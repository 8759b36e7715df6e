"""Finding one's way: the offline search, previous/next links, linkable paragraph anchors."""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from tests.conftest import book_pages

PAGES = book_pages()


def _search(visit, term: str, root: str = "") -> list[str]:
    """Run an edition's own search page for ``term``; the result pages' paths, best first."""
    page = visit(f"{root}search.html?q={term}")
    page.page.wait_for_function(
        "() => /Search finished|did not match/.test("
        "document.querySelector('#search-results .search-summary')?.textContent || '')",
        timeout=20000)
    hrefs = page.page.eval_on_selector_all(
        "#search-results ul.search li a", "links => links.map(a => a.href)")
    assert page.console_errors == [] and page.offsite == []
    return [urlparse(href).path.lstrip("/") for href in hrefs]


@pytest.mark.parametrize(("term", "root", "chapter"), [
    ("Sirte", "", "book/libya.html"),  # the root edition's reading on Libya names the city
    ("Nangarhar", "editions/S-2016-501/", "editions/S-2016-501/book/afghanistan.html"),
])
def test_offline_search_finds_the_chapter(visit, term, root, chapter):
    found = _search(visit, term, root)
    assert chapter in found, f"searching {term!r} found {found}"


def test_offline_search_reports_a_miss(visit):
    assert _search(visit, "Xylophonequartz") == []


def _soup(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def _target(path: str, link) -> str | None:
    return urljoin(path, link["href"]).split("#")[0] if link else None


def test_previous_and_next_links_chain_through_the_table_of_contents(site):
    for index, path in enumerate(PAGES):
        soup = _soup(site, path)
        previous = soup.select_one(".prev-next-area a.left-prev")
        following = soup.select_one(".prev-next-area a.right-next")
        expected_previous = PAGES[index - 1] if index else None
        expected_next = PAGES[index + 1] if index + 1 < len(PAGES) else None
        assert _target(path, previous) == expected_previous, path
        assert _target(path, following) == expected_next, path
        for link, expected in ((previous, expected_previous), (following, expected_next)):
            if link is not None:  # the link names the page it leads to
                title = _soup(site, expected).select_one("article h1").get_text(" ", strip=True)
                shown = link.select_one(".prev-next-title").get_text(" ", strip=True)
                assert title.rstrip("#").strip() == shown, (path, shown)


def test_arrow_keys_turn_the_page(visit):
    page = visit("book/libya.html").page
    with page.expect_navigation():
        page.keyboard.press("ArrowRight")
    assert page.url.endswith("book/afghanistan.html")
    page.wait_for_load_state("load")
    with page.expect_navigation():
        page.keyboard.press("ArrowLeft")
    assert page.url.endswith("book/libya.html")


_BACKGROUNDS = """id => {
    const target = document.querySelector(':target');
    const other = document.querySelector('.isil-paragraph:not(:target)');
    const box = target && target.getBoundingClientRect();
    return {target: target && target.id, other: other.id,
            targetBackground: target && getComputedStyle(target).backgroundColor,
            otherBackground: getComputedStyle(other).backgroundColor,
            inView: !!box && box.top >= 0 && box.top < window.innerHeight};
}"""


def test_a_targeted_paragraph_is_shown_and_highlighted(visit):
    page = visit("book/source.html#s-2016-501-para-28").page
    state = page.evaluate(_BACKGROUNDS)
    assert state["target"] == "s-2016-501-para-28"
    assert state["targetBackground"] != state["otherBackground"], state
    assert state["otherBackground"] in ("rgba(0, 0, 0, 0)", "transparent")
    assert state["inView"], "the targeted paragraph is not scrolled into view"


def test_a_citation_link_lands_on_its_highlighted_paragraph(visit):
    page = visit("book/libya.html").page
    link = page.locator("article a.isil-cite[href$='#s-2016-501-para-28']").first
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert page.url.endswith("book/source.html#s-2016-501-para-28")
    state = page.evaluate(_BACKGROUNDS)
    assert state["target"] == "s-2016-501-para-28" and state["inView"]
    assert state["targetBackground"] != state["otherBackground"]


def test_every_paragraph_anchor_has_a_self_link(site):
    soup = _soup(site, "book/source.html")
    paragraphs = soup.select(".isil-paragraph[id]")
    assert len(paragraphs) >= 91
    for paragraph in paragraphs:
        if "-para-" not in paragraph["id"]:
            continue
        links = [a["href"] for a in paragraph.select("a[href]")]
        assert f"#{paragraph['id']}" in links, f"{paragraph['id']} cannot be linked from itself"


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900},
                                      {"width": 375, "height": 812}])
def test_the_landing_page_opens_on_its_findings(visit, viewport):
    """The first screen of the landing page holds the series' first finding, with its figure
    and its citation, before any framing text."""
    visit_ = visit("book/index.html", viewport)
    page = visit_.page
    first = page.locator("ul.isil-findings li").first
    box = first.bounding_box()
    assert box is not None and box["y"] + 40 <= viewport["height"], box
    assert first.locator("a.isil-cite").count() >= 1
    assert first.locator(".isil-num").count() >= 1
    framing = page.get_by_text("For a decade the Secretary-General has reported").bounding_box()
    assert framing is not None and framing["y"] > box["y"]
