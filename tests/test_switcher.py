"""The edition switcher: on every page, a link to the same page in every edition, that resolves.

The links are relative, so they work served and opened from disk; a browser test switches from
a chapter of the newest edition to the same chapter of the older one and back.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from bs4 import BeautifulSoup

from tests.conftest import EDITION_ROOTS, book_pages

ROOTS = EDITION_ROOTS


def test_every_switcher_link_resolves_to_the_same_page_of_its_edition(site):
    checked = 0
    for symbol, root in ROOTS.items():
        for page in book_pages():
            soup = BeautifulSoup((site / root / page).read_text(encoding="utf-8"), "html.parser")
            links = soup.select(".isil-editions a")
            assert [a.get_text(strip=True).split(",")[0] for a in links] == list(ROOTS), page
            for link, target_root in zip(links, ROOTS.values()):
                here = PurePosixPath(root + page).parent
                target = (site / here / link["href"]).resolve()
                assert target == (site / target_root / page).resolve(), (page, link["href"])
                assert target.is_file(), target
                checked += 1
            current = soup.select(".isil-editions a[aria-current='page']")
            assert [a.get_text(strip=True).split(",")[0] for a in current] == [symbol]
    assert checked == len(ROOTS) ** 2 * len(book_pages())


def test_switching_editions_lands_on_the_same_chapter(visit):
    (newest, _), (older, older_root) = list(ROOTS.items())[:2]
    visit_ = visit("book/libya.html")
    page = visit_.page
    assert newest in page.locator(".isil-editions-name").inner_text()
    title = page.locator("h1").first.inner_text()
    page.locator(".isil-editions summary").click()
    page.locator(".isil-editions a").filter(has_text=f"{older}, ").first.click()
    page.wait_for_url(f"**/{older_root}book/libya.html")
    assert older in page.locator(".isil-editions-name").inner_text()
    assert page.locator("h1").first.inner_text() == title
    page.locator(".isil-editions summary").click()
    page.locator(".isil-editions a").filter(has_text=f"{newest}, ").first.click()
    page.wait_for_url("**/book/libya.html")
    assert "/editions/" not in page.url
    assert visit_.console_errors == [] and visit_.offsite == []
