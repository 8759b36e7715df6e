"""Charts visible at first paint, interactive when wanted (issue 14).

Every chart is drawn at execution as a static SVG (vl-convert) that shows with no JavaScript at
all; the Vega bundle is fetched only when a chart comes near the viewport or gets focus, and
the interactive view then replaces the drawing in the box it reserved. These tests check the
drawing itself (deterministic, compact, ids that cannot clash), both states in Chromium, the
swap, the fallback when the bundle cannot load, and that pages work from ``file://`` too.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from isilbook.book import charts
from tests.conftest import ROOT, book_pages

PAGES = book_pages()
CHART_PAGES = [p for p in PAGES
               if 'class="isil-chart"' in (ROOT / "_build" / "html" / p).read_text("utf-8")] \
    if (ROOT / "_build" / "html" / "book" / "index.html").exists() else []
MARKS = "g[class*='role-mark'] > *"

_STATE = """() => [...document.querySelectorAll('figure.isil-chart')].map(f => {
    const view = f.querySelector('.isil-chart-view'), svgs = view.querySelectorAll('svg');
    const svg = svgs[0], box = svg ? svg.getBoundingClientRect() : null;
    return {id: f.id, svgs: svgs.length, static: !!view.querySelector('svg.isil-static'),
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


# --- The drawing, without a browser -------------------------------------------------------------

def _chart() -> alt.LayerChart:
    frame = pd.DataFrame({"x": [1.0, 2.5, 4.0, 9.0], "y": [3.0, 1.0, 4.0, 2.0],
                          "k": ["a", "b", "a", "b"]})
    line = alt.Chart(frame).mark_line(clip=True).encode(
        x=alt.X("x:Q", scale=alt.Scale(domain=[0, 5])), y="y:Q")
    return alt.layer(line, line.mark_point(clip=True)).properties(width="container", height=120)


def test_the_static_drawing_is_deterministic_and_laid_out_at_the_fixed_width():
    spec = _chart().properties(title="T", description="D").to_dict()
    first, second = charts.static_svg(spec, "one"), charts.static_svg(spec, "one")
    assert first == second, "the same chart drew different bytes"
    root = re.match(r"<svg [^>]*>", first).group(0)
    assert f'viewBox="0 0 {charts.STATIC_WIDTH} ' in root
    assert 'aria-hidden="true"' in root and 'class="marks isil-static"' in root
    assert not re.search(r"\srole=|aria-label=|aria-roledescription=", first), \
        "marks keep ARIA although the whole drawing is hidden"
    assert re.search(r"<path [^>]*d=\"M", first) and "<text" in first


def test_ids_in_a_drawing_are_namespaced_by_figure_and_every_reference_resolves():
    spec = _chart().to_dict()
    one, two = charts.static_svg(spec, "one"), charts.static_svg(spec, "two")
    ids_one = set(re.findall(r'\sid="([^"]+)"', one))
    ids_two = set(re.findall(r'\sid="([^"]+)"', two))
    assert ids_one, "the clipped chart was expected to define a clip path"
    assert all(i.startswith("fig-one-") for i in ids_one), ids_one
    assert not ids_one & ids_two, "two figures on one page would share ids"
    references = set(re.findall(r"url\(#([^)]+)\)", one))
    assert references and references <= ids_one, (references, ids_one)


def test_container_width_becomes_the_fixed_width_with_the_same_autosizing():
    spec = {"width": "container", "height": 100, "mark": "point"}
    assert charts.static_spec(spec) == {**spec, "width": charts.STATIC_WIDTH,
                                        "autosize": {"type": "fit-x", "contains": "padding"}}
    fixed = {"width": 300, "mark": "point"}
    assert charts.static_spec(fixed) is fixed


def test_paths_are_rounded_and_polylines_written_as_relative_moves():
    assert charts.compact_path("M0,0L10.04,0L10.04,0L10.04,5.56Z") == "M0,0l10,0l0,5.6Z"
    assert charts.compact_path("M1.234,0A2,2,0,1,1,-1.234,0Z") == "M1.2,0A2,2,0,1,1,-1.2,0Z"
    assert charts.compact_path("M0,0h628.456v330h-628.456Z") == "M0,0h628.5v330h-628.5Z"


def test_long_polylines_keep_whole_pixels_without_drift():
    points = [(i * 1.37 + 0.4, (i % 5) * 2.71) for i in range(40)]
    d = "M" + "L".join(f"{x:.3f},{y:.3f}" for x, y in points) + "Z"
    compact = charts.compact_path(d)
    assert "." not in compact and compact.startswith("M0,0l")
    x = y = 0
    drawn = [(0, 0)]
    for dx, dy in re.findall(r"l(-?\d+),(-?\d+)", compact):
        x, y = x + int(dx), y + int(dy)
        drawn.append((x, y))
    wanted = [(round(px), round(py)) for px, py in points]
    deduplicated = [p for i, p in enumerate(wanted) if i == 0 or p != wanted[i - 1]]
    assert drawn == deduplicated, "relative moves drifted from the rounded outline"


def test_figure_html_reserves_the_drawings_box():
    frame = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    chart = alt.Chart(frame).mark_point().encode(x="x:Q", y="y:Q").properties(
        width="container", height=100)
    html = charts.figure_html(chart, name="t", title="A title", description="A description",
                              data=frame, citations=[])
    assert html == charts.figure_html(chart, name="t", title="A title",
                                      description="A description", data=frame, citations=[])
    view = re.search(r'<div class="isil-chart-view"[^>]*>', html).group(0)
    height = re.search(r'viewBox="0 0 640 ([\d.]+)"', html).group(1)
    assert f'style="aspect-ratio: 640 / {height}"' in view and 'data-rendered="static"' in view
    assert 'role="img" aria-label="A title. A description"' in view


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


@pytest.fixture(scope="module")
def no_javascript(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=False)
    yield context
    context.close()


@pytest.mark.parametrize("path", CHART_PAGES)
def test_with_javascript_disabled_every_chart_shows_an_svg_with_marks(no_javascript, site_url,
                                                                      path):
    page = no_javascript.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"{site_url}/{path}", wait_until="load")
        figures = page.evaluate(_STATE)
    finally:
        page.close()
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
    assert not [url for url in requested if "vega-bundle" in url]


def _lowest_first_chart(browser, site_url, viewport: dict) -> str:
    """The page whose first chart sits lowest: far from the first screen, it stays static."""
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    try:
        page = context.new_page()
        tops = {}
        for path in CHART_PAGES:
            page.goto(f"{site_url}/{path}")
            tops[path] = page.evaluate(
                "document.querySelector('figure.isil-chart').getBoundingClientRect().top")
        return max(tops, key=tops.get)
    finally:
        context.close()


@pytest.fixture
def far_chart(browser, site_url):
    """A page (at 1280 x 400) whose first chart is far below the first screen, loaded."""
    viewport = {"width": 1280, "height": 400}
    path = _lowest_first_chart(browser, site_url, viewport)
    context = browser.new_context(viewport=viewport)
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
    """Pages exactly as without JavaScript (the chart loader never runs) but scriptable, so that
    axe-core, which runs inside the page, can audit the static state."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/isil-charts.js*", lambda route: route.abort())
    yield context
    context.close()


@pytest.mark.parametrize("path", CHART_PAGES)
def test_axe_finds_no_violation_in_the_static_state(loader_blocked, site_url, path):
    from axe_playwright_python.sync_playwright import Axe

    page = loader_blocked.new_page()
    try:
        page.goto(f"{site_url}/{path}", wait_until="load")
        states = page.evaluate(_STATE)
        assert states and all(s["static"] and s["rendered"] == "static" for s in states)
        # The charts are all that differs from the interactive state, which
        # tests/test_accessibility.py audits whole: audit them alone.
        result = Axe().run(page, context="figure.isil-chart").response
    finally:
        page.close()
    assert len(result["passes"]) > 10, "axe ran no checks"
    violations = [f"{v['id']} ({v['impact']}): " + "; ".join(
        ", ".join(n["target"]) for n in v["nodes"][:5]) for v in result["violations"]]
    assert violations == [], f"{path}: {violations}"
