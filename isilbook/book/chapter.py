"""What chapters share: the edition's notice, its figures glued with citations, standard charts.

A chapter template says only what holds for every edition; everything about one edition comes
through here, from that edition's own rows. Three rules are enforced in this module rather than
left to each chapter:

* every number that reaches the prose is glued from the data, never typed;
* a sentence that needs a figure the edition lacks is never written with a hole in it: the
  helpers return whole sentences, or ``None``/a one-sentence note instead of an empty chart;
* quotations come only from the edition's own held text, or the build fails naming them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import altair as alt
import pandas as pd

from isilbook.book import charts
from isilbook.book.cite import citation_html
from isilbook.book.compare import (
    SHAPES,
    best_per_edition,
    chart_columns,
    series_comparison,
    series_words,
    shape,
)
from isilbook.book.edition import Edition, Section, load_edition, ordinal_words
from isilbook.book.prose import (
    according_to,
    and_list,
    attribution_label,
    describe,
    escape_markdown,
    glue_markdown,
    is_forecast,
    number_html,
)
from isilbook.data.chapters import headlines, titles
from isilbook.data.comparability import counting_words
from isilbook.data.validate import check_chart
from isilbook.errors import DataError, Problem


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """``1 figure``, ``3 figures`` (the count glued as a number)."""
    noun = word if count == 1 else (plural_word or word + "s")
    return f"{number_html(f'{count:,}')} {noun}"


def glue_text(name: str, text: str) -> None:
    """Glue a plain text (escaped, so data can never inject markup)."""
    glue_markdown(name, escape_markdown(text))


def glue_count(name: str, value: int | float) -> None:
    """Glue a count computed from the data, marked as a glued number."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    glue_markdown(name, number_html(text))


def figure_words(edition: Edition, figure: pd.Series, with_unit: bool = True,
                 attributed: bool = False) -> str:
    """A figure in words with its qualifier and its linked citation.

    With ``attributed``, the words keep to whom the source attributes the figure ("according to
    one Member State") and mark a forecast as one, for sentences that set figures side by side.
    """
    words = number_html(describe(figure, with_unit=with_unit))
    if attributed:
        phrase = according_to(figure)
        words += f", {html.escape(phrase)}" if phrase else ""
        words += " (a forecast)" if is_forecast(figure) else ""
    return f"{words} ({edition.cite(figure)})"


def holding_sentence(edition: Edition) -> str:
    """What the book holds for the edition, in one or two sentences (Markdown)."""
    name = escape_markdown(edition.title)
    if edition.has_text:
        last = int(edition.paragraphs["paragraph"].max())
        cited = int(edition.figures["paragraph"].notna().sum())
        links = ("every figure links to the paragraph it comes from" if cited == len(
            edition.figures) else f"{plural(cited, 'figure')} of the "
            f"{plural(len(edition.figures), 'figure')} it holds for the edition link to their "
            "paragraph, the others to the coverage that reports them")
        return (f"This chapter reads **{name}**. The book holds its text as far as paragraph "
                f"{number_html(str(last))}, where the copy held ends, and reads it paragraph by "
                f"paragraph; {links}.")
    sources = edition.sources
    if len(sources):
        kinds = sorted(set(sources["kind"]))
        held = int(sources["file"].notna().sum())
        kept = (f", of which the book keeps the text of {plural(held, 'story', 'stories')}"
                if held else "")
        return (f"This chapter reads **{name}**. The book does not hold its text: what it "
                f"knows of it comes from public coverage, {plural(len(sources), 'source')} "
                f"({escape_markdown(', '.join(kinds))}){kept}. The edition's headings, "
                "quotations and the places it names are therefore not available, and each "
                "figure cites the source that reports it.")
    return (f"This chapter reads **{name}**. The book holds neither its text nor coverage of "
            "it, only its place in the series.")


_SHAPE_WORDS = {"exact": ("exact value", "exact values"),
                "approximate": ("approximate value", "approximate values"),
                "range": ("range", "ranges"), "lower bound": ("lower bound", "lower bounds"),
                "upper bound": ("upper bound", "upper bounds"),
                "vague": ("floor read from a vague word", "floors read from vague words")}


def kinds_sentence(edition: Edition, theme: str) -> str:
    """What kinds of figure this edition gives for a chapter, counted from its own rows
    (Markdown): their shapes, to whom the sources attribute them, and any forecasts, so that
    no template describes one edition's figures in every edition's book."""
    from collections import Counter

    figures = edition.theme_figures(theme)
    if figures.empty:
        return "The book holds no figure of this edition for this chapter."
    shapes = Counter(shape(f) for _, f in figures.iterrows())
    kinds = [plural(shapes[k], *_SHAPE_WORDS[k]) for k in SHAPES if shapes.get(k)]
    text = (f"The book holds {plural(len(figures), 'figure')} of this edition for this chapter: "
            f"{and_list(kinds)}.")
    attributed = Counter(attribution_label(f) for _, f in figures.iterrows())
    text += (" The sources attribute them to " + and_list(
        [f"{escape_markdown(who)} ({number_html(str(n))})" for who, n in attributed.items()])
        + ".")
    forecasts = int((figures["status"] == "forecast").sum())
    if forecasts:
        verb = "is a forecast" if forecasts == 1 else "are forecasts"
        text += (f" {plural(forecasts, 'figure')} of them {verb}, named under the chart rather "
                 "than drawn as measured.")
    return text


@dataclass
class Chapter:
    """One report-section chapter built for one edition: its theme and its section."""

    edition: Edition
    theme: str
    section: Section | None

    @property
    def figures(self) -> pd.DataFrame:
        return self.edition.theme_figures(self.theme)

    def notice(self, topic: str) -> str:
        """The edition notice: which edition, what is held, and once, what it does not cover."""
        parts = [holding_sentence(self.edition)]
        missing = []
        if self.edition.has_text and self.section is None:
            missing.append(f"the text held has no section headed on {escape_markdown(topic)}")
        if self.figures.empty:
            missing.append("the book holds no figure from it for this chapter")
        if missing:
            parts.append("For this edition, " + " and ".join(missing) + ".")
        if self.section is not None:
            parts.append(f"Its section *{escape_markdown(self.section.heading)}* has "
                         f"{plural(len(self.section.paragraphs), 'paragraph')}.")
        return " ".join(parts)

    def figures_chart(self, title: str, units: list[str] | None = None) -> object:
        """The edition's figures for this chapter as ranges and bounds, or one sentence."""
        figures = self.figures
        if units is not None:
            figures = figures[figures["unit"].isin(units)]
        fragment = figures_chart(self.edition, figures, name=f"{self.theme}-figures",
                                 title=title)
        return show_html(fragment, f"The book holds no figure of {self.edition.document} for "
                                   "this chart.")

    def series(self) -> pd.DataFrame:
        """One figure per edition and series indicator of this chapter (see :func:`series_rows`)."""
        return series_rows(self.edition.tables, self.theme)

    def series_chart(self) -> object:
        """This chapter's measures across the series, or the figures it holds by edition."""
        rows = self.series()
        if rows.empty:
            figures = self.edition.tables.figures
            rows = best_per_edition(figures[(figures["theme"] == self.theme)
                                            & (figures["status"] != "forecast")])
            if rows.empty:
                return show_html(None, "No edition held gives a figure for this chapter.")
            return show_html(editions_matrix(self.edition, rows, name=f"{self.theme}-series"),
                             "")
        title = titles(self.edition.tables.chapters)[self.theme]
        return show_html(series_figure(self.edition, rows, name=f"{self.theme}-series",
                                       title=f"{title}: the measures "
                                             "across the series"), "")

    def series_summary(self) -> str:
        """One sentence per series measure: first and latest estimate, and what they allow."""
        rows = self.series()
        if rows.empty and self.edition.tables.figures["theme"].eq(self.theme).any():
            return ("The book follows none of this chapter's measures across the series: the "
                    "chart shows which editions give which figure.")
        if rows.empty:
            return "No edition the book holds gives a figure for this chapter."
        groups = [group for _, group in rows.groupby("indicator", sort=False)]
        return " ".join([measure_sentence(self.edition, group, own=False) for group in groups]
                        + [own_figures_sentence(self.edition, groups)])

    def places_chart(self, title: str) -> object:
        """Places named in the section, by paragraphs naming each, or one sentence."""
        return self._section_counts(
            places_counts, title, category="place", value="paragraphs naming it",
            name="places", what="name each country, region or city at least once",
            missing="places cannot be counted", empty="The section names no place.")

    def references_chart(self, title: str) -> object:
        """Documents the section cites, by paragraphs citing each, or one sentence."""
        return self._section_counts(
            references_counts, title, category="cited", value="paragraphs citing it",
            name="references", what="cite each document or resolution",
            missing="citations cannot be counted",
            empty="The section cites no document or resolution.")

    def _section_counts(self, count, title: str, *, category: str, value: str, name: str,
                        what: str, missing: str, empty: str) -> object:
        """A count chart over the section's paragraphs, or the one sentence that says why not."""
        if self.section is None:
            return show_html(None, f"Without a section of held text, {missing}.")
        counts = count(self.edition, self.section)
        if counts.empty:
            return show_html(None, empty)
        return show_html(count_chart(
            counts, category=category, value=value, color="kind",
            name=f"{self.theme}-{name}", title=title,
            description=f"Number of paragraphs of {self.section.heading} that {what}.",
            citations=paragraph_citations(self.edition, self.section.paragraphs["paragraph"])),
            empty)


def open_chapter(data_dir: str, document_symbol: str, theme: str) -> Chapter:
    """Load the edition, find the chapter's section, glue the chapter's notice.

    ``theme`` names the chapter in the registry (``data/chapters.csv``), which says what its
    section is headed in the report (or, for one edition, ``data/sections.csv``) and what
    topic its notice names.

    Glues ``document``, ``edition_title``, ``edition_notice``, ``series_summary`` and
    ``figure_kinds`` (:func:`kinds_sentence`); the edition's reading glues what it names itself
    (:mod:`isilbook.book.reading_render`).
    """
    edition = load_edition(data_dir, document_symbol)
    registry = edition.tables.chapters.set_index("chapter")
    if theme not in registry.index:
        raise DataError([Problem("data/chapters.csv", f"a row for the chapter {theme!r}",
                                 found="none")])
    page = Chapter(edition, theme, edition.chapter_section(theme))
    glue_text("document", edition.document)
    glue_text("edition_title", edition.title)
    glue_markdown("edition_notice", page.notice(registry.loc[theme, "topic"]))
    glue_markdown("series_summary", page.series_summary())
    glue_markdown("figure_kinds", kinds_sentence(edition, theme))
    return page


def glue_edition(edition: Edition) -> None:
    """Glue ``document``, ``edition_title`` and ``edition_notice`` for a whole-book page."""
    glue_text("document", edition.document)
    glue_text("edition_title", edition.title)
    glue_markdown("edition_notice", holding_sentence(edition).replace(
        "This chapter reads", "This page reads"))


# --- the series ----------------------------------------------------------------------------

def series_rows(tables, theme: str | None = None,
                indicators: list[str] | None = None) -> pd.DataFrame:
    """Figures of some measures, one per edition and measure, with the edition's date.

    ``theme`` keeps one chapter's series measures (those the catalogue follows across the
    series); ``indicators`` names the measures instead, in the order to show them.
    """
    if indicators is None:
        catalogue = tables.indicators
        wanted = catalogue[catalogue["series"].astype(bool)]
        if theme is not None:
            wanted = wanted[wanted["theme"] == theme]
        indicators = list(wanted["indicator"])
    figures = tables.figures[tables.figures["indicator"].isin(indicators)
                             & (tables.figures["status"] != "forecast")]
    rows = best_per_edition(figures)
    dates = tables.editions.set_index("ordinal")["date"]
    rows = rows.assign(edition_date=rows["edition"].map(dates))
    order = {k: i for i, k in enumerate(indicators)}
    return rows.sort_values(["indicator", "edition"], key=lambda s: s.map(order)
                            if s.name == "indicator" else s).reset_index(drop=True)


def _edition_name(tables, ordinal: int) -> str:
    return Edition(int(ordinal), tables).title


def own_figures_sentence(edition: Edition, groups: list[pd.DataFrame]) -> str:
    """Once for several measures: this edition's figure of each, and those it gives none of."""
    catalogue = edition.tables.indicators.set_index("indicator")
    given, missing = [], []
    for rows in groups:
        mine = rows[rows["edition"] == edition.ordinal]
        label = escape_markdown(catalogue.loc[rows["indicator"].iloc[0], "label"])
        if len(mine):
            given.append(f"{label}, {figure_words(edition, mine.iloc[0], attributed=True)}")
        else:
            missing.append(label)
    parts = []
    if given:
        parts.append(f"This edition's figure{'s' if len(given) > 1 else ''}: "
                     + "; ".join(given) + ".")
    if missing:
        parts.append("The book holds no figure of this edition for "
                     + ("it" if len(groups) == 1 else and_list(missing)) + ".")
    return " ".join(parts)


def measure_sentence(edition: Edition, rows: pd.DataFrame, *, own: bool = True,
                     verdict: bool = True) -> str:
    """The latest estimate of one measure against the earliest that counts the same thing, what
    the two allow, the editions between them, and (``own``) this edition's place.

    ``verdict=False`` leaves out the two figures and what they allow, for a page that states
    them already (the landing page's findings)."""
    tables = edition.tables
    catalogue = tables.indicators.set_index("indicator")
    indicator = rows["indicator"].iloc[0]
    label = escape_markdown(catalogue.loc[indicator, "label"])
    found = series_comparison(rows, catalogue)
    if found is None:
        first = rows.iloc[0]
        text = (f"**{label}**: one edition gives a figure, "
                f"{escape_markdown(_edition_name(tables, first['edition']))}: "
                f"{figure_words(edition, first, attributed=True)}.")
    elif not verdict:
        text = (f"**{label}**: {plural(len(rows), 'edition')} give a figure (the finding above "
                "compares the first and the latest that count the same thing).")
    else:
        text = (f"**{label}**: {plural(len(rows), 'edition')} give a figure. The "
                f"{_ordinal(found.earlier)} report's, "
                f"{figure_words(edition, found.earlier, attributed=True)}, against the "
                f"{_ordinal(found.later)} report's, "
                f"{figure_words(edition, found.later, attributed=True)}. "
                f"{escape_markdown(found.comparison.words)}")
        between = series_words(found)
        text += f" {escape_markdown(between)}" if between else ""
    comparability = catalogue.loc[indicator, "comparability"]
    if pd.notna(comparability):
        text += f" Read with care: {escape_markdown(comparability)}"
    if own:
        text += " " + own_figures_sentence(edition, [rows])
    return text


def _ordinal(figure: pd.Series) -> str:
    return ordinal_words(int(figure["edition"]))


def series_table(edition: Edition, rows: pd.DataFrame) -> pd.DataFrame:
    """The reader-facing table behind a series chart."""
    tables = edition.tables
    catalogue = tables.indicators.set_index("indicator")
    return pd.DataFrame({
        "Measure": rows["indicator"].map(catalogue["label"]),
        "Edition": [_edition_name(tables, o) for o in rows["edition"]],
        "Figure": [describe(r, with_unit=True) for _, r in rows.iterrows()],
        "Period": rows["period"],
        "Attributed to": [attribution_label(r) for _, r in rows.iterrows()],
        "Measurement or forecast": rows["status"],
        "Counts": [counting_words(r, catalogue) for _, r in rows.iterrows()],
        "Vouched for by": rows["vouched_by"],
        "Source": [edition.source_label(s) for s in rows["source"]],
    })


def series_figure(edition: Edition, rows: pd.DataFrame, *, name: str, title: str,
                  description: str | None = None) -> str:
    """The accessible series chart: one panel per measure, one point per edition."""
    tables = edition.tables
    catalogue = tables.indicators.set_index("indicator")
    rows = chart_columns(rows, catalogue)
    require_chart(rows, edition, name, series="series_key")
    frame = rows.assign(
        measure=rows["indicator"].map(catalogue["label"]),
        words=[describe(r, with_unit=True) for _, r in rows.iterrows()],
        edition_name=[_edition_name(tables, o) for o in rows["edition"]],
        current=rows["edition"] == edition.ordinal)
    domain = charts.series_domain(tables.editions["date"])
    panels = [charts.series_panel(group, value_title=catalogue.loc[indicator, "unit"],
                                  domain=domain)
              .properties(title=catalogue.loc[indicator, "label"])
              for indicator, group in frame.groupby("indicator", sort=False)]
    chart = panels[0] if len(panels) == 1 else alt.vconcat(*(
        p.properties(width=520) for p in panels)).resolve_scale(color="shared", shape="shared")
    count = frame["edition"].nunique()
    description = description or (
        f"Figures from {count} edition{'s' if count != 1 else ''} on a time axis (the date of "
        "each edition): a vertical bar spans a range, an arrow marks a bound (pointing up for "
        "'more than', down for 'up to'), a dot an exact value and a ring an approximate one. "
        "Colour says what vouches for "
        "the figure: the report's own text, coverage of the report, or a briefer presenting "
        "it. The edition this page reads is ringed.")
    return charts.figure_html(chart, name=name, title=title, description=description,
                              data=series_table(edition, rows),
                              citations=[edition.cite(r) for _, r in rows.iterrows()],
                              single=_single(frame.iloc[0]),
                              takeaway=charts.series_takeaway(frame))


def _single(figure: pd.Series) -> str:
    """One figure in words, for a chart that would draw only it (one mark is no chart)."""
    return (f"{html.escape(figure['label'])} ({html.escape(figure['period'])}), "
            f"{number_html(describe(figure, with_unit=True))}")


def editions_matrix(edition: Edition, rows: pd.DataFrame, *, name: str) -> str:
    """Which editions give which of a chapter's figures: one point per edition and measure."""
    tables = edition.tables
    catalogue = tables.indicators.set_index("indicator")
    dates = tables.editions.set_index("ordinal")["date"]
    frame = rows.assign(measure=rows["indicator"].map(catalogue["label"]),
                        edition_date=rows["edition"].map(dates),
                        words=[describe(r, with_unit=True) for _, r in rows.iterrows()],
                        edition_name=[_edition_name(tables, o) for o in rows["edition"]])
    require_chart(rows, edition, name)
    count = frame["edition"].nunique()
    return charts.figure_html(
        charts.editions_matrix(frame, charts.series_domain(tables.editions["date"])), name=name,
        title="Which editions give this chapter's figures",
        description=f"Each point is one figure, placed at the date of the edition that gives "
                    f"it ({count} edition{'s' if count != 1 else ''}); colour says what vouches "
                    "for it.",
        data=series_table(edition, rows), citations=[edition.cite(r) for _, r in rows.iterrows()],
        single=_single(frame.iloc[0]), takeaway=charts.series_takeaway(frame))


# --- charts of one edition -------------------------------------------------------------------

def figures_chart(edition: Edition, figures: pd.DataFrame, *, name: str, title: str,
                  description: str | None = None) -> str | None:
    """Figures on range/bound marks, one panel per unit; HTML, or ``None`` if there are none.

    Only measurements are drawn: a forecast ("likely for at least another four or five years")
    is named in a sentence under the chart instead, so it never reads as something measured.
    """
    forecasts = figures[figures["status"] == "forecast"]
    figures = figures[figures["status"] != "forecast"]
    note = forecasts_note(edition, forecasts)
    if figures.empty:
        return f'<p class="isil-note">{note}</p>' if note else None
    require_chart(figures, edition, name)
    panels = [charts.range_chart(group, value_title=unit)
              for unit, group in figures.groupby("unit", sort=False)]
    if len(panels) == 1:
        chart = panels[0]
    else:  # "container" width does not reach into concatenated views: give panels a width
        chart = alt.vconcat(*(panel.properties(width=520) for panel in panels)).resolve_scale(
            x="independent", shape="shared")
    description = description or (
        f"{'One figure' if len(figures) == 1 else f'{len(figures)} figures'} from "
        f"{edition.document}, drawn by how the source puts them: bars for ranges, arrows for "
        "one-sided bounds, dots for exact values and rings for approximate ones, hollow "
        "diamonds where an end is the book's reading of a vague word.")
    fragment = charts.figure_html(chart, name=name, title=title, description=description,
                                  data=figure_table(figures),
                                  citations=[edition.cite(f) for _, f in figures.iterrows()],
                                  single=_single(figures.iloc[0]),
                                  takeaway=charts.figures_takeaway(figures))
    return fragment + (f'\n<p class="isil-note">{note}</p>' if note else "")


def forecasts_note(edition: Edition, forecasts: pd.DataFrame) -> str:
    """One sentence naming the forecasts a chart of measurements leaves out (HTML), or ``""``."""
    if forecasts.empty:
        return ""
    items = [f"{html.escape(f['label'])}: {figure_words(edition, f, attributed=True)}"
             for _, f in forecasts.iterrows()]
    what = "a forecast" if len(items) == 1 else "forecasts"
    return (f"Not drawn, because {'it is' if len(items) == 1 else 'they are'} {what}, not "
            f"{'a measurement' if len(items) == 1 else 'measurements'}: " + "; ".join(items)
            + ".")


def figure_table(figures: pd.DataFrame) -> pd.DataFrame:
    """The reader-facing table behind a chart of one edition's figures, with attributions."""
    return charts.figure_table(figures).assign(**{
        "Attributed to": [attribution_label(f) for _, f in figures.iterrows()],
        "Measurement or forecast": list(figures["status"]),
    })


def require_chart(figures: pd.DataFrame, edition: Edition, name: str,
                  series: str | None = None) -> None:
    """Refuse a chart that draws a figure twice, a forecast, or a series of unlike figures.

    Raises
    ------
    DataError
        Naming the chart and the figures (see :func:`isilbook.data.validate.check_chart`).
    """
    catalogue = edition.tables.indicators.set_index("indicator")
    problems = check_chart(figures, catalogue, f"chart {name}", series=series)
    if problems:
        raise DataError(problems)


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
                              data=counts, citations=citations,
                              takeaway=charts.counts_takeaway(counts, category, value))


def paragraph_citations(edition: Edition, paragraphs) -> list[str]:
    """Citation links for a list of paragraph numbers of this edition."""
    return [citation_html(edition.document, p) for p in sorted(set(int(p) for p in paragraphs))]


def places_counts(edition: Edition, section: Section) -> pd.DataFrame:
    """Places named in a section: how many of its paragraphs name each."""
    places = edition.places[edition.places["paragraph"].isin(section.paragraphs["paragraph"])]
    counts = (places.drop_duplicates(["paragraph", "name"])
              .groupby(["name", "kind"], as_index=False).agg(
                  paragraphs=("paragraph", "nunique")))
    return counts.sort_values(["paragraphs", "name"], ascending=[False, True]).rename(
        columns={"name": "place", "paragraphs": "paragraphs naming it"})


def references_counts(edition: Edition, section: Section) -> pd.DataFrame:
    """Documents and resolutions cited in a section: how many of its paragraphs cite each."""
    refs = edition.references[
        edition.references["paragraph"].isin(section.paragraphs["paragraph"])]
    counts = refs.groupby(["target", "kind"], as_index=False).agg(
        paragraphs=("paragraph", "nunique"))
    return counts.sort_values(["paragraphs", "target"], ascending=[False, True]).rename(
        columns={"target": "cited", "paragraphs": "paragraphs citing it"})


def show_html(fragment: str | None, missing: str) -> object:
    """Display a figure's HTML, or one plain sentence when the edition has no data for it."""
    from IPython.display import HTML, Markdown

    return HTML(fragment) if fragment else Markdown(f"*{html.escape(missing)}*")


def key_figures_html(edition: Edition) -> str | None:
    """Cards with one headline finding per chapter: the first of the chapter's headline
    measures (``data/chapters.csv``) that the edition gives.

    A headline is a finding of the edition, so a chapter whose edition gives none of the chosen
    measures gets no card (never a stand-in such as the first count curated), and neither does
    a figure in a press story's own words or a forecast. An edition with no card gets ``None``.
    """
    cards = []
    preferred = headlines(edition.tables.chapters)
    for theme, title in titles(edition.tables.chapters).items():
        figures = edition.theme_figures(theme)
        figures = figures[(figures["attribution"] != "press story")
                          & (figures["status"] != "forecast")]
        chosen = [figures[figures["indicator"] == key] for key in preferred[theme]]
        chosen = [rows for rows in chosen if len(rows)]
        if not chosen:
            continue
        figure = chosen[0].iloc[0]
        phrase = according_to(figure)
        cards.append(
            f'<div class="isil-keyfigure"><a href="{theme}.html">{html.escape(title)}</a>'
            f"{number_html(describe(figure, with_unit=True))}"
            f"<span>{html.escape(figure['label'])} ({html.escape(figure['period'])})"
            f"{', ' + html.escape(phrase) if phrase else ''}. {edition.cite(figure)}</span></div>")
    return f'<div class="isil-keyfigures">{"".join(cards)}</div>' if cards else None


def heading_summary(edition: Edition, section: Section) -> pd.DataFrame:
    """Per lettered heading of a chapter: its paragraphs and the figures curated from them."""
    rows = section.paragraphs
    figures_per_paragraph = edition.figures["paragraph"].value_counts()
    per = rows.assign(
        heading=(rows["section"] + ". " + rows["section_title"]).fillna("Opening paragraph"),
        figures=rows["paragraph"].map(figures_per_paragraph).fillna(0))
    per = per.groupby("heading", sort=False).agg(
        paragraphs=("paragraph", "size"), figures=("figures", "sum"),
        first_paragraph=("paragraph", "min"), last_paragraph=("paragraph", "max")).reset_index()
    per["figures"] = per["figures"].astype(int)
    return per


def heading_chart(per: pd.DataFrame, *, name: str, description: str, citations: list[str],
                  title: str = "Paragraphs and figures under each heading") -> str | None:
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
    return charts.figure_html(chart, name=name, title=title, description=description, data=per,
                              citations=citations,
                              takeaway=charts.counts_takeaway(per, "heading", "paragraphs"))

