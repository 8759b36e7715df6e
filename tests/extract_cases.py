"""Made-up sentences with the figures an analyst reads in them, and how to score the extractor.

The sentences live in ``tests/data/extract_tuning.txt`` (the extractor's rules were written
against them) and ``tests/data/extract_heldout.txt`` (never used to tune it): see the head of
either file for the format. ``benchmarks/extract_eval.py`` prints the scores; the tests check
each pattern one by one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from isilbook.data.extract import extract_quantities

DATA = Path(__file__).resolve().parent / "data"
TUNING = DATA / "extract_tuning.txt"
HELDOUT = DATA / "extract_heldout.txt"

Figure = tuple[str, "float | None", "float | None", str]  # qualifier, low, high, unit


@dataclass
class Case:
    """One made-up document and the figures its author reads in it."""

    text: str
    line: int
    batch: int = 1  # the batch of the file it was written in ("# Second batch." starts one)
    expected: list[Figure] = field(default_factory=list)


def _bound(word: str) -> float | None:
    return None if word == "-" else float(word)


def read_cases(path: Path) -> list[Case]:
    """The blocks of a sentences file, in order."""
    cases: list[Case] = []
    current: Case | None = None
    batch = 1
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            current = None
        elif line.startswith("#"):
            batch += bool(re.match(r"#\s*\w+ batch\b", line, re.IGNORECASE))
        elif line.startswith("> "):
            if current is None:
                current = Case(line[2:].strip(), number, batch)
                cases.append(current)
            else:
                current.text += " " + line[2:].strip()
        elif line.startswith("= ") and current is not None:
            reading, _, unit = line[2:].partition("|")
            *qualifier, low, high = reading.split()
            current.expected.append((" ".join(qualifier), _bound(low), _bound(high),
                                     unit.strip()))
        else:
            raise ValueError(f"{path}, line {number}: expected '> ', '= ', '#' or a blank line")
    return cases


def read(text: str) -> list[Figure]:
    """What the extractor reads in ``text``, in the shape of the expected figures."""
    return [(q.qualifier, q.low, q.high, q.unit) for q in extract_quantities(text)]


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-3)


def same_reading(found: Figure, expected: Figure) -> bool:
    """Whether two figures have the same qualifier and bounds (the unit is scored apart)."""
    return found[0] == expected[0] and _same(found[1], expected[1]) and \
        _same(found[2], expected[2])


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    matched: int = 0
    units_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def unit_accuracy(self) -> float:
        return self.units_right / self.matched if self.matched else 1.0


def score(cases: list[Case]) -> Score:
    """Recall and precision of the readings (qualifier and bounds), and of the matched ones,
    the share whose unit is the expected one (case aside)."""
    total = Score()
    for case in cases:
        found = read(case.text)
        left = list(found)
        total.expected += len(case.expected)
        total.found += len(found)
        for figure in case.expected:
            hit = next((f for f in left if same_reading(f, figure)), None)
            if hit is None:
                total.misses.append(f"line {case.line}: missed {figure} in {case.text!r}")
                continue
            left.remove(hit)
            total.matched += 1
            if hit[3].lower() == figure[3].lower():
                total.units_right += 1
            else:
                total.misses.append(f"line {case.line}: unit {hit[3]!r} for {figure}")
        total.misses += [f"line {case.line}: extra {f} in {case.text!r}" for f in left]
    return total
