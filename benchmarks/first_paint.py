"""First-paint benchmark: when charts show, without JavaScript too, and what the swap moves.

Run on demand (``make bench``, after a build), never as a test: the machine is shared and
noisy. The built site (``_build/html``) is served on loopback and loaded in Debian's Chromium,
driven by Playwright, with every request off the machine refused. For every page with charts
it prints, in one run:

* when the first chart is visible after navigation, from navigation start: the first
  animation frame in which a chart's drawing (SVG with marks) has a box on the page, or the
  page's first contentful paint if that comes later (the frame is only seen once painted);
  the median of a few cold loads, each in a fresh browser context so nothing is cached, after
  one warm-up load (starting the browser is not navigation);
* whether every chart is visible with JavaScript disabled (an SVG with marks and a box);
* the layout shift when charts become interactive: the page is read top to bottom at
  1280 x 900, each chart scrolled to the middle of the screen and given time to turn
  interactive, and the ``layout-shift`` entries of a PerformanceObserver are summed (those
  after the first swap began, and over the whole visit); as the browser only scores shifts
  inside the viewport, the largest movement of any caption is measured in pixels too;
* the page's own weight (its HTML with the inline SVG; the Vega bundle is separate).
"""

from __future__ import annotations

import statistics
from pathlib import Path
from urllib.parse import urlparse

from isilbook.publish.pdf import CHROMIUM, CHROMIUM_ARGS
from isilbook.publish.serve import loopback_server
from isilbook.publish.toc import toc_documents

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
LOADS = 3
VIEWPORT = {"width": 1280, "height": 900}
GOALS = {"first_chart_s": 0.3, "shift": 0.01, "page_kb": 250}

#: Runs before the page's own scripts: watches frames, swaps and layout shifts.
PROBE = """(() => {
  const probe = window.__probe = {firstChart: null, interactive: null, swapStart: null,
                                  shifts: []};
  new PerformanceObserver(list => list.getEntries().forEach(e => {
    if (!e.hadRecentInput) probe.shifts.push([e.startTime, e.value]);
  })).observe({type: 'layout-shift', buffered: true});
  const drawn = () => [...document.querySelectorAll('.isil-chart-view svg')].some(svg => {
    const box = svg.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && svg.querySelector('path, rect, line, text');
  });
  (function frame(now) {
    if (probe.firstChart === null && document.body && drawn()) probe.firstChart = now;
    if (probe.swapStart === null && document.querySelector('.isil-chart-live'))
      probe.swapStart = now;
    if (probe.interactive === null && document.querySelector('[data-rendered="interactive"]'))
      probe.interactive = now;
    requestAnimationFrame(frame);
  })(performance.now());
})();"""

#: Every chart, JavaScript or not: an SVG with marks and a box (the drawing CSS shows: the
#: wide or the narrow layout).
VISIBLE = """() => [...document.querySelectorAll('figure.isil-chart')].map(f => {
  const svg = [...f.querySelectorAll('.isil-chart-view svg')].find(s => s.getClientRects().length);
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const marks = svg ? svg.querySelectorAll('g[class*="role-mark"] > *').length : 0;
  return box.width > 0 && box.height > 0 && marks > 0;
})"""

CAPTIONS = """() => [...document.querySelectorAll('figure.isil-chart figcaption')].map(
  c => c.getBoundingClientRect().top + window.scrollY)"""


def chart_pages() -> list[str]:
    """Site paths of the pages holding charts, in reading order."""
    return [f"{name}.html" for name in toc_documents(ROOT)
            if 'class="isil-chart"' in (SITE / f"{name}.html").read_text(encoding="utf-8")]


def _local_only(route) -> None:
    """Refuse anything off the machine: the site must not need the network."""
    if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


def open_page(browser, url: str, *, javascript: bool = True):
    """A fresh context (empty cache) and the page loaded in it, probe installed."""
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=javascript)
    context.route("**/*", _local_only)
    page = context.new_page()
    if javascript:
        page.add_init_script(PROBE)
    page.goto(url, wait_until="load")
    return context, page


def first_chart_seconds(browser, url: str) -> tuple[float, float | None]:
    """Median over cold loads: (first chart visible, first chart interactive) in seconds.

    A page whose first chart is far below the first screen turns none interactive until the
    reader scrolls: its second value is None.
    """
    from playwright.sync_api import TimeoutError as Timeout

    visible, interactive = [], []
    for _ in range(LOADS):
        context, page = open_page(browser, url)
        page.wait_for_function("() => window.__probe.firstChart !== null && performance"
                               ".getEntriesByName('first-contentful-paint').length",
                               timeout=30000)
        visible.append(page.evaluate("""() => Math.max(window.__probe.firstChart,
            performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0)""")
            / 1000)
        try:
            page.wait_for_function("() => window.__probe.interactive !== null", timeout=5000)
            interactive.append(page.evaluate("window.__probe.interactive") / 1000)
        except Timeout:
            pass
        context.close()
    return statistics.median(visible), (statistics.median(interactive) if interactive else None)


def visible_without_javascript(browser, url: str) -> tuple[int, int]:
    """(charts visible, charts) with JavaScript disabled."""
    context, page = open_page(browser, url, javascript=False)
    try:
        shown = page.evaluate(VISIBLE)
        return sum(shown), len(shown)
    finally:
        context.close()


def shift_while_reading(browser, url: str) -> tuple[float, float, float]:
    """Read the page chart by chart: (shift after the first swap, whole visit, caption px)."""
    context, page = open_page(browser, url)
    try:
        page.wait_for_timeout(200)
        before = page.evaluate(CAPTIONS)
        figures = page.locator("figure.isil-chart")
        for index in range(figures.count()):
            figures.nth(index).evaluate("f => f.scrollIntoView({block: 'center'})")
            figures.nth(index).locator(".isil-chart-view[data-rendered='interactive']").wait_for(
                timeout=30000)
            page.wait_for_timeout(100)  # let the frame after the swap be laid out and scored
        after = page.evaluate(CAPTIONS)
        probe = page.evaluate("window.__probe")
        swap = probe["swapStart"] or 0
        during = sum(value for start, value in probe["shifts"] if start >= swap)
        total = sum(value for _, value in probe["shifts"])
        moved = max((abs(a - b) for a, b in zip(after, before)), default=0.0)
        return during, total, moved
    finally:
        context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    if not (SITE / "book" / "index.html").exists():
        raise SystemExit("build the site first: .venv/bin/isilbook build")
    pages = chart_pages()
    bundle = (SITE / "_static" / "vega-bundle.mjs").stat().st_size
    rows, firsts, all_visible, shifts, weights = [], [], 0, [], []
    with loopback_server(SITE) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context, _ = open_page(browser, f"{base}/{pages[0]}")  # warm-up, not measured
            context.close()
            for path in pages:
                url = f"{base}/{path}"
                first, live = first_chart_seconds(browser, url)
                shown, charts = visible_without_javascript(browser, url)
                during, total, moved = shift_while_reading(browser, url)
                weight = (SITE / path).stat().st_size / 1024
                firsts.append(first)
                all_visible += shown == charts
                shifts.append(max(during, total))
                weights.append(weight)
                live_text = f"{live:6.3f} s" if live is not None else "  (none)"
                rows.append(f"  {Path(path).stem:16s} {first:6.3f} s  {live_text}"
                            f"  {shown:2d}/{charts:<2d}   {during:7.4f}  {total:7.4f}"
                            f"  {moved:5.1f} px  {weight:6.1f} KB")
        finally:
            browser.close()
    print(f"first paint benchmark: {len(pages)} pages with charts, Debian Chromium "
          f"({CHROMIUM}), loopback server, {VIEWPORT['width']}x{VIEWPORT['height']}, "
          f"median of {LOADS} cold loads")
    print("  page             first     first    no-JS   shift    shift    caption  page")
    print("                   visible   interac. charts  (swaps)  (visit)  moved    weight")
    print("\n".join(rows))
    print(f"first chart visible after navigation: median {statistics.median(firsts):.3f} s, "
          f"worst {max(firsts):.3f} s (goal <= {GOALS['first_chart_s']} s)")
    print(f"pages whose charts are all visible with JavaScript disabled: {all_visible} of "
          f"{len(pages)} (goal: every page)")
    print(f"layout shift when charts become interactive: worst page {max(shifts):.4f} "
          f"(goal <= {GOALS['shift']})")
    print(f"page weight with inline SVG: median {statistics.median(weights):.1f} KB, heaviest "
          f"{max(weights):.1f} KB (goal <= {GOALS['page_kb']} KB); the Vega bundle, "
          f"{bundle / 1024:.0f} KB, is fetched once, only when a chart nears the viewport")


if __name__ == "__main__":
    main()
