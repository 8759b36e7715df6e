"""Generated tables are re-derived from data/raw by validate: a hand edit is refused.

Expected rows and lines are read from the raw text here, not from the parser under test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from isilbook.data.rederive import check_rederived
from isilbook.data.validate import validate_data
from isilbook.errors import DataError
from tests.conftest import REPORT


def _line_of(paragraph: int) -> int:
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"{paragraph}. "))


def _edit(path, row: int, column: str, old: str, new: str) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert old in frame.loc[row - 1, column]
    frame.loc[row - 1, column] = frame.loc[row - 1, column].replace(old, new)
    frame.to_csv(path, index=False, lineterminator="\n")


def test_the_committed_tables_are_what_the_raw_sources_give(project):
    assert check_rederived(project.data) == []


def test_words_edited_into_a_paragraph_and_its_quote_are_refused(project_copy):
    _edit(project_copy.table("paragraphs"), 28, "text", "between 3,000 and 5,000 fighters",
          "between 30,000 and 50,000 fighters")
    _edit(project_copy.table("figures"), 16, "quote", "3,000 and 5,000", "30,000 and 50,000")
    _edit(project_copy.table("figures"), 16, "low", "3000", "30000")
    _edit(project_copy.table("figures"), 16, "high", "5000", "50000")
    with pytest.raises(DataError) as error:
        validate_data(project_copy.data)
    [problem] = error.value.problems
    assert (problem.file, problem.row, problem.column) == (
        str(project_copy.table("paragraphs")), 28, "text")
    assert f"{project_copy.raw / 'S-2016-501.txt'}, line {_line_of(28)} " in problem.expected
    assert "between 3,000 and 5,000 fighters" in problem.expected
    assert "between 30,000 and 50,000 fighters" in problem.found


def test_many_differing_rows_are_named_a_few_then_counted(project_copy):
    path = project_copy.table("places")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["sentence"] = "9"  # every row that did not already say 9
    frame.to_csv(path, index=False, lineterminator="\n")
    differing = sum(s != "9" for s in pd.read_csv(
        REPORT.parents[1] / "places.csv", dtype=str)["sentence"])
    problems = check_rederived(project_copy.data)
    assert [p.row for p in problems[:5]] == [1, 2, 3, 4, 5]
    assert problems[5].row is None and problems[5].found == (
        f"{differing} rows that differ (5 named above)")
    assert len(problems) == 6
