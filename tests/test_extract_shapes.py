"""Shapes of wording the extractor misread on text it had not seen (issues 15 and 22).

Every sentence here is written for this test; the expected reading is the test author's.
"""

from __future__ import annotations

import pandas as pd
import pytest

from isilbook.data.extract import QUALIFIERS, extract_from_paragraphs, extract_quantities
from isilbook.data.numbers import numbers_in
from tests.extract_cases import HELDOUT, TUNING, read_cases, score


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


# Issue 22, part 5: each shape of wording as an analyst reads it. The sentences are made up;
# the expected readings are the test author's: (qualifier, low, high, unit) per figure.
@pytest.mark.parametrize(("sentence", "expected"), [
    ("Investigators gave an approximate tally of 6,500 fighters in the valley.",
     [("around", 6500.0, 6500.0, "fighters")]),
    ("Over a 2,000 families were moved to the new site.",
     [("more than", 2000.0, None, "families")]),
    # ... while "over a" before a period is no bound
    ("Over a five-year period, the Office trained 90 judges.",
     [("exact", 5.0, 5.0, "year"), ("exact", 90.0, 90.0, "judges")]),
])
def test_approximate_words_and_bounds_after_an_article(sentence, expected):
    assert _read(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The share of women among the recruits grew from 12 to 19 per cent.",
     [("exact", 12.0, 12.0, "per cent"), ("exact", 19.0, 19.0, "per cent")]),
    ("Revenues dropped from $500 million to $250 million in a year.",
     [("exact", 5e8, 5e8, "US dollars"), ("exact", 2.5e8, 2.5e8, "US dollars")]),
    ("The caseload grew by 20 per cent to 3,600 files.",
     [("exact", 20.0, 20.0, "per cent"), ("exact", 3600.0, 3600.0, "files")]),
    # a range stays a range
    ("Estimates of the force run from 3,000 to 4,000 fighters.",
     [("between", 3000.0, 4000.0, "fighters")]),
    ("The number of members ranges from 200 to 400.", [("between", 200.0, 400.0, "")]),
])
def test_a_change_is_two_figures_and_a_range_one(sentence, expected):
    assert _read(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The prison held 12.500 detainees at the end of the year.",
     [("exact", 12500.0, 12500.0, "detainees")]),
    ("The conflict caused 4 310 deaths in the province.",
     [("exact", 4310.0, 4310.0, "deaths")]),
    ("Unemployment among the youth reached 3,4 per cent of the population.",
     [("exact", 3.4, 3.4, "per cent")]),
    ("The cost rose from 1,5 million to 2,25 million euros.",
     [("exact", 1.5e6, 1.5e6, "euros"), ("exact", 2.25e6, 2.25e6, "euros")]),
    # the same digits in an English text
    ("Around 38,000 individuals travelled, 3.5 per cent of them women.",
     [("around", 38000.0, 38000.0, "individuals"), ("exact", 3.5, 3.5, "per cent")]),
])
def test_numbers_are_read_by_the_text_s_own_convention(sentence, expected):
    assert _read(sentence) == expected


def test_a_paragraph_is_read_by_its_document_s_convention():
    """ "1.250 tonnes" is 1,250 tonnes in a report that writes "2,5 per cent" and 1.25 tonnes
    in one that writes "3.5 per cent" and "38,000": each paragraph as its document reads."""
    paragraphs = pd.DataFrame({
        "document": ["S/9999/1", "S/9999/1", "S/9999/2", "S/9999/2"],
        "paragraph": [1, 2, 1, 2],
        "text": ["Seizures reached 1.250 tonnes.", "Arrests rose by 2,5 per cent.",
                 "Seizures reached 1.250 tonnes.",
                 "Around 38,000 individuals travelled, 3.5 per cent of them women."],
    })
    found = extract_from_paragraphs(paragraphs)
    assert found["low"].tolist() == [1250.0, 2.5, 1.25, 38000.0, 3.5]


@pytest.mark.parametrize("sentence", [
    "Updated 2024-11-08 by the Office.",
    "The General Assembly adopted resolution 60/288 on the Strategy.",
    "The cell was led by a two-star commander who had defected.",
    "Officials said a three-way split had weakened the group.",
])
def test_no_figure(sentence):
    assert extract_quantities(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Guards said 600 surrendered after talks.", [("exact", 600.0, 600.0, "")]),
    ("Some 4,100 women and children were transferred to the camp.",
     [("around", 4100.0, 4100.0, "women and children")]),
    ("Of the 9,000 residents, 6,200 are children.",
     [("exact", 9000.0, 9000.0, "residents"), ("exact", 6200.0, 6200.0, "children")]),
    ("75 of the 410 fighters from Kosovo and 60 of the 330 from Albania have returned.",
     [("exact", 75.0, 75.0, "fighters"), ("exact", 410.0, 410.0, "fighters"),
      ("exact", 60.0, 60.0, "fighters"), ("exact", 330.0, 330.0, "fighters")]),
    ("Some 1,000 armed men held the town.", [("around", 1000.0, 1000.0, "armed men")]),
])
def test_what_a_number_counts(sentence, expected):
    assert _read(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("There are approximately 2,000 in Raqqa, 1,500 in Dayr al-Zawr and 900 in Hasakah.",
     [("around", 2000.0, 2000.0, ""), ("around", 1500.0, 1500.0, ""),
      ("around", 900.0, 900.0, "")]),
    ("About 3,000 fighters in the north, 1,200 in the centre and 500 in the south remain.",
     [("around", 3000.0, 3000.0, "fighters"), ("around", 1200.0, 1200.0, "fighters"),
      ("around", 500.0, 500.0, "fighters")]),
    # a number with a noun of its own, or after a verb, keeps its own reading
    ("Some 250 men and 90 women were convicted.",
     [("around", 250.0, 250.0, "men"), ("exact", 90.0, 90.0, "women")]),
    ("Around 700 detainees were released and 300 transferred.",
     [("around", 700.0, 700.0, "detainees"), ("exact", 300.0, 300.0, "")]),
])
def test_a_list_keeps_its_approximately(sentence, expected):
    assert _read(sentence) == expected


@pytest.mark.parametrize("path", [TUNING, HELDOUT])
def test_every_sentence_file_reads(path):
    """The sentence files parse, and each expected figure is written as the extractor writes
    figures (a known qualifier, bounds as the qualifier needs them)."""
    cases = read_cases(path)
    assert cases
    for case in cases:
        for qualifier, low, high, _unit in case.expected:
            assert qualifier in QUALIFIERS, case.line
            assert (low is None) == (qualifier in ("fewer than", "up to")), case.line
            assert (high is None) == (qualifier in ("more than", "at least")), case.line


def test_the_tuning_sentences_are_read_as_their_author_reads_them():
    result = score(read_cases(TUNING))
    assert result.misses == []


def test_a_range_that_names_its_noun_at_both_ends():
    assert _read("Estimates vary between 5,000 fighters and 10,000 fighters.") == [
        ("between", 5000.0, 10000.0, "fighters")]
    # two counts of different things stay two figures
    assert _read("Talks between 12 States and 5 groups ended.") == [
        ("exact", 12.0, 12.0, "States"), ("exact", 5.0, 5.0, "groups")]
