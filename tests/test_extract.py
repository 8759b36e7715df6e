"""Tests for isilbook.data.extract: candidate figures proposed from report paragraphs.

The paragraphs are read straight from the raw report (lines "N. text", numbered in sequence;
a numbered heading such as "1. ISIL in Libya" breaks the sequence and is skipped), so these
tests do not depend on the generated tables.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isilbook.data.extract import QUALIFIERS, Quantity, extract_from_paragraphs, extract_quantities
from tests.hostile import LONG_LINES

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "raw" / "S-2016-501.txt"
STORY = ROOT / "data" / "raw" / "AP-2017-02-06-S-2017-97.txt"
FIGURES = ROOT / "data" / "figures.csv"


def report_paragraphs() -> dict[int, str]:
    """Paragraph number -> the raw line, number included ("18. Significant numbers ...")."""
    paragraphs: dict[int, str] = {}
    for line in REPORT.read_text(encoding="utf-8").splitlines():
        match = re.match(r"(\d+)\.\s", line)
        if match and int(match.group(1)) == len(paragraphs) + 1:
            paragraphs[int(match.group(1))] = line
    return paragraphs


PARAGRAPHS = report_paragraphs()
STORY_TEXT = " ".join(STORY.read_text(encoding="utf-8").split())


def one(paragraph: int | str, text: str) -> Quantity:
    """The single candidate whose span contains ``text`` (in a paragraph or a given string)."""
    source = PARAGRAPHS[paragraph] if isinstance(paragraph, int) else paragraph
    where = source.index(text)
    hits = [q for q in extract_quantities(source) if q.start < where + len(text) and q.end > where]
    assert len(hits) == 1, hits
    return hits[0]


def test_the_report_has_91_paragraphs() -> None:
    assert list(PARAGRAPHS) == list(range(1, 92))


def test_around_38000_individuals() -> None:
    quantity = one(18, "around 38,000 individuals")
    assert (quantity.low, quantity.high, quantity.qualifier) == (38000, 38000, "around")
    assert quantity.unit == "individuals"
    assert quantity.text == "around 38,000"
    assert PARAGRAPHS[18][quantity.start:quantity.end] == quantity.text
    assert quantity.sentence == ("One Member State reported that around 38,000 individuals may "
                                 "have attempted to travel to the region in the past few years.")


@pytest.mark.parametrize(("paragraph", "quote", "low", "high", "qualifier", "unit"), [
    (28, "between 3,000 and 5,000 fighters", 3000, 5000, "between", "fighters"),
    (33, "between 1,400 and 2,000 fighters", 1400, 2000, "between", "fighters"),
    (10, "between 30 and 50 per cent", 30, 50, "between", "per cent"),
])
def test_ranges_give_both_ends(paragraph: int, quote: str, low: float, high: float,
                               qualifier: str, unit: str) -> None:
    quantity = one(paragraph, quote)
    assert (quantity.low, quantity.high, quantity.qualifier, quantity.unit) == (
        low, high, qualifier, unit)


@pytest.mark.parametrize(("paragraph", "quote", "low", "high", "qualifier", "unit"), [
    (33, "fewer than 1,000 fighters", None, 1000, "fewer than", "fighters"),
    (42, "more than 125,000 accounts", 125000, None, "more than", "accounts"),
    (5, "over 500 individuals", 500, None, "more than", "individuals"),
    (29, "more than 40 such fighters", 40, None, "more than", "fighters"),
    (63, "at least another four or five years", 4, None, "at least", "years"),
])
def test_bounds_keep_one_side_empty(paragraph: int, quote: str, low: float | None,
                                    high: float | None, qualifier: str, unit: str) -> None:
    quantity = one(paragraph, quote)
    assert (quantity.low, quantity.high, quantity.qualifier, quantity.unit) == (
        low, high, qualifier, unit)


@pytest.mark.parametrize(("paragraph", "quote", "value", "qualifier", "unit"), [
    (28, "around 800 Libyan fighters", 800, "around", "Libyan fighters"),
    (18, "around 30,000 fighters", 30000, "around", "fighters"),
    (9, "$2 billion per year", 2e9, "exact", "US dollars"),
    (9, "50 per cent reduction", 50, "exact", "per cent"),
    (74, "seven of the projects", 7, "exact", "projects"),
    (74, "the 12 submitting entities", 12, "exact", "submitting entities"),
    (26, "18 months of presence", 18, "exact", "months"),
    (49, "the 77 Member States", 77, "exact", "Member States"),
    (75, "five-year technical", 5, "exact", "year"),
    (85, "26 United Nations entities", 26, "exact", "United Nations entities"),
    (1, "every four months", 4, "exact", "months"),
])
def test_exact_and_approximate_figures(paragraph: int, quote: str, value: float,
                                       qualifier: str, unit: str) -> None:
    quantity = one(paragraph, quote)
    assert (quantity.low, quantity.high, quantity.qualifier, quantity.unit) == (
        value, value, qualifier, unit)


def test_a_change_from_one_count_to_another_is_two_figures() -> None:
    """ "has increased from 51 to 56" is curated as two figures (two dates), not a range."""
    found = [q for q in extract_quantities(PARAGRAPHS[63]) if "from 51 to 56" in q.sentence]
    assert [(q.text, q.low, q.high, q.qualifier) for q in found] == [
        ("51", 51, 51, "exact"), ("56", 56, 56, "exact")]


def test_fractions_are_shares() -> None:
    third = one(49, "around one third")
    assert math.isclose(third.low, 1 / 3) and third.high == third.low
    assert (third.qualifier, third.unit, third.text) == ("around", "share", "around one third")
    half = one(51, "around half")
    assert (half.low, half.high, half.qualifier, half.unit) == (0.5, 0.5, "around", "share")


@pytest.mark.parametrize(("paragraph", "quote", "low", "unit"), [
    (5, "hundreds more", 100, ""),
    (21, "in the hundreds", 100, ""),
    (23, "several hundred foreign terrorist fighters", 200, "foreign terrorist fighters"),
    (88, "hundreds of thousands of people", 100000, "people"),
    (36, "several million dollars", 2e6, "US dollars"),
])
def test_vague_quantities_are_floors(paragraph: int, quote: str, low: float, unit: str) -> None:
    quantity = one(paragraph, quote)
    assert (quantity.low, quantity.high, quantity.qualifier, quantity.unit) == (
        low, None, "at least", unit)


def test_two_of_five_gives_two_quantities() -> None:
    line = PARAGRAPHS[83]
    found = [q for q in extract_quantities(line) if "two of five" in q.sentence]
    assert [(q.text, q.low, q.unit) for q in found] == [
        ("two", 2, "regional workshops"), ("five", 5, "regional workshops")]


def test_dozens() -> None:
    [quantity] = extract_quantities("Dozens of fighters were arrested.")
    assert (quantity.low, quantity.high, quantity.qualifier, quantity.unit) == (
        24, None, "at least", "fighters")


@pytest.mark.parametrize("paragraph", [2, 3, 4, 6, 7, 8, 12, 13, 14, 25, 44, 46, 47, 48, 66, 77,
                                       78, 80, 84, 86])
def test_paragraphs_without_figures_give_nothing(paragraph: int) -> None:
    """Pinpoints, resolutions, symbols, dates, years, ordinals and names are not figures."""
    assert extract_quantities(PARAGRAPHS[paragraph]) == []


@pytest.mark.parametrize("text", [
    "(S/2015/891, para. 21)", "(ibid., paras. 19-22)", "resolution 2178 (2014)",
    "resolutions 1267 (1999), 1989 (2011) and 2253 (2015)", "(see S/2016/92)",
    "(A/HRC/28/18)", "presidential statement S/PRST/2015/11", "issued on 29 January 2016",
    "in November 2015", "since 2014", "filled in mid-2015 by", "At its fifty-fifth session",
    "For the first time since", "12. ", "Security Council resolution 1526 (2004)", "the G7",
    "guiding principles 30-32", "annex 9 of the Convention", "on 7 and 8 April 2016",
    "held on 30 June and 1 July", "from 2014 to 2016", "the Swiss organization ICT4Peace",
    "Posted: Feb 06, 2017 6:34 PM", "one Member State", "COVID-19",
])
def test_exclusions(text: str) -> None:
    assert extract_quantities(text) == []


def test_leading_number_is_dropped_but_paragraph_is_read() -> None:
    found = extract_quantities("12. The plan includes 37 project proposals.")
    assert [(q.text, q.low, q.unit) for q in found] == [("37", 37, "project proposals")]
    assert found[0].sentence == "The plan includes 37 project proposals."


def test_include_dates() -> None:
    found = extract_quantities("issued on 29 January 2016, in November 2015", include_dates=True)
    assert [(q.low, q.unit) for q in found] == [(29, "day"), (2016, "year"), (2015, "year")]
    found = extract_quantities("filled in mid-2015 by", include_dates=True)
    assert [(q.low, q.unit) for q in found] == [(2015, "year")]
    # resolution years stay excluded: they are part of the resolution's name
    assert extract_quantities("resolution 2178 (2014)", include_dates=True) == []


def test_money_forms() -> None:
    [quantity] = extract_quantities("a grant of US$ 1 million was made")
    assert (quantity.low, quantity.unit, quantity.text) == (1e6, "US dollars", "US$ 1 million")
    [quantity] = extract_quantities("between $1 and $2 million")
    assert (quantity.low, quantity.high, quantity.unit) == (1e6, 2e6, "US dollars")


def test_story_figures() -> None:
    assert one(STORY_TEXT, "up to 80 percent") == one(STORY_TEXT, "80 percent")
    share = one(STORY_TEXT, "up to 80 percent")
    assert (share.low, share.high, share.qualifier, share.unit) == (None, 80, "up to", "per cent")
    money = one(STORY_TEXT, "approximately $260 million")
    assert (money.low, money.high, money.qualifier, money.unit) == (
        260e6, 260e6, "around", "US dollars")
    cap = one(STORY_TEXT, "up to $500 million")
    assert (cap.low, cap.high, cap.qualifier) == (None, 500e6, "up to")
    libya = one(STORY_TEXT, "between several hundred to as many as 3,000")
    assert (libya.low, libya.high, libya.qualifier) == (200, 3000, "between")
    states = one(STORY_TEXT, "all 193 U.N. member states")
    assert (states.low, states.unit) == (193, "U.N. member states")
    assert not [q for q in extract_quantities(STORY_TEXT) if q.low in (2015, 2017)]


@pytest.mark.parametrize(("text", "expected"), [
    # Invented sentences in the reports' style: the rules must hold beyond the curated text.
    ("Some 15,000 to 20,000 foreign terrorist fighters",
     [("Some 15,000 to 20,000", 15000, 20000, "between", "foreign terrorist fighters")]),
    ("Some 800-1,000 fighters remain.", [("Some 800-1,000", 800, 1000, "between", "fighters")]),
    ("an estimated US$ 500 million to US$ 1 billion",
     [("an estimated US$ 500 million to US$ 1 billion", 5e8, 1e9, "between", "US dollars")]),
    ("More than two thirds of the cases",
     [("More than two thirds", 2 / 3, None, "more than", "share")]),
    ("Almost a quarter of the fighters", [("Almost a quarter", 0.25, 0.25, "around", "share")]),
    ("Nearly 1.5 million people", [("Nearly 1.5 million", 1.5e6, 1.5e6, "around", "people")]),
    ("An increase of 25% was seen.", [("25%", 25, 25, "exact", "per cent")]),
    ("In the first half of 2016, attacks rose.", []),
    ("Between 2014 and 2016, about 40,000 people left.",
     [("about 40,000", 40000, 40000, "around", "people")]),
    ("one in five returnees", [("one", 1, 1, "exact", ""), ("five", 5, 5, "exact", "returnees")]),
    ("Thousands fled.", [("Thousands", 1000, None, "at least", "")]),
    ("Article 51 of the Charter, Sustainable Development Goal 16 and the Group of 20", []),
])
def test_general_rules(text: str, expected: list[tuple]) -> None:
    found = [(q.text, q.low, q.high, q.qualifier, q.unit) for q in extract_quantities(text)]
    assert len(found) == len(expected), found
    for got, want in zip(found, expected, strict=True):
        assert got[0] == want[0] and got[3:] == want[3:], got
        for a, b in zip(got[1:3], want[1:3], strict=True):
            assert (a is None and b is None) or math.isclose(a, b), got


def test_every_candidate_is_well_formed() -> None:
    for line in [*PARAGRAPHS.values(), STORY_TEXT]:
        for quantity in extract_quantities(line):
            assert quantity.qualifier in QUALIFIERS
            assert line[quantity.start:quantity.end] == quantity.text
            assert quantity.sentence in line
            assert quantity.low is not None or quantity.high is not None
            if quantity.low is not None and quantity.high is not None:
                assert quantity.low <= quantity.high


def test_extract_from_paragraphs() -> None:
    table = pd.DataFrame({"document": ["S/2016/501", "S/2016/501", "S/2016/501"],
                          "paragraph": [18, 28, 2],
                          "text": [PARAGRAPHS[18][4:], PARAGRAPHS[28][4:], PARAGRAPHS[2][3:]]})
    found = extract_from_paragraphs(table)
    assert list(found.columns) == ["document", "paragraph", "low", "high", "unit", "qualifier",
                                   "text", "sentence", "start", "end"]
    assert found["paragraph"].tolist() == [18, 18, 28, 28]
    assert found["text"].tolist() == ["around 38,000", "around 30,000", "around 800",
                                      "between 3,000 and 5,000"]
    texts = dict(zip(table["paragraph"], table["text"], strict=True))
    assert [texts[p][s:e] for p, s, e in zip(found["paragraph"], found["start"], found["end"],
                                            strict=True)] == found["text"].tolist()
    empty = extract_from_paragraphs(table.iloc[:0])
    assert empty.empty and list(empty.columns) == list(found.columns)
    with pytest.raises(KeyError):
        extract_from_paragraphs(pd.DataFrame({"text": ["1"]}))


# --- Fuzzing --------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from([
    "1", "12. ", "\n3. ", "38,000", "1,400", "–", "-", "between", "and", "to", "or", "from",
    "per cent", "%", "$", "US$", "billion", "million", "hundred", "hundreds", "of", "the",
    "thousands", "several", "a", "one", "two", "third", "half", "more than", "fewer than",
    "around", "up to", "at least", "fifty-fifth", "five-year", "resolution", "(2014)",
    "S/2016/92", "para.", "paras.", "<script>alert(1)</script>", "</p>", "&amp;", "\u2028",
    "٣", "January", "May", "2015", "mid-", "G7", "fighters", "Member States", ".", ",", "(",
])


def _check(text: str) -> None:
    found = extract_quantities(text)
    assert isinstance(found, list)
    for quantity in found:
        assert isinstance(quantity, Quantity)
        assert quantity.qualifier in QUALIFIERS
        assert text[quantity.start:quantity.end] == quantity.text


@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_fuzz_random_unicode(text: str) -> None:
    _check(text)


@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, max_size=300), st.sampled_from([" ", "", "\n", ", "]),
       st.booleans())
def test_fuzz_number_like_fragments(parts: list[str], separator: str, dates: bool) -> None:
    text = separator.join(parts)
    _check(text)
    assert isinstance(extract_quantities(text, include_dates=dates), list)


@settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, min_size=1, max_size=8), st.integers(min_value=1, max_value=5_000))
def test_fuzz_long_lines(parts: list[str], times: int) -> None:
    _check((" ".join(parts) + " ") * times)


@pytest.mark.parametrize("line", LONG_LINES, ids=[f"line{i}" for i in range(len(LONG_LINES))])
def test_long_lines_are_read_whole(line: str) -> None:
    """Every candidate in a long hostile line is a true span of it (how long that takes is
    measured by ``benchmarks/long_inputs.py``, not here)."""
    _check(line)


# --- Recall against the curated figures -----------------------------------------------------

def _matches(row: pd.Series, quantity: Quantity, quote_at: tuple[int, int]) -> bool:
    """The row's non-empty low/high each equal one of the candidate's bounds (0.1 %), and the
    candidate's span overlaps the quote."""
    bounds = [b for b in (quantity.low, quantity.high) if b is not None]
    wanted = [float(v) for v in (row["low"], row["high"]) if pd.notna(v)]
    values_ok = all(any(math.isclose(w, b, rel_tol=1e-3) for b in bounds) for w in wanted)
    return values_ok and quantity.start < quote_at[1] and quantity.end > quote_at[0]


def test_recall_against_curated_figures() -> None:
    figures = pd.read_csv(FIGURES)
    rows = figures[figures["document"].eq("S/2016/501") & figures["paragraph"].notna()]
    assert len(rows) >= 40, "the curated S/2016/501 figures are missing"
    candidates = {number: extract_quantities(text) for number, text in PARAGRAPHS.items()}
    matched: set[tuple[int, int]] = set()
    missed = []
    for _, row in rows.iterrows():
        number = int(row["paragraph"])
        text = PARAGRAPHS[number]
        where = text.find(row["quote"])
        hits = [] if where < 0 else [
            i for i, q in enumerate(candidates[number])
            if _matches(row, q, (where, where + len(row["quote"])))]
        matched.update((number, i) for i in hits)
        if not hits:
            missed.append((row["id"], number, row["quote"]))
    recall = 1 - len(missed) / len(rows)
    with_figures = {int(p) for p in rows["paragraph"]}
    in_figured = sum(len(candidates[p]) for p in with_figures)
    everywhere = sum(len(found) for found in candidates.values())
    print(f"\nextractor recall on S/2016/501 figures: {recall:.3f} "
          f"({len(rows) - len(missed)}/{len(rows)})")
    print(f"precision, paragraphs with figures: {len(matched) / max(in_figured, 1):.3f} "
          f"({len(matched)}/{in_figured})")
    print(f"precision, all paragraphs: {len(matched) / max(everywhere, 1):.3f} "
          f"({len(matched)}/{everywhere})")
    for miss in missed:
        print("missed:", *miss)
    assert recall >= 0.95, missed
