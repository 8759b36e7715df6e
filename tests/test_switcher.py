"""The edition switcher: on every page, a link to the same page in every edition, that resolves.

The links are relative, so they work served and opened from disk; a browser test switches from
a chapter of the newest edition to the same chapter of the older one and back.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from bs4 import BeautifulSoup

from tests.conftest import book_pages

ROOTS = {"S/2017/97": "", "S/2016/501": "editions/S-2016-501/"}


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
    visit_ = visit("book/libya.html")
    page = visit_.page
    assert "S/2017/97" in page.locator(".isil-editions-name").inner_text()
    page.locator(".isil-editions summary").click()
    page.get_by_role("link", name="S/2016/501, the 2nd report (31 May 2016)").click()
    page.wait_for_url("**/editions/S-2016-501/book/libya.html")
    assert "S/2016/501" in page.locator(".isil-editions-name").inner_text()
    assert page.locator("h1").first.inner_text().startswith("ISIL in Libya")
    page.locator(".isil-editions summary").click()
    page.get_by_role("link", name="S/2017/97, the 4th report (2 February 2017)").click()
    page.wait_for_url("**/book/libya.html")
    assert "/editions/" not in page.url
    assert visit_.console_errors == [] and visit_.offsite == []
