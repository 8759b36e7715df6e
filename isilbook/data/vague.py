"""The one table of vague words ("hundreds", "several hundred"), read the same way everywhere.

A report that says "several hundred foreign terrorist fighters" gives no number. The book still
has to put the words somewhere on a chart and in a comparison, so it reads every vague word by
this table: the least the words can mean (the *floor*, which the curated figure records as its
low, and which the number reader :mod:`isilbook.data.numbers` reads from the text) and the
amount at which the writer would have used a bigger word (the *ceiling*: "several hundred" is
fewer than a thousand). Both are readings, not the report's numbers: prose keeps the report's
words, charts draw the floor as an uncertain end, and a comparison that rests on a vague end
says so.

Floors follow the words: "hundreds" (as in "they still number in the hundreds") starts at one
hundred, while "several" means at least two of what follows, so "several hundred" starts at two
hundred. The tests read every entry's words with the number reader and require its floor.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["VagueWord", "VAGUE_WORDS", "reading"]


@dataclass(frozen=True)
class VagueWord:
    """How the book reads one vague expression."""

    words: str  # as the reports write them, lower case
    floor: float  # the least the words can mean (a figure's low)
    ceiling: float  # where a bigger word would have been used (exclusive)
    why: str  # the reading in plain words, for the methods page


VAGUE_WORDS: tuple[VagueWord, ...] = (
    VagueWord("dozens", 24, 100, "at least two dozen, fewer than a hundred"),
    VagueWord("several dozen", 24, 100, "at least two dozen, fewer than a hundred"),
    VagueWord("hundreds", 100, 1_000,
              "a number in the hundreds: at least one hundred, fewer than a thousand"),
    VagueWord("several hundred", 200, 1_000,
              "at least two hundred (several is at least two), fewer than a thousand"),
    VagueWord("a few hundred", 200, 1_000, "at least two hundred, fewer than a thousand"),
    VagueWord("thousands", 1_000, 10_000,
              "a number in the thousands: at least one thousand, fewer than ten thousand"),
    VagueWord("several thousand", 2_000, 10_000,
              "at least two thousand, fewer than ten thousand"),
    VagueWord("a few thousand", 2_000, 10_000, "at least two thousand, fewer than ten thousand"),
    VagueWord("tens of thousands", 10_000, 100_000,
              "at least ten thousand, fewer than a hundred thousand"),
    VagueWord("hundreds of thousands", 100_000, 1_000_000,
              "at least one hundred thousand, fewer than a million"),
    VagueWord("millions", 1_000_000, 10_000_000,
              "at least one million, fewer than ten million"),
    VagueWord("several million", 2_000_000, 10_000_000,
              "at least two million, fewer than ten million"),
)

_BY_WORDS = {entry.words: entry for entry in VAGUE_WORDS}


def reading(words: str) -> VagueWord:
    """The table's reading of some vague words (case and spacing as written do not matter).

    >>> reading("Several  hundred").floor, reading("several hundred").ceiling
    (200, 1000)

    Raises
    ------
    KeyError
        If the words are not in the table: a new vague expression needs a row here (and on
        the methods page, which prints this table) before a figure may use it.
    """
    key = " ".join(words.lower().split())
    if key not in _BY_WORDS:
        raise KeyError(f"{words!r} is not in the table of vague words; known: "
                       f"{', '.join(_BY_WORDS)}")
    return _BY_WORDS[key]
