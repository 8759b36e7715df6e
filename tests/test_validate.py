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
