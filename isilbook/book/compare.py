"""Setting editions side by side through the stable indicator key of the figures table.

The same measure in two editions (ISIL fighters in Libya) shares an ``indicator``; comparing is
then a matter of grouping, never of matching labels by eye.
"""

from __future__ import annotations

import pandas as pd

from isilbook.book.edition import VOUCHING, Edition
from isilbook.book.prose import escape_markdown


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


def range_verdict(before: pd.Series | None, after: pd.Series | None) -> str:
    """What two estimates of one measure allow a reader to conclude, in words.

    Overlapping ranges do not prove a change, however their ends moved; only ranges that do not
    overlap do. Bounds count as open on their missing side.
    """
    if before is None or after is None:
        return "With one of the two estimates missing, no comparison can be drawn."
    if before["unit"] != after["unit"]:
        return "The two figures are in different units, so they cannot be compared."
    low_a, high_a = _ends(before)
    low_b, high_b = _ends(after)
    if high_b < low_a:
        return "The later estimate lies wholly below the earlier one: the figures show a fall."
    if low_b > high_a:
        return "The later estimate lies wholly above the earlier one: the figures show a rise."
    moves = []
    if low_b != low_a:
        moves.append(f"the lower end {'fell' if low_b < low_a else 'rose'}")
    if high_b != high_a:
        moves.append(f"the upper end {'fell' if high_b < high_a else 'rose'}")
    width = "widened" if (high_b - low_b) > (high_a - low_a) else "narrowed"
    detail = (" and ".join(moves) + f", and the range {width}") if moves else "nothing moved"
    return ("The two estimates overlap, so the figures alone do not show a change in size; "
            f"{detail}.")


def _ends(figure: pd.Series) -> tuple[float, float]:
    low = figure["low"] if pd.notna(figure["low"]) else 0.0
    high = figure["high"] if pd.notna(figure["high"]) else float("inf")
    return float(low), float(high)


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
        parts = [f"- **{label}**: this edition, {figure_words(edition, here)}."]
        if before is not None:
            parts.append(f"Before it, {figure_words(edition, before)}. "
                         f"{range_verdict(before, here)}")
        if after is not None:
            parts.append(f"After it, {figure_words(edition, after)}. "
                         f"{range_verdict(here, after)}")
        lines.append(" ".join(parts))
    return "\n".join(lines)


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
    from isilbook.book.chapter import CHAPTER_TITLES

    counts = theme_overview(edition.tables.figures)
    if counts.empty:
        return None
    dates = edition.tables.editions.set_index("ordinal")["date"]
    frame = counts.assign(
        edition_date=counts["edition"].map(dates),
        chapter=counts["theme"].map(CHAPTER_TITLES),
        edition_name=[Edition(int(o), edition.tables).title for o in counts["edition"]])
    chart = alt.Chart(frame[["edition_date", "chapter", "figures", "edition_name"]]).mark_circle(
        opacity=0.85).encode(
        x=alt.X("edition_date:T", title="Date of the edition",
                scale=alt.Scale(domain=charts.SERIES_DOMAIN),
                axis=alt.Axis(format="%Y", tickCount=10)),
        y=alt.Y("chapter:N", title=None, sort=list(CHAPTER_TITLES.values()),
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
