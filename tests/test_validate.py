"""Validation of the real data: it passes, and the curated figures say what the report says.

Broken copies (each naming its row and column) are one table of cases in
tests/test_bad_inputs.py, run through the command line.
"""

from __future__ import annotations

import pandas as pd

from isilbook.data.validate import validate_data


def test_the_project_data_is_valid(project):
    tables = validate_data(project.data)
    # Every held report text gave its paragraphs, numbered from 1 without a gap.
    held = tables.manifest.loc[tables.manifest["kind"] == "primary", "document"]
    assert set(tables.paragraphs["document"]) == set(held)
    for _, numbers in tables.paragraphs.groupby("document")["paragraph"]:
        assert list(numbers) == list(range(1, len(numbers) + 1))
    assert tables.figures["id"].is_unique


def test_every_curated_quote_is_in_its_paragraph_and_its_numbers_in_the_quote(project):
    from isilbook.data.numbers import reads_value

    figures = pd.read_csv(project.table("figures"))
    paragraphs = pd.read_csv(project.table("paragraphs")).set_index(["document", "paragraph"])
    story = " ".join((project.raw / "AP-2017-02-06-S-2017-97.txt").read_text().split())
    quoted = figures[figures["quote"].notna()]
    # A quote is held words: of a report text or the held press story, never a recorded page.
    manifest = pd.read_csv(project.manifest).set_index("id")
    assert not quoted.empty and manifest.loc[quoted["source"], "file"].notna().all()
    for figure in quoted.itertuples():
        text = story if pd.isna(figure.paragraph) else \
            paragraphs.loc[(figure.document, int(figure.paragraph)), "text"]
        assert figure.quote in text, figure.id
        for value in (figure.low, figure.high):
            if pd.notna(value):
                assert reads_value(figure.quote, value), (figure.id, value)


def test_key_figures_are_curated_as_the_report_states_them(project):
    figures = pd.read_csv(project.table("figures")).set_index("id")
    libya = figures[(figures["indicator"] == "isil_fighters_libya")
                    & (figures["document"] == "S/2016/501")].iloc[0]
    assert (libya["low"], libya["high"], libya["qualifier"], libya["paragraph"]) == \
        (3000, 5000, "between", 28)
    killed = figures[figures["indicator"] == "isil_attacks_abroad_killed"].iloc[0]
    assert (killed["low"], pd.isna(killed["high"]), killed["qualifier"]) == (500, True, "more than")
    ap = figures[figures["source"] == "AP-2017-02-06-S-2017-97"]
    assert ap["paragraph"].isna().all()
    oil = ap[ap["indicator"] == "isil_oil_revenue"].set_index("period")
    assert oil.loc["2016", "low"] == 260_000_000 and oil.loc["2016", "qualifier"] == "around"
    assert oil.loc["2015", "high"] == 500_000_000 and oil.loc["2015", "qualifier"] == "up to"


def test_a_table_read_again_is_a_copy_and_a_changed_file_is_read_anew(tmp_path, project):
    """read_table keeps what it read by content: a caller's edits never reach the next reader,
    and new bytes at the same path are read and checked again."""
    from isilbook.data.schema import load_dictionary, read_table
    from isilbook.errors import DataError

    spec = load_dictionary(project.data)["units"]
    table = tmp_path / "units.csv"
    table.write_bytes(project.table("units").read_bytes())
    first = read_table(table, spec)
    first.loc[0, "unit"] = "edited by a caller"
    again = read_table(table, spec)
    assert again.loc[0, "unit"] == pd.read_csv(table, dtype=str).loc[0, "unit"]
    assert again.loc[0, "unit"] != "edited by a caller"
    rows = table.read_text(encoding="utf-8").split("\n")
    unit_of_row_2 = rows[2].split(",")[0]
    rows[1] = unit_of_row_2 + rows[1][rows[1].index(","):]  # row 1 repeats row 2's key
    table.write_text("\n".join(rows), encoding="utf-8")
    try:
        read_table(table, spec)
    except DataError as error:
        assert any(p.column == "unit" and p.found == unit_of_row_2 for p in error.problems), \
            error.problems
    else:
        raise AssertionError("the changed file was not read again")


def _validate_with_presentation(root, change) -> tuple[int, str, int]:
    """Change the first presentation row that has a seen_in source in a copy, then run
    ``isilbook validate`` on it; return the exit code, stderr and the changed row's number."""
    from typer.testing import CliRunner

    from isilbook.cli import app

    table = root / "data" / "presentations.csv"
    rows = pd.read_csv(table, dtype=str, keep_default_na=False)
    index = int(rows.index[rows["meeting_seen_in"] != ""][0])
    change(rows, index)
    rows.to_csv(table, index=False, lineterminator="\n")
    result = CliRunner().invoke(app, ["validate", "--root", str(root)])
    return result.exit_code, result.stderr, index + 1


def test_validate_refuses_a_presentation_citing_an_unrecorded_page(project_copy):
    def cite_nowhere(rows, index):
        rows.loc[index, "meeting_seen_in"] = rows.loc[index, "meeting_seen_in"] + ";NO-SUCH-PAGE"

    code, stderr, row = _validate_with_presentation(project_copy.root, cite_nowhere)
    assert code == 1
    assert (f"{project_copy.data / 'presentations.csv'}, row {row}, column 'meeting_seen_in': "
            "expected source ids from the manifest, separated by ';'; found 'NO-SUCH-PAGE'"
            ) in stderr


def test_validate_refuses_a_presentation_of_an_unknown_edition(project_copy):
    editions = pd.read_csv(project_copy.table("editions"))
    unknown = int(editions["ordinal"].max()) + 1

    def renumber(rows, index):
        rows.loc[index, "edition"] = str(unknown)

    code, stderr, row = _validate_with_presentation(project_copy.root, renumber)
    assert code == 1
    assert (f"{project_copy.data / 'presentations.csv'}, row {row}, column 'edition': expected "
            f"an ordinal of editions.csv; found '{unknown}'") in stderr


def test_validate_refuses_a_presentation_fact_without_a_source(project_copy):
    def drop_sources(rows, index):
        rows.loc[index, "meeting_seen_in"] = ""

    code, stderr, row = _validate_with_presentation(project_copy.root, drop_sources)
    assert code == 1
    assert (f"{project_copy.data / 'presentations.csv'}, row {row}, column 'meeting_seen_in': "
            "expected the ids of the sources (manifest) showing") in stderr


def test_validate_refuses_a_presentation_source_about_another_edition(project_copy):
    manifest = pd.read_csv(project_copy.raw / "manifest.csv", dtype=str, keep_default_na=False)
    editions = pd.read_csv(project_copy.table("editions"), dtype=str, keep_default_na=False)
    seen = {}

    def cite_other(rows, index):
        symbol = editions.set_index("ordinal").loc[rows.loc[index, "edition"], "symbol"]
        other = manifest[(manifest["document"] != "") & (manifest["document"] != symbol)].iloc[0]
        seen.update(id=other["id"], document=other["document"], symbol=symbol)
        rows.loc[index, "meeting_seen_in"] = other["id"]

    code, stderr, row = _validate_with_presentation(project_copy.root, cite_other)
    assert code == 1
    assert (f"{project_copy.data / 'presentations.csv'}, row {row}, column 'meeting_seen_in': "
            f"expected a source about {seen['symbol']} (source {seen['id']} is about "
            f"{seen['document']}); found '{seen['id']}'") in stderr


def test_every_presentation_fact_names_a_recorded_page_about_its_edition(project):
    """The real table: each stated fact has sources, each source is in the manifest."""
    from isilbook.data.validate import PRESENTATION_FACTS

    rows = pd.read_csv(project.table("presentations"), dtype=str, keep_default_na=False)
    manifest = pd.read_csv(project.raw / "manifest.csv", dtype=str,
                           keep_default_na=False).set_index("id")
    for row in rows.itertuples(index=False):
        for seen_in, facts in PRESENTATION_FACTS.items():
            sources = [s for s in getattr(row, seen_in).split(";") if s]
            assert bool(sources) == any(getattr(row, f) for f in facts), (row.edition, seen_in)
            for source in sources:
                assert manifest.loc[source, "document"] in ("", row.document), (row, source)


# --- vague words, attributions and what may share a chart --------------------------------------

def _tables(project):
    from isilbook.data.validate import load_tables

    return load_tables(project.data, check=False)


def _problems_after(project, change) -> list:
    from isilbook.data.validate import check_figure_readings

    tables = _tables(project)
    tables.figures = tables.figures.copy()
    row = change(tables.figures)
    return [(p.row, p.column) for p in check_figure_readings(tables, project.data / "figures.csv")
            if p.row == row + 1]


def test_the_real_figures_read_vague_words_by_the_table_and_name_their_attributions(project):
    from isilbook.data.validate import check_figure_readings

    tables = _tables(project)
    assert check_figure_readings(tables, project.data / "figures.csv") == []
    assert set(tables.figures["status"]) <= {"measurement", "forecast"}


def _first_vague(figures) -> int:
    return int(figures.index[figures["vague"].notna()][0])


def test_a_vague_word_outside_the_table_is_refused(project):
    def change(figures):
        row = _first_vague(figures)
        figures.loc[row, "vague"] = "umpteen"
        return row
    assert [c for _, c in _problems_after(project, change)] == ["vague"]


def test_a_vague_figure_whose_low_is_not_the_table_floor_is_refused(project):
    def change(figures):
        row = _first_vague(figures)
        figures.loc[row, "low"] = figures.loc[row, "low"] + 1
        return row
    assert [c for _, c in _problems_after(project, change)] == ["low"]


def test_a_quote_read_only_as_a_vague_word_must_name_it(project):
    def change(figures):
        row = _first_vague(figures)
        figures.loc[row, "vague"] = None
        return row
    assert [c for _, c in _problems_after(project, change)] == ["vague"]


def test_a_briefer_without_a_name_is_refused(project):
    def change(figures):
        row = int(figures.index[figures["attribution"] == "briefer"][0])
        figures.loc[row, "attributed_to"] = None
        return row
    assert [c for _, c in _problems_after(project, change)] == ["attributed_to"]


def test_a_year_on_a_count_at_one_time_is_refused(project):
    def change(figures):
        row = int(figures.index[figures["indicator"] == "isil_fighters_libya"][0])
        figures.loc[row, "refers_to"] = "2016"
        return row
    assert [c for _, c in _problems_after(project, change)] == ["refers_to"]


def _chart_problems(project, rows, **options):
    from isilbook.data.validate import check_chart

    catalogue = _tables(project).indicators.set_index("indicator")
    return [(p.file, p.column, p.found) for p in check_chart(rows, catalogue, "chart x",
                                                              **options)]


def test_a_chart_refuses_a_figure_twice_a_forecast_and_a_series_of_unlike_figures(project):
    figures = _tables(project).figures
    measured = figures[figures["status"] == "measurement"]
    one = measured.iloc[[0]]
    assert _chart_problems(project, pd.concat([one, one])) == [
        ("chart x", "id", f"{one['id'].iloc[0]} drawn 2 times")]
    forecast = figures[figures["status"] == "forecast"].iloc[[0]]
    assert _chart_problems(project, pd.concat([one, forecast])) == [
        ("chart x", "status", f"{forecast['id'].iloc[0]} is a forecast")]
    assert _chart_problems(project, pd.concat([one, forecast]), measurements=False) == []
    # two figures of one indicator, the second departing from what the first counts
    pair = measured[measured["population"].isna()].iloc[[0, 0]].reset_index(drop=True)
    pair["id"] = ["a", "b"]
    pair.loc[1, "population"] = "members and supporters"
    found = _chart_problems(project, pair, series="indicator")
    assert [(f, c) for f, c, _ in found] == [("chart x", "id")]
    assert "members and supporters" in found[0][2]
    pair["series"] = ["one", "two"]  # drawn apart, as two series, they may share the chart
    assert _chart_problems(project, pair, series="series") == []
