"""Shapes of wording the extractor misread on text it had not seen (issue 15, part 5).

Every sentence here is written for this test; the expected reading is the test author's.
"""

from __future__ import annotations

import pytest

from isilbook.data.extract import extract_quantities
from isilbook.data.numbers import numbers_in


def _read(sentence: str) -> list[tuple[str, float | None, float | None, str]]:
    return [(q.qualifier, q.low, q.high, q.unit) for q in extract_quantities(sentence)]


@pytest.mark.parametrize(("sentence", "expected"), [
    # A word or two between the qualifier and the number.
    ("The cell's cash, estimated at $4 million last spring, was moved north.",
     [("around", 4e6, 4e6, "US dollars")]),
    ("Recruiters targeted boys largely under the age of 14 in the camps.",
     [("fewer than", None, 14.0, "")]),
    ("Officials gave a rough working figure of 7,300 fighters for the province.",
     [("around", 7300.0, 7300.0, "fighters")]),
    # "as high as" is an upper bound.
    ("Monthly levies ran as high as 900 dinars per household.",
     [("up to", None, 900.0, "dinars")]),
])
def test_qualifiers_reach_past_a_word_or_two(sentence, expected):
    assert _read(sentence) == expected


@pytest.mark.parametrize(("sentence", "value"), [
    ("Smuggled relics fetched $14m at auction.", 14e6),
    ("Ransom payments of $3.5m were reported.", 3.5e6),
    ("The group held some $27 mn in cash reserves.", 27e6),
    ("Transfers of €9mn were blocked.", 9e6),
])
def test_short_million_abbreviations_after_money(sentence, value):
    assert [q.low for q in extract_quantities(sentence)] == [value]


def test_a_bare_m_without_money_stays_a_length():
    assert numbers_in("a 12m wall") == []


def test_a_range_of_two_number_words():
    assert _read("Between twelve thousand and sixteen thousand recruits crossed.") == [
        ("between", 12000.0, 16000.0, "recruits")]
    assert numbers_in("from three hundred to four hundred") == [300.0, 400.0]
    assert numbers_in("two thousand and fifty") == [2050.0]  # one number still


@pytest.mark.parametrize("sentence", [
    "The 1267/1989/2253 Committee met in closed session.",
    "The listing (QDi.326) was amended, as was entry QDe.142.",
    "The 1988 Committee and the 1267 Monitoring Team briefed States.",
])
def test_committee_and_sanctions_list_numbers_are_not_figures(sentence):
    assert extract_quantities(sentence) == []


@pytest.mark.parametrize(("sentence", "unit", "qualifier", "value"), [
    ("Imprisoned militants now number about 4,100.", "militants", "around", 4100.0),
    ("Displaced families numbered roughly 820 by June.", "families", "around", 820.0),
    ("Registered returnees total 1,450.", "returnees", "exact", 1450.0),
])
def test_a_unit_named_before_the_number(sentence, unit, qualifier, value):
    found = extract_quantities(sentence)
    assert [(q.unit, q.qualifier, q.low) for q in found] == [(unit, qualifier, value)]
