"""Every built page, audited as a reader with a screen reader, a keyboard or a phone meets it.

Each page is loaded once at desktop width (1280) and once at phone width (375), in one tab
per width that goes from page to page as a reader does. At desktop width
axe-core (bundled by axe-playwright-python) audits the page: no violation of any impact is
allowed, and the full result is written to ``_build/reports/axe/<page>.json`` with a summary
(``summary.json``, ``summary.txt``, also printed at the end of the run). Screenshots of every
page at both widths (its first three screens) go to ``_build/reports/screenshots/`` for a
reviewer who does not build.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from isilbook.book.charts import OKABE_ITO
from tests.chart_geometry import (
    CHART_TEXT_GEOMETRY,
    FIGURE_MARKS,
    VOUCHING,
    figure_mark_problems,
    text_problems,
)
from tests.conftest import ROOT, PageVisit, ReadingTab, assert_every_chart_drew, book_pages

PAGES = book_pages()
REPORTS = ROOT / "_build" / "reports"
AXE_DIR = REPORTS / "axe"
SHOTS = REPORTS / "screenshots"
#: Pages that hold no chart by design: the reference pages. Every other page shows its data
#: as charts, or says it in sentences: a chart of one row, a chapter without figures.
NO_CHARTS = ("book/methods.html", "book/source.html", "book/data.html")
#: What a chapter shows instead of a chart (see isilbook.book.charts.figure_html).
CHART_SENTENCE = ".isil-chart-sentence"
IMPACTS = ("critical", "serious", "moderate", "minor")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
#: Screens of each page kept in its screenshot: a whole long page (the source text runs to some
#: 40 screens) costs seconds of the browser's time to draw and encode, and shows nothing more
#: about the layout than its first screens.
SCREENS_SHOWN = 3


def _stem(path: str) -> str:
    return Path(path).stem


# --- Colour arithmetic (WCAG 2.x relative luminance and contrast ratio) -----------------------

def _rgb(colour: str) -> tuple[float, float, float] | None:
    """``#abc``, ``#aabbcc`` or ``rgb(a, b, c)`` as 0..255 channels; None for none/transparent."""
    colour = colour.strip().lower()
    if colour in ("", "none", "transparent") or colour.startswith("rgba(0, 0, 0, 0)"):
        return None
    if colour == "white":
        return (255.0, 255.0, 255.0)
    if colour == "black":
        return (0.0, 0.0, 0.0)
    if match := re.fullmatch(r"#([0-9a-f]{3})", colour):
        return tuple(float(int(c * 2, 16)) for c in match.group(1))
    if match := re.fullmatch(r"#([0-9a-f]{6})", colour):
        return tuple(float(int(match.group(1)[i:i + 2], 16)) for i in (0, 2, 4))
    if match := re.fullmatch(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", colour):
        if match.group(4) is not None and float(match.group(4)) == 0:
            return None
        return tuple(float(match.group(i)) for i in (1, 2, 3))
    raise ValueError(f"unexpected colour {colour!r}")


def _luminance(rgb: tuple[float, float, float]) -> float:
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{int(c):02x}" for c in rgb)


def _is_grey(rgb: tuple[float, float, float]) -> bool:
    return max(rgb) - min(rgb) <= 8  # greys and the near-white land of the map


def test_contrast_arithmetic_matches_wcag_examples():
    assert contrast(_rgb("#000"), _rgb("#fff")) == pytest.approx(21)
    assert contrast(_rgb("#777777"), _rgb("white")) == pytest.approx(4.48, abs=0.01)
    assert contrast(_rgb("rgb(0, 114, 178)"), _rgb("#ffffff")) == pytest.approx(5.17, abs=0.03)
    assert _rgb("rgba(0, 0, 0, 0)") is None and _is_grey(_rgb("#dddddd"))


# --- One load per page and width, shared by the tests of that page ---------------------------

@dataclass
class Audit:
    path: str
    visit: PageVisit
    axe: dict
    #: What the console logged while the page was read, before axe-core ran (axe fetches each
    #: style sheet's imports itself, relative to the page, and logs a 404 of its own).
    reading_errors: list[str]

    @property
    def page(self):
        return self.visit.page


def _screenshot(page, path: Path, viewport: dict) -> None:
    """The top of the page (:data:`SCREENS_SHOWN` screens, or all of a shorter page) as PNG."""
    height = min(page.evaluate("document.documentElement.scrollHeight"),
                 SCREENS_SHOWN * viewport["height"])
    page.screenshot(path=str(path), full_page=True,
                    clip={"x": 0, "y": 0, "width": viewport["width"], "height": height})


def _write_summary(summary: dict) -> None:
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    totals = Counter()
    for counts in summary.values():
        totals.update(counts["impacts"])
    (AXE_DIR / "summary.json").write_text(
        json.dumps({"pages": summary, "totals": {i: totals[i] for i in IMPACTS}}, indent=2,
                   sort_keys=True) + "\n", encoding="utf-8")
    lines = [f"axe-core audit of {len(summary)} page(s), violations (rules) by impact: "
             + ", ".join(f"{i} {totals[i]}" for i in IMPACTS)]
    for stem, counts in summary.items():
        rules = ", ".join(f"{rule} ({impact}, {nodes} node{'s' * (nodes != 1)})"
                          for rule, impact, nodes in counts["rules"]) or "none"
        lines.append(f"  {stem}: {rules}")
        if counts["chart_marks_below_3_to_1"]:
            lines.append(f"    chart mark colours under 3:1 against the page (WCAG 1.4.11, data also"
                         f" in the table): {', '.join(counts['chart_marks_below_3_to_1'])}")
    lines.append(f"  full reports: {AXE_DIR.relative_to(ROOT)}/<page>.json; screenshots: "
                 f"{SHOTS.relative_to(ROOT)}/<page>-1280.png and <page>-375.png (first "
                 f"{SCREENS_SHOWN} screens)")
    # Printed after the run by the terminal summary hook in tests/conftest.py.
    (AXE_DIR / "summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def axe_summary(request):
    summary: dict[str, dict] = {}
    yield summary
    if summary:
        _write_summary(dict(sorted(summary.items(), key=lambda item: _page_order(item[0]))))


def _page_order(stem: str) -> int:
    return [_stem(p) for p in PAGES].index(stem)


_MARK_COLOURS = """() => [...document.querySelectorAll('.isil-chart-view svg g[class*="mark-"]')]
    .filter(g => !/role-(axis|legend|title)/.test(g.getAttribute('class')))
    .flatMap(g => [...g.children]).flatMap(el => [el.getAttribute('fill'), el.getAttribute('stroke')])
    .filter(Boolean)"""


def _tab(browser, viewport: dict):
    """A tab at one width that reads the pages in turn (see ReadingTab)."""
    context = browser.new_context(viewport=viewport)
    tab = ReadingTab(context)
    yield tab
    tab.close()
    context.close()


@pytest.fixture(scope="module")
def desktop_tab(browser):
    yield from _tab(browser, DESKTOP)


@pytest.fixture(scope="module")
def phone_tab(browser):
    yield from _tab(browser, PHONE)


@pytest.fixture(scope="module", params=PAGES)
def desktop(request, desktop_tab, site_url, axe_summary):
    """The page at 1280 pixels: screenshot taken, axe run and its report written."""
    from axe_playwright_python.sync_playwright import Axe

    path = request.param
    visit = desktop_tab.read(f"{site_url}/{path}")
    reading_errors = list(visit.console_errors)
    SHOTS.mkdir(parents=True, exist_ok=True)
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    _screenshot(visit.page, SHOTS / f"{_stem(path)}-1280.png", DESKTOP)
    result = Axe().run(visit.page).response
    (AXE_DIR / f"{_stem(path)}.json").write_text(json.dumps(result, indent=1) + "\n",
                                                  encoding="utf-8")
    low = sorted({c for c in visit.page.evaluate(_MARK_COLOURS)
                  if (rgb := _rgb(c)) and not _is_grey(rgb)
                  and contrast(rgb, (255.0, 255.0, 255.0)) < 3})
    axe_summary[_stem(path)] = {
        "impacts": dict(Counter(v["impact"] for v in result["violations"])),
        "rules": [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]],
        "incomplete": [v["id"] for v in result["incomplete"]],
        "chart_marks_below_3_to_1": low,
    }
    yield Audit(path, visit, result, reading_errors)
    visit.close()


@pytest.fixture(scope="module", params=PAGES)
def phone(request, phone_tab, site_url):
    """The page at 375 pixels, screenshot taken."""
    path = request.param
    visit = phone_tab.read(f"{site_url}/{path}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    _screenshot(visit.page, SHOTS / f"{_stem(path)}-375.png", PHONE)
    yield Audit(path, visit, {}, list(visit.console_errors))
    visit.close()


# --- axe-core ----------------------------------------------------------------------------------

def test_axe_finds_no_violation_of_any_impact(desktop):
    assert desktop.axe["testEngine"]["name"] == "axe-core"
    assert len(desktop.axe["passes"]) > 20, "axe ran no checks"
    grave = [f"{v['id']} ({v['impact']}): {v['help']} at "
             + "; ".join(", ".join(n["target"]) for n in v["nodes"][:5])
             for v in desktop.axe["violations"]]  # not even moderate or minor ones
    assert grave == [], f"{desktop.path}: {grave}"
    report = json.loads((AXE_DIR / f"{_stem(desktop.path)}.json").read_text(encoding="utf-8"))
    assert report["url"].endswith(desktop.path) and "violations" in report
    _assert_screenshot(SHOTS / f"{_stem(desktop.path)}-1280.png", desktop.page, DESKTOP)


def _assert_screenshot(path: Path, page, viewport: dict) -> None:
    """A PNG as wide as the viewport, as tall as the page's first screens (or the page)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = (int.from_bytes(data[at:at + 4], "big") for at in (16, 20))
    assert width == viewport["width"], f"{path} is not {viewport['width']} pixels wide"
    page_height = page.evaluate("document.documentElement.scrollHeight")
    assert height == min(page_height, SCREENS_SHOWN * viewport["height"]), (path, height)


# --- Charts: role, name, description, table, palette, contrast ---------------------------------

_FIGURES = """() => [...document.querySelectorAll('figure.isil-chart')].map(f => {
    const view = f.querySelector('.isil-chart-view'), table = f.querySelector('table');
    const spec = JSON.parse(f.querySelector('script.isil-spec').textContent);
    return {id: f.id, role: view.getAttribute('role'), label: view.getAttribute('aria-label'),
            tabindex: view.getAttribute('tabindex'),
            svgHidden: view.querySelector('svg').getAttribute('aria-hidden'),
            caption: f.querySelector('figcaption').textContent.replace(/\\s+/g, ' ').trim(),
            title: spec.title, description: spec.description,
            summary: f.querySelector('details > summary')?.textContent.trim(),
            tableCaption: table?.querySelector('caption')?.textContent.trim(),
            headers: [...(table?.querySelectorAll('thead th') || [])].map(
                th => [th.getAttribute('scope'), th.textContent.trim()]),
            firstRow: table?.querySelector('tbody tr')?.children.length ?? 0,
            rows: table?.querySelectorAll('tbody tr').length ?? 0,
            range: spec.config?.range?.category};
})"""


def _text(value) -> str:
    """A spec's title: a string, or a dict whose text may be lines (a wrapped title)."""
    text = value["text"] if isinstance(value, dict) else value
    return " ".join(text) if isinstance(text, list) else str(text)


def test_every_chart_draws_offline_without_errors(desktop):
    """The root edition's pages (tests/test_site.py reads the older editions' the same way)."""
    assert_every_chart_drew(desktop.visit, desktop.path, desktop.reading_errors)


def test_charts_have_a_role_a_name_a_description_and_a_data_table(desktop):
    figures = desktop.page.evaluate(_FIGURES)
    if desktop.path in NO_CHARTS:
        assert not figures, f"{desktop.path}: {len(figures)} charts"
    else:
        said = desktop.page.locator(CHART_SENTENCE).count()
        assert figures or said or "gives a figure" in desktop.page.inner_text("article"), \
            f"{desktop.path}: neither a chart nor what it would show"
    for figure in figures:
        title, description = _text(figure["title"]), figure["description"]
        assert figure["role"] == "img", figure["id"]
        assert figure["label"] == f"{title}. {description}", figure["id"]
        assert figure["svgHidden"] == "true", f"{figure['id']}: the drawing is not hidden"
        # The accessible name as the browser's accessibility tree computes it.
        view = desktop.page.locator(f"#{figure['id']}").get_by_role("img", name=figure["label"],
                                                                    exact=True)
        assert view.count() == 1, f"{figure['id']}: no img named {figure['label']!r}"
        named = desktop.page.get_by_role("figure", name=figure["caption"], exact=True)
        assert named.count() == 1, f"{figure['id']}: the figure is not named by its caption"
        assert figure["caption"].startswith(f"{title}. {description}"), figure["id"]
        assert figure["summary"] == f"Data table: {title}"
        assert figure["tableCaption"] == title
        assert figure["headers"] and all(scope == "col" and text for scope, text
                                         in figure["headers"]), figure["headers"]
        assert figure["rows"] > 0 and figure["firstRow"] == len(figure["headers"])


def test_charts_use_the_okabe_ito_palette(desktop):
    scheme = {c.lower() for c in OKABE_ITO}
    for figure in desktop.page.evaluate(_FIGURES):
        category = [c.lower() for c in figure["range"]]
        assert set(category) <= scheme and len(set(category)) >= 5, (figure["id"], category)
    drawn = {c.lower() for c in desktop.page.evaluate(_MARK_COLOURS)}
    chromatic = {c for c in drawn if (rgb := _rgb(c)) and not _is_grey(rgb)}
    outside = {c for c in chromatic if _hex(_rgb(c)) not in scheme}
    assert outside == set(), f"{desktop.path}: chart colours outside Okabe–Ito: {outside}"


_CHART_TEXT = """() => [...document.querySelectorAll('.isil-chart-view svg text')]
    .filter(t => t.textContent.trim()).map(t => [t.textContent.trim(),
        getComputedStyle(t).fill, parseFloat(getComputedStyle(t).fontSize)])"""


def test_chart_text_contrast_passes(desktop):
    background = _rgb(desktop.page.evaluate("getComputedStyle(document.body).backgroundColor"))
    assert background == (255.0, 255.0, 255.0)
    texts = desktop.page.evaluate(_CHART_TEXT)
    if desktop.page.locator("figure.isil-chart").count():
        assert texts, f"{desktop.path}: charts without text"
    for text, fill, size in texts:
        ratio = contrast(_rgb(fill), background)
        assert ratio >= 4.5, f"{desktop.path}: {text!r} in {fill} is {ratio:.2f}:1 at {size}px"


# --- Keyboard ----------------------------------------------------------------------------------

_MARK_TARGETS = """() => {
    const visible = e => e.getClientRects().length > 0
        && getComputedStyle(e).visibility !== 'hidden'
        && !e.closest('details:not([open]) > :not(summary)');
    const targets = [...document.querySelectorAll(
        'a[href], summary, [role="tab"], .isil-chart-view[tabindex]')].filter(visible);
    targets.forEach((e, i) => e.dataset.kbTarget = String(i));
    window.__focused = [];
    document.addEventListener('focusin', event => {
        const e = event.target, style = getComputedStyle(e);
        window.__focused.push({target: e.dataset.kbTarget ?? null,
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
                     || style.boxShadow !== 'none'});
    });
    return targets.map(e => ({id: e.dataset.kbTarget, tag: e.tagName.toLowerCase(),
        cls: e.getAttribute('class') || '', text: e.textContent.trim().slice(0, 60),
        href: e.getAttribute('href')}));
}"""


def test_keyboard_reaches_every_link_summary_and_chart(desktop):
    page = desktop.page
    page.evaluate("window.scrollTo(0, 0); document.activeElement?.blur()")
    targets = page.evaluate(_MARK_TARGETS)
    kinds = Counter("cite" if "isil-cite" in t["cls"] else
                    "switcher" if "isil-editions-toggle" in t["cls"] else
                    t["tag"] if t["tag"] != "div" else "chart" for t in targets)
    assert kinds["switcher"] == 1, f"{desktop.path}: the edition switcher is not reachable"
    soup = BeautifulSoup((ROOT / "_build" / "html" / desktop.path).read_text(encoding="utf-8"),
                         "html.parser")
    cites = [a for a in soup.select("article a.isil-cite") if not a.find_parent("details")]
    assert kinds["cite"] == len(cites), f"{desktop.path}: citations hidden from the keyboard"
    wanted = {t["id"] for t in targets}
    for _ in range((len(targets) + 60) // 10):  # every target, and the browser's own stops
        for _ in range(10):
            page.keyboard.press("Tab")
        if wanted <= set(page.evaluate("window.__focused.map(f => f.target)")):
            break
    focused = page.evaluate("window.__focused")
    reached = {f["target"] for f in focused if f["target"] is not None}
    missed = [t for t in targets if t["id"] not in reached]
    assert missed == [], f"{desktop.path}: never reached with Tab: {missed[:8]}"
    assert kinds["a"] + kinds["cite"] > 10
    charts = desktop.page.locator("figure.isil-chart").count()
    assert kinds["chart"] == charts and kinds["summary"] >= charts, kinds
    unmarked = [t for t in targets if "isil-cite" in t["cls"] or t["tag"] == "summary"
                or "isil-chart-view" in t["cls"]
                if not any(f["target"] == t["id"] and f["outline"] for f in focused)]
    assert unmarked == [], f"{desktop.path}: focus not visible on {unmarked[:5]}"


def test_data_tables_open_from_the_keyboard(desktop):
    page = desktop.page
    summaries = page.locator("details.isil-table > summary")
    for index in range(summaries.count()):
        summary = summaries.nth(index)
        summary.focus()
        page.keyboard.press("Enter")
        details = summary.locator("xpath=..")
        assert details.evaluate("d => d.open"), f"{desktop.path}: table {index} did not open"
        assert details.locator("table").is_visible()
        for _ in range(4):  # the scrolling table may take a stop before the CSV link
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('isil-csv')"):
                break
        assert page.evaluate("document.activeElement.classList.contains('isil-csv')"), index
        summary.focus()
        page.keyboard.press("Space")
        assert not details.evaluate("d => d.open")


_TOOLTIP = """() => { const t = document.getElementById('vg-tooltip-element');
    return t && t.classList.contains('visible') ? t.innerText.replace(/\\s+/g, ' ').trim() : null; }"""


def test_chart_tooltips_work_from_the_keyboard(desktop):
    page = desktop.page
    views = page.locator(".isil-chart-view")
    for index in range(views.count()):
        view = views.nth(index)
        assert view.get_attribute("tabindex") == "0", f"{desktop.path}: chart {index} not focusable"
        view.focus()
        assert page.evaluate(_TOOLTIP) is None
        page.keyboard.press("ArrowRight")
        shown = page.evaluate(_TOOLTIP)
        live = view.locator("xpath=following-sibling::p[@aria-live='polite']").inner_text()
        assert shown and live, f"{desktop.path}: chart {index} shows no tooltip from the keyboard"
        first_key = live.split(":")[0]
        assert shown.startswith(first_key), (shown, live)
        page.keyboard.press("Home")
        assert view.get_attribute("data-tooltip-index") == "0"
        page.keyboard.press("ArrowLeft")  # wraps round to the last mark
        last = view.get_attribute("data-tooltip-index")
        page.keyboard.press("End")
        assert page.evaluate(_TOOLTIP) and view.get_attribute("data-tooltip-index") == last
        page.keyboard.press("Escape")
        assert page.evaluate(_TOOLTIP) is None


# --- Phone width -------------------------------------------------------------------------------

def test_phone_width_never_scrolls_sideways(phone):
    width, inner = phone.page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert inner == PHONE["width"]
    _assert_screenshot(SHOTS / f"{_stem(phone.path)}-375.png", phone.page, PHONE)
    assert width <= inner, f"{phone.path}: the page is {width}px wide on a {inner}px screen"


def test_phone_width_charts_fit_their_container(phone):
    sizes = phone.page.evaluate("""() => [...document.querySelectorAll('figure.isil-chart')]
        .map(f => { const v = f.querySelector('.isil-chart-view');
            const spec = JSON.parse(f.querySelector('script.isil-spec').textContent);
            const svg = v.querySelector('svg');
            const axes = [...svg.querySelectorAll('g.role-axis')]
                .filter(g => /^X-axis/.test(g.getAttribute('aria-label') || ''))
                .map(g => g.querySelector('.role-axis-domain').getBoundingClientRect().width);
            return [f.id, svg.getBoundingClientRect().width, v.getBoundingClientRect().width,
                    spec.width ?? null, axes]; })""")
    for name, svg, container, spec_width, axes in sizes:
        assert container <= PHONE["width"], name
        assert 0 < svg <= container + 0.5, f"{phone.path}: {name} is {svg}px in {container}px"
        if spec_width == "container":
            assert svg >= container - 2, f"{phone.path}: {name} did not resize ({svg}/{container})"
        # labels and legend leave the data room: each x axis spans a good part of the chart
        assert all(axis >= 0.4 * svg for axis in axes), f"{phone.path}: {name} plots in {axes}px"


# --- What the charts draw, and how they read at both widths ------------------------------------

#: Figure charts: those that draw figures (the reference pages and the map draw none).
FIGURES = pd.read_csv(ROOT / "data" / "figures.csv").set_index("id")


def _figure_marks(audit: Audit) -> dict:
    result = audit.page.evaluate(FIGURE_MARKS, [list(VOUCHING.values())])
    drawn = {mark["id"] for mark in result["marks"]}
    assert drawn <= set(FIGURES.index), f"{audit.path}: marks of no figure: {drawn - set(FIGURES.index)}"
    return result


def _assert_figures_drawn_by_kind(audit: Audit) -> None:
    """Shape and fill by qualifier, a bound's arrow inside the plot on its open side, one mark
    per figure, and the colours of what vouches for a figure used for nothing else."""
    result = _figure_marks(audit)
    assert figure_mark_problems(result, FIGURES) == [], audit.path
    if audit.page.locator("figure.isil-chart[id$='-figures'], figure[id$='-series']").count():
        assert result["marks"], f"{audit.path}: figure charts whose marks name no figure"


def _assert_text_reads(audit: Audit) -> None:
    """At least 11 CSS pixels as rendered; no label touching another, sticking out of its
    drawing or cut short with an ellipsis."""
    geometry = audit.page.evaluate(CHART_TEXT_GEOMETRY)
    assert text_problems(geometry, audit.path) == []
    assert all(chart["smallest"] for chart in geometry), f"{audit.path}: a chart without text"


def test_charts_draw_each_figure_once_by_its_kind_at_desktop_width(desktop):
    _assert_figures_drawn_by_kind(desktop)


def test_charts_draw_each_figure_once_by_its_kind_at_phone_width(phone):
    _assert_figures_drawn_by_kind(phone)


def test_chart_text_reads_at_desktop_width(desktop):
    _assert_text_reads(desktop)


def test_chart_text_reads_at_phone_width(phone):
    _assert_text_reads(phone)


# --- The page: its edition, its date, how to cite it; the switcher in view ---------------------

def _assert_switcher_in_first_screen(audit: Audit, viewport: dict) -> None:
    page = audit.page
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator(".isil-editions summary").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, f"{audit.path}: switcher off-screen {box}"
    assert box["x"] + box["width"] <= viewport["width"] and \
        box["y"] + box["height"] <= viewport["height"], f"{audit.path}: switcher {box}"
    # nothing (the sticky header) covers it: its centre is its own
    covered = page.evaluate("""([x, y]) => { const e = document.elementFromPoint(x, y);
        return !e || !e.closest('.isil-editions summary'); }""",
                            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert not covered, f"{audit.path}: the switcher is covered"


def test_the_switcher_is_in_the_first_screen_at_desktop_width(desktop):
    _assert_switcher_in_first_screen(desktop, DESKTOP)


def test_the_switcher_is_in_the_first_screen_at_phone_width(phone):
    _assert_switcher_in_first_screen(phone, PHONE)


def test_every_page_names_its_edition_its_date_and_how_to_cite_it(desktop):
    import datetime
    import subprocess

    page = desktop.page
    edition = page.locator(".isil-editions a[aria-current='page']").inner_text().strip()
    title = page.title()
    assert edition in title, f"{desktop.path}: the browser title {title!r} names no edition"
    book = page.locator(".navbar-brand .logo__title").inner_text().strip()
    assert title.count(book) == 1, f"{desktop.path}: {title!r}"
    line = page.locator("article .isil-page-edition")
    assert line.count() == 1 and edition in line.inner_text()
    as_of = datetime.date.fromisoformat(line.locator("time").get_attribute("datetime"))
    assert as_of <= datetime.date.today()
    committed = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%cs", "--",
                                "data"], capture_output=True, text=True, check=False).stdout
    if committed.strip():  # the date is the data's: never before its last commit
        assert as_of >= datetime.date.fromisoformat(committed.strip()), desktop.path
    cite = page.locator("aside.isil-cite-page pre.isil-cite-text").inner_text()
    heading = page.locator("article h1").first.inner_text().strip().rstrip("#").strip()
    assert heading in cite and edition in cite and desktop.path.split("/")[-1] in cite, cite
    assert f"{as_of.day} {as_of:%B %Y}" in cite


def test_a_takeaway_sentence_stands_above_every_chart(desktop):
    said = desktop.page.evaluate("""() => [...document.querySelectorAll('figure.isil-chart')]
        .map(f => { const t = f.querySelector(':scope > p.isil-takeaway');
            const v = f.querySelector('.isil-chart-view');
            return [f.id, t ? t.textContent.trim() : '',
                    t ? t.getBoundingClientRect().bottom <= v.getBoundingClientRect().top : false]; })""")
    for name, text, above in said:
        assert text.endswith(".") and len(text.split()) >= 5, f"{desktop.path} {name}: {text!r}"
        assert above, f"{desktop.path} {name}: the takeaway is not above the chart"
    assert len({text for _, text, _ in said}) == len(said), f"{desktop.path}: a takeaway twice"


def test_tables_scroll_in_their_box_and_say_yes_or_no(phone):
    tables = phone.page.evaluate("""() => [...document.querySelectorAll('table.isil-data')]
        .map(t => [!!t.parentElement.closest('.isil-table-scroll'),
                   [...t.querySelectorAll('td')].map(td => td.textContent.trim())])""")
    for boxed, cells in tables:
        assert boxed, f"{phone.path}: a table outside a scrolling box"
        assert not {"True", "False"} & set(cells), f"{phone.path}: raw booleans in a table"
