"""Validation: the real data passes; each deliberately broken copy fails naming row and column."""

from __future__ import annotations

import pandas as pd
import pytest

from isilbook.data.validate import validate_data
from isilbook.errors import DataError


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


def _break(project_copy, table: str, row: int, column: str, value) -> None:
    path = project_copy.table(table) if table != "manifest" else project_copy.manifest
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = value
    frame.to_csv(path, index=False, lineterminator="\n")


FIGURES = "figures.csv"


@pytest.mark.parametrize(("table", "row", "column", "value", "message"), [
    ("figures", 3, "low", "five hundred", "row 3, column 'low': expected a value of type number"),
    ("figures", 16, "paragraph", "28.5", "row 16, column 'paragraph': expected a value of type integer"),
    ("figures", 16, "paragraph", "99", "row 16, column 'paragraph': expected a paragraph of S/2016/501"),
    ("figures", 16, "quote", "between 3,000 and 6,000 fighters",
     "row 16, column 'quote': expected words found verbatim in paragraph 28"),
    ("figures", 16, "low", "6000", "row 16, column 'low': expected low <= high"),
    ("figures", 16, "high", "2000", "row 16, column 'low': expected low <= high"),
    ("figures", 2, "id", "s2016-501-001", "row 2, column 'id': expected a value unique"),
    ("figures", 3, "unit", "furlongs", "row 3, column 'unit': expected a unit listed in units.csv"),
    ("figures", 3, "qualifier", "roughly", "row 3, column 'qualifier': expected one of"),
    ("figures", 3, "low", "-500", "row 3, column 'low': expected a value of at least 0"),
    ("figures", 3, "high", "900", "row 3, column 'high': expected no value"),
    ("figures", 16, "low", "3500", "row 16, column 'low': expected a number that can be read"),
    ("figures", 3, "theme", "weather", "row 3, column 'theme': expected one of"),
    ("figures", 3, "quote", "", "row 3, column 'quote': expected the words of held source S-2016-501"),
    # The series: coverage figures name a recorded source, carry no quote, use catalogued keys.
    ("figures", 52, "indicator", "isil_mood", "figures.csv, row 52, column 'indicator': expected an indicator of the catalogue"),
    ("figures", 52, "source", "SOME-BLOG", "figures.csv, row 52, column 'source': expected a source id from the manifest"),
    ("figures", 52, "quote", "34 groups", "figures.csv, row 52, column 'quote': expected no quote: source JAPANTIMES-AP-2016-02-06 is recorded by its address"),
    ("figures", 52, "vouched_by", "report text", "figures.csv, row 52, column 'vouched_by': expected coverage of the report or briefer"),
    ("figures", 52, "edition", "23", "figures.csv, row 52, column 'edition': expected an ordinal of editions.csv"),
    ("figures", 52, "document", "S/2016/501", "figures.csv, row 52, column 'document': expected S/2016/92 (the symbol of edition 1"),
    ("figures", 52, "unit", "US dollars", "figures.csv, row 52, column 'unit': expected groups (the catalogue's unit"),
    ("figures", 3, "vouched_by", "briefer", "figures.csv, row 3, column 'vouched_by': expected report text"),
    ("editions", 22, "ordinal", "23", "editions.csv, row 22, column 'ordinal': expected ordinal 22"),
    ("editions", 5, "date", "2017-02-30", "editions.csv, row 5, column 'date': expected a real calendar date"),
    ("editions", 5, "date", "2016-09-01", "editions.csv, row 5, column 'date': expected a date after 2017-02-02"),
    ("editions", 5, "symbol", "S/2017/97", "editions.csv, row 5, column 'symbol': expected a value unique"),
    ("editions", 3, "holding", "coverage", "editions.csv, row 3, column 'holding': expected listed"),
    ("editions", 1, "seen_in", "NOWHERE", "editions.csv, row 1, column 'seen_in': expected source ids from the manifest"),
    ("indicators", 1, "theme", "weather", "indicators.csv, row 1, column 'theme': expected one of"),
    ("manifest", 10, "address", "", "manifest.csv, row 10, column 'address': expected a file or an address"),
    ("manifest", 10, "date", "0000-00-00", "manifest.csv, row 10, column 'date': expected a real calendar date"),
    ("figures", 46, "source", "nowhere", "row 46, column 'source': expected a source id"),
    ("figures", 16, "section", "III.A.2", "row 16, column 'section': expected III.A.1"),
    ("paragraphs", 5, "paragraph", "five", "row 5, column 'paragraph': expected a value of type integer"),
    ("paragraphs", 5, "chapter", "2", "row 5, column 'chapter': expected text matching"),
    ("references", 1, "paragraph", "400", "references.csv, row 1, column 'paragraph': expected a paragraph in paragraphs.csv"),
    ("references", 1, "via_ibid", "maybe", "row 1, column 'via_ibid': expected a value of type boolean"),
    ("places", 1, "iso3", "Iraq", "places.csv, row 1, column 'iso3': expected text matching"),
    ("units", 2, "unit", "people", "units.csv, row 2, column 'unit': expected a value unique"),
    ("manifest", 1, "kind", "rumour", "manifest.csv, row 1, column 'kind'"),
])
def test_a_broken_table_names_row_and_column(project_copy, table, row, column, value, message):
    _break(project_copy, table, row, column, value)
    with pytest.raises(DataError) as error:
        validate_data(project_copy.data)
    assert message in str(error.value)


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda text: text.replace("note\n", "note,extra\n", 1), "column 'extra': expected only the columns"),
    (lambda text: text.replace(",note\n", "\n", 1), "row 0, column 'note': expected this column"),
    (lambda text: "\ufeff" + text, "line 1: expected UTF-8 without a byte-order mark"),
    (lambda text: text.replace("\n", "\r\n"), "line 1: expected LF line ends"),
    (lambda text: "", "expected a header row and data"),
])
def test_a_broken_figures_file_names_the_problem(project_copy, mutate, message):
    path = project_copy.table("figures")
    path.write_text(mutate(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")
    with pytest.raises(DataError) as error:
        validate_data(project_copy.data)
    assert message in str(error.value)
    assert "figures.csv" in str(error.value)


def test_a_very_large_table_is_refused_before_reading(project_copy):
    path = project_copy.table("places")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(("x" * 1023 + "\n") * (51 * 1024))
    with pytest.raises(DataError, match="places.csv: expected a table under 50 MiB"):
        validate_data(project_copy.data)


def test_a_missing_data_folder_is_named(tmp_path):
    with pytest.raises(DataError, match="nowhere: expected a data folder"):
        validate_data(tmp_path / "nowhere")
