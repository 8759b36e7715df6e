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
import re
import urllib.parse
from typing import Final

import altair as alt
import pandas as pd
import vl_convert

from isilbook.data import schema

BLUE: Final = "#0072B2"
VERMILLION: Final = "#D55E00"
#: Okabe & Ito's colour-blind-safe palette (Color Universal Design), ordered so that the first
#: five categories all reach 3:1 contrast on white (orange, sky blue and yellow come last).
OKABE_ITO: Final = [BLUE, VERMILLION, "#009E73", "#CC79A7", "#000000", "#56B4E9", "#E69F00",
                    "#F0E442"]
FONT: Final = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
#: Marks for how a figure is qualified: a range is a bar, a bound an open-ended arrow.
QUALIFIER_SHAPES: Final = {"exact": "circle", "around": "circle", "between": "circle",
                           "more than": "triangle-right", "at least": "triangle-right",
                           "fewer than": "triangle-left", "up to": "triangle-left"}


def theme() -> alt.theme.ThemeConfig:
    """The book's one chart theme."""
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "range": {"category": OKABE_ITO},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#222",
                     "titleColor": "#222", "gridColor": "#ddd"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#222"},
            "title": {"fontSize": 15, "anchor": "start", "color": "#111", "subtitleColor": "#333"},
            "mark": {"color": BLUE},
        }
    }


alt.theme.register("isilbook", enable=True)(theme)


def table_html(data: pd.DataFrame, caption: str) -> str:
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in data.columns)
    rows = []
    for values in data.itertuples(index=False):
        cells = "".join(f"<td>{html.escape(_cell(v))}</td>" for v in values)
        rows.append(f"<tr>{cells}</tr>")
    return (f'<table class="isil-data"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return str(value)


def spec_json(spec: dict) -> str:
    """A Vega-Lite spec as JSON that is inert inside HTML (``<`` escaped)."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


#: The width (CSS pixels) a "container"-wide chart is drawn at, statically and interactively;
#: CSS scales the drawing to its column through the SVG's viewBox, so both states fill the
#: same box and the swap moves nothing on the page.
STATIC_WIDTH: Final = 640
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


def static_spec(spec: dict) -> dict:
    """The spec at a fixed width: vl-convert has no container to take "container" from.

    Vega-Lite compiles a "container" width to ``fit-x`` autosizing with padding included, so a
    fixed width with the same autosizing lays the chart out exactly as the page would at
    that width (the loader applies the same rule to the interactive view).
    """
    if spec.get("width") != "container":
        return spec
    return {**spec, "width": STATIC_WIDTH, "autosize": {"type": "fit-x", "contains": "padding"}}


def fixed_width_layout(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A "container" chart with its legend below the plot, in rows.

    Such a chart is laid out at :data:`STATIC_WIDTH` and scaled to the column (down to a third
    of a phone's width in CSS pixels): a legend beside the plot, next to long axis labels,
    would leave the data a sliver of that width. Legends below keep the plot wide.
    """
    if getattr(chart, "width", alt.Undefined) != "container":
        return chart
    return chart.configure_legend(orient="bottom", direction="horizontal", columns=2)


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


def static_svg(spec: dict, name: str) -> str:
    """The chart drawn offline by vl-convert as an inline SVG, ready for the page.

    The same spec always gives the same bytes (vl-convert draws no random ids, and ids are
    namespaced by figure), so notebook outputs stay deterministic. The SVG is hidden from
    assistive technology, like the interactive drawing: the figure around it is the image.
    """
    font = spec.get("config", {}).get("font", FONT)
    measured = {**static_spec(spec), "config": {**spec.get("config", {}), "font": MEASURE_FONT}}
    svg = vl_convert.vegalite_to_svg(measured, vl_version=vega_lite_version())
    svg = svg.replace(f'font-family="{MEASURE_FONT}"', f'font-family="{html.escape(font)}"')
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg.strip())
    svg = _MARK_ARIA.sub("", svg).replace(' transform="translate(0,0)"', "")
    svg = re.sub(r'\sd="([^"]*)"', lambda m: f' d="{compact_path(m.group(1))}"', svg)
    svg = _namespace_ids(svg, f"fig-{name}")
    if not re.search(r"<svg[^>]*\sviewBox=", svg):
        raise ValueError(f"{name}: vl-convert drew an SVG without a viewBox: it cannot scale")
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1).replace(
        'class="marks"', 'class="marks isil-static"', 1)


def _aspect(svg: str) -> str:
    """The drawing's ``width / height`` from its viewBox, to reserve its box on the page."""
    match = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    if not match:
        raise ValueError("an SVG without a numeric viewBox")
    return f"{match.group(1)} / {match.group(2)}"


def figure_html(chart: alt.TopLevelMixin, *, name: str, title: str, description: str,
                data: pd.DataFrame, citations: list[str]) -> str:
    """The accessible figure: chart, caption with description and sources, table, CSV link.

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
    """
    # One (validated) conversion to a spec serves the drawing and the interactive view:
    # converting a layered chart costs a fifth of a second.
    spec = fixed_width_layout(chart.properties(title=title, description=description)).to_dict()
    svg = static_svg(spec, name)
    csv = data.to_csv(index=False, lineterminator="\n")
    csv_href = "data:text/csv;charset=utf-8," + urllib.parse.quote(csv)
    sources = "; ".join(dict.fromkeys(citations))  # each source once, in order of first use
    label = html.escape(f"{title}. {description}", quote=True)
    return (
        f'<figure class="isil-chart" id="fig-{html.escape(name)}">'
        f'<div class="isil-chart-view" role="img" aria-label="{label}" data-rendered="static" '
        f'style="aspect-ratio: {_aspect(svg)}">{svg}</div>'
        f'<script type="application/json" class="isil-spec">{spec_json(spec)}</script>'
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


def range_chart(figures: pd.DataFrame, *, value_title: str, sort: list[str] | None = None,
                height_per_row: int = 34) -> alt.LayerChart:
    """Figures of one unit on a shared axis: ranges as intervals, bounds as open-ended arrows.

    ``between`` draws a bar from low to high; ``more than``/``at least`` an arrow pointing right
    from the low value; ``fewer than``/``up to`` an arrow pointing left from the high value;
    ``exact``/``around`` a dot (hollow for "around").
    """
    frame = figures.assign(
        start=figures["low"].fillna(figures["high"]).astype(float),
        end=figures["high"].fillna(figures["low"]).astype(float),
        shape=figures["qualifier"].map(QUALIFIER_SHAPES),
        what=figures["label"] + " (" + figures["period"] + ")",
    )[["what", "start", "end", "qualifier", "shape", "quote", "unit"]]
    number = axis_format(frame["unit"])
    y = alt.Y("what:N", title=None, sort=sort or list(frame["what"]),
              axis=alt.Axis(labelLimit=320))
    tooltip = [alt.Tooltip("what:N", title="Figure"), alt.Tooltip("qualifier:N"),
               alt.Tooltip("start:Q", title="Low", format=number),
               alt.Tooltip("end:Q", title="High", format=number),
               alt.Tooltip("quote:N", title="Quote")]
    base = alt.Chart(frame).encode(y=y, tooltip=tooltip)
    x = alt.X("start:Q", title=value_title, axis=value_axis(frame["unit"]))
    ranges = base.transform_filter("datum.qualifier == 'between'").mark_rule(
        strokeWidth=8, color=BLUE, opacity=0.8).encode(
        x=x, x2="end:Q")
    points = base.mark_point(size=140, filled=True, color=VERMILLION, stroke=VERMILLION,
                             strokeWidth=2).encode(
        x=x,
        shape=alt.Shape("qualifier:N", title="How the text puts it",
                        scale=alt.Scale(domain=list(QUALIFIER_SHAPES),
                                        range=list(QUALIFIER_SHAPES.values()))),
        fill=alt.condition("datum.qualifier == 'around'", alt.value("white"),
                           alt.value(VERMILLION)),
    )
    ends = base.transform_filter("datum.qualifier == 'between'").mark_point(
        size=140, filled=True, shape="circle", color=VERMILLION).encode(x="end:Q")
    # Empty layers make Vega warn about infinite extents: draw range marks only for ranges.
    layers = [ranges, points, ends] if (frame["qualifier"] == "between").any() else [points]
    return alt.layer(*layers).properties(
        width="container", height=max(150, height_per_row * len(frame)))


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
    return alt.Axis(format=axis_format(units), labelOverlap=True)


def estimates_over_time(rows: pd.DataFrame, *, value_title: str,
                        words: pd.Series) -> alt.LayerChart:
    """Successive estimates of one measure in time order: ranges as bars, ceilings as caps.

    A "fewer than"/"up to" estimate is drawn as a cap with a downward arrow and a dashed line to
    the axis, because the text sets no lower limit: it must never look like a point.
    """
    frame = rows.assign(words=words, low=rows["low"].astype(float),
                        high=rows["high"].astype(float), floor=0.0)
    frame = frame[["period", "qualifier", "words", "low", "high", "floor", "quote"]]
    base = alt.Chart(frame).encode(
        x=alt.X("period:N", sort=list(frame["period"]), title="Period of the estimate "
                "(in time order)", axis=alt.Axis(labelAngle=0)),
        tooltip=[alt.Tooltip("period:N"), alt.Tooltip("words:N", title="Estimate"),
                 alt.Tooltip("quote:N", title="Quote")])
    is_range = "datum.qualifier == 'between'"
    is_ceiling = "datum.qualifier == 'fewer than' || datum.qualifier == 'up to'"
    y = alt.Y("high:Q", title=value_title,
              scale=alt.Scale(domain=[0, float(frame["high"].max()) * 1.15], nice=True))
    ceilings = base.transform_filter(is_ceiling)
    layers = [
        base.transform_filter(is_range).mark_bar(size=26, color=BLUE, opacity=0.85)
        .encode(y=y, y2="low:Q"),
        ceilings.mark_rule(strokeDash=[6, 4], strokeWidth=2, color=VERMILLION)
        .encode(y=y, y2="floor:Q"),
        ceilings.mark_tick(thickness=4, size=40, orient="horizontal", color=VERMILLION)
        .encode(y=y),
        ceilings.mark_point(shape="triangle-down", size=220, filled=True, yOffset=14,
                            color=VERMILLION).encode(y=y),
        base.mark_text(baseline="bottom", dy=-10, fontSize=13, fontWeight="bold", color="#111")
        .encode(y=y, text="words:N"),
    ]
    return alt.layer(*layers).properties(width="container", height=320)


def approximate_shares(shares: pd.DataFrame, *, words: pd.Series, labels: pd.Series,
                       group: str) -> alt.LayerChart:
    """Approximate shares of one group: a grey bar for the whole, a hollow circle for the share.

    The circle is hollow because the report says "around"; the label repeats its words.
    """
    frame = shares.assign(share=shares["low"].astype(float), words=words, whole=1.0, none=0.0,
                          label=labels)[["label", "share", "words", "whole", "none", "quote"]]
    scale = alt.Scale(domain=[0, 1])
    axis = alt.Axis(format="%", title="Share of the group (approximate)")
    x = alt.X("share:Q", scale=scale, axis=axis)
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=list(frame["label"]), title=group,
                axis=alt.Axis(labelLimit=240)),
        tooltip=[alt.Tooltip("label:N", title="States"),
                 alt.Tooltip("words:N", title="As the text puts it"),
                 alt.Tooltip("quote:N", title="Quote")])
    return alt.layer(
        base.mark_bar(color="#e3e3e3", size=24).encode(
            x=alt.X("none:Q", scale=scale, axis=axis), x2="whole:Q"),
        base.mark_point(shape="circle", size=320, filled=False, strokeWidth=3,
                        color=VERMILLION).encode(x=x),
        base.mark_text(dy=-22, fontSize=13, fontWeight="bold", color="#111").encode(
            x=x, text="words:N"),
    ).properties(width="container", height=80 * max(len(frame), 1))


def counts_over_time(rows: pd.DataFrame, *, value_title: str, words: pd.Series) -> alt.LayerChart:
    """A count at successive moments, on an untruncated axis so a small rise looks small."""
    frame = rows.assign(value=rows["low"].astype(float), words=words)[
        ["period", "value", "words", "quote"]]
    base = alt.Chart(frame).encode(
        x=alt.X("period:N", sort=list(frame["period"]), title="Period (in time order)",
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=True)),
        tooltip=[alt.Tooltip("period:N"), alt.Tooltip("value:Q", title=value_title),
                 alt.Tooltip("quote:N", title="Quote")])
    return alt.layer(
        base.mark_line(color=BLUE, strokeWidth=2),
        base.mark_point(filled=True, size=140, color=BLUE),
        base.mark_text(dy=-14, fontSize=13, fontWeight="bold", color="#111").encode(
            text="words:N"),
    ).properties(width="container", height=260)


def dictionary_html(dictionary: dict) -> str:
    """The whole data dictionary as HTML: per table, its description and its columns."""
    return "".join(
        f"<h3>{html.escape(name)}</h3><p>{html.escape(spec['description'])} "
        f"(<em>{html.escape(spec['origin'])}</em>)</p>"
        + table_html(schema.dictionary_frame(spec), f"Columns of {spec['file']}")
        for name, spec in dictionary.items())


#: What vouches for a figure -> its colour on series charts (Okabe & Ito, in order of trust).
VOUCHING_COLOURS: Final = {"report text": BLUE, "coverage of the report": "#009E73",
                           "briefer": VERMILLION}
#: Bound shapes on a vertical value axis: up for a floor, down for a ceiling.
SERIES_SHAPES: Final = {"exact": "circle", "around": "circle", "between": "circle",
                        "more than": "triangle-up", "at least": "triangle-up",
                        "fewer than": "triangle-down", "up to": "triangle-down"}
#: The series runs from the first edition (January 2016) to the latest (January 2026).
SERIES_DOMAIN: Final = ["2015-10-01", "2026-06-30"]


def _vouching_colour() -> alt.Color:
    return alt.Color("vouched_by:N", title="Vouched for by",
                     scale=alt.Scale(domain=list(VOUCHING_COLOURS),
                                     range=list(VOUCHING_COLOURS.values())),
                     legend=alt.Legend(orient="bottom", direction="horizontal"))


def series_panel(frame: pd.DataFrame, *, value_title: str) -> alt.LayerChart:
    """One measure over the series: x the edition's date, ranges as bars, bounds as triangles.

    ``frame`` holds figure rows with ``edition_date``, ``words``, ``edition_name``, ``current``.
    A bound stands at its stated value and points the way the truth lies; nothing is drawn
    where an edition gives no figure, so a gap in the series stays a gap.
    """
    data = frame.assign(
        start=frame["low"].fillna(frame["high"]).astype(float),
        end=frame["high"].fillna(frame["low"]).astype(float),
        shape=frame["qualifier"].map(SERIES_SHAPES),
    )[["edition_date", "edition_name", "start", "end", "qualifier", "shape", "words",
       "vouched_by", "current", "unit", "period"]]
    x = alt.X("edition_date:T", title="Date of the edition",
              scale=alt.Scale(domain=SERIES_DOMAIN), axis=alt.Axis(format="%Y", tickCount=10))
    y = alt.Y("start:Q", title=value_title, axis=value_axis(data["unit"]),
              scale=alt.Scale(zero=True))
    tooltip = [alt.Tooltip("edition_name:N", title="Edition"),
               alt.Tooltip("words:N", title="Figure"), alt.Tooltip("period:N", title="Period"),
               alt.Tooltip("vouched_by:N", title="Vouched for by")]
    base = alt.Chart(data).encode(x=x, tooltip=tooltip)
    layers = []
    if (data["qualifier"] == "between").any():
        layers.append(base.transform_filter("datum.qualifier == 'between'").mark_rule(
            strokeWidth=6, opacity=0.7).encode(y=y, y2="end:Q", color=_vouching_colour()))
    layers.append(base.mark_point(size=120, filled=True, opacity=1).encode(
        y=y, color=_vouching_colour(),
        shape=alt.Shape("qualifier:N", title="How the source puts it",
                        scale=alt.Scale(domain=list(SERIES_SHAPES),
                                        range=list(SERIES_SHAPES.values())),
                        legend=alt.Legend(orient="bottom", direction="horizontal"))))
    if (data["qualifier"] == "between").any():
        layers.append(base.transform_filter("datum.qualifier == 'between'").mark_point(
            size=120, filled=True, shape="circle", opacity=1).encode(
            y="end:Q", color=_vouching_colour()))
    if data["current"].any():
        layers.append(base.transform_filter("datum.current").mark_point(
            size=420, filled=False, shape="circle", color="#111", strokeWidth=1.5).encode(y=y))
    return alt.layer(*layers).properties(width="container", height=220)


def editions_matrix(frame: pd.DataFrame) -> alt.Chart:
    """Which editions give which measures: a dot per figure at its edition's date."""
    return alt.Chart(frame[["measure", "edition_date", "edition_name", "words", "vouched_by",
                            "period"]]).mark_point(size=140, filled=True, opacity=1).encode(
        x=alt.X("edition_date:T", title="Date of the edition",
                scale=alt.Scale(domain=SERIES_DOMAIN), axis=alt.Axis(format="%Y", tickCount=10)),
        y=alt.Y("measure:N", title=None, axis=alt.Axis(labelLimit=320)),
        color=_vouching_colour(),
        tooltip=[alt.Tooltip("edition_name:N", title="Edition"),
                 alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("words:N", title="Figure"),
                 alt.Tooltip("vouched_by:N", title="Vouched for by")],
    ).properties(width="container", height=max(80, 26 * frame["measure"].nunique()))


#: What the book holds for an edition -> its colour and its label on the timeline.
HOLDING_COLOURS: Final = {"its text": BLUE, "coverage of it": "#009E73", "listed only": "#777777"}


def editions_timeline(frame: pd.DataFrame) -> alt.LayerChart:
    """Every edition of the series on a time axis, placed and coloured by what the book holds.

    ``frame`` has ``date``, ``holds`` (a key of :data:`HOLDING_COLOURS`), ``ordinal`` and
    ``name``; each point is labelled with its ordinal so the sequence reads without a legend.
    """
    data = frame[["date", "holds", "ordinal", "name", "mandate"]]
    y = alt.Y("holds:N", title="What the book holds", sort=list(HOLDING_COLOURS),
              axis=alt.Axis(labelLimit=200))
    x = alt.X("date:T", title="Date of the edition", scale=alt.Scale(domain=SERIES_DOMAIN),
              axis=alt.Axis(format="%Y", tickCount=10))
    base = alt.Chart(data).encode(
        x=x, y=y, tooltip=[alt.Tooltip("name:N", title="Edition"),
                           alt.Tooltip("holds:N", title="The book holds"),
                           alt.Tooltip("mandate:N", title="Mandate (resolution)")])
    colour = alt.Color("holds:N", title="The book holds",
                       scale=alt.Scale(domain=list(HOLDING_COLOURS),
                                       range=list(HOLDING_COLOURS.values())), legend=None)
    return alt.layer(
        base.mark_point(size=160, filled=True, opacity=1).encode(color=colour),
        base.mark_text(dy=-14, fontSize=11, color="#111").encode(text="ordinal:Q"),
    ).properties(width="container", height=170)
