"""Setting editions side by side through the stable indicator key of the figures table.

The same measure in two editions (ISIL fighters in Libya) shares an ``indicator``; comparing is
then a matter of grouping, never of matching labels by eye.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from isilbook.book.edition import VOUCHING, Edition, ordinal_words
from isilbook.book.prose import and_list, attribution_label, escape_markdown, format_value
from isilbook.data.comparability import counting, counting_words, differences
from isilbook.data.vague import VagueWord, reading


def best_per_edition(figures: pd.DataFrame) -> pd.DataFrame:
    """One figure per edition and indicator: the best vouched, then the first curated.

    Several sources may report the same measure for one edition (a press story and the briefer
    presenting the report); comparisons and series take the best-vouched of them.
    """
    rank = figures["vouched_by"].map({v: i for i, v in enumerate(VOUCHING)})
    ordered = figures.assign(_rank=rank, _order=range(len(figures)))
    ordered = ordered.sort_values(["edition", "indicator", "_rank", "_order"], kind="stable")
    return ordered.drop_duplicates(["edition", "indicator"]).drop(columns=["_rank", "_order"])


def shared_indicators(figures: pd.DataFrame, ordinal: int) -> list[str]:
    """Indicators of edition ``ordinal`` that at least one other edition also states."""
    mine = figures.loc[figures["edition"] == ordinal, "indicator"].drop_duplicates()
    others = set(figures.loc[figures["edition"] != ordinal, "indicator"])
    return [indicator for indicator in mine if indicator in others]


def neighbours(figures: pd.DataFrame, ordinal: int, indicator: str
               ) -> tuple[pd.Series | None, pd.Series | None, pd.Series | None]:
    """The nearest earlier edition's figure, this edition's, and the nearest later one's."""
    rows = best_per_edition(figures[figures["indicator"] == indicator])
    before = rows[rows["edition"] < ordinal]
    here = rows[rows["edition"] == ordinal]
    after = rows[rows["edition"] > ordinal]
    return (before.iloc[-1] if len(before) else None, here.iloc[0] if len(here) else None,
            after.iloc[0] if len(after) else None)


def theme_overview(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures per chapter theme and edition: where each edition's numbers sit (long form)."""
    counts = figures.groupby(["edition", "theme"]).size().rename("figures").reset_index()
    return counts.sort_values(["edition", "theme"]).reset_index(drop=True)


# --- what a figure states ------------------------------------------------------------------

#: The shapes a figure can take, by how its source qualifies it (figures.csv ``qualifier``,
#: with ``vague`` for a bound whose end is a vague word's reading).
EXACT, APPROXIMATE, RANGE, LOWER, UPPER, VAGUE = (
    "exact", "approximate", "range", "lower bound", "upper bound", "vague")
SHAPES = (EXACT, APPROXIMATE, RANGE, LOWER, UPPER, VAGUE)
_SHAPE_OF = {"exact": EXACT, "around": APPROXIMATE, "between": RANGE, "more than": LOWER,
             "at least": LOWER, "fewer than": UPPER, "up to": UPPER}


@dataclass(frozen=True)
class End:
    """One end a figure states: its value, whether the value itself is included, and the vague
    words it reads, if any (a vague word's floor is a reading, never a firm end)."""

    value: float
    inclusive: bool = True
    vague: VagueWord | None = None


def vague_word(figure: pd.Series) -> VagueWord | None:
    """The table's reading of the vague words a figure's low end reads, or ``None``."""
    words = figure.get("vague")
    return None if words is None or pd.isna(words) or not str(words) else reading(str(words))


def shape(figure: pd.Series) -> str:
    """The figure's shape: exact, approximate, range, lower or upper bound, or vague."""
    kind = _SHAPE_OF[figure["qualifier"]]
    return VAGUE if kind == LOWER and vague_word(figure) is not None else kind


def ends(figure: pd.Series) -> tuple[End | None, End | None]:
    """The low and high ends the figure states; ``None`` for an end it does not state.

    "More than 500" states a low end only (500, not included), "up to 3,000" a high end only;
    nothing is assumed about the side a bound leaves open.
    """
    qualifier, vague = figure["qualifier"], vague_word(figure)
    low = None if pd.isna(figure["low"]) else float(figure["low"])
    high = None if pd.isna(figure["high"]) else float(figure["high"])
    if qualifier in ("exact", "around"):
        return End(low), End(low)
    if qualifier == "between":
        return End(low, vague=vague), End(high)
    if qualifier in ("more than", "at least"):
        return End(low, qualifier == "at least", vague), None
    return None, End(high, qualifier == "up to")


# --- what two figures allow a reader to conclude ----------------------------------------------

#: Every verdict a comparison can give.
DIFFERENT, RISE, FALL, SAME, MEET, WITHIN, OVERLAP = (
    "different", "rise", "fall", "same", "meet", "within", "overlap")


@dataclass(frozen=True)
class Comparison:
    """The verdict on two figures of one measure, its words, and the ends it rests on.

    ``claims`` lists each end the verdict relies on as (``"earlier"`` or ``"later"``, ``"low"``
    or ``"high"``): a verdict may rest only on ends its figures state. ``reading`` is true when
    a claimed end is a vague word's reading, so the words say what the verdict depends on.
    """

    verdict: str
    words: str
    claims: tuple[tuple[str, str], ...] = ()
    reading: bool = False


def end_words(end: End, unit: str) -> str:
    """An end as prose: the vague words themselves for a vague end, else the value."""
    if end.vague is not None:
        return f"“{end.vague.words}”"
    return format_value(end.value, unit)


def _above(low: End | None, high: End | None) -> bool:
    """Whether every value at or over ``low`` lies above every value under ``high``."""
    if low is None or high is None:
        return False
    return low.value > high.value or (
        low.value == high.value and not (low.inclusive and high.inclusive))


def _touch(low: End | None, high: End | None) -> bool:
    return low is not None and high is not None and low.value == high.value


def compare_figures(earlier: pd.Series, later: pd.Series,
                    catalogue: pd.DataFrame) -> Comparison:
    """What two figures of one measure allow a reader to conclude, in words.

    Only figures that count the same thing (same measure, unit, population, area and kind of
    count) get a verdict; others get a sentence saying what differs. A rise or fall needs the
    two figures to share no value at all; figures that share exactly one value "meet" and show
    no change; figures that share more than one value "overlap". Nothing is said of an end a
    figure does not state, and a verdict resting on a vague word's reading says so.
    """
    found = differences(earlier, later, catalogue)
    if found:
        return Comparison(DIFFERENT, "The two figures count different things ("
                          + "; ".join(found) + "), so the book sets no verdict on them.")
    unit = later["unit"]
    years = _years(earlier, later, catalogue)
    (a_low, a_high), (b_low, b_high) = ends(earlier), ends(later)
    shapes = {shape(earlier), shape(later)}
    if _above(b_low, a_high) or _above(a_low, b_high):
        rise = _above(b_low, a_high)
        claims = (("later", "low"), ("earlier", "high")) if rise else \
            (("earlier", "low"), ("later", "high"))
        vague = (b_low if rise else a_low).vague
        change = "rise" if rise else "fall"
        if vague is not None:
            words = (f"The later figure lies wholly {'above' if rise else 'below'} the earlier "
                     f"one only if “{vague.words}” means at least "
                     f"{format_value(vague.floor, unit)}, as the book reads it: the figures "
                     f"suggest a {change} but do not show one.")
        else:
            words = (f"The later figure lies wholly {'above' if rise else 'below'} the earlier "
                     f"one: the figures show a {change}.")
            if APPROXIMATE in shapes:
                words += " An approximate figure does not give the change's exact size."
        return Comparison(RISE if rise else FALL, years + words, claims, vague is not None)
    if a_low == a_high and b_low == b_high and a_low is not None and b_low is not None \
            and a_low.value == b_low.value:
        about = "about " if APPROXIMATE in shapes else ""
        return Comparison(SAME, years + f"Both figures give {about}"
                          f"{format_value(a_low.value, unit)}: they show no change.",
                          (("earlier", "low"), ("later", "low")))
    if _touch(b_low, a_high) or _touch(a_low, b_high):
        rise = _touch(b_low, a_high)
        point = b_low if rise else a_low
        claims = (("later", "low"), ("earlier", "high")) if rise else \
            (("earlier", "low"), ("later", "high"))
        vague = point.vague or (a_high if rise else b_high).vague
        words = (f"The two figures share only the value {end_words(point, unit)}: the later is "
                 f"no {'lower' if rise else 'higher'} than the earlier, but they do not show a "
                 f"{'rise' if rise else 'fall'}.")
        return Comparison(MEET, years + words, claims, vague is not None)
    for point, other, who, whom in ((a_low, (b_low, b_high), "earlier", "later"),
                                    (b_low, (a_low, a_high), "later", "earlier")):
        if shape(earlier if who == "earlier" else later) in (EXACT, APPROXIMATE):
            about = "about " if APPROXIMATE == shape(earlier if who == "earlier" else later) \
                else ""
            claims = ((who, "low"),) + tuple((whom, side) for side, end in
                                             zip(("low", "high"), other) if end is not None)
            return Comparison(WITHIN, years + f"The {who} figure, {about}"
                              f"{format_value(point.value, unit)}, lies within what the {whom} "
                              "one allows, so they do not show a change.", claims)
    return _overlap(earlier, later, unit, years)


def _overlap(earlier: pd.Series, later: pd.Series, unit: str, years: str) -> Comparison:
    """The words for two figures that share more than one value."""
    (a_low, a_high), (b_low, b_high) = ends(earlier), ends(later)
    kinds = (shape(earlier), shape(later))
    floors = {LOWER, VAGUE}
    if kinds[0] in floors and kinds[1] in floors:
        order = "lower" if b_low.value < a_low.value else (
            "higher" if b_low.value > a_low.value else "the same")
        detail = ("Both floors are the same" if order == "the same" else
                  f"The later floor is {order}, which says nothing of the number itself")
        if a_low.vague is not None or b_low.vague is not None:
            detail = "A vague word's floor is a reading, not the report's number"
        words = ("Both figures are lower bounds: each says only that the number was above its "
                 f"floor, and neither states an upper end, so they do not show a change. "
                 f"{detail}.")
        return Comparison(OVERLAP, years + words, (("earlier", "low"), ("later", "low")))
    if kinds == (UPPER, UPPER):
        order = "lower" if b_high.value < a_high.value else (
            "higher" if b_high.value > a_high.value else "the same")
        detail = ("Both ceilings are the same" if order == "the same" else
                  f"The later ceiling is {order}, which says nothing of the number itself")
        words = ("Both figures are upper bounds: each says only that the number was below its "
                 f"ceiling, and neither states a lower end, so they do not show a change. "
                 f"{detail}.")
        return Comparison(OVERLAP, years + words, (("earlier", "high"), ("later", "high")))
    low, low_claim = _tightest(max, "low", (a_low, "earlier"), (b_low, "later"))
    high, high_claim = _tightest(min, "high", (a_high, "earlier"), (b_high, "later"))
    claims = tuple(c for c in (low_claim, high_claim) if c is not None)
    if low is not None and high is not None:
        shared = f"every value from {end_words(low, unit)} to {end_words(high, unit)}"
    elif low is not None:
        shared = f"every value above {end_words(low, unit)}"
    else:
        shared = f"every value below {end_words(high, unit)}"
    if {kinds[0], kinds[1]} <= {LOWER, VAGUE, UPPER}:
        lead = "One figure is a lower bound and the other an upper bound: both hold for "
    else:
        lead = "Both figures allow "
    vague = any(e is not None and e.vague is not None for e in (low, high))
    return Comparison(OVERLAP, years + lead + shared + ", so they do not show a change.",
                      claims, vague)


def _tightest(pick, side: str, *pairs: tuple[End | None, str]
              ) -> tuple[End | None, tuple[str, str] | None]:
    """Of the stated ends on one ``side``, the one ``pick`` (max for lows, min for highs)
    chooses, and the claim it rests on: what two figures both allow starts and stops there."""
    stated = [(end, who) for end, who in pairs if end is not None]
    if not stated:
        return None, None
    end, who = pick(stated, key=lambda pair: pair[0].value)
    return end, (who, side)


def _years(earlier: pd.Series, later: pd.Series, catalogue: pd.DataFrame) -> str:
    """For period sums, which years are set against each other (or that one year's sum was
    estimated twice): a change between estimates of one year is a revision, not a trend."""
    a, b = counting(earlier, catalogue).refers_to, counting(later, catalogue).refers_to
    if not a and not b:
        return ""
    if a == b:
        return f"Both figures are estimates of the sum for {a}, so any difference is a revision. "
    return f"The figures are sums for different years ({a or 'unstated'} and {b or 'unstated'}). "


# --- comparisons across the series --------------------------------------------------------------

@dataclass(frozen=True)
class SeriesComparison:
    """The first and latest comparable figures of one measure, what lies between, what differs.

    ``between`` holds the ordinals of the editions between the two that give a figure counting
    the same thing; ``apart`` the ordinals of editions whose figure counts something else.
    """

    earlier: pd.Series
    later: pd.Series
    comparison: Comparison
    between: tuple[int, ...]
    apart: tuple[int, ...]


def series_comparison(rows: pd.DataFrame, catalogue: pd.DataFrame) -> SeriesComparison | None:
    """Compare the latest figure of one measure with the earliest that counts the same thing.

    ``rows`` are one figure per edition (:func:`best_per_edition`), in edition order. When the
    latest figure counts something no earlier figure counts, the latest one that has a
    comparable predecessor is taken instead; when none has, the first and latest are set side
    by side and the comparison says they count different things. ``None`` when fewer than two
    editions give a figure.
    """
    if len(rows) < 2:
        return None
    figures = [row for _, row in rows.iterrows()]
    later, earlier = figures[-1], figures[0]
    for candidate in reversed(figures[1:]):  # the latest figure that has a comparable earlier one
        position = next((i for i, row in enumerate(figures)
                         if int(row["edition"]) < int(candidate["edition"])
                         and not differences(row, candidate, catalogue)), None)
        if position is not None:
            later, earlier = candidate, figures[position]
            break
    same = [not differences(row, later, catalogue) for row in figures]
    start = int(earlier["edition"])
    stop = int(later["edition"])
    between = tuple(int(o) for o, ok in zip(rows["edition"], same)
                    if ok and start < int(o) < stop)
    apart = tuple(int(o) for o, ok in zip(rows["edition"], same) if not ok)
    return SeriesComparison(earlier, later, compare_figures(earlier, later, catalogue),
                            between, apart)


def shared_sentence(edition: Edition) -> str:
    """How many of this edition's measures other editions state too (Markdown)."""
    from isilbook.book.chapter import plural

    shared = shared_indicators(edition.tables.figures, edition.ordinal)
    own = edition.figures["indicator"].nunique()
    if not own:
        return "The book holds no figure of this edition, so there is nothing to compare."
    if not shared:
        return (f"None of the {plural(own, 'measure')} the book holds for this edition appears "
                "in another edition it holds: there is nothing to set side by side.")
    return (f"Of the {plural(own, 'measure')} the book holds for this edition, "
            f"{plural(len(shared), 'measure')} also appear in other editions.")


def verdicts_markdown(edition: Edition) -> str:
    """One bullet per shared measure: the nearest earlier and later figures, and the verdict."""
    from isilbook.book.chapter import figure_words

    catalogue = edition.tables.indicators.set_index("indicator")
    lines = []
    for indicator in shared_indicators(edition.tables.figures, edition.ordinal):
        before, here, after = neighbours(edition.tables.figures, edition.ordinal, indicator)
        label = escape_markdown(catalogue.loc[indicator, "label"])
        parts = [f"- **{label}**: this edition, "
                 f"{figure_words(edition, here, attributed=True)}."]
        if before is not None:
            parts.append(f"Before it, the {ordinal_words(int(before['edition']))} report: "
                         f"{figure_words(edition, before, attributed=True)}. "
                         f"{escape_markdown(compare_figures(before, here, catalogue).words)}")
        if after is not None:
            parts.append(f"After it, the {ordinal_words(int(after['edition']))} report: "
                         f"{figure_words(edition, after, attributed=True)}. "
                         f"{escape_markdown(compare_figures(here, after, catalogue).words)}")
        lines.append(" ".join(parts))
    return "\n".join(lines)


def series_words(found: SeriesComparison) -> str:
    """What lies between and beside a series comparison, in words (empty when nothing does)."""
    parts = []
    if found.between:
        many = len(found.between) > 1
        parts.append(f"Between them, the {and_list([ordinal_words(o) for o in found.between])} "
                     f"report{'s' if many else ''} also give{'' if many else 's'} a figure of "
                     "the same measure (see the chart).")
    if found.apart:
        many = len(found.apart) > 1
        parts.append(f"The figure{'s' if many else ''} of the "
                     f"{and_list([ordinal_words(o) for o in found.apart])} "
                     f"report{'s' if many else ''} count{'' if many else 's'} something else "
                     "and {} not compared (see the table under the chart).".format(
                         "are" if many else "is"))
    return " ".join(parts)


def comparisons_frame(tables, symbols: list[str]) -> pd.DataFrame:
    """Every comparison the book generates, with the figures behind each, for authors to review.

    The series sentences (chapters and the landing page) compare each series measure's latest
    figure with its earliest comparable one; the page on changes compares, for each edition in
    ``symbols`` (those with a book), each shared measure with its nearest neighbours.
    """
    catalogue = tables.indicators.set_index("indicator")
    figures = tables.figures
    rows = []

    def add(page: str, indicator: str, earlier: pd.Series, later: pd.Series,
            result: Comparison, between: tuple[int, ...] = (), apart: tuple[int, ...] = ()):
        rows.append({"page": page, "measure": catalogue.loc[indicator, "label"],
                     "earlier": earlier["id"], "earlier_edition": int(earlier["edition"]),
                     "later": later["id"], "later_edition": int(later["edition"]),
                     "between": " ".join(map(str, between)),
                     "apart": " ".join(map(str, apart)),
                     "verdict": result.verdict, "words": result.words})

    series = catalogue[catalogue["series"].astype(bool)].index
    for indicator in series:
        group = best_per_edition(figures[figures["indicator"] == indicator])
        found = series_comparison(group.sort_values("edition"), catalogue)
        if found is not None:
            add(f"series ({catalogue.loc[indicator, 'theme']} chapter, landing page)", indicator,
                found.earlier, found.later, found.comparison, found.between, found.apart)
    ordinals = tables.editions.set_index("symbol")["ordinal"]
    for symbol in symbols:
        ordinal = int(ordinals[symbol])
        for indicator in shared_indicators(figures, ordinal):
            before, here, after = neighbours(figures, ordinal, indicator)
            if before is not None:
                add(f"changes ({symbol})", indicator, before, here,
                    compare_figures(before, here, catalogue))
            if after is not None:
                add(f"changes ({symbol})", indicator, here, after,
                    compare_figures(here, after, catalogue))
    return pd.DataFrame(rows, columns=["page", "measure", "earlier", "earlier_edition", "later",
                                       "later_edition", "between", "apart", "verdict", "words"])


def shared_chart(edition: Edition) -> str | None:
    """The shared measures across every edition that states them, as series panels."""
    from isilbook.book.chapter import series_figure, series_rows

    shared = shared_indicators(edition.tables.figures, edition.ordinal)
    if not shared:
        return None
    return series_figure(edition, series_rows(edition.tables, indicators=shared),
                         name="shared-measures",
                         title="This edition's shared measures in every edition that gives them")


def overview_chart(edition: Edition) -> str | None:
    """Figures per chapter and edition, as a dot plot on the series' time axis."""
    import altair as alt

    from isilbook.book import charts
    from isilbook.data.chapters import titles

    counts = theme_overview(edition.tables.figures)
    if counts.empty:
        return None
    dates = edition.tables.editions.set_index("ordinal")["date"]
    frame = counts.assign(
        edition_date=counts["edition"].map(dates),
        chapter=counts["theme"].map(titles(edition.tables.chapters)),
        edition_name=[Edition(int(o), edition.tables).title for o in counts["edition"]])
    chart = alt.Chart(frame[["edition_date", "chapter", "figures", "edition_name"]]).mark_circle(
        opacity=0.85).encode(
        x=alt.X("edition_date:T", title="Date of the edition",
                scale=alt.Scale(domain=charts.series_domain(edition.tables.editions["date"])),
                axis=alt.Axis(format="%Y", tickCount=10)),
        y=alt.Y("chapter:N", title=None, sort=list(titles(edition.tables.chapters).values()),
                axis=alt.Axis(labelLimit=260)),
        size=alt.Size("figures:Q", title="Figures held", scale=alt.Scale(range=[40, 600])),
        tooltip=[alt.Tooltip("edition_name:N", title="Edition"), alt.Tooltip("chapter:N"),
                 alt.Tooltip("figures:Q", title="Figures held")],
    ).properties(width="container", height=260)
    table = frame[["edition_name", "chapter", "figures"]].rename(columns={
        "edition_name": "Edition", "chapter": "Chapter", "figures": "Figures held"})
    return charts.figure_html(
        chart, name="figures-by-edition", title="Figures held per chapter and edition",
        description="Each circle is one chapter of one edition, sized by the number of figures "
                    "the book holds for it, on the time axis of the series.",
        data=table, citations=[Edition(int(o), edition.tables).cite_document()
                               for o in sorted(counts["edition"].unique())],
        takeaway=charts.counts_takeaway(
            table.assign(where=table["Chapter"] + " in " + table["Edition"]).rename(
                columns={"Figures held": "figures held"}), "where", "figures held"))


def chart_columns(figures: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """The figures with what a chart needs to draw each one honestly, as columns.

    ``figure_shape`` (exact, approximate, range, lower bound, upper bound, vague),
    ``vague_words``,
    ``vague_floor`` and ``vague_ceiling`` (the table's reading of a vague low end: an uncertain
    end, never a firm one), ``attribution_label`` (for tooltips), ``status`` (measurement or
    forecast), ``counts`` (what the figure counts, in words) and ``series_key`` (figures of one
    indicator that count the same thing share it: a chart draws different keys apart).
    """
    vague = [vague_word(f) for _, f in figures.iterrows()]
    counts = [counting_words(f, catalogue) for _, f in figures.iterrows()]
    return figures.assign(
        figure_shape=[shape(f) for _, f in figures.iterrows()],
        vague_words=[v.words if v else None for v in vague],
        vague_floor=[v.floor if v else None for v in vague],
        vague_ceiling=[v.ceiling if v else None for v in vague],
        attribution_label=[attribution_label(f) for _, f in figures.iterrows()],
        counts=counts,
        series_key=[f"{i} | {c}" for i, c in zip(figures["indicator"], counts)])


def comparisons_markdown(paths) -> str:
    """The review list of every comparison the book makes, as Markdown for authors.

    One entry per comparison: the page it appears on, the measure, the two figures (id, edition,
    the figure in words, to whom its source attributes it), the editions between them and those
    set apart, and the words the reader gets. The data are validated first.
    """
    from isilbook.book.prose import describe
    from isilbook.book.readings import editions_with_readings
    from isilbook.data.validate import validate_data

    tables = validate_data(paths.data)
    frame = comparisons_frame(tables, editions_with_readings(paths.book, tables))
    figures = tables.figures.set_index("id")

    def figure(figure_id: str) -> str:
        row = figures.loc[figure_id]
        who = attribution_label(row)
        return (f"`{figure_id}` ({ordinal_words(int(row['edition']))} report): "
                f"{describe(row, with_unit=True)}, {row['period']}; {who}; {row['vouched_by']}")

    lines = [f"# Comparisons the book makes ({len(frame)})", ""]
    for entry in frame.itertuples(index=False):
        lines += [f"## {entry.measure}: {entry.page}", "",
                  f"- earlier: {figure(entry.earlier)}", f"- later: {figure(entry.later)}"]
        if entry.between:
            lines.append(f"- between, of the same measure: editions {entry.between}")
        if entry.apart:
            lines.append(f"- counting something else, not compared: editions {entry.apart}")
        lines += [f"- verdict: {entry.verdict}", f"- words: {entry.words}", ""]
    return "\n".join(lines) + "\n"
