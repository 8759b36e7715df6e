"""Candidates ready to curate: add-edition writes them as figure rows, `isilbook curate` appends
the kept ones to the figures table after the project's own checks, or writes nothing.

Every report here is made up, under a symbol and date no real edition can have; the copies live
in temporary folders.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from isilbook.cli import app
from isilbook.data.candidates import (
    CANDIDATE_COLUMNS,
    FIGURE_COLUMNS,
    candidates_path,
    propose_candidates,
    suggest_unit,
)
from isilbook.data.intake import add_edition
from isilbook.paths import ProjectPaths
from tests.conftest import copy_project

SYMBOL, DATE = "S/2099/901", "2099-01-15"
REPORT = """Report of the Secretary-General on a made-up threat
I. Introduction
1. The present report is submitted pursuant to resolution 2253 (2015).
II. The threat
A. Fighters
2. Some 4,100 women and children were transferred to the camp, and over 300 fighters surrendered.
B. Money
3. The group's revenue grew from $10 million to $14 million, an approximate tally of 6,500 fighters paying levies.
"""


@pytest.fixture
def added(tmp_path) -> tuple[ProjectPaths, pd.DataFrame]:
    """A copy of the project with the made-up report added, and its candidates as text."""
    project = copy_project(tmp_path / "project")
    text = tmp_path / "report.txt"
    text.write_text(REPORT, encoding="utf-8")
    report = add_edition(project, text, SYMBOL, DATE, confirm_date=True)  # far on purpose
    assert report.candidates_file == candidates_path(project, SYMBOL)
    return project, pd.read_csv(report.candidates_file, dtype=str, keep_default_na=False)


def _row(candidates: pd.DataFrame, quote: str) -> int:
    [index] = candidates.index[candidates["quote"] == quote]
    return int(index)


def test_candidates_are_figure_rows_to_curate(added):
    project, candidates = added
    assert list(candidates.columns) == CANDIDATE_COLUMNS
    editions = pd.read_csv(project.table("editions"), dtype=str, keep_default_na=False)
    ordinal = editions.loc[editions["symbol"] == SYMBOL, "ordinal"].item()
    figures = pd.read_csv(project.table("figures"), dtype=str, keep_default_na=False)
    units = set(pd.read_csv(project.table("units"), dtype=str)["unit"])
    catalogue = pd.read_csv(project.table("indicators"), dtype=str).set_index("indicator")
    paragraphs = pd.read_csv(project.table("paragraphs"), dtype=str)
    texts = paragraphs[paragraphs["document"] == SYMBOL].set_index("paragraph")["text"]

    assert set(candidates["edition"]) == {ordinal}
    assert set(candidates["document"]) == {SYMBOL} and set(candidates["keep"]) == {""}
    assert set(candidates["vouched_by"]) == {"report text"}
    assert candidates["id"].str.fullmatch(r"s2099-901-\d{3}").all()
    assert candidates["id"].is_unique and not set(candidates["id"]) & set(figures["id"])
    for row in candidates.itertuples():
        assert row.quote in texts[row.paragraph], row.quote
        assert row.unit == "" or row.unit in units
        if row.indicator:
            assert catalogue.loc[row.indicator, "unit"] == row.unit
            assert catalogue.loc[row.indicator, "theme"] == row.theme

    read = {row.quote: (row.paragraph, row.section, row.qualifier, row.low, row.high, row.unit,
                        row.counts) for row in candidates.itertuples()}
    assert read == {
        "Some 4,100 women and children": ("2", "II.A", "around", "4100", "4100", "people",
                                          "women and children"),
        "over 300 fighters": ("2", "II.A", "more than", "300", "", "people", "fighters"),
        "$10 million": ("3", "II.B", "exact", "10000000", "10000000", "US dollars",
                        "US dollars"),
        "$14 million": ("3", "II.B", "exact", "14000000", "14000000", "US dollars",
                        "US dollars"),
        "an approximate tally of 6,500 fighters": ("3", "II.B", "around", "6500", "6500",
                                                   "people", "fighters"),
    }


def _keep(project: ProjectPaths, candidates: pd.DataFrame, rows: dict[int, dict[str, str]]):
    """Mark rows to keep, with the author's own edits, and save the candidates file."""
    for index, edits in rows.items():
        candidates.loc[index, "keep"] = "yes"
        for column, value in edits.items():
            candidates.loc[index, column] = value
    candidates.to_csv(candidates_path(project, SYMBOL), index=False, lineterminator="\n")


def _an_indicator(project: ProjectPaths, unit: str) -> dict[str, str]:
    """What an author picks from the catalogue for a measure in ``unit``."""
    catalogue = pd.read_csv(project.table("indicators"), dtype=str)
    chosen = catalogue[catalogue["unit"] == unit].iloc[0]
    return {"indicator": chosen["indicator"], "label": chosen["label"], "theme": chosen["theme"]}


def test_curate_appends_the_kept_rows_checked(added):
    project, candidates = added
    before = project.table("figures").read_bytes()
    women = _row(candidates, "Some 4,100 women and children")
    money = _row(candidates, "$14 million")
    _keep(project, candidates, {women: _an_indicator(project, "people"),
                                money: _an_indicator(project, "US dollars")})

    result = CliRunner().invoke(app, ["curate", SYMBOL, "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    ids = [candidates.loc[women, "id"], candidates.loc[money, "id"]]
    assert f"added 2 figure(s) to {project.table('figures')}: {', '.join(ids)}" in result.output

    after = project.table("figures").read_bytes()
    assert after.startswith(before)
    appended = pd.read_csv(project.table("figures"), dtype=str,
                           keep_default_na=False).tail(2).reset_index(drop=True)
    expected = candidates.loc[[women, money], FIGURE_COLUMNS].reset_index(drop=True)
    pd.testing.assert_frame_equal(appended, expected)
    marked = pd.read_csv(candidates_path(project, SYMBOL), dtype=str, keep_default_na=False)
    assert marked.loc[[women, money], "keep"].tolist() == ["added", "added"]
    assert (marked.drop(index=[women, money])["keep"] == "").all()

    # the whole project still validates, and a second run appends nothing twice
    assert CliRunner().invoke(app, ["validate", "--root", str(project.root)]).exit_code == 0
    again = CliRunner().invoke(app, ["curate", SYMBOL, "--root", str(project.root)])
    assert again.exit_code == 1
    assert "expected at least one row marked 'yes' in column 'keep'" in again.output
    assert project.table("figures").read_bytes() == after


def test_a_bad_kept_row_is_named_by_its_candidates_row_and_nothing_is_written(added):
    project, candidates = added
    fighters = _row(candidates, "over 300 fighters")
    tally = _row(candidates, "an approximate tally of 6,500 fighters")
    edits = _an_indicator(project, "people")
    _keep(project, candidates, {
        fighters: {**edits, "unit": "gizmos"},  # a unit units.csv does not list
        tally: {**edits, "high": "7000"},  # 'around' with two different bounds
    })
    figures = project.table("figures").read_bytes()
    kept = candidates_path(project, SYMBOL).read_bytes()

    result = CliRunner().invoke(app, ["curate", SYMBOL, "--root", str(project.root)])
    assert result.exit_code == 1
    file = candidates_path(project, SYMBOL)
    assert (f"{file}, row {fighters + 1}, column 'unit': expected a unit listed in units.csv; "
            "found 'gizmos'") in result.output
    assert re.search(rf"{re.escape(str(file))}, row {tally + 1}, column '(high|low)'",
                     result.output)
    assert project.table("figures").read_bytes() == figures
    assert candidates_path(project, SYMBOL).read_bytes() == kept


def test_a_keep_mark_other_than_yes_is_refused(added):
    project, candidates = added
    candidates.loc[1, "keep"] = "maybe"
    candidates.to_csv(candidates_path(project, SYMBOL), index=False, lineterminator="\n")
    result = CliRunner().invoke(app, ["curate", SYMBOL, "--root", str(project.root)])
    assert result.exit_code == 1
    assert (f"{candidates_path(project, SYMBOL)}, row 2, column 'keep': expected 'yes' to keep "
            "the row, or nothing; found 'maybe'") in result.output


def test_curate_without_candidates_names_the_file(project_copy):
    result = CliRunner().invoke(app, ["curate", SYMBOL, "--root", str(project_copy.root)])
    assert result.exit_code == 1
    assert f"{candidates_path(project_copy, SYMBOL)}: expected a candidates file" in result.output


def test_the_indicator_and_unit_suggested_are_the_catalogue_s(project_copy):
    """A measure the catalogue names in words of its own is suggested for a sentence sharing
    them, in the unit of units.csv the counted noun names; a noun no unit fits gets neither."""
    data = project_copy.data
    with (data / "units.csv").open("a", encoding="utf-8") as units:
        units.write("caravans,Caravans of pack animals\n")
    with (data / "indicators.csv").open("a", encoding="utf-8") as catalogue:
        catalogue.write("camel_caravans_intercepted,Camel caravans intercepted,Smuggling "
                        "caravans of camels intercepted at desert checkpoints.,caravans,"
                        "funding,false,\n")
    editions = pd.DataFrame({"ordinal": ["99"], "symbol": [SYMBOL], "date": [DATE]})
    paragraphs = pd.DataFrame({
        "document": [SYMBOL, SYMBOL], "paragraph": [7, 8],
        "chapter": ["II", "II"], "chapter_title": ["The threat", "The threat"],
        "section": ["B", "B"], "section_title": ["Smuggling", "Smuggling"],
        "subsection": ["", ""], "subsection_title": ["", ""],
        "text": ["Guards intercepted 14 camel caravans carrying 40 smugglers at desert "
                 "checkpoints.", "Some 30 lorries were inspected."],
    })
    found = propose_candidates(paragraphs, "S-2099-901", editions, data)
    read = found.set_index("quote")[["unit", "indicator", "label", "theme", "edition",
                                     "period", "section"]]
    assert read.loc["14 camel caravans"].tolist() == [
        "caravans", "camel_caravans_intercepted", "Camel caravans intercepted", "funding", "99",
        "as of January 2099", "II.B"]
    assert read.loc["40 smugglers", ["unit", "indicator", "label"]].tolist() == ["", "", ""]
    assert read.loc["Some 30 lorries", ["unit", "indicator", "label"]].tolist() == ["", "", ""]
    assert suggest_unit("camel caravans", {"people", "caravans"}) == "caravans"
    assert suggest_unit("foreign terrorist fighters", {"people"}) == "people"
    assert suggest_unit("States", {"Member States"}) == "Member States"
