"""Sentences about the book and its sources are computed from what it holds, never typed.

Each expectation is counted here from the tables themselves, so an author adding an edition or
a source by the README's steps finds the tests still true.
"""

from __future__ import annotations

import re

from isilbook.book import chapter, source_page
from isilbook.book.edition import Edition, ordinal_words
from isilbook.book.prose import attribution_label
from isilbook.data.validate import load_tables


def _numbers(html: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r'isil-num">([0-9,]+)<', html)]


def _tables(project):
    return load_tables(project.data, check=False)


def test_where_each_held_copy_ends_is_read_from_its_paragraphs(project):
    tables = _tables(project)
    note = source_page.coverage_note(tables)
    for document, group in tables.paragraphs.groupby("document"):
        last = int(group["paragraph"].max())
        assert f"The copy of {document} held here has" in note
        assert f'ends at paragraph <span class="isil-num">{last}</span>' in note
    assert "closing" not in note  # nothing is said of what the copy does not hold


def test_tracing_counts_every_figure_once_by_what_the_book_holds_of_its_source(project):
    tables = _tables(project)
    counts = _numbers(source_page.tracing_note(tables))
    assert sum(counts) == len(tables.figures)
    files = tables.manifest.set_index("id")["file"]
    with_paragraph = tables.figures["paragraph"].notna() & \
        tables.figures["source"].map(files).notna()
    assert counts[0] == int(with_paragraph.sum())


def test_editions_known_only_from_recorded_pages_are_named(project):
    tables = _tables(project)
    note = source_page.records_note(tables)
    recorded = int(tables.manifest["file"].isna().sum())
    assert _numbers(note)[0] == recorded
    for ordinal in tables.editions.loc[tables.editions["holding"] == "coverage", "ordinal"]:
        assert f"{ordinal_words(int(ordinal))}" in note
    for ordinal in tables.editions.loc[tables.editions["holding"] == "text", "ordinal"]:
        assert f" {ordinal_words(int(ordinal))}," not in note


def test_the_kinds_of_figure_a_chapter_describes_are_its_edition_own(project):
    tables = _tables(project)
    for ordinal, theme in tables.figures[["edition", "theme"]].drop_duplicates().itertuples(
            index=False):
        edition = Edition(int(ordinal), tables)
        rows = edition.theme_figures(theme)
        counts = _numbers(chapter.kinds_sentence(edition, theme))
        kinds = len({chapter.shape(f) for _, f in rows.iterrows()})
        whom = len({attribution_label(f) for _, f in rows.iterrows()})
        assert counts[0] == len(rows)
        assert sum(counts[1:1 + kinds]) == len(rows)
        assert sum(counts[1 + kinds:1 + kinds + whom]) == len(rows)
        forecasts = int((rows["status"] == "forecast").sum())
        assert ("forecast" in chapter.kinds_sentence(edition, theme)) == bool(forecasts)


def test_a_chart_of_measurements_names_its_forecasts_instead_of_drawing_them(project):
    tables = _tables(project)
    forecasts = tables.figures[tables.figures["status"] == "forecast"]
    for _, figure in forecasts.iterrows():
        edition = Edition(int(figure["edition"]), tables)
        rows = edition.theme_figures(figure["theme"])
        html = chapter.figures_chart(edition, rows, name="t", title="T")
        assert html.count("Not drawn, because") == 1
        drawn, note = html.split("Not drawn, because")
        assert figure["label"] not in drawn and figure["label"] in note
        assert rows["status"].eq("measurement").any() == ("<figure" in drawn)


def test_headlines_are_never_a_press_story_own_words_or_a_forecast(project):
    tables = _tables(project)
    for ordinal in tables.figures["edition"].unique():
        # Every measure of the edition offered as a headline: only the barred may be left out.
        every = {theme: " ".join(group["indicator"].drop_duplicates())
                 for theme, group in tables.figures[tables.figures["edition"] == ordinal]
                 .groupby("theme")}
        tables.chapters = tables.chapters.assign(
            headlines=tables.chapters["chapter"].map(every))
        edition = Edition(int(ordinal), tables)
        cards = chapter.key_figures_html(edition) or ""
        for _, figure in edition.figures.iterrows():
            barred = figure["attribution"] == "press story" or figure["status"] == "forecast"
            if barred and (edition.figures["theme"] == figure["theme"]).sum() == 1:
                assert f"<span>{figure['label']} (" not in cards, figure["id"]
