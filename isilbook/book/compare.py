"""Setting editions side by side through the stable indicator key of the figures table.

The same measure in two editions (ISIL fighters in Libya) shares an ``indicator``; comparing is
then a matter of grouping, never of matching labels by eye.
"""

from __future__ import annotations

import pandas as pd

from isilbook.data.validate import Tables


def editions_in_order(tables: Tables) -> list[str]:
    """Document symbols with figures, oldest first (by their earliest source date)."""
    dates = tables.manifest.dropna(subset=["document"]).groupby("document")["date"].min()
    documents = tables.figures["document"].drop_duplicates()
    return sorted(documents, key=lambda d: (dates.get(d, "9999"), d))


def shared_indicators(figures: pd.DataFrame) -> list[str]:
    """Indicators stated in more than one edition, in first-appearance order."""
    per = figures.groupby("indicator", sort=False)["document"].nunique()
    return [indicator for indicator, count in per.items() if count > 1]


def side_by_side(figures: pd.DataFrame, indicator: str, order: list[str]) -> pd.DataFrame:
    """The rows of one indicator, one or more per edition, in edition order."""
    rows = figures[figures["indicator"] == indicator].copy()
    rows["edition_order"] = rows["document"].map({d: i for i, d in enumerate(order)})
    return rows.sort_values(["edition_order", "id"]).drop(columns="edition_order")


def new_in(figures: pd.DataFrame, document: str, earlier: list[str]) -> pd.DataFrame:
    """Figures of ``document`` whose indicator no earlier edition states."""
    seen = set(figures.loc[figures["document"].isin(earlier), "indicator"])
    rows = figures[figures["document"] == document]
    return rows[~rows["indicator"].isin(seen)]


def theme_overview(figures: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Figures per chapter theme and edition: where each edition's numbers sit."""
    counts = figures.groupby(["theme", "document"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[d for d in order if d in counts.columns])
    return counts.reset_index().rename(columns={"theme": "chapter theme"})


def range_verdict(before: pd.Series | None, after: pd.Series | None) -> str:
    """What two estimates of one measure allow a reader to conclude, in words.

    Overlapping ranges do not prove a change, however their ends moved; only ranges that do not
    overlap do. Bounds count as open on their missing side.
    """
    if before is None or after is None:
        return "With one of the two estimates missing, no comparison can be drawn."
    low_a, high_a = _ends(before)
    low_b, high_b = _ends(after)
    if high_b < low_a:
        return "The later range lies wholly below the earlier one: the figures show a fall."
    if low_b > high_a:
        return "The later range lies wholly above the earlier one: the figures show a rise."
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
