"""Validation of the real data: it passes, and the curated figures say what the report says.

Broken copies (each naming its row and column) are one table of cases in
tests/test_bad_inputs.py, run through the command line.
"""

from __future__ import annotations

import pandas as pd

from isilbook.data.validate import validate_data


def test_the_project_data_is_valid(project):
    tables = validate_data(project.data)
    assert len(tables.paragraphs) == 91
    assert tables.figures["id"].is_unique


def test_every_curated_quote_is_in_its_paragraph_and_its_numbers_in_the_quote(project):
    from isilbook.data.numbers import reads_value

    figures = pd.read_csv(project.table("figures"))
    paragraphs = pd.read_csv(project.table("paragraphs")).set_index(["document", "paragraph"])
    story = " ".join((project.raw / "AP-2017-02-06-S-2017-97.txt").read_text().split())
    assert len(figures) >= 50
    quoted = figures[figures["quote"].notna()]
    assert len(quoted) == 51  # the held report text and the held press story
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
