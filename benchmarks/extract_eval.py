"""How well the extractor reads figures in sentences it was never tuned on.

Run on demand: ``python benchmarks/extract_eval.py [--misses]``. Prints recall, precision and
unit accuracy on the held-out sentences (``tests/data/extract_heldout.txt``) and, for
comparison, on the sentences the rules were written against (``extract_tuning.txt``). A figure
is read right when its qualifier and both bounds are; its unit is right when it names the noun
the sentence counts; the held-out set is scored batch by batch too (its later batches were
written after the rules, see the file's head). Goals on the held-out set: recall 0.97,
precision 0.96, units 0.92.
``--misses`` lists what the tuning sentences still miss; the held-out set's misses are never
printed, since reading them would be tuning on them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the sentences and the scoring live with the tests

from tests.extract_cases import HELDOUT, TUNING, read_cases, score  # noqa: E402

GOALS = {"recall": 0.97, "precision": 0.96, "unit accuracy": 0.92}


def main(show_misses: bool = False) -> int:
    for name, path in (("held-out", HELDOUT), ("tuning", TUNING)):
        cases = read_cases(path)
        result = score(cases)
        values = {"recall": result.recall, "precision": result.precision,
                  "unit accuracy": result.unit_accuracy}
        print(f"{name}: {len(cases)} documents, {result.expected} expected figures, "
              f"{result.found} found, {result.matched} read right")
        for measure, value in values.items():
            mark = "ok" if value >= GOALS[measure] else "below goal"
            print(f"  {measure:<14} {value:.3f}  (goal {GOALS[measure]:.2f}: {mark})")
        batches = sorted({case.batch for case in cases})
        if len(batches) > 1:
            for batch in batches:
                part = score([case for case in cases if case.batch == batch])
                print(f"  batch {batch}: {part.expected} expected, {part.found} found, "
                      f"recall {part.recall:.3f}, precision {part.precision:.3f}, "
                      f"units {part.unit_accuracy:.3f}")
        if show_misses and path == TUNING:  # reading the held-out misses is tuning on them
            for miss in result.misses:
                print(f"    {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main("--misses" in sys.argv[1:]))
