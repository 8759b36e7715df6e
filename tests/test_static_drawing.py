"""The static drawing of a chart, made at execution (vl-convert), without a build or a browser.

Deterministic bytes, laid out at the fixed width, ids namespaced by figure, paths written
compactly, and a figure that reserves the drawing's box. ``tests/test_static_charts.py`` checks
the same drawings in the built site, in Chromium.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from isilbook.book import charts
from tests.conftest import ROOT


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
    assert 'aria-hidden="true"' in root and 'class="marks isil-static isil-drawing-wide"' in root
    assert 'data-layout="wide"' in root
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
    wide = re.search(r'viewBox="0 0 640 ([\d.]+)"', html).group(1)
    narrow = re.search(r'viewBox="0 0 340 ([\d.]+)"', html).group(1)
    assert f'style="--isil-wide: 640 / {wide}; --isil-narrow: 340 / {narrow}"' in view
    assert 'data-rendered="static"' in view
    assert 'role="img" aria-label="A title. A description"' in view
    # two drawings, one per layout, and the narrow spec without data of its own
    assert html.count('data-layout="wide"') == 1 and html.count('data-layout="narrow"') == 1
    narrow_spec = re.search(r'class="isil-spec-narrow">(.*?)</script>', html).group(1)
    assert '"width":340' in narrow_spec and "datasets" not in narrow_spec


def _svg_width(svg: str) -> float:
    return float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))


def test_long_names_wrap_and_rows_grow_instead_of_being_cut_short():
    names = ["Participants at the Geneva conference on preventing violent extremism", "Short"]
    frame = pd.DataFrame({"name": names, "count": [3, 5]})
    chart = alt.Chart(frame).mark_bar().encode(y="name:N", x="count:Q").properties(
        width="container", height=60)
    spec = chart.to_dict()
    narrow = charts.laid_out(spec, charts.NARROW)
    lines = charts.wrap_label(names[0], charts.NARROW.label_chars)
    assert len(lines) >= 4 and all(len(line) <= charts.NARROW.label_chars for line in lines)
    assert " ".join(lines) == names[0], "wrapping lost or changed words"
    assert narrow["height"] == 2 * (len(lines) * charts.LINE_HEIGHT + charts.ROW_PADDING)
    axis = narrow["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0 and "regexp" in axis["labelExpr"]
    svg = charts.static_svg(narrow, "n", charts.NARROW)
    assert _svg_width(svg) == charts.NARROW.width
    drawn = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<tspan[^>]*>.*?</tspan>", svg)]
    assert drawn[:len(lines)] == lines, "the browser's wrap and the layout's differ"
    assert "\u2026" not in svg, "a label was cut short"
    assert spec["height"] == 60, "laying out changed the chart it was given"


def test_panels_are_narrowed_until_the_drawing_fits_its_layout():
    frame = pd.DataFrame({"x": [1_000_000_000.0, 2_500_000_000.0], "y": [1.0, 2.0]})
    panel = alt.Chart(frame).mark_point().encode(
        x="x:Q", y=alt.Y("y:Q", title="a long title for the value axis")).properties(width=520)
    spec = alt.vconcat(panel, panel).to_dict()
    for layout in charts.LAYOUTS:
        laid, svg = charts.drawn(charts.laid_out(spec, layout), "p", layout)
        assert _svg_width(svg) <= layout.width + 0.5, layout
        assert all(child["width"] < layout.width for child in laid["vconcat"])


def test_a_table_of_one_row_is_said_in_a_sentence_not_drawn():
    frame = pd.DataFrame({"place": ["Libya"], "paragraphs": [3], "held": [True]})
    chart = alt.Chart(frame).mark_bar().encode(y="place:N", x="paragraphs:Q")
    html = charts.figure_html(chart, name="one", title="Places", description="D", data=frame,
                              citations=['<a href="#p">para. 5</a>'])
    assert "<svg" not in html and "isil-spec" not in html
    assert html.startswith('<p class="isil-chart-sentence" id="fig-one">')
    assert "place: Libya; paragraphs: 3; held: yes" in html and "para. 5" in html
    said = charts.figure_html(chart, name="one", title="Places", description="D", data=frame,
                              citations=[], single="Libya, in <b>3</b> paragraphs")
    assert "Libya, in <b>3</b> paragraphs" in said


def test_tables_scroll_in_their_box_and_say_yes_or_no():
    frame = pd.DataFrame({"series": [True, False], "n": [1.0, 2.5]})
    html = charts.table_html(frame, "Flags")
    assert html.startswith('<div class="isil-table-scroll" tabindex="0" role="region" '
                           'aria-label="Flags">')
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert cells == ["yes", "1", "no", "2.5"]


def _figure(qualifier: str, low, high, quote: str = "") -> dict:
    return {"id": f"f-{qualifier}-{low}", "qualifier": qualifier, "low": low, "high": high,
            "quote": quote, "label": "L", "period": "P", "unit": "people",
            "vouched_by": "report text"}


def test_each_kind_of_figure_gets_its_own_glyph_and_a_vague_word_its_own_end():
    rows = pd.DataFrame([
        _figure("exact", 5.0, 5.0), _figure("around", 800.0, 800.0),
        _figure("between", 3000.0, 5000.0), _figure("more than", 40.0, None),
        _figure("up to", None, 2000.0),
        _figure("at least", 200.0, None, "several hundred fighters have returned"),
        _figure("between", 200.0, 3000.0, "between several hundred to as many as 3,000")])
    frame = charts.figure_frame(rows)
    assert list(frame["kind"]) == [charts.EXACT, charts.APPROXIMATE, charts.RANGE, charts.LOWER,
                                   charts.UPPER, charts.VAGUE_LOWER, charts.RANGE]
    assert list(frame["vague_at"].fillna(-1)) == [-1, -1, -1, -1, -1, -1, 200.0]
    glyphs = {kind: charts.glyph(kind) for kind in charts.KINDS}
    assert len(set(glyphs.values())) == len(charts.KINDS), "two kinds share a glyph"
    # hollow marks are an outline and a reversed inner outline: two closed parts
    assert glyphs[charts.APPROXIMATE].count("Z") == 2 and glyphs[charts.EXACT].count("Z") == 1
    # a floor's arrowhead lies right of its value, a ceiling's left; turned up/down when vertical
    head = [float(x) for x in re.findall(r"L(-?[\d.]+),0(?=L)", glyphs[charts.LOWER])]
    assert head and max(head) > 1
    upper = [float(x) for x in re.findall(r"L(-?[\d.]+),0(?=L)", glyphs[charts.UPPER])]
    assert upper and min(upper) < -1
    vertical = charts.glyph(charts.LOWER, vertical=True)
    assert re.search(r"L0,-2(?=L)", vertical), "a floor points up on a vertical axis"
    # the axis runs past the largest floor, so its arrow is never on the edge
    assert charts.open_side_domain(frame)[1] >= 200 * 1.3 and \
        charts.open_side_domain(frame)[1] >= 5000


def test_each_figure_is_drawn_once_and_the_legend_lists_only_what_is_drawn():
    rows = pd.DataFrame([_figure("exact", 5.0, 5.0), _figure("between", 3000.0, 5000.0),
                         _figure("between", 200.0, 3000.0, "several hundred to 3,000")])
    chart = charts.range_chart(rows, value_title="people")
    spec = charts.drawn_kinds_only(chart.to_dict())
    with_tooltip = [layer for layer in spec["layer"]
                    if layer.get("encoding", {}).get("tooltip", {}) != {"value": None}]
    kept = [layer.get("transform", [{}])[0].get("filter") for layer in with_tooltip]
    assert kept == ["datum.kind == 'range'", "datum.kind != 'range'"], \
        "a figure would carry its tooltip on more than one mark"
    legends = [layer["encoding"]["shape"]["legend"]["values"] for layer in spec["layer"]
               if "shape" in layer.get("encoding", {})]
    assert legends and all(values == [charts.EXACT, charts.RANGE, charts.VAGUE_END]
                           for values in legends)


def test_counts_are_ticked_in_whole_numbers():
    rows = pd.DataFrame([{**_figure("exact", 4.0, 4.0), "unit": "districts"},
                         {**_figure("exact", 3.0, 3.0), "unit": "districts", "id": "b"}])
    chart = charts.range_chart(rows, value_title="districts")
    for layout in charts.LAYOUTS:
        svg = charts.static_svg(charts.laid_out(chart.to_dict(), layout), "c", layout)
        ticks = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)
                 if re.fullmatch(r"[\d.,]+", t)]
        assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), (layout.name, ticks)


def test_the_time_axis_follows_the_editions():
    """A newly added edition, however late, sits inside the series' time axis."""
    from isilbook.book.charts import series_domain

    dates = list(pd.read_csv(ROOT / "data" / "editions.csv")["date"]) + ["2031-07-31"]
    start, end = series_domain(dates)
    assert start < min(dates) and end > "2031-07-31"
