"""Charts visible at first paint, interactive when wanted, in the built site.

Every chart is drawn at execution as a static SVG (vl-convert) that shows with no JavaScript at
all; the Vega bundle is fetched only when a chart comes near the viewport or gets focus, and
the interactive view then replaces the drawing in the box it reserved. These tests check both
states in Chromium, the swap, the fallback when the bundle cannot load, and that pages work
from ``file://`` too. The drawing itself is checked without a browser in
``tests/test_static_drawing.py``.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from tests.conftest import ROOT, book_pages

PAGES = book_pages()
CHART_PAGES = [p for p in PAGES
               if 'class="isil-chart"' in (ROOT / "_build" / "html" / p).read_text("utf-8")] \
    if (ROOT / "_build" / "html" / "book" / "index.html").exists() else []
MARKS = "g[class*='role-mark'] > *"

_STATE = """() => [...document.querySelectorAll('figure.isil-chart')].map(f => {
    const view = f.querySelector('.isil-chart-view');
    const svgs = [...view.querySelectorAll('svg')].filter(s => s.getClientRects().length);
    const svg = svgs[0], box = svg ? svg.getBoundingClientRect() : null;
    return {id: f.id, svgs: svgs.length, static: !!svg?.classList.contains('isil-static'),
            layout: svg?.getAttribute('data-layout') ?? view.dataset.layout ?? null,
            marks: svg ? svg.querySelectorAll("g[class*='role-mark'] > *").length : 0,
            width: box ? box.width : 0, height: box ? box.height : 0,
            viewWidth: view.getBoundingClientRect().width, role: view.getAttribute('role'),
            label: view.getAttribute('aria-label'), hidden: svg?.getAttribute('aria-hidden'),
            rendered: view.dataset.rendered ?? null, error: view.dataset.error ?? null,
            rows: f.querySelectorAll('details.isil-table tbody tr').length,
            outside: svg ? [...svg.querySelectorAll('text')].filter(t => {
                const r = t.getBoundingClientRect();
                return r.width && (r.left < box.left - 1 || r.right > box.right + 1);
            }).map(t => t.textContent) : [],
            caption: f.querySelector('figcaption')?.textContent.trim() ?? ''}; })"""
_TOOLTIP = """() => { const t = document.getElementById('vg-tooltip-element');
    return t && t.classList.contains('visible') ? t.innerText.trim() : null; }"""


# --- The built site: no JavaScript, the bundle's loading, the swap -----------------------------

def test_no_page_carries_the_vega_bundle(site):
    assert (site / "_static" / "vega-bundle.mjs").stat().st_size > 500_000
    assert not (site / "_static" / "vega-bundle.js").exists()
    for path in PAGES:
        html = (site / path).read_text(encoding="utf-8")
        assert "vega-bundle" not in html, f"{path} loads the Vega bundle itself"
        assert re.search(r'<script defer="defer" src="[^"]*isil-charts\.js', html), path


def test_no_script_file_in_a_page_head_blocks_the_first_paint(site):
    """Only the tiny documentation_options.js may block: inline lines after it set options."""
    from bs4 import BeautifulSoup

    for path in PAGES:
        head = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser").head
        files = [s["src"] for s in head.find_all("script", src=True)]
        blocking = [src for src in files if not any(
            s.has_attr(k) for s in head.find_all("script", src=src) for k in ("defer", "async"))]
        assert len(files) > 10, path
        assert [src.split("?")[0] for src in blocking] == ["../_static/documentation_options.js"]


@contextmanager
def _one_tab(browser, **options):
    """One tab going from page to page (a new tab per page costs twice the browser's time)."""
    context = browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="module")
def no_javascript(browser):
    """A tab with JavaScript off, recording the requests of the page it shows."""
    with _one_tab(browser, viewport={"width": 1280, "height": 900},
                  java_script_enabled=False) as tab:
        requested: list[str] = []
        tab.on("request", lambda request: requested.append(request.url))
        tab.requested = requested
        yield tab


@pytest.mark.parametrize("path", CHART_PAGES)
def test_with_javascript_disabled_every_chart_shows_an_svg_with_marks(no_javascript, site_url,
                                                                      path):
    page = no_javascript
    page.goto(f"{site_url}/{path}", wait_until="load")
    requested = list(page.requested)
    page.requested.clear()
    figures = page.evaluate(_STATE)
    assert figures, f"{path}: no chart"
    for figure in figures:
        assert figure["svgs"] == 1 and figure["static"], figure["id"]
        assert figure["marks"] > 0, f"{path} {figure['id']}: the drawing has no marks"
        assert figure["width"] == pytest.approx(figure["viewWidth"], abs=0.5), figure
        assert figure["height"] > 50, figure
        assert figure["role"] == "img" and figure["hidden"] == "true", figure
        assert figure["caption"].startswith(figure["label"]), figure
        assert figure["rows"] > 0, f"{path} {figure['id']}: no data table"
        assert figure["outside"] == [], f"{path} {figure['id']}: text cut off by the edge"
    assert f"{site_url}/{path}" in requested
    assert not [url for url in requested if "vega-bundle" in url]


def test_css_shows_the_drawing_laid_out_for_the_figures_width(browser, site_url):
    """A phone's column shows the narrow drawing at about its own size; a desktop column the
    wide one; the interactive view is drawn from the layout shown, in the same box."""
    from isilbook.book.charts import NARROW, WIDE

    for viewport, layout in (({"width": 375, "height": 800}, NARROW),
                             ({"width": 1280, "height": 900}, WIDE)):
        with _one_tab(browser, viewport=viewport, java_script_enabled=False) as tab:
            tab.goto(f"{site_url}/{CHART_PAGES[0]}", wait_until="load")
            states = tab.evaluate(_STATE)
            assert states and {s["layout"] for s in states} == {layout.name}, viewport
            for state in states:
                assert state["svgs"] == 1 and state["static"], state
                assert 0.8 < state["width"] / layout.width < 1.25, (viewport, state)
        with _one_tab(browser, viewport=viewport) as tab:
            tab.goto(f"{site_url}/{CHART_PAGES[0]}", wait_until="load")
            figure = tab.locator("figure.isil-chart").first
            before = figure.bounding_box()
            figure.scroll_into_view_if_needed()
            figure.locator(".isil-chart-view[data-rendered='interactive']").wait_for(
                timeout=15000)
            state = tab.evaluate(_STATE)[0]
            assert state["layout"] == layout.name and state["svgs"] == 1, state
            assert figure.bounding_box()["height"] == pytest.approx(before["height"], abs=0.5)


#: The far-chart tests' window: short, so that a chart can sit well below it.
FAR_VIEWPORT = {"width": 1280, "height": 400}


@pytest.fixture(scope="module")
def far_chart_path(browser, site_url) -> str:
    """The page whose first chart sits lowest: far from the first screen, it stays static."""
    tops = {}
    with _one_tab(browser, viewport=FAR_VIEWPORT, java_script_enabled=False) as tab:
        for path in CHART_PAGES:
            tab.goto(f"{site_url}/{path}")
            tops[path] = tab.evaluate(
                "document.querySelector('figure.isil-chart').getBoundingClientRect().top")
    return max(tops, key=tops.get)


@pytest.fixture
def far_chart(browser, site_url, far_chart_path):
    """A page (at 1280 x 400) whose first chart is far below the first screen, loaded."""
    path = far_chart_path
    context = browser.new_context(viewport=FAR_VIEWPORT)
    page = context.new_page()
    page.bundle_requests = []
    page.console_errors = []
    page.on("request", lambda r: "vega-bundle" in r.url and page.bundle_requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.goto(f"{site_url}/{path}", wait_until="load")
    top = page.evaluate("document.querySelector('figure.isil-chart').getBoundingClientRect().top")
    assert top > 400 + 600 + 100, f"{path}: its first chart ({top}px) is not far enough down"
    page.wait_for_timeout(800)
    yield page
    context.close()


def test_the_bundle_waits_until_a_chart_nears_the_viewport(far_chart):
    page = far_chart
    assert page.bundle_requests == [], "the bundle was fetched with no chart near the viewport"
    assert {f["rendered"] for f in page.evaluate(_STATE)} == {"static"}
    figure = page.locator("figure.isil-chart").first
    before = figure.bounding_box()
    figure.scroll_into_view_if_needed()
    view = figure.locator(".isil-chart-view[data-rendered='interactive']")
    view.wait_for(timeout=15000)
    assert len(page.bundle_requests) == 1 and page.bundle_requests[0].endswith("vega-bundle.mjs")
    state = page.evaluate(_STATE)[0]
    assert state["svgs"] == 1 and not state["static"] and state["marks"] > 0, state
    assert state["role"] == "img" and state["hidden"] == "true" and state["error"] is None
    assert state["caption"].startswith(state["label"])
    after = figure.bounding_box()
    assert after["height"] == pytest.approx(before["height"], abs=0.5), (before, after)
    assert after["width"] == pytest.approx(before["width"], abs=0.5), (before, after)
    # The keyboard tooltips of tests/test_accessibility.py, on the chart just made interactive.
    view.focus()
    assert view.get_attribute("tabindex") == "0"
    assert page.evaluate(_TOOLTIP) is None
    page.keyboard.press("ArrowRight")
    shown = page.evaluate(_TOOLTIP)
    live = view.locator("xpath=following-sibling::p[@aria-live='polite']").inner_text()
    assert shown and live and shown.startswith(live.split(":")[0]), (shown, live)
    page.keyboard.press("Escape")
    assert page.evaluate(_TOOLTIP) is None
    assert page.console_errors == []


def test_focus_makes_a_chart_interactive_before_it_is_scrolled_to(far_chart):
    page = far_chart
    view = page.locator(".isil-chart-view").first
    assert view.get_attribute("tabindex") == "0", "a static chart cannot take focus"
    view.evaluate("v => v.focus({preventScroll: true})")
    page.locator(".isil-chart-view[data-rendered='interactive']").first.wait_for(timeout=15000)
    assert page.evaluate("document.activeElement.classList.contains('isil-chart-view')")
    assert page.evaluate("window.scrollY") == 0 and len(page.bundle_requests) == 1


def test_the_static_drawing_stays_when_the_bundle_cannot_load(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/vega-bundle.mjs", lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{CHART_PAGES[0]}", wait_until="load")
        figure = page.locator("figure.isil-chart").first
        figure.scroll_into_view_if_needed()
        page.locator(".isil-chart-view[data-error]").first.wait_for(timeout=15000)
        state = page.evaluate(_STATE)[0]
        assert "could not load" in state["error"] and state["static"] and state["marks"] > 0
        assert state["svgs"] == 1 and state["rendered"] == "static"
    finally:
        context.close()


def test_pages_opened_from_files_turn_interactive(browser, site):
    from tests.conftest import read_through

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto((site / CHART_PAGES[0]).as_uri(), wait_until="load")
        read_through(page)
        states = page.evaluate(_STATE)
        assert states and all(s["rendered"] == "interactive" and s["error"] is None
                              for s in states), states
    finally:
        context.close()


def test_in_print_the_static_drawing_is_the_chart(browser, site_url):
    context = browser.new_context(viewport={"width": 800, "height": 900})
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(f"{site_url}/{CHART_PAGES[0]}", wait_until="load")
        page.wait_for_timeout(500)
        states = page.evaluate(_STATE)
        assert states and all(s["static"] and s["marks"] > 0 for s in states), states
        assert not [url for url in requested if "vega-bundle" in url]
    finally:
        context.close()


@pytest.fixture(scope="module")
def loader_blocked(browser):
    """A tab showing pages exactly as without JavaScript (the chart loader never runs) but
    scriptable, so that axe-core, which runs inside the page, can audit the static state."""
    with _one_tab(browser, viewport={"width": 1280, "height": 900}) as tab:
        tab.route("**/isil-charts.js*", lambda route: route.abort())
        yield tab


@pytest.mark.parametrize("path", CHART_PAGES)
def test_axe_finds_no_violation_in_the_static_state(loader_blocked, site_url, path):
    from axe_playwright_python.sync_playwright import Axe

    page = loader_blocked
    page.goto(f"{site_url}/{path}", wait_until="load")
    states = page.evaluate(_STATE)
    assert states and all(s["static"] and s["rendered"] == "static" for s in states)
    # The charts are all that differs from the interactive state, which
    # tests/test_accessibility.py audits whole: audit them alone.
    result = Axe().run(page, context="figure.isil-chart").response
    assert len(result["passes"]) > 10, "axe ran no checks"
    violations = [f"{v['id']} ({v['impact']}): " + "; ".join(
        ", ".join(n["target"]) for n in v["nodes"][:5]) for v in result["violations"]]
    assert violations == [], f"{path}: {violations}"
