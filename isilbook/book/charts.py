"""Charts for the book: one theme, ranges and bounds drawn honestly, every chart accessible.

A chart is published as a ``<figure>`` holding a static SVG drawing of the chart (rendered at
execution by vl-convert, so it shows at first paint, without JavaScript and in print), the
Vega-Lite spec as inert JSON, a caption with its title, description and citations, and a
collapsible data table with a CSV download. The site's own ``_static/isil-charts.js`` swaps the
drawing for the interactive view (tooltips, keyboard) only when a chart nears the viewport or
gets focus, loading the locally served Vega bundle then: no page needs the network, and no chart
output carries a random id (outputs stay deterministic, strict nbval passes).
"""

from __future__ import annotations

import html
import json
import math
import re
import urllib.parse
from dataclasses import dataclass
from typing import Final

import altair as alt
import numpy as np
import pandas as pd
import vl_convert

from isilbook.data import schema
from isilbook.data.numbers import VAGUE, find_numbers

BLUE: Final = "#0072B2"
VERMILLION: Final = "#D55E00"
#: Okabe & Ito's colour-blind-safe palette (Color Universal Design), ordered so that the first
#: five categories all reach 3:1 contrast on white (orange, sky blue and yellow come last).
OKABE_ITO: Final = [BLUE, VERMILLION, "#009E73", "#CC79A7", "#000000", "#56B4E9", "#E69F00",
                    "#F0E442"]
FONT: Final = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
#: Colours for categories that are not what vouches for a figure (places by kind, counts side
#: by side, map regions): Okabe & Ito's others, so no colour means two things in the book.
CATEGORY: Final = ["#000000", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]
#: Ink for marks that are not figures (counts, the series' editions, rings): black and greys
#: only, so that no colour means two things across the book.
INK: Final = "#000000"
GREY: Final = "#767676"
#: What vouches for a figure -> its colour, on every chart that draws figures. These three
#: colours mean this and nothing else anywhere in the book (maps and counts use others).
VOUCHING_COLOURS: Final = {"report text": BLUE, "coverage of the report": "#009E73",
                           "briefer": VERMILLION}

# --- How a figure is drawn ------------------------------------------------------------------
#: The kinds of figure a chart tells apart, in legend order. A qualifier gives the kind; a
#: vague word ("several hundred") read as a number marks the end it gives as uncertain.
EXACT, APPROXIMATE, RANGE, LOWER, UPPER = ("exact", "approximate", "range", "lower bound",
                                           "upper bound")
VAGUE_LOWER, VAGUE_UPPER = "lower bound, vague word", "upper bound, vague word"
VAGUE_END: Final = "end from a vague word"
KINDS: Final = (EXACT, APPROXIMATE, RANGE, LOWER, UPPER, VAGUE_LOWER, VAGUE_UPPER, VAGUE_END)
KIND_OF_QUALIFIER: Final = {"exact": EXACT, "around": APPROXIMATE, "between": RANGE,
                            "more than": LOWER, "at least": LOWER, "fewer than": UPPER,
                            "up to": UPPER}
def _ring(points: list[tuple[float, float]], hole: float) -> list[list[tuple[float, float]]]:
    """An outline and the same outline shrunk and reversed: filled, it draws as a hollow mark
    (SVG's nonzero rule), so a hollow mark keeps its colour in the drawing and the legend."""
    return [points, [(x * hole, y * hole) for x, y in reversed(points)]]


_CIRCLE = [(math.cos(a * math.pi / 12), math.sin(a * math.pi / 12)) for a in range(24)]
_DIAMOND = [(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)]
#: A bound: a stem at the stated value and an arrowhead on the side where the truth lies.
_STEM = [(-0.25, -1.5), (0.25, -1.5), (0.25, 1.5), (-0.25, 1.5)]
_HEAD = [(0.25, -1.0), (2.0, 0.0), (0.25, 1.0)]
_VAGUE_HEAD = [(1.05, -1.0), (2.8, 0.0), (1.05, 1.0)]
#: Glyphs drawn along a horizontal value axis (x grows to the right), value at (0, 0).
_GLYPHS: Final = {
    EXACT: [_CIRCLE],
    APPROXIMATE: _ring(_CIRCLE, 0.55),
    RANGE: [[(-1.6, -0.45), (1.6, -0.45), (1.6, 0.45), (-1.6, 0.45)]],
    LOWER: [_STEM, _HEAD],
    UPPER: [[(-x, y) for x, y in reversed(part)] for part in (_STEM, _HEAD)],
    VAGUE_LOWER: [*_ring(_DIAMOND, 0.45), _VAGUE_HEAD],
    VAGUE_UPPER: [[(-x, y) for x, y in reversed(part)]
                  for part in (*_ring(_DIAMOND, 0.45), _VAGUE_HEAD)],
    VAGUE_END: _ring(_DIAMOND, 0.62),
}


def glyph(kind: str, vertical: bool = False) -> str:
    """The SVG path of a kind's mark (Vega scales it by the mark's size).

    On a vertical value axis the glyph is turned a quarter so that a bound still points the
    way the truth lies (up for a floor, down for a ceiling).
    """
    parts = _GLYPHS[kind]
    if vertical:
        parts = [[(y, -x) for x, y in part] for part in parts]
    return "".join("M" + "L".join(f"{x:.3g},{y:.3g}" for x, y in part) + "Z" for part in parts)


def vague_word_at(figure: pd.Series, value: float) -> bool:
    """Whether the figure's ``value`` is a reading of a vague word in its quote ("several
    hundred" read as 200), by the extractor's one table of vague words."""
    quote = figure.get("quote")
    if not isinstance(quote, str) or pd.isna(value):
        return False
    return any(span.kind == VAGUE and math.isclose(span.value, float(value), rel_tol=1e-9)
               for span in find_numbers(quote))


def figure_kind(figure: pd.Series) -> str:
    """The kind of mark a figure gets: its qualifier's, a bound read from a vague word apart."""
    kind = KIND_OF_QUALIFIER[figure["qualifier"]]
    if kind == LOWER and vague_word_at(figure, figure["low"]):
        return VAGUE_LOWER
    if kind == UPPER and vague_word_at(figure, figure["high"]):
        return VAGUE_UPPER
    return kind


def vague_end(figure: pd.Series) -> float | None:
    """Where a range's end read from a vague word lies, or ``None`` (no such end); a range
    with two vague ends ("hundreds to thousands") is marked at its low end."""
    if figure["qualifier"] != "between":
        return None
    for end in ("low", "high"):
        if vague_word_at(figure, figure[end]):
            return float(figure[end])
    return None


def kind_scale(vertical: bool = False) -> alt.Scale:
    """The shape scale of figure kinds: the same on every panel and chart, so panels can share
    it; :func:`drawn_kinds_only` then lists in the legend only the kinds a chart draws."""
    return alt.Scale(domain=list(KINDS), range=[glyph(k, vertical) for k in KINDS])


def drawn_kinds_only(spec: dict) -> dict:
    """The spec with each kind legend listing only the kinds its chart draws (a legend entry
    with nothing drawn would be a promise the chart does not keep). Changes ``spec`` in place.
    """
    rows = [row for values in spec.get("datasets", {}).values() for row in values
            if isinstance(row, dict)]
    drawn = {row["kind"] for row in rows if row.get("kind") in KINDS}
    if any(row.get("vague_at") is not None for row in rows if "vague_at" in row):
        drawn.add(VAGUE_END)

    def visit(node: object) -> None:
        if isinstance(node, dict):
            shape = node.get("shape")
            if isinstance(shape, dict) and shape.get("field") == "kind" \
                    and isinstance(shape.get("legend"), dict):
                shape["legend"]["values"] = [k for k in KINDS if k in drawn]
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)
    visit(spec)
    return spec


def vouching_colour(legend: bool = True) -> alt.Color:
    """Colour by what vouches for a figure: the book's one colour rule for figures."""
    return alt.Color("vouched_by:N", title="Vouched for by",
                     scale=alt.Scale(domain=list(VOUCHING_COLOURS),
                                     range=list(VOUCHING_COLOURS.values())),
                     legend=alt.Legend(orient="bottom", direction="horizontal", columns=1,
                                       labelLimit=0) if legend else None)


def theme() -> alt.theme.ThemeConfig:
    """The book's one chart theme."""
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "range": {"category": CATEGORY},
            "axis": {"labelFontSize": TEXT_SIZE, "titleFontSize": TEXT_SIZE,
                     "labelColor": "#222", "titleColor": "#222", "gridColor": "#ddd"},
            "legend": {"labelFontSize": TEXT_SIZE, "titleFontSize": TEXT_SIZE,
                       "labelColor": "#222", "titleLimit": 0, "labelOffset": 10},
            "text": {"fontSize": TEXT_SIZE},
            "title": {"fontSize": 15, "anchor": "start", "color": "#111", "subtitleColor": "#333"},
            "mark": {"color": INK},
        }
    }


alt.theme.register("isilbook", enable=True)(theme)


def table_html(data: pd.DataFrame, caption: str) -> str:
    """A table in a box of its own that scrolls sideways (a keyboard stop, named by its
    caption), so a wide table never squeezes its words letter by letter on a phone."""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in data.columns)
    rows = []
    for values in data.itertuples(index=False):
        cells = "".join(f"<td>{html.escape(_cell(v))}</td>" for v in values)
        rows.append(f"<tr>{cells}</tr>")
    return (f'<div class="isil-table-scroll" tabindex="0" role="region" '
            f'aria-label="{html.escape(caption, quote=True)}">'
            f'<table class="isil-data"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def _cell(value: object) -> str:
    """A value as a reader reads it: blank for nothing, "yes"/"no", whole numbers in full."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return str(value)


def spec_json(spec: dict) -> str:
    """A Vega-Lite spec as JSON that is inert inside HTML (``<`` escaped)."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class Layout:
    """One width a chart is laid out for, and what fits at that width.

    A chart is drawn once per layout, each drawing laid out for the columns it is shown in
    (CSS picks one by the figure's own width) and scaled only a little: text keeps its size
    on a phone instead of shrinking with a drawing made for a desktop column.
    """

    name: str
    #: The drawing's width in CSS pixels.
    width: int
    #: Characters per line of a wrapped category label (an axis of names).
    label_chars: int
    #: The narrowest figure this drawing is shown in (CSS pixels): text is never scaled by
    #: less than ``shown_from / width``.
    shown_from: int


#: Desktop and tablet columns (560 pixels and wider) and phones. Text drawn at 13 pixels is
#: at least 11.4 on screen in either: 560/640 of it on the narrowest desktop column, and on a
#: phone the narrow drawing is shown at about its own width.
WIDE: Final = Layout("wide", 640, 34, 560)
NARROW: Final = Layout("narrow", 340, 17, 0)
LAYOUTS: Final = (WIDE, NARROW)
#: The width (CSS pixels) the wide drawing is laid out at (see :data:`WIDE`).
STATIC_WIDTH: Final = WIDE.width
#: Chart text size in the drawing's own pixels (axis labels, legends, mark labels).
TEXT_SIZE: Final = 13
#: Height of one line of a wrapped label, and the space around a row's labels.
LINE_HEIGHT: Final = 16
ROW_PADDING: Final = 12
#: Width given to a numeric axis' labels when panels are laid out side by side in a column.
NUMBER_AXIS: Final = 96
#: The height of a panel of numbers when a chart stacks three or more of them.
PANEL_HEIGHT: Final = 105
#: Pixels between a ceiling's value and the axis' zero that its arrow needs.
ARROW_ROOM: Final = 18
#: Paths with more points than this (map outlines) keep whole pixels: at 640 pixels sub-pixel
#: detail is invisible and it would double the page's weight.
LONG_PATH_POINTS: Final = 12
#: The font text is measured in when drawn offline. The drawing is shown in the reader's own
#: font (the book's font stack), which vl-convert cannot know: measuring in a wide font (DejaVu
#: Sans, Chromium's system-ui on Debian) keeps truncated labels and legends inside the drawing
#: wherever the reader's font is no wider.
MEASURE_FONT: Final = "DejaVu Sans"
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
#: Per-mark ARIA of Vega's SVG: the drawing is hidden from assistive technology as a whole (the
#: figure's name, caption and table carry its content), so these only weigh the page down.
_MARK_ARIA = re.compile(r'\s(?:role|aria-label|aria-roledescription|aria-hidden)="[^"]*"')


def vega_lite_version() -> str:
    """Altair's Vega-Lite major.minor, e.g. ``6.4`` (vl-convert must draw the same version)."""
    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def wrap_label(text: str, chars: int) -> list[str]:
    """A label cut into lines of at most ``chars`` characters at spaces (a longer word keeps
    its line): the same cut as :func:`wrap_expression` makes in the browser.

    >>> wrap_label("ISIL fighters in Libya (as of May 2016)", 17)
    ['ISIL fighters in', 'Libya (as of May', '2016)']
    """
    return [line for line in re.sub(rf"(.{{1,{chars}}})(\s+|$)", "\\1\n", text).strip().split("\n")
            if line] or [text]


def wrap_expression(chars: int, field: str = "datum.label") -> str:
    """A Vega expression giving ``field`` as lines (an array), cut as :func:`wrap_label` cuts."""
    return (f"split(trim(replace({field}, regexp('(.{{1,{chars}}})(\\\\s+|$)', 'g'), "
            f"'$1\\n')), '\\n')")


def _datasets(spec: dict) -> dict[str, list]:
    return spec.get("datasets", {})


def _category_fields(view: dict, channel: str) -> list[str]:
    """Fields of a view (or its layers) shown as names along ``channel`` (nominal/ordinal)."""
    encodings = [view.get("encoding", {})] + [layer.get("encoding", {})
                                             for layer in view.get("layer", [])]
    return [e[channel]["field"] for e in encodings
            if isinstance(e.get(channel), dict) and e[channel].get("type") in ("nominal", "ordinal")
            and "field" in e[channel]]


def _values(view: dict, data: object, datasets: dict) -> list[dict]:
    data = view.get("data", data)
    if isinstance(data, dict) and "name" in data:
        return datasets.get(data["name"], [])
    if isinstance(data, dict) and isinstance(data.get("values"), list):
        return data["values"]
    return []


def _lay_out_axes(view: dict, layout: Layout) -> None:
    """Category labels wrapped to the layout's width, never cut short; number axes that tick
    whole numbers keep their labels apart."""
    for encoding in [view.get("encoding", {})] + [layer.get("encoding", {})
                                                 for layer in view.get("layer", [])]:
        for channel in ("x", "y"):
            definition = encoding.get(channel)
            if not isinstance(definition, dict) or definition.get("axis", {}) is None:
                continue
            axis = definition.setdefault("axis", {})
            if definition.get("type") in ("nominal", "ordinal"):
                chars = layout.label_chars if channel == "y" else max(8, layout.label_chars // 2)
                axis.update(labelExpr=wrap_expression(chars), labelLimit=0,
                            labelLineHeight=LINE_HEIGHT)
                if channel == "y":  # a label of several lines is centred on its row
                    axis["labelOffset"] = {"expr": f"-(length({wrap_expression(chars)}) - 1)"
                                                   f" * {LINE_HEIGHT / 2:g}"}
            else:
                axis.setdefault("labelOverlap", True)
                axis.setdefault("labelSeparation", 6)
                # Labels of ticks near an end are aligned inward: the last year or number
                # stays inside the drawing.
                axis.setdefault("labelFlush", 30)
            title = axis.get("title", definition.get("title"))
            if channel == "x" and isinstance(title, str):
                axis["title"] = wrap_label(title, (layout.width - layout.label_chars * 8) // 8)


def _lay_out_view(view: dict, layout: Layout, data: object, datasets: dict,
                  width: int | None) -> None:
    """Lay one view (and what it holds) out for ``layout``, given the width it may take."""
    data = view.get("data", data)
    _lay_out_axes(view, layout)
    title = view.get("title")
    if isinstance(title, str) and width:
        view["title"] = {"text": wrap_label(title, max(12, width // 9))}
    elif isinstance(title, dict) and isinstance(title.get("text"), str) and width:
        title["text"] = wrap_label(title["text"], max(12, width // 9))
    for key in ("vconcat", "hconcat", "concat"):
        children = view.get(key, [])
        for child in children:
            # Three panels or more in a column: each shorter, so the chart and its caption
            # still fit on one printed page (rows of names keep the height they need).
            if len(children) >= 3 and isinstance(child.get("height"), (int, float)) \
                    and not _category_fields(child, "y"):
                child["height"] = min(child["height"], max(
                    PANEL_HEIGHT, _ceiling_room(child, _values(child, data, datasets))))
            names = _category_fields(child, "y")
            label = (layout.label_chars * 8 + 12) if names else NUMBER_AXIS
            child_width = (width or layout.width) - label - 16
            if isinstance(child.get("width"), (int, float)) or child.get("width") == "container":
                child["width"] = child_width
            _lay_out_view(child, layout, data, datasets, child_width)
    for key in ("layer",):
        for child in view.get(key, []):
            _lay_out_axes(child, layout)
    # Rows tall enough for their wrapped names.
    names = _category_fields(view, "y")
    if names and isinstance(view.get("height"), (int, float)):
        rows = {str(row.get(names[0])) for row in _values(view, data, datasets)}
        if rows:  # rows share one band: each as tall as the longest label needs
            lines = max(len(wrap_label(r, layout.label_chars)) for r in rows)
            view["height"] = max(view["height"], len(rows) * (lines * LINE_HEIGHT + ROW_PADDING))
    if "projection" in view and isinstance(view.get("height"), (int, float)):
        view["height"] = round(view["height"] * layout.width / WIDE.width)


def _ceiling_room(view: dict, rows: list[dict]) -> float:
    """The height a panel needs so that each ceiling's arrow, pointing down toward zero, ends
    above the axis (the open side stays in the drawing)."""
    reach = [layer.get("encoding", {}).get("y", {}).get("scale", {}).get("domain")
             for layer in [view, *view.get("layer", [])]]
    top = next((d[1] for d in reach if isinstance(d, list) and len(d) == 2), None)
    values = [row["start"] for row in rows if row.get("kind") in (UPPER, VAGUE_UPPER)
              and isinstance(row.get("start"), (int, float)) and row["start"] > 0]
    if not top or not values:
        return 0.0
    return ARROW_ROOM * top / min(values)


def laid_out(spec: dict, layout: Layout) -> dict:
    """The spec laid out for one layout: a copy at a fixed width (vl-convert has no container),
    category labels wrapped, rows tall enough for them, panels as wide as the drawing allows.

    Vega-Lite compiles a "container" width to ``fit-x`` autosizing with padding included, so a
    fixed width with the same autosizing lays the chart out as the page would at that width.
    """
    spec = json.loads(json.dumps(spec))
    # Legends below the plot go side by side where they fit, one under another on a phone
    # (Vega's legend layout, which Altair does not know).
    spec.setdefault("config", {}).setdefault("legend", {})["layout"] = {
        "bottom": {"direction": "horizontal" if layout is WIDE else "vertical",
                   "anchor": "start"}}
    if spec.get("width") == "container":
        spec.update(width=layout.width, autosize={"type": "fit-x", "contains": "padding"})
    _lay_out_view(spec, layout, None, _datasets(spec), layout.width)
    return spec


def static_spec(spec: dict) -> dict:
    """The spec at the wide layout's fixed width (see :func:`laid_out`)."""
    if spec.get("width") != "container":
        return spec
    return {**spec, "width": STATIC_WIDTH, "autosize": {"type": "fit-x", "contains": "padding"}}


def fixed_width_layout(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A chart with its legends below the plot, one entry a line.

    Legends beside the plot, next to long axis labels, would leave the data a sliver of a
    phone's width. Legends below keep the plot wide.
    """
    return chart.configure_legend(orient="bottom", direction="vertical", columns=1,
                                  labelLimit=0)


def _number(value: float, digits: int) -> str:
    """A coordinate as short as it can be written: no trailing zeros, never ``-0``."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def compact_path(d: str) -> str:
    """SVG path data with rounded coordinates; polylines as relative moves without repeats.

    Vega writes three decimals; one is plenty at 640 pixels, and a long polyline (a country's
    outline) in relative whole pixels is a third of the size: the page stays light.
    """
    if re.search(r"[^MLZ\d.,\s eE+-]", d):  # arcs, curves: keep the commands, round the numbers
        return _NUMBER.sub(lambda m: _number(round(float(m.group()), 1), 1), d)
    digits = 0 if len(_NUMBER.findall(d)) > 2 * LONG_PATH_POINTS else 1
    out: list[str] = []
    current = start = (0.0, 0.0)
    for command, args in re.findall(r"([MLZ])([^MLZ]*)", d):
        numbers = [round(float(n), digits) for n in _NUMBER.findall(args)]
        points = list(zip(numbers[0::2], numbers[1::2]))
        if command == "Z":
            out.append("Z")
            current = start
            continue
        if command == "M" and points:
            current = start = points.pop(0)
            out.append(f"M{_number(current[0], digits)},{_number(current[1], digits)}")
        for point in points:
            if point != current:
                dx, dy = (round(point[i] - current[i], digits) for i in (0, 1))
                out.append(f"l{_number(dx, digits)},{_number(dy, digits)}")
                current = point
    return "".join(out)


def _namespace_ids(svg: str, prefix: str) -> str:
    """Ids renumbered in order of appearance and prefixed by figure, references to match.

    vl-convert numbers clip paths with a counter that runs on across charts in one process
    (``clip1`` in the first chart, ``clip3`` in the second), and many drawings share one page:
    renumbering makes each drawing's bytes depend on its own spec only, and ids unique.
    """
    order = list(dict.fromkeys(re.findall(r'\sid="([^"]+)"', svg)))
    names = {old: f"{prefix}-{index}" for index, old in enumerate(order, start=1)}
    if not names:
        return svg

    def rename(match: re.Match) -> str:
        head, old, tail = match.groups()
        return f"{head}{names.get(old, old)}{tail}"
    return re.sub(r'(\sid="|url\(#|href="#)([^")]+)([")])', rename, svg)


def static_svg(spec: dict, name: str, layout: Layout = WIDE) -> str:
    """The chart drawn offline by vl-convert as an inline SVG, ready for the page.

    ``spec`` is drawn as it is if it is laid out already (fixed width), else at the wide
    layout. The same spec always gives the same bytes (vl-convert draws no random ids, and ids
    are namespaced by figure and layout), so notebook outputs stay deterministic. The SVG is
    hidden from assistive technology, like the interactive drawing: the figure is the image.
    """
    font = spec.get("config", {}).get("font", FONT)
    measured = {**static_spec(spec), "config": {**spec.get("config", {}), "font": MEASURE_FONT}}
    svg = vl_convert.vegalite_to_svg(measured, vl_version=vega_lite_version())
    svg = svg.replace(f'font-family="{MEASURE_FONT}"', f'font-family="{html.escape(font)}"')
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg.strip())
    svg = _MARK_ARIA.sub("", svg).replace(' transform="translate(0,0)"', "")
    svg = re.sub(r'\sd="([^"]*)"', lambda m: f' d="{compact_path(m.group(1))}"', svg)
    prefix = f"fig-{name}" if layout is WIDE else f"fig-{name}-{layout.name}"
    svg = _namespace_ids(svg, prefix)
    if not re.search(r"<svg[^>]*\sviewBox=", svg):
        raise ValueError(f"{name}: vl-convert drew an SVG without a viewBox: it cannot scale")
    return svg.replace(
        "<svg ", f'<svg aria-hidden="true" focusable="false" data-layout="{layout.name}" ', 1
    ).replace('class="marks"', f'class="marks isil-static isil-drawing-{layout.name}"', 1)


def _aspect(svg: str) -> str:
    """The drawing's ``width / height`` from its viewBox, to reserve its box on the page."""
    match = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    if not match:
        raise ValueError("an SVG without a numeric viewBox")
    return f"{match.group(1)} / {match.group(2)}"


def _drawn_width(svg: str) -> float:
    return float(_aspect(svg).split(" / ")[0])


def drawn(spec: dict, name: str, layout: Layout) -> tuple[dict, str]:
    """The laid-out spec and its drawing, panels narrowed until the drawing fits its width.

    Panels side by side in a column (``vconcat``) cannot fit themselves to a width as a single
    view does; their axes' labels are only known once drawn. So the drawing is made, and if it
    comes out wider than the layout, the panels lose the excess and it is drawn again.
    """
    svg = static_svg(spec, name, layout)
    for _ in range(2):
        excess = _drawn_width(svg) - layout.width
        panels = [child for key in ("vconcat", "hconcat", "concat")
                  for child in spec.get(key, []) if isinstance(child.get("width"), (int, float))]
        if excess <= 0.5 or not panels:
            break
        for panel in panels:
            panel["width"] = max(80, int(panel["width"] - excess - 1))
        svg = static_svg(spec, name, layout)
    return spec, svg


def _sentence(data: pd.DataFrame) -> str:
    """A one-row table in words: "Column: value; ..." (blank cells left out)."""
    row = data.iloc[0]
    return "; ".join(f"{html.escape(str(column))}: {html.escape(_cell(value))}"
                     for column, value in row.items() if _cell(value))


def figure_html(chart: alt.TopLevelMixin, *, name: str, title: str, description: str,
                data: pd.DataFrame, citations: list[str], takeaway: str | None = None,
                single: str | None = None) -> str:
    """The accessible figure: takeaway, chart, caption with description and sources, table.

    Parameters
    ----------
    name
        Stable id of the figure on its page (also the CSV file name).
    title, description
        Shown in the caption and given to the chart as its accessible name and description.
    data
        The table behind the chart, exactly as a reader should be able to check it.
    citations
        HTML citation links (from :mod:`isilbook.book.cite`).
    takeaway
        One sentence (HTML) saying what the chart shows, set above it; a chart of one row
        needs none.
    single
        What to say (HTML) instead of drawing when the table has one row: one mark is no
        chart. Without it, the row is read out column by column.

    The chart is drawn for each of :data:`LAYOUTS`; CSS shows the one made for the figure's
    width, and the chart loader draws the interactive view from that layout's spec (the
    narrow spec carries no data of its own: it shares the wide one's).
    """
    sources = "; ".join(dict.fromkeys(citations))  # each source once, in order of first use
    if len(data) == 1:
        return (f'<p class="isil-chart-sentence" id="fig-{html.escape(name)}">'
                f"<strong>{html.escape(title)}</strong>: {single or _sentence(data)}"
                + (f' <span class="isil-sources">(Source: {sources}.)</span>' if sources
                   else "") + "</p>")
    if takeaway is None and {"Qualifier", "Unit"} <= set(data.columns):  # a figures table
        takeaway = figures_takeaway(data.rename(columns=str.lower))
    # One (validated) conversion to a spec serves the drawings and the interactive views:
    # converting a layered chart costs a fifth of a second.
    spec = drawn_kinds_only(fixed_width_layout(
        chart.properties(title=title, description=description)).to_dict())
    specs, svgs = {}, {}
    for layout in LAYOUTS:
        specs[layout.name], svgs[layout.name] = drawn(laid_out(spec, layout), name, layout)
    narrow = {k: v for k, v in specs[NARROW.name].items() if k != "datasets"}
    csv = data.to_csv(index=False, lineterminator="\n")
    csv_href = "data:text/csv;charset=utf-8," + urllib.parse.quote(csv)
    label = html.escape(f"{title}. {description}", quote=True)
    ratios = "; ".join(f"--isil-{layout.name}: {_aspect(svgs[layout.name])}"
                       for layout in LAYOUTS)
    return (
        f'<figure class="isil-chart" id="fig-{html.escape(name)}">'
        + (f'<p class="isil-takeaway">{takeaway}</p>' if takeaway else "")
        + f'<div class="isil-chart-view" role="img" aria-label="{label}" data-rendered="static" '
        f'style="{ratios}">{"".join(svgs.values())}</div>'
        f'<script type="application/json" class="isil-spec">{spec_json(specs[WIDE.name])}'
        f'</script><script type="application/json" class="isil-spec-narrow">'
        f"{spec_json(narrow)}</script>"
        f'<figcaption><strong>{html.escape(title)}.</strong> {html.escape(description)}'
        + (f' <span class="isil-sources">Source: {sources}.</span>' if sources else "")
        + "</figcaption>"
        f'<details class="isil-table"><summary>Data table: {html.escape(title)}</summary>'
        f"{table_html(data, title)}"
        f'<p><a class="isil-csv" download="{html.escape(name)}.csv" href="{csv_href}">'
        f"Download this table (CSV)</a></p></details></figure>"
    )


def figure_table(figures: pd.DataFrame) -> pd.DataFrame:
    """The reader-facing table behind a figures chart."""
    frame = figures.assign(
        paragraph=figures["paragraph"].astype("Int64").astype("string").fillna("–"),
    )
    return frame[["label", "qualifier", "low", "high", "unit", "period", "document", "paragraph",
                  "vouched_by", "quote"]].rename(columns=lambda c: c.replace("_", " ").capitalize())


def figure_frame(figures: pd.DataFrame) -> pd.DataFrame:
    """Figure rows with what every figures chart draws from: ``start``/``end`` on the value axis
    (a bound's one value at both), ``kind`` (see :func:`figure_kind`) and ``vague_at``."""
    rows = [f for _, f in figures.iterrows()]
    return figures.assign(
        start=figures["low"].fillna(figures["high"]).astype(float),
        end=figures["high"].fillna(figures["low"]).astype(float),
        kind=[figure_kind(f) for f in rows], vague_at=[vague_end(f) for f in rows])


def open_side_domain(frame: pd.DataFrame) -> list[float]:
    """A value axis from zero that runs well past every figure, so that a floor's arrow (the
    open side, where the truth lies) is always drawn inside the chart, never on its edge."""
    top = float(frame[["start", "end"]].max().max())
    floors = frame.loc[frame["kind"].isin([LOWER, VAGUE_LOWER]), "start"]
    reach = max(top * 1.08, float(floors.max()) * 1.35 if len(floors) else 0.0)
    return [0.0, reach or 1.0]


def figure_layers(base: alt.Chart, frame: pd.DataFrame, *, value: str, axis: alt.Axis,
                  title: str, size: int = 150) -> list[alt.Chart]:
    """The marks of figures on a value axis (``value``: ``"x"`` or ``"y"``), each drawn once.

    A range is a bar from its low to its high end; every other figure one glyph by its kind
    (:func:`glyph`): a dot, a ring when approximate, a stem with an arrowhead for a bound. A
    range's end read from a vague word gets a hollow diamond. Only a figure's own mark carries
    its tooltip, so a reader stepping through the marks meets each figure once.
    """
    vertical = value == "y"
    vague = frame["vague_at"].notna().any()
    scale = alt.Scale(domain=open_side_domain(frame), zero=True, nice=False)
    position = (alt.Y if vertical else alt.X)("start:Q", title=title, axis=axis, scale=scale)
    end = (alt.Y2 if vertical else alt.X2)("end:Q")
    shape = alt.Shape("kind:N", title="How the source puts it", scale=kind_scale(vertical),
                      legend=alt.Legend(orient="bottom", direction="horizontal", columns=1,
                                        labelLimit=0, symbolStrokeWidth=0,
                                        symbolFillColor="#333333", symbolSize=size))
    layers = []
    if (frame["kind"] == RANGE).any():
        layers.append(base.transform_filter(f"datum.kind == '{RANGE}'").mark_rule(
            strokeWidth=7, strokeCap="butt").encode(
            **{value: position, f"{value}2": end}, color=vouching_colour()))
    if (frame["kind"] != RANGE).any():
        layers.append(base.transform_filter(f"datum.kind != '{RANGE}'").mark_point(
            size=size, filled=True, opacity=1, strokeWidth=0).encode(
            **{value: position}, color=vouching_colour(), shape=shape))
    if vague:
        layers.append(base.transform_filter("isValid(datum.vague_at)").transform_calculate(
            start="datum.vague_at", kind=repr(VAGUE_END)).mark_point(
            filled=True, opacity=1, strokeWidth=0).encode(
            **{value: position}, color=vouching_colour(), shape=shape, size=alt.value(2 * size),
            tooltip=alt.value(None)))
    return layers


def range_chart(figures: pd.DataFrame, *, value_title: str, sort: list[str] | None = None,
                height_per_row: int = 34) -> alt.LayerChart:
    """Figures of one unit on a shared axis from zero, one row each, drawn by their kind.

    See :func:`figure_layers`: a bar for a range, a stem and an arrowhead toward the open side
    for a bound, a dot (a ring when approximate) for a single value.
    """
    frame = figure_frame(figures).assign(
        what=figures["label"] + " (" + figures["period"] + ")")[
        ["id", "what", "start", "end", "qualifier", "kind", "vague_at", "quote", "unit",
         "vouched_by"]]
    number = axis_format(frame["unit"])
    y = alt.Y("what:N", title=None, sort=sort or list(frame["what"]))
    tooltip = [alt.Tooltip("what:N", title="Figure"), alt.Tooltip("qualifier:N"),
               alt.Tooltip("start:Q", title="Low", format=number),
               alt.Tooltip("end:Q", title="High", format=number),
               alt.Tooltip("vouched_by:N", title="Vouched for by"),
               alt.Tooltip("quote:N", title="Quote")]
    base = alt.Chart(frame).encode(y=y, tooltip=tooltip)
    layers = figure_layers(base, frame, value="x", axis=value_axis(frame["unit"]),
                           title=value_title)
    return alt.layer(*layers).properties(
        width="container", height=max(60, height_per_row * len(frame)))


_MONEY_LABEL = ("datum.value >= 1e9 ? '$' + format(datum.value / 1e9, ',.3~g') + ' billion' : "
                "datum.value >= 1e6 ? '$' + format(datum.value / 1e6, ',.3~g') + ' million' : "
                "'$' + format(datum.value, ',')")


def _is_money(units: pd.Series) -> bool:
    return all(str(unit).startswith("US dollars") for unit in set(units))


def axis_format(units: pd.Series) -> str:
    """A d3 number format that reads right for the unit: shares as per cent, money in full."""
    if set(units) == {"share"}:
        return ".0%"
    return ",.0f" if _is_money(units) else ",.4~r"


def value_axis(units: pd.Series) -> alt.Axis:
    """The value axis: "$2 billion" rather than "2G" for money, per cent for shares."""
    if _is_money(units):
        return alt.Axis(labelExpr=_MONEY_LABEL, labelOverlap=True)
    if set(units) == {"share"}:
        return alt.Axis(format=axis_format(units), labelOverlap=True)
    # Counts of people, months, districts: whole-number ticks only.
    return alt.Axis(format=axis_format(units), labelOverlap=True, tickMinStep=1)


def estimates_over_time(rows: pd.DataFrame, *, value_title: str,
                        words: pd.Series) -> alt.LayerChart:
    """Successive estimates of one measure in time order, each drawn once by its kind.

    A "fewer than"/"up to" estimate also gets a dashed line down to the axis, because the text
    sets no lower limit: it must never look like a point. Labels repeat the source's words.
    """
    frame = figure_frame(rows).assign(words=list(words), floor=0.0)[
        ["id", "period", "qualifier", "kind", "vague_at", "words", "start", "end", "floor",
         "quote", "vouched_by", "unit"]]
    base = alt.Chart(frame).encode(
        x=alt.X("period:N", sort=list(frame["period"]), title="Period of the estimate "
                "(in time order)", axis=alt.Axis(labelAngle=0)),
        tooltip=[alt.Tooltip("period:N"), alt.Tooltip("words:N", title="Estimate"),
                 alt.Tooltip("vouched_by:N", title="Vouched for by"),
                 alt.Tooltip("quote:N", title="Quote")])
    layers = figure_layers(base, frame, value="y", axis=value_axis(frame["unit"]),
                           title=value_title, size=220)
    ceilings = frame["kind"].isin([UPPER, VAGUE_UPPER])
    if ceilings.any():
        layers.insert(0, base.transform_filter(
            f"datum.kind == '{UPPER}' || datum.kind == '{VAGUE_UPPER}'").mark_rule(
            strokeDash=[6, 4], strokeWidth=2).encode(
            y=alt.Y("start:Q"), y2="floor:Q", color=vouching_colour(), tooltip=alt.value(None)))
    layers.append(base.mark_text(baseline="bottom", dy=-16, fontSize=13, fontWeight="bold",
                                 color="#111").encode(y=alt.Y("end:Q"), text="words:N",
                                                      tooltip=alt.value(None)))
    return alt.layer(*layers).properties(width="container", height=320)


def approximate_shares(shares: pd.DataFrame, *, words: pd.Series, labels: pd.Series,
                       group: str) -> alt.LayerChart:
    """Approximate shares of one group: a grey bar for the whole, a ring for the share.

    The mark is the book's mark for an approximate figure (hollow, coloured by what vouches for
    it) because the report says "around"; the label repeats its words.
    """
    frame = figure_frame(shares).assign(share=lambda f: f["start"], words=list(words),
                                        whole=1.0, none=0.0, label=list(labels))[
        ["id", "label", "share", "kind", "words", "whole", "none", "quote", "vouched_by"]]
    scale = alt.Scale(domain=[0, 1])
    axis = alt.Axis(format="%", title="Share of the group (approximate)")
    x = alt.X("share:Q", scale=scale, axis=axis)
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=list(frame["label"]), title=group),
        tooltip=[alt.Tooltip("label:N", title="States"),
                 alt.Tooltip("words:N", title="As the text puts it"),
                 alt.Tooltip("vouched_by:N", title="Vouched for by"),
                 alt.Tooltip("quote:N", title="Quote")])
    return alt.layer(
        base.mark_bar(color="#e3e3e3", size=24).encode(
            x=alt.X("none:Q", scale=scale, axis=axis), x2="whole:Q", tooltip=alt.value(None)),
        base.mark_point(size=320, filled=True, strokeWidth=0, opacity=1).encode(
            x=x, color=vouching_colour(),
            shape=alt.Shape("kind:N", title="How the source puts it",
                            scale=kind_scale(),
                            legend=alt.Legend(orient="bottom", symbolFillColor="#333333",
                                              symbolStrokeWidth=0))),
        base.mark_text(dy=-22, fontSize=13, fontWeight="bold", color="#111").encode(
            x=x, text="words:N", tooltip=alt.value(None)),
    ).properties(width="container", height=80 * max(len(frame), 1))


def counts_over_time(rows: pd.DataFrame, *, value_title: str, words: pd.Series) -> alt.LayerChart:
    """A count at successive moments, on an untruncated axis so a small rise looks small."""
    frame = rows.assign(value=rows["low"].astype(float), words=list(words))[
        ["period", "value", "words", "quote"]]
    base = alt.Chart(frame).encode(
        x=alt.X("period:N", sort=list(frame["period"]), title="Period (in time order)",
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=True)),
        tooltip=[alt.Tooltip("period:N"), alt.Tooltip("value:Q", title=value_title),
                 alt.Tooltip("quote:N", title="Quote")])
    return alt.layer(
        base.mark_line(color=INK, strokeWidth=2),
        base.mark_point(filled=True, size=140, color=INK),
        base.mark_text(dy=-14, fontSize=13, fontWeight="bold", color="#111").encode(
            text="words:N", tooltip=alt.value(None)),
    ).properties(width="container", height=260)


def dictionary_html(dictionary: dict) -> str:
    """The whole data dictionary as HTML: per table, its description and its columns."""
    return "".join(
        f"<h3>{html.escape(name)}</h3><p>{html.escape(spec['description'])} "
        f"(<em>{html.escape(spec['origin'])}</em>)</p>"
        + table_html(schema.dictionary_frame(spec), f"Columns of {spec['file']}")
        for name, spec in dictionary.items())


def series_domain(dates) -> list[str]:
    """The time axis of the series: from a quarter before the first edition to five months
    after the latest, so every edition, a newly added one included, sits inside the plot.

    >>> series_domain(["2016-01-29", "2026-01-31"])
    ['2015-10-29', '2026-06-30']
    """
    dates = pd.to_datetime(pd.Series(list(dates)).dropna())
    return [(dates.min() - pd.DateOffset(months=3)).strftime("%Y-%m-%d"),
            (dates.max() + pd.DateOffset(months=5)).strftime("%Y-%m-%d")]


def _edition_axis(domain: list[str]) -> alt.X:
    return alt.X("edition_date:T", title="Date of the edition",
                 scale=alt.Scale(domain=domain), axis=alt.Axis(format="%Y", tickCount=10))


def series_panel(frame: pd.DataFrame, *, value_title: str, domain: list[str]) -> alt.LayerChart:
    """One measure over the series: x the edition's date, y the figure drawn by its kind.

    ``frame`` holds figure rows with ``edition_date``, ``words``, ``edition_name``, ``current``.
    A bound stands at its stated value and points the way the truth lies (see
    :func:`figure_layers`); nothing is drawn where an edition gives no figure, so a gap in the
    series stays a gap. The edition the page reads is ringed (a ring, not a figure).
    """
    data = figure_frame(frame)[["id", "edition_date", "edition_name", "start", "end",
                                "qualifier", "kind", "vague_at", "words", "vouched_by",
                                "current", "unit", "period"]]
    tooltip = [alt.Tooltip("edition_name:N", title="Edition"),
               alt.Tooltip("words:N", title="Figure"), alt.Tooltip("period:N", title="Period"),
               alt.Tooltip("vouched_by:N", title="Vouched for by")]
    base = alt.Chart(data).encode(x=_edition_axis(domain), tooltip=tooltip)
    layers = figure_layers(base, data, value="y", axis=value_axis(data["unit"]),
                           title=value_title, size=120)
    if data["current"].any():
        layers.append(base.transform_filter("datum.current").mark_point(
            size=480, filled=False, shape="circle", color=INK, strokeWidth=1.5).encode(
            y=alt.Y("start:Q"), tooltip=alt.value(None)))
    return alt.layer(*layers).properties(width="container", height=220)


def editions_matrix(frame: pd.DataFrame, domain: list[str]) -> alt.Chart:
    """Which editions give which measures: one glyph per figure (by its kind, coloured by what
    vouches for it) at its edition's date."""
    data = figure_frame(frame)[["id", "measure", "edition_date", "edition_name", "words",
                                "vouched_by", "period", "kind"]]
    return alt.Chart(data).mark_point(size=140, filled=True, opacity=1, strokeWidth=0).encode(
        x=_edition_axis(domain),
        y=alt.Y("measure:N", title=None),
        color=vouching_colour(),
        shape=alt.Shape("kind:N", title="How the source puts it",
                        scale=kind_scale(vertical=True),
                        legend=alt.Legend(orient="bottom", direction="horizontal", columns=1,
                                          labelLimit=0, symbolStrokeWidth=0,
                                          symbolFillColor="#333333")),
        tooltip=[alt.Tooltip("edition_name:N", title="Edition"),
                 alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("words:N", title="Figure"),
                 alt.Tooltip("vouched_by:N", title="Vouched for by")],
    ).properties(width="container", height=max(80, 30 * frame["measure"].nunique()))


#: What the book can hold of an edition, in the timeline's order (top to bottom).
HOLDINGS: Final = ["its text", "coverage of it", "listed only"]


def editions_timeline(frame: pd.DataFrame) -> alt.LayerChart:
    """Every edition of the series on a time axis, one row per what the book holds of it.

    ``frame`` has ``date``, ``holds`` (one of :data:`HOLDINGS`), ``ordinal`` and ``name``;
    each point is labelled with its ordinal so the sequence reads without a legend. The
    points are black: the colours of what vouches for a figure are kept for figures.
    """
    data = frame[["date", "holds", "ordinal", "name", "mandate"]]
    y = alt.Y("holds:N", title="What the book holds", sort=HOLDINGS)
    x = alt.X("date:T", title="Date of the edition", scale=alt.Scale(domain=series_domain(
        frame["date"])),
              axis=alt.Axis(format="%Y", tickCount=10))
    base = alt.Chart(data).encode(
        x=x, y=y, tooltip=[alt.Tooltip("name:N", title="Edition"),
                           alt.Tooltip("holds:N", title="The book holds"),
                           alt.Tooltip("mandate:N", title="Mandate (resolution)")])
    # Editions four months apart sit close on a phone: odd ordinals are labelled above their
    # point, even ones below, so neighbours' labels never touch.
    label = base.mark_text(fontSize=TEXT_SIZE, color="#111")
    return alt.layer(
        base.mark_point(size=160, filled=True, opacity=1, color=INK),
        label.transform_filter("datum.ordinal % 2 == 1").mark_text(
            dy=-15, fontSize=TEXT_SIZE, color="#111").encode(text="ordinal:Q",
                                                              tooltip=alt.value(None)),
        label.transform_filter("datum.ordinal % 2 == 0").mark_text(
            dy=16, fontSize=TEXT_SIZE, color="#111").encode(text="ordinal:Q",
                                                             tooltip=alt.value(None)),
    ).properties(width="container", height=210)


# --- Takeaways: one sentence above a chart, said from its own data ---------------------------

def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def series_takeaway(frame: pd.DataFrame) -> str:
    """What a chart of measures over the editions shows, measure by measure (HTML).

    ``frame`` has ``measure``, ``edition_date`` and ``words`` (the figure as its source puts
    it), one row per edition and measure. It says what each measure's first and latest figures
    are, never a verdict on them (the chapters' prose compares, by the book's comparison rules).
    """
    parts = []
    for measure, rows in frame.sort_values("edition_date").groupby("measure", sort=False):
        first, last = rows.iloc[0], rows.iloc[-1]
        year = str(first["edition_date"])[:4]
        if len(rows) == 1:
            parts.append(f"{measure}: one edition gives a figure, {first['words']} ({year})")
        else:
            parts.append(f"{measure}: {_count(len(rows), 'edition')} give a figure, the first "
                         f"{first['words']} ({year}) and the latest {last['words']} "
                         f"({str(last['edition_date'])[:4]})")
    shown = parts[:2]
    more = len(parts) - len(shown)
    text = "; ".join(shown) + (f"; and {_count(more, 'more measure')}" if more else "")
    return html.escape(text[0].upper() + text[1:] + ".")


def figures_takeaway(figures: pd.DataFrame) -> str:
    """What a chart of one edition's figures shows: how many, what they count, how put (HTML)."""
    units = list(dict.fromkeys(figures["unit"]))
    uncertain = int(figures["qualifier"].isin(["between", "more than", "at least", "fewer than",
                                                "up to"]).sum())
    text = f"The edition gives {_count(len(figures), 'figure')} here, counting {_and(units)}"
    if uncertain == len(figures):
        text += "; every one is a range or a bound, not a single number"
    elif uncertain:
        text += (f"; {_count(uncertain, 'is a range or a bound', 'are ranges or bounds')}, "
                 "not single numbers")
    return html.escape(text + ".")


def counts_takeaway(counts: pd.DataFrame, category: str, value: str) -> str:
    """Which name comes first in a chart of counts, and by how many (HTML)."""
    top = int(counts[value].max())
    first = [str(name) for name in counts.loc[counts[value] == top, category]]
    lead = _and(first[:3]) + (f" and {_count(len(first) - 3, 'other')}" if len(first) > 3 else "")
    verb = "comes" if len(first) == 1 else "come"
    return html.escape(f"{lead} {verb} first: {top:,} {value}" + (" each" if len(first) > 1
                                                                   else "") + ".")
