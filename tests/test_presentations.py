"""The "Presented to the Council" block of an edition's landing, from presentations.csv.

Checked on the real table read independently (every fact it holds is shown, each linked to the
source records that show it, on the anchor the source page gives that record), and on edited
copies of the table in memory: a missing fact is left out whole, an edition without a row or
without any fact gets no block.
"""

from __future__ import annotations

import datetime as dt
from copy import copy

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from isilbook.book.edition import Edition
from isilbook.book.presentations import block_html
from isilbook.book.source_page import records_html
from isilbook.data.validate import load_tables


@pytest.fixture(scope="module")
def tables(project):
    return load_tables(project.data, check=False)


@pytest.fixture(scope="module")
def rows(project):
    return pd.read_csv(project.table("presentations"), dtype=str, keep_default_na=False)


def _with_rows(tables, frame: pd.DataFrame):
    edited = copy(tables)
    edited.presentations = frame.reset_index(drop=True)
    return edited


def _block(tables, ordinal: int) -> BeautifulSoup | None:
    html = block_html(Edition(ordinal, tables))
    return None if html is None else BeautifulSoup(html, "html.parser")


def test_every_row_shows_its_facts_each_linked_to_a_record_the_source_page_anchors(tables, rows):
    anchors = {li["id"] for li in BeautifulSoup(records_html(tables), "html.parser")
               .select("li[id]")}
    for row in rows.itertuples(index=False):
        block = _block(tables, int(row.edition))
        assert block is not None, row.edition
        text = " ".join(block.get_text(" ").split())
        if row.meeting_date:
            day = dt.date.fromisoformat(row.meeting_date)
            assert f"{day.day} {day:%B %Y}" in text, row.edition
        for fact in (row.meeting_record, row.press_release):
            if fact:
                assert fact in text, (row.edition, fact)
        for entry in filter(None, row.briefers.split("; ")):
            name, post = entry.removesuffix(")").split(" (", 1)
            assert f"{name}, {post}" in text, (row.edition, entry)
        if row.mandate:
            assert f"resolution {row.mandate}" in text
        cited = {a["href"].partition("#")[2] for a in block.select("a.isil-cite")}
        wanted = {"source-" + s.lower().replace(".", "-") for column in
                  (row.meeting_seen_in, row.briefers_seen_in, row.mandate_seen_in)
                  for s in column.split(";") if s}
        assert cited == wanted and cited <= anchors, row.edition


def test_a_missing_fact_is_left_out_with_its_label(tables, rows):
    row = rows[(rows["briefers"] != "") & (rows["meeting_date"] != "")].iloc[0]
    ordinal = int(row["edition"])
    frame = tables.presentations.copy()
    at = frame["edition"].astype(int) == ordinal
    frame.loc[at, ["briefers", "briefers_seen_in"]] = pd.NA
    block = _block(_with_rows(tables, frame), ordinal)
    labels = [dt_.get_text() for dt_ in block.select("dt")]
    assert "Meeting" in labels and not {"Briefer", "Briefed by"} & set(labels)
    assert row["briefers"].split(" (")[0] not in block.get_text()
    assert "nan" not in block.get_text().lower().split()


def test_an_edition_without_a_row_or_without_any_fact_gets_no_block(tables, rows):
    ordinal = int(rows["edition"].iloc[0])
    frame = tables.presentations
    assert _block(tables, ordinal) is not None
    without = _with_rows(tables, frame[frame["edition"].astype(int) != ordinal])
    assert _block(without, ordinal) is None
    empty = frame.copy()
    facts = [c for c in empty.columns if c not in ("edition", "document")]
    empty.loc[empty["edition"].astype(int) == ordinal, facts] = pd.NA
    assert _block(_with_rows(tables, empty), ordinal) is None


def test_markup_in_a_briefer_s_name_stays_text(tables, rows):
    ordinal = int(rows[rows["briefers"] != ""]["edition"].iloc[0])
    frame = tables.presentations.copy()
    frame.loc[frame["edition"].astype(int) == ordinal, "briefers"] = \
        "<script>x</script> [link](https://example.org) (Post)"
    block = _block(_with_rows(tables, frame), ordinal)
    assert block.find("script") is None
    assert [a["href"].startswith("source.html#") for a in block.select("a")] == \
        [True] * len(block.select("a"))
