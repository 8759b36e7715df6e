"""Long-input benchmark: how long the extractor and add-edition take on hostile long text.

Run on demand (``python benchmarks/long_inputs.py``), never as a test: machines are shared and
noisy. The tests check what these inputs produce (``tests/test_extract.py``,
``tests/test_bad_inputs.py``); this prints how long each takes against its goal, so a pattern
that starts to backtrack shows as a jump here. Every add-edition runs in a throw-away copy.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the hostile inputs live with the tests

from isilbook.data.extract import extract_quantities  # noqa: E402
from isilbook.data.intake import add_edition  # noqa: E402
from isilbook.data.numbers import find_numbers  # noqa: E402
from isilbook.errors import DataError  # noqa: E402
from tests.conftest import copy_project  # noqa: E402
from tests.hostile import (  # noqa: E402
    LONG_LINES,
    LONG_PARAGRAPH_REPORT,
    LONG_REPORT,
    NUMBER_LINES,
    TOO_LARGE_REPORT,
)

#: Seconds each step may take on the 2-core machine.
TARGETS = {"line": 2.0, "refused": 5.0, "long_report": 60.0}
REPORTS = {
    "refused: a 600 KiB text": TOO_LARGE_REPORT,
    "refused: a 300,000-character paragraph": LONG_PARAGRAPH_REPORT,
    "long_report: 20 paragraphs of 19,000 characters": LONG_REPORT,
}


def timed(step) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def add(report: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = copy_project(Path(folder) / "project")
        text = Path(folder) / "report.txt"
        text.write_bytes(report)
        try:
            add_edition(paths, text, "S/2016/830", "2016-09-30", "A test report")
        except DataError:
            pass  # refused, as the bad-input corpus expects


def main() -> None:
    lines = [timed(lambda line=line: extract_quantities(line)) for line in LONG_LINES]
    worst = max(range(len(lines)), key=lines.__getitem__)
    print(f"extractor on {len(lines)} hostile lines of up to 100,000 characters: median "
          f"{statistics.median(lines):.2f} s, worst {lines[worst]:.2f} s (line{worst}) "
          f"(goal <= {TARGETS['line']} s each)")
    reads = [timed(lambda line=line: find_numbers(line)) for line, _, _ in NUMBER_LINES]
    print(f"number reader on {len(reads)} hostile lines: median {statistics.median(reads):.2f} s, "
          f"worst {max(reads):.2f} s (goal <= {TARGETS['line']} s each)")
    for label, report in REPORTS.items():
        kind = label.split(":")[0]
        print(f"add-edition, {label}: {timed(lambda report=report: add(report)):.2f} s "
              f"(goal <= {TARGETS[kind]} s)")


if __name__ == "__main__":
    main()
