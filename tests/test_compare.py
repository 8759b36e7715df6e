"""The comparison vocabulary: the words for every pair of figure shapes, and what they may claim.

The expected wording is written out here by hand, one row per pair of shapes and relation, so
the sentences a reader sees are reviewed as a table; a property test then checks, over random
figures of every shape, that no verdict rests on an end a figure does not state and that a rise
or fall is only ever said of figures that share no value.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isilbook.book import compare
from isilbook.book.compare import (
    DIFFERENT,
    FALL,
    MEET,
    OVERLAP,
    RISE,
    SAME,
    WITHIN,
    compare_figures,
    ends,
    series_comparison,
)
from isilbook.data.numbers import VAGUE, find_numbers
from isilbook.data.vague import VAGUE_WORDS, reading

CATALOGUE = pd.DataFrame({
    "indicator": ["m", "revenue"], "label": ["A measure", "Revenue"],
    "population": ["fighters", "income from oil"], "area": ["Libya", ""],
    "count_kind": ["stock", "period sum"], "series": [True, True],
}).set_index("indicator")


def fig(qualifier: str, low: float | None = None, high: float | None = None, *,
        vague: str | None = None, edition: int = 1, **extra) -> pd.Series:
    """A figure row of the shape the tests need (a point repeats its value as high)."""
    if qualifier in ("exact", "around") and high is None:
        high = low
    if qualifier in ("fewer than", "up to"):
        low, high = None, low
    row = {"id": f"f{edition}-{qualifier}-{low}-{high}", "edition": edition, "indicator": "m",
           "unit": "people", "qualifier": qualifier, "low": low, "high": high, "vague": vague,
           "population": None, "area": None, "count_kind": None, "refers_to": None}
    row.update(extra)
    return pd.Series(row)


NO_CHANGE = ", so they do not show a change."
FLOORS = ("Both figures are lower bounds: each says only that the number was above its floor, "
          "and neither states an upper end, so they do not show a change. ")
CEILINGS = ("Both figures are upper bounds: each says only that the number was below its "
            "ceiling, and neither states a lower end, so they do not show a change. ")
SHOW_RISE = "The later figure lies wholly above the earlier one: the figures show a rise."
SHOW_FALL = "The later figure lies wholly below the earlier one: the figures show a fall."
APPROX = " An approximate figure does not give the change's exact size."

#: earlier, later, verdict, the words a reader gets.
WORDING = [
    # exact and approximate values
    (fig("exact", 100), fig("exact", 200), RISE, SHOW_RISE),
    (fig("exact", 200), fig("exact", 200), SAME, "Both figures give 200: they show no change."),
    (fig("around", 30000), fig("around", 20000), FALL, SHOW_FALL + APPROX),
    (fig("exact", 100), fig("around", 100), SAME,
     "Both figures give about 100: they show no change."),
    (fig("around", 10000), fig("exact", 12000), RISE, SHOW_RISE + APPROX),
    # a value against a range
    (fig("exact", 250), fig("between", 200, 300), WITHIN,
     "The earlier figure, 250, lies within what the later one allows" + NO_CHANGE),
    (fig("between", 200, 300), fig("around", 400), RISE, SHOW_RISE + APPROX),
    (fig("exact", 3000), fig("between", 3000, 5000), MEET,
     "The two figures share only the value 3,000: the later is no lower than the earlier, but "
     "they do not show a rise."),
    # a value against a bound
    (fig("around", 30000), fig("more than", 20000), WITHIN,
     "The earlier figure, about 30,000, lies within what the later one allows" + NO_CHANGE),
    (fig("exact", 100), fig("more than", 100), RISE, SHOW_RISE),
    (fig("exact", 100), fig("at least", 100), MEET,
     "The two figures share only the value 100: the later is no lower than the earlier, but "
     "they do not show a rise."),
    (fig("up to", 500), fig("exact", 300), WITHIN,
     "The later figure, 300, lies within what the earlier one allows" + NO_CHANGE),
    (fig("exact", 600), fig("fewer than", 600), FALL, SHOW_FALL),
    (fig("up to", 500), fig("around", 600), RISE, SHOW_RISE + APPROX),
    # two ranges
    (fig("between", 3000, 5000), fig("between", 4000, 6000), OVERLAP,
     "Both figures allow every value from 4,000 to 5,000" + NO_CHANGE),
    (fig("between", 3000, 5000), fig("between", 200, 3000, vague="several hundred"), MEET,
     "The two figures share only the value 3,000: the later is no higher than the earlier, but "
     "they do not show a fall."),
    (fig("between", 12000, 20000), fig("between", 6000, 10000), FALL, SHOW_FALL),
    # a range against a bound
    (fig("between", 1400, 2000), fig("fewer than", 1000), FALL, SHOW_FALL),
    (fig("between", 1000, 2000), fig("up to", 2000), OVERLAP,
     "Both figures allow every value from 1,000 to 2,000" + NO_CHANGE),
    (fig("up to", 300), fig("between", 100, 200), OVERLAP,
     "Both figures allow every value from 100 to 200" + NO_CHANGE),
    (fig("between", 100, 300), fig("more than", 200), OVERLAP,
     "Both figures allow every value from 200 to 300" + NO_CHANGE),
    (fig("between", 100, 300), fig("at least", 300), MEET,
     "The two figures share only the value 300: the later is no lower than the earlier, but "
     "they do not show a rise."),
    # two lower bounds, two upper bounds
    (fig("more than", 44000), fig("more than", 26000), OVERLAP,
     FLOORS + "The later floor is lower, which says nothing of the number itself."),
    (fig("at least", 100), fig("more than", 100), OVERLAP, FLOORS + "Both floors are the same."),
    (fig("up to", 500), fig("up to", 300), OVERLAP,
     CEILINGS + "The later ceiling is lower, which says nothing of the number itself."),
    (fig("fewer than", 300), fig("up to", 900), OVERLAP,
     CEILINGS + "The later ceiling is higher, which says nothing of the number itself."),
    # a lower bound against an upper bound
    (fig("more than", 100), fig("fewer than", 50), FALL, SHOW_FALL),
    (fig("at least", 100), fig("up to", 100), MEET,
     "The two figures share only the value 100: the later is no higher than the earlier, but "
     "they do not show a fall."),
    (fig("more than", 100), fig("up to", 100), FALL, SHOW_FALL),
    (fig("up to", 1000), fig("more than", 500), OVERLAP,
     "One figure is a lower bound and the other an upper bound: both hold for every value from "
     "500 to 1,000" + NO_CHANGE),
    (fig("fewer than", 1000), fig("at least", 2000), RISE, SHOW_RISE),
    # vague words' readings: never a firm end
    (fig("at least", 100, vague="hundreds"), fig("exact", 50), FALL,
     "The later figure lies wholly below the earlier one only if “hundreds” means at least 100, "
     "as the book reads it: the figures suggest a fall but do not show one."),
    (fig("between", 100, 150), fig("at least", 200, vague="several hundred"), RISE,
     "The later figure lies wholly above the earlier one only if “several hundred” means at "
     "least 200, as the book reads it: the figures suggest a rise but do not show one."),
    (fig("at least", 200, vague="several hundred"), fig("exact", 5000), WITHIN,
     "The later figure, 5,000, lies within what the earlier one allows" + NO_CHANGE),
    (fig("at least", 200, vague="several hundred"), fig("more than", 500), OVERLAP,
     FLOORS + "A vague word's floor is a reading, not the report's number."),
    (fig("at least", 100, vague="hundreds"), fig("at least", 200, vague="several hundred"),
     OVERLAP, FLOORS + "A vague word's floor is a reading, not the report's number."),
    (fig("around", 800), fig("at least", 200, vague="several hundred"), WITHIN,
     "The earlier figure, about 800, lies within what the later one allows" + NO_CHANGE),
    (fig("at least", 100, vague="hundreds"), fig("up to", 900), OVERLAP,
     "One figure is a lower bound and the other an upper bound: both hold for every value from "
     "“hundreds” to 900" + NO_CHANGE),
    (fig("between", 200, 3000, vague="several hundred"), fig("between", 1000, 2000), OVERLAP,
     "Both figures allow every value from 1,000 to 2,000" + NO_CHANGE),
    # unlike things are never compared
    (fig("between", 4000, 6000, population="fighters and their family members"),
     fig("around", 2000), DIFFERENT,
     "The two figures count different things (the earlier counts fighters and their family "
     "members, the later fighters), so the book sets no verdict on them."),
    (fig("around", 3000), fig("around", 3000, area="Syria"), DIFFERENT,
     "The two figures count different things (the earlier counts in Libya, the later in Syria), "
     "so the book sets no verdict on them."),
    (fig("around", 30000, count_kind="cumulative"), fig("around", 40000), DIFFERENT,
     "The two figures count different things (the earlier is a cumulative count, the later a "
     "count at one time), so the book sets no verdict on them."),
    (fig("exact", 5), fig("exact", 5, unit="per cent"), DIFFERENT,
     "The two figures count different things (they are in different units (people and per "
     "cent)), so the book sets no verdict on them."),
    # sums over a period say which years they set against each other
    (fig("between", 400e6, 500e6, indicator="revenue", unit="US dollars", refers_to="2015"),
     fig("around", 260e6, indicator="revenue", unit="US dollars", refers_to="2016"), FALL,
     "The figures are sums for different years (2015 and 2016). " + SHOW_FALL + APPROX),
    (fig("between", 400e6, 500e6, indicator="revenue", unit="US dollars", refers_to="2015"),
     fig("up to", 500e6, indicator="revenue", unit="US dollars", refers_to="2015"), OVERLAP,
     "Both figures are estimates of the sum for 2015, so any difference is a revision. Both "
     "figures allow every value from $400 million to $500 million" + NO_CHANGE),
]


@pytest.mark.parametrize(("earlier", "later", "verdict", "words"), WORDING,
                         ids=[f"{a['qualifier']}-{b['qualifier']}-{v}-{i}"
                              for i, (a, b, v, _) in enumerate(WORDING)])
def test_wording_per_pair_of_shapes(earlier, later, verdict, words) -> None:
    result = compare_figures(earlier, later, CATALOGUE)
    assert (result.verdict, result.words) == (verdict, words)


def test_the_table_covers_every_pair_of_shapes() -> None:
    covered = {frozenset((compare.shape(a), compare.shape(b))) for a, b, v, _ in WORDING
               if v != DIFFERENT}
    every = {frozenset((a, b)) for a in compare.SHAPES for b in compare.SHAPES}
    assert every - covered == set()


# --- the property: no verdict claims an end a figure does not state ---------------------------

VALUES = st.integers(min_value=1, max_value=60).map(lambda n: float(n * 50))


@st.composite
def figures(draw) -> pd.Series:
    qualifier = draw(st.sampled_from(["exact", "around", "between", "more than", "at least",
                                      "fewer than", "up to"]))
    low = draw(VALUES)
    if qualifier == "between":
        return fig(qualifier, low, low + draw(VALUES) + 50)
    if qualifier == "at least" and draw(st.booleans()):
        entry = draw(st.sampled_from(VAGUE_WORDS))
        return fig(qualifier, entry.floor, vague=entry.words)
    return fig(qualifier, low)


def _allowed(figure: pd.Series, value: float) -> bool:
    """Whether ``value`` satisfies the figure, read straight from its qualifier."""
    low, high, q = figure["low"], figure["high"], figure["qualifier"]
    tests = {"exact": lambda: value == low, "around": lambda: value == low,
             "between": lambda: low <= value <= high, "more than": lambda: value > low,
             "at least": lambda: value >= low, "fewer than": lambda: value < high,
             "up to": lambda: value <= high}
    return tests[q]()


def _probes(*figures: pd.Series) -> list[float]:
    """Every value that can decide what two figures share: their ends, just beside each end,
    between any two ends, and far beyond them."""
    points = sorted({float(v) for f in figures for v in (f["low"], f["high"]) if pd.notna(v)})
    near = [p + d for p in points for d in (-0.5, 0.0, 0.5)]
    between = [(a + b) / 2 for a, b in zip(points, points[1:])]
    halves = [0.0] + [p / 2 for p in points]
    return sorted({v for v in near + between + halves + [points[-1] * 10 + 1e7] if v >= 0})


@settings(deadline=None)
@given(figures(), figures())
def test_no_verdict_claims_an_end_a_figure_does_not_state(earlier, later) -> None:
    result = compare_figures(earlier, later, CATALOGUE)
    stated = {"earlier": ends(earlier), "later": ends(later)}
    for who, side in result.claims:
        assert stated[who][0 if side == "low" else 1] is not None, (who, side, result.words)
    shared = [v for v in _probes(earlier, later) if _allowed(earlier, v) and _allowed(later, v)]
    if result.verdict in (RISE, FALL):
        assert not shared, (result.words, shared[:3])
        firm = "show a rise" in result.words or "show a fall" in result.words
        assert firm == (not result.reading)
    if result.verdict == OVERLAP:  # "overlap" means sharing more than a point
        assert len(shared) > 1, result.words
    if result.verdict in (MEET, WITHIN, SAME):  # one shared value
        assert len(shared) == 1, (result.words, shared)
    for figure in (earlier, later):
        if isinstance(figure["vague"], str) and result.reading:
            assert f"“{figure['vague']}”" in result.words


# --- series: the latest against the earliest comparable, with what lies between -------------

def test_series_names_every_edition_between_and_those_that_count_otherwise() -> None:
    rows = pd.DataFrame([
        fig("around", 30000, edition=2), fig("between", 12000, 20000, edition=5),
        fig("more than", 20000, edition=7, population="members and supporters"),
        fig("between", 6000, 10000, edition=14), fig("around", 3000, edition=22)])
    found = series_comparison(rows, CATALOGUE)
    assert (found.earlier["edition"], found.later["edition"]) == (2, 22)
    assert (found.between, found.apart) == ((5, 14), (7,))
    assert compare.series_words(found) == (
        "Between them, the 5th and 14th reports also give a figure of the same measure (see the "
        "chart). The figure of the 7th report counts something else and is not compared (see "
        "the table under the chart).")


def test_series_falls_back_to_the_latest_figure_with_a_comparable_one() -> None:
    rows = pd.DataFrame([
        fig("up to", 300, edition=9), fig("between", 10, 25, edition=18),
        fig("around", 10, edition=20, area="Iraq and Syria")])
    found = series_comparison(rows, CATALOGUE)
    assert (found.earlier["edition"], found.later["edition"]) == (9, 18)
    assert found.apart == (20,)


def test_series_with_no_comparable_pair_says_they_differ() -> None:
    rows = pd.DataFrame([fig("between", 4000, 6000, edition=17,
                             population="fighters and their family members"),
                         fig("around", 2000, edition=21)])
    found = series_comparison(rows, CATALOGUE)
    assert found.comparison.verdict == DIFFERENT and found.apart == (17,)


# --- the vague words: one table, the number reader's reading -----------------------------------

@pytest.mark.parametrize("entry", VAGUE_WORDS, ids=[e.words for e in VAGUE_WORDS])
def test_the_number_reader_reads_each_vague_word_at_its_floor(entry) -> None:
    spans = find_numbers(f"they number {entry.words} in all")
    assert [(s.kind, s.value) for s in spans] == [(VAGUE, entry.floor)]
    assert entry.floor < entry.ceiling and math.log10(entry.ceiling).is_integer()


def test_an_unknown_vague_word_is_refused_naming_the_known() -> None:
    with pytest.raises(KeyError, match="several hundred"):
        reading("umpteen")


# --- the review list ---------------------------------------------------------------------------

def test_the_review_list_names_every_series_comparison_with_its_figures(project):
    from typer.testing import CliRunner

    from isilbook.cli import app

    result = CliRunner().invoke(app, ["comparisons", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    figures = pd.read_csv(project.table("figures"))
    catalogue = pd.read_csv(project.table("indicators"))
    followed = catalogue.loc[catalogue["series"], "indicator"]
    expected = {label for indicator, label in zip(followed, catalogue.loc[catalogue["series"],
                                                                          "label"])
                if figures.loc[figures["indicator"] == indicator, "edition"].nunique() > 1}
    entries = [line for line in result.output.splitlines() if line.startswith("## ")]
    assert {e[3:].split(": series")[0] for e in entries if ": series" in e} == expected
    assert result.output.startswith(f"# Comparisons the book makes ({len(entries)})")
    for line in result.output.splitlines():
        if line.startswith(("- earlier: `", "- later: `")):
            assert line.split("`")[1] in set(figures["id"]), line
