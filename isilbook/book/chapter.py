"""What chapters share: glued numbers with citations, the edition notice, the standard charts.

Chapters hold their narrative and pick their data; everything they would otherwise paste into
each other lives here. Every number that reaches the prose goes through :func:`glue_indicator`
or :func:`glue_count`, so none is ever typed by hand.
"""

from __future__ import annotations

import html

import altair as alt
import pandas as pd

from isilbook.book import charts
from isilbook.book.cite import citation_html
from isilbook.book.edition import Edition
from isilbook.book.prose import describe, escape_markdown, glue_markdown, number_html


def glue_text(name: str, text: str) -> None:
    """Glue a plain text (escaped, so data can never inject markup)."""
    glue_markdown(name, escape_markdown(text))


def glue_count(name: str, value: int | float) -> None:
    """Glue a count computed from the data, marked as a glued number."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    glue_markdown(name, number_html(text))


def glue_indicator(edition: Edition, name: str, indicator: str, period: str | None = None,
                   with_unit: bool = True) -> pd.Series | None:
    """Glue one figure of this edition in words with its citation; say so if it is absent.

    Returns the figure row (or ``None``) so a chapter can reuse it in a chart.
    """
    rows = edition.figures[edition.figures["indicator"] == indicator]
    if period is not None:
        rows = rows[rows["period"] == period]
    if rows.empty:
        glue_markdown(name, "*(not stated in the material held for "
                            f"{escape_markdown(edition.document)})*")
        return None
    figure = rows.iloc[0]
    glue_markdown(name, f"{number_html(describe(figure, with_unit=with_unit))} "
                        f"({edition.cite(figure)})")
    return figure


def glue_edition(edition: Edition) -> None:
    """Glue ``document`` and ``edition_notice``: what the edition's material is and lacks."""
    glue_text("document", edition.document)
    sources = edition.sources
    if edition.has_text:
        notice = (f"This book reads the text of {escape_markdown(edition.document)} paragraph by "
                  "paragraph; every figure links to the paragraph it comes from.")
    elif len(sources):
        labels = "; ".join(f"{escape_markdown(r.title)} ({escape_markdown(r.publisher)}, "
                           f"{escape_markdown(r.date)})"
                           for r in sources.itertuples())
        notice = (f"**The book does not hold the text of {escape_markdown(edition.document)}.** "
                  f"Its only source for this edition is a secondary report: {labels}. "
                  "Paragraph-level data (the heading structure, references and places named) "
                  "is therefore missing, and figures cite the press report instead of a "
                  "paragraph.")
    else:
        notice = (f"**The book holds no source text for {escape_markdown(edition.document)}.** "
                  "Only the curated figures below are available for it.")
    glue_markdown("edition_notice", notice)


def figures_chart(edition: Edition, figures: pd.DataFrame, *, name: str, title: str,
                  description: str | None = None) -> str | None:
    """Figures on range/bound marks, one panel per unit; HTML, or ``None`` if there are none."""
    if figures.empty:
        return None
    panels = [charts.range_chart(group, value_title=unit)
              for unit, group in figures.groupby("unit", sort=False)]
    if len(panels) == 1:
        chart = panels[0]
    else:  # "container" width does not reach into concatenated views: give panels a width
        chart = alt.vconcat(*(panel.properties(width=520) for panel in panels)).resolve_scale(
            x="independent", shape="shared")
    count = f"{len(figures)} figure{'s' if len(figures) != 1 else ''}"
    description = description or (
        f"{count} from {edition.document}, drawn by how the text puts them: bars "
        "for ranges, arrows for one-sided bounds, dots for single values (hollow when "
        "approximate).")
    return charts.figure_html(chart, name=name, title=title, description=description,
                              data=charts.figure_table(figures),
                              citations=[edition.cite(f) for _, f in figures.iterrows()])


def theme_figures_chart(edition: Edition, theme: str, *, name: str, title: str,
                        units: list[str] | None = None) -> str | None:
    """The figures of a chapter (optionally of some units only) as :func:`figures_chart`."""
    figures = edition.theme_figures(theme)
    if units is not None:
        figures = figures[figures["unit"].isin(units)]
    return figures_chart(edition, figures, name=name, title=title)


def _count_axis(values: pd.Series) -> alt.Axis:
    """Whole-number ticks: every integer when the counts are small, so no label repeats."""
    top = int(values.max()) if len(values) else 0
    if top <= 12:
        return alt.Axis(values=list(range(top + 1)), format="d")
    return alt.Axis(tickMinStep=1, format="d")


def count_chart(counts: pd.DataFrame, *, category: str, value: str, name: str, title: str,
                description: str, citations: list[str], color: str | None = None) -> str:
    """A horizontal bar chart of counts (places named, documents cited), sorted by size."""
    encoding = {"y": alt.Y(f"{category}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=300)),
                "x": alt.X(f"{value}:Q", title=value, axis=_count_axis(counts[value])),
                "tooltip": [alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q")]}
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=color)
    chart = alt.Chart(counts).mark_bar().encode(**encoding).properties(
        width="container", height=max(60, 22 * len(counts)))
    return charts.figure_html(chart, name=name, title=title, description=description,
                              data=counts, citations=citations)


def paragraph_citations(edition: Edition, paragraphs: list[int]) -> list[str]:
    """Citation links for a list of paragraph numbers of this edition."""
    return [citation_html(edition.document, p) for p in sorted(set(int(p) for p in paragraphs))]


def places_counts(edition: Edition, code: str) -> pd.DataFrame:
    """Places named in a section: how many of its paragraphs name each."""
    paragraphs = edition.section_paragraphs(code)["paragraph"]
    places = edition.places[edition.places["paragraph"].isin(paragraphs)]
    counts = (places.drop_duplicates(["paragraph", "name"])
              .groupby(["name", "kind"], as_index=False).agg(
                  paragraphs=("paragraph", "nunique")))
    return counts.sort_values(["paragraphs", "name"], ascending=[False, True]).rename(
        columns={"name": "place", "paragraphs": "paragraphs naming it"})


def references_counts(edition: Edition, code: str) -> pd.DataFrame:
    """Documents and resolutions cited in a section: how many of its paragraphs cite each."""
    paragraphs = edition.section_paragraphs(code)["paragraph"]
    refs = edition.references[edition.references["paragraph"].isin(paragraphs)]
    counts = refs.groupby(["target", "kind"], as_index=False).agg(
        paragraphs=("paragraph", "nunique"))
    return counts.sort_values(["paragraphs", "target"], ascending=[False, True]).rename(
        columns={"target": "cited", "paragraphs": "paragraphs citing it"})


def show_html(fragment: str | None, missing: str) -> object:
    """Display a figure's HTML, or a plain note when the edition has no data for it."""
    from IPython.display import HTML, Markdown

    return HTML(fragment) if fragment else Markdown(f"*{html.escape(missing)}*")


CHAPTER_TITLES = {
    "threat": "The threat", "funding": "Funding", "fighters": "Foreign terrorist fighters",
    "libya": "ISIL in Libya", "afghanistan": "ISIL in Afghanistan", "ict": "Use of ICT",
    "sexual_violence": "Conflict-related sexual violence",
    "member_states": "Member States' implementation", "un_efforts": "United Nations efforts",
}


def key_figures_html(edition: Edition, preferred: dict[str, str]) -> str:
    """Cards with one headline figure per chapter: the preferred indicator, else the first.

    ``preferred`` maps a theme to the indicator to show for it; a theme with no figure in this
    edition gets no card.
    """
    cards = []
    for theme, title in CHAPTER_TITLES.items():
        figures = edition.theme_figures(theme)
        if figures.empty:
            continue
        chosen = figures[figures["indicator"] == preferred.get(theme, "")]
        figure = (chosen if len(chosen) else figures).iloc[0]
        cards.append(
            f'<div class="isil-keyfigure"><a href="{theme}.html">{html.escape(title)}</a>'
            f"{number_html(describe(figure, with_unit=True))}"
            f"<span>{html.escape(figure['label'])} ({html.escape(figure['period'])}). "
            f"{edition.cite(figure)}</span></div>")
    return f'<div class="isil-keyfigures">{"".join(cards)}</div>'


def figures_by_theme(edition: Edition) -> pd.DataFrame:
    """How many curated figures each chapter of this edition holds."""
    counts = edition.figures.groupby("theme").size()
    return pd.DataFrame({
        "chapter": list(CHAPTER_TITLES.values()),
        "figures": [int(counts.get(theme, 0)) for theme in CHAPTER_TITLES],
    })


def _quoted_in(paragraphs: pd.DataFrame, words: str) -> pd.DataFrame:
    return paragraphs[paragraphs["text"].str.contains(words, regex=False)]


def glue_quote(name: str, paragraphs: pd.DataFrame, words: str) -> None:
    """Glue a verbatim quotation with its citation, found in ``paragraphs``.

    The quotation is searched for in the held text, so a misquote shows up on the page as
    "not found" instead of being published; without the text, the page says so.
    """
    hits = _quoted_in(paragraphs, words)
    if hits.empty:
        glue_markdown(name, "*(not quoted: the words are not in the text held for this edition)*")
        return
    first = hits.iloc[0]
    glue_markdown(name, f"“{escape_markdown(words)}” "
                        f"({citation_html(first['document'], int(first['paragraph']))})")


def glue_quote_citation(name: str, paragraphs: pd.DataFrame, words: str) -> None:
    """Glue only the citation(s) of a quotation typed in the chapter, after checking it is there."""
    hits = _quoted_in(paragraphs, words)
    links = "; ".join(citation_html(d, int(p)) for d, p in zip(hits["document"], hits["paragraph"]))
    glue_markdown(name, links or "*(quotation not found in the text held)*")


def heading_summary(edition: Edition, section: pd.DataFrame) -> pd.DataFrame:
    """Per lettered heading of a chapter: its paragraphs and the figures curated from them."""
    figures_per_paragraph = edition.figures["paragraph"].value_counts()
    per = section.assign(
        heading=(section["section"] + ". " + section["section_title"]).fillna(
            "Opening paragraph"),
        figures=section["paragraph"].map(figures_per_paragraph).fillna(0))
    per = per.groupby("heading", sort=False).agg(
        paragraphs=("paragraph", "size"), figures=("figures", "sum"),
        first_paragraph=("paragraph", "min"), last_paragraph=("paragraph", "max")).reset_index()
    per["figures"] = per["figures"].astype(int)
    return per


def heading_chart(per: pd.DataFrame, *, name: str, description: str,
                  citations: list[str]) -> str | None:
    """Paragraphs and figures under each heading, side by side; ``None`` without headings."""
    if per.empty:
        return None
    order = ["paragraphs", "figures"]
    long = per.melt(id_vars="heading", value_vars=order, var_name="counted", value_name="count")
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("heading:N", sort=list(per["heading"]), title=None,
                axis=alt.Axis(labelLimit=340)),
        yOffset=alt.YOffset("counted:N", sort=order),
        color=alt.Color("counted:N", sort=order),
        x=alt.X("count:Q", title="count", axis=_count_axis(long["count"])),
        tooltip=["heading:N", "counted:N", "count:Q"],
    ).properties(width="container", height=44 * len(per))
    return charts.figure_html(chart, name=name, title="Paragraphs and figures under each heading",
                              description=description, data=per, citations=citations)
