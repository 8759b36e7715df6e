"""The whole series on one page: every edition, what the book holds of each, ten years of measures.

The landing page answers a reader's first questions (is ISIL growing or shrinking, where, and how
sure is the UN?) from the same tables as the chapters: the editions table, the indicator
catalogue and the figures, one per edition and measure, each cited.
"""

from __future__ import annotations

import html

import pandas as pd

from isilbook.book import charts
from isilbook.book.chapter import (
    figure_words,
    measure_sentence,
    own_figures_sentence,
    plural,
    series_figure,
    series_rows,
)
from isilbook.book.cite import html_text
from isilbook.book.compare import DIFFERENT, FALL, RISE, SAME, series_comparison
from isilbook.book.edition import Edition, long_date, ordinal_words
from isilbook.book.prose import and_list, escape_markdown

HOLDS = {"text": "its text", "coverage": "coverage of it", "listed": "listed only"}


def editions_frame(edition: Edition) -> pd.DataFrame:
    """The editions table as readers see it: name, date, mandate, what the book holds."""
    editions = edition.tables.editions
    names = [Edition(int(o), edition.tables).title for o in editions["ordinal"]]
    return pd.DataFrame({
        "ordinal": editions["ordinal"].astype(int), "name": names, "date": editions["date"],
        "mandate": "resolution " + editions["mandate"], "holds": editions["holding"].map(HOLDS),
        "address": editions["address"].fillna(""),
    })


def holdings_sentence(edition: Edition) -> str:
    """How many editions the series has, and what the book holds of them (Markdown)."""
    editions = edition.tables.editions
    counts = editions["holding"].value_counts()
    first, last = editions.iloc[0], editions.iloc[-1]
    first_name = escape_markdown(Edition(int(first["ordinal"]), edition.tables).document)
    parts = [f"The series has {plural(len(editions), 'edition')} so far, from {first_name} "
             f"({long_date(first['date'])}) to the {ordinal_words(int(last['ordinal']))} "
             f"({long_date(last['date'])})."]
    held = []
    if counts.get("text", 0):
        held.append(f"the text of {plural(int(counts['text']), 'edition')}")
    if counts.get("coverage", 0):
        held.append(f"figures from public coverage of {plural(int(counts['coverage']), 'other')}")
    if held:
        parts.append("The book holds " + " and ".join(held) + ".")
    if counts.get("listed", 0):
        listed = editions[editions["holding"] == "listed"]["ordinal"].astype(int)
        parts.append("For the " + and_list([ordinal_words(o) for o in listed])
                     + " it found no figure in the coverage it holds, and lists "
                     + ("it" if len(listed) == 1 else "them") + " only.")
    return " ".join(parts)


def timeline_html(edition: Edition) -> str:
    """The accessible timeline of every edition, with the editions table behind it."""
    frame = editions_frame(edition)
    table = frame.rename(columns={"ordinal": "No.", "name": "Edition", "date": "Date",
                                  "mandate": "Mandate", "holds": "The book holds",
                                  "address": "UN document system"})
    citations = [f'<a class="isil-cite" href="{html_text(a)}">{html_text(n)}</a>'
                 for n, a in zip(frame["name"], frame["address"]) if a]
    held = frame["holds"].value_counts()
    kinds = [f"{words} {int(held[kind]):,}" for kind, words in (
        ("its text", "the text of"), ("coverage of it", "figures from coverage of"),
        ("listed only", "only the listing of")) if held.get(kind, 0)]
    takeaway = html.escape(f"Of the {len(frame):,} editions, the book holds "
                           f"{and_list(kinds)}.")
    return charts.figure_html(
        charts.editions_timeline(frame), name="series-timeline", takeaway=takeaway,
        title="Every edition of the series",
        description=f"{len(frame)} editions on a time axis, numbered in order and placed by "
                    "what the book holds for each: the report's text, figures from public "
                    "coverage of it, or only its listing.",
        data=table, citations=citations)


def measures(edition: Edition, indicators: list[str], *, name: str, title: str,
             stated: tuple[str, ...] = ()) -> tuple[str | None, str]:
    """A series chart of some measures across all editions, and its sentences (Markdown).

    ``stated`` names measures whose first and latest figures the page already compares (its
    findings): their sentences say so instead of repeating the comparison."""
    rows = series_rows(edition.tables, indicators=indicators)
    if rows.empty:
        return None, "The book holds no figure for these measures."
    groups = [group for _, group in rows.groupby("indicator", sort=False)]
    sentences = " ".join([measure_sentence(edition, group, own=False,
                                           verdict=group["indicator"].iloc[0] not in stated)
                          for group in groups] + [own_figures_sentence(edition, groups)])
    return series_figure(edition, rows, name=name, title=title), sentences


def finding(edition: Edition, indicator: str) -> str | None:
    """One short finding on one measure across the series: its earliest and latest comparable
    figures, cited, and what the two allow by the book's comparison rules; ``None`` when fewer
    than two editions give a figure."""
    rows = series_rows(edition.tables, indicators=[indicator])
    catalogue = edition.tables.indicators.set_index("indicator")
    found = series_comparison(rows, catalogue)
    if found is None:
        return None
    label = escape_markdown(catalogue.loc[indicator, "label"])
    return (f"**{label}**: {figure_words(edition, found.earlier, attributed=True)} in the "
            f"{ordinal_words(int(found.earlier['edition']))} report, "
            f"{figure_words(edition, found.later, attributed=True)} in the "
            f"{ordinal_words(int(found.later['edition']))}: "
            f"{escape_markdown(short_verdict(found.comparison))}.")


def short_verdict(comparison) -> str:
    """A comparison's verdict in a few words, for a list of findings (the chart sections say
    it in full)."""
    if comparison.verdict in (RISE, FALL):
        change = "rise" if comparison.verdict == RISE else "fall"
        return (f"a {change} only on the book's reading of a vague word" if comparison.reading
                else f"the figures show a {change}")
    return {SAME: "no change", DIFFERENT: "they count different things, so no verdict"}.get(
        comparison.verdict, "the two allow common values, so they show no change")


def findings_html(edition: Edition, indicators: list[str]) -> str:
    """What the series shows, first: a list of one finding per measure that two editions give.

    The measures are named by the page; a measure fewer than two editions give is left out,
    and with none left the page says so in one sentence. The list is marked as glued text:
    every number in it comes from the data.
    """
    from markdown_it import MarkdownIt

    found = [text for text in (finding(edition, key) for key in indicators) if text]
    if not found:
        return ('<p class="isil-glued">No measure of the series is given by two editions the '
                "book holds.</p>")
    render = MarkdownIt("commonmark", {"html": True}).renderInline
    items = "".join(f"<li>{render(text)}</li>" for text in found)
    return f'<ul class="isil-findings isil-glued">{items}</ul>'


def vouching_sentence(edition: Edition) -> str:
    """What vouches for the series' figures, in one sentence (Markdown)."""
    figures = edition.tables.figures
    counts = figures["vouched_by"].value_counts()
    parts = []
    for kind, words in (("report text", "read in a report's own text"),
                        ("coverage of the report", "come from coverage of a report"),
                        ("briefer", "were stated by a briefer presenting a report")):
        if counts.get(kind, 0):
            parts.append(f"{plural(int(counts[kind]), 'figure')} {words}")
    bounded = int(figures["qualifier"].isin(["between", "more than", "at least", "fewer than",
                                             "up to"]).sum())
    text = f"Of the {plural(len(figures), 'figure')} the book holds, " + "; ".join(parts) + "."
    if bounded:
        text += (f" {plural(bounded, 'figure')} of them are ranges or bounds rather than single "
                 "values.")
    others = figures[figures["attribution"] != "report"]
    if len(others):
        text += (f" The sources attribute {plural(len(others), 'figure')} not to the report's "
                 "own voice but to Member States, a United Nations entity, a briefer or another "
                 "body, or give them in a press story's own words; each table says which.")
    return text
