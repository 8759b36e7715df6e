"""Tests for isilbook.data.numbers: reading numbers in the prose of the reports.

Every prose example is copied from the raw sources and the tests check that it is still there,
so the assertions stay about real sentences rather than invented ones.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isilbook.data.numbers import find_numbers, numbers_in, reads_value
from tests.hostile import NUMBER_LINES

ROOT = Path(__file__).resolve().parents[1]
REPORT = (ROOT / "data" / "raw" / "S-2016-501.txt").read_text(encoding="utf-8")
STORY = (ROOT / "data" / "raw" / "AP-2017-02-06-S-2017-97.txt").read_text(encoding="utf-8")
FIGURES = ROOT / "data" / "figures.csv"

# (quote from the report, values it must give, in order)
REPORT_QUOTES = [
    ("One Member State reported that around 38,000 individuals", [1, 38000]),
    ("a 50 per cent reduction in the salaries of fighters", [50]),
    ("by the equivalent of $2 billion per year", [2e9]),
    ("has fallen by between 30 and 50 per cent", [30, 50]),
    ("to have between 1,400 and 2,000 fighters in Nangarhar Province", [1400, 2000]),
    ("fewer than 1,000 fighters", [1000]),
    ("The attacks have killed over 500 individuals and injured hundreds more.", [500, 100]),
    ("Most significantly, several hundred foreign terrorist fighters", [200]),
    ("estimated to amount to several million dollars", [2e6]),
    ("impacting hundreds of thousands of people", [1e5]),
    ("only around one third of the 77 Member States", [1 / 3, 77]),
    ("only around half of the States most affected", [0.5]),
    ("The Centre will provide funding for seven of the projects", [7]),
    ("two of five regional workshops", [2, 5]),
    ("its five-year technical assistance programme", [5]),
    ("24 hours a day/7 days a week", [24, 7]),
    ("for at least another four or five years", [4, 5]),
    ("After 18 months of presence in Libya", [18]),
    ("(ibid., paras. 19-22)", [19, 22]),
    ("745 participants from 125 Member States, 23 international and regional organizations",
     [745, 125, 23]),
]
STORY_QUOTES = [
    ("up to 80 percent of its income", [80]),
    ("IS earned approximately $260 million from oil sales", [260e6]),
    ("That is about half the 2015 estimate of up to $500 million", [0.5, 2015, 500e6]),
    ("ranging between several hundred to as many as 3,000", [200, 3000]),
    ("on all 193 U.N. member states", [193]),
]


def _close(found: list[float], expected: list[float]) -> bool:
    return len(found) == len(expected) and all(
        math.isclose(a, b, rel_tol=1e-9) for a, b in zip(found, expected, strict=True))


@pytest.mark.parametrize(("quote", "expected"), REPORT_QUOTES)
def test_reads_report_quotes(quote: str, expected: list[float]) -> None:
    assert quote in REPORT
    assert _close(numbers_in(quote), expected), numbers_in(quote)


@pytest.mark.parametrize(("quote", "expected"), STORY_QUOTES)
def test_reads_story_quotes(quote: str, expected: list[float]) -> None:
    assert quote in " ".join(STORY.split())
    assert _close(numbers_in(quote), expected), numbers_in(quote)


@pytest.mark.parametrize(("text", "expected"), [
    ("38,000", [38000]), ("$2 billion", [2e9]), ("$260 million", [260e6]),
    ("1.5 million", [1.5e6]), ("US$ 1 million", [1e6]), ("$2bn", [2e9]),
    ("twelve", [12]), ("seventy-seven", [77]), ("five", [5]), ("Four", [4]),
    ("two hundred and fifty", [250]), ("a thousand", [1000]), ("a dozen", [12]),
    ("one and a half", [1.5]), ("half a million", [5e5]),
    ("one third", [1 / 3]), ("two thirds", [2 / 3]), ("two-thirds", [2 / 3]),
    ("a quarter", [0.25]), ("three quarters", [0.75]), ("half", [0.5]),
    ("several hundred", [200]), ("hundreds", [100]), ("hundreds of thousands", [1e5]),
    ("tens of thousands", [1e4]), ("dozens", [24]), ("thousands", [1000]),
    ("1,400–2,000", [1400, 2000]), ("19-22", [19, 22]), ("2.5", [2.5]),
])
def test_reads_every_register(text: str, expected: list[float]) -> None:
    assert _close(numbers_in(text), expected), numbers_in(text)


@pytest.mark.parametrize("text", [
    "At its fifty-fifth session", "For the first time since", "a third report",
    "the G7 and ICT4Peace", "the 21st century", "in the 1990s", "", "no numbers at all",
    "in the first half of the year",
])
def test_ordinals_and_names_are_not_numbers(text: str) -> None:
    assert numbers_in(text) == []


def test_spans_point_at_the_words() -> None:
    text = "ISIL currently commands a total of around 30,000 fighters"
    [span] = find_numbers(text)
    assert text[span.start:span.end] == "30,000"
    assert span.kind == "digits"
    [span] = find_numbers("by the equivalent of $2 billion per year")
    assert span.scale == 1e9


def test_reads_value_tolerance_and_bad_input() -> None:
    quote = "around one third of the 77 Member States"
    assert reads_value(quote, 0.3333)  # curated shares are rounded
    assert not reads_value(quote, 0.33)
    assert reads_value(quote, 77)
    assert not reads_value(quote, 78)
    assert not reads_value(quote, float("nan"))
    assert not reads_value(quote, "not a number")  # type: ignore[arg-type]
    assert not reads_value(None, 1)  # type: ignore[arg-type]


def test_every_curated_value_can_be_read_from_its_quote() -> None:
    """The validator's contract: each quoted figure's low and high can be read from its quote.

    (Figures from coverage recorded by address carry no quote: there is nothing to read.)
    """
    figures = pd.read_csv(FIGURES)
    figures = figures[figures["quote"].notna()]
    assert not figures.empty, "no quoted figure to read"
    unread = [(row.id, value, row.quote) for row in figures.itertuples()
              for value in (row.low, row.high)
              if pd.notna(value) and not reads_value(row.quote, value)]
    assert unread == []


FRAGMENTS = st.sampled_from([
    "1", "12. ", "38,000", "1,400", "–", "-", "between", "and", "to", "or", "per cent", "$",
    "US$", "billion", "million", "hundred", "hundreds", "of", "thousands", "several", "a",
    "one", "third", "thirds", "half", "quarter", "fifty-fifth", "seventy-seven", "five-year",
    "resolution", "(2014)", "S/2016/92", "para.", "<script>alert(1)</script>", "\n", "\u2028",
    "٣", "²", "1,", ",000", ".5", "and a half", "dozen", "tens", "bn", "G7", "Jan", "May",
])


@settings(deadline=2000, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_fuzz_random_unicode(text: str) -> None:
    values = numbers_in(text)
    assert isinstance(values, list)
    assert all(isinstance(v, float) for v in values)
    assert isinstance(reads_value(text, 1.0), bool)


@settings(deadline=2000, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, max_size=200), st.sampled_from([" ", "", "\n", ", "]))
def test_fuzz_number_like_fragments(parts: list[str], separator: str) -> None:
    text = separator.join(parts)
    spans = find_numbers(text)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.start <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert all(math.isfinite(s.value) and s.value >= 0 for s in spans)


@settings(deadline=2000, max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(FRAGMENTS, st.integers(min_value=1, max_value=20_000))
def test_fuzz_long_repetitions(fragment: str, times: int) -> None:
    assert isinstance(numbers_in((fragment + " ") * times), list)


@pytest.mark.parametrize(("line", "count", "value"), NUMBER_LINES,
                         ids=[f"line{i}" for i in range(len(NUMBER_LINES))])
def test_long_lines_are_read_whole(line: str, count: int, value: float | None) -> None:
    """Every number of a long hostile line is found, as written (how long reading takes is
    measured by ``benchmarks/long_inputs.py``, not here)."""
    spans = find_numbers(line)
    assert len(spans) == count
    assert {span.value for span in spans} <= {value}
    assert all(line[span.start:span.end].strip() for span in spans)
    assert [span.start for span in spans] == sorted({span.start for span in spans})


def test_a_run_of_digits_is_one_number() -> None:
    spans = find_numbers("1" * 100_000)
    assert [(span.start, span.end) for span in spans] == [(0, 100_000)]
