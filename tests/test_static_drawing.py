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
