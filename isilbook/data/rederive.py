"""Generated tables must be what the raw sources give: re-derive them and compare, cell by cell.

The book's promise that every paragraph and quote is the report's own words rests on
``paragraphs.csv`` (and ``references.csv``, ``places.csv``) being *generated* from ``data/raw``,
whose files are pinned by checksum. A hand edit to a generated table, with a figure's quote
edited to match, would otherwise pass every other check and publish words the report never
said. So validation rebuilds the three tables in memory from the raw texts and refuses any cell
that differs, naming the table, the row, the column and the raw line it disagrees with.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from isilbook.data.sources import verify_sources
from isilbook.data.tables import generate_tables
from isilbook.errors import DataError, Problem
from isilbook.paths import ProjectPaths

MAX_ROWS_NAMED = 5  # per table: the first few differing rows, then one line for the rest
_FIX = "(generated tables are never edited by hand: `isilbook tables` rewrites them)"


def check_rederived(data: Path, already: Iterable[Problem] = ()) -> list[Problem]:
    """Problems where a generated table differs from its re-derivation from ``data/raw``.

    ``data`` is a project's ``data`` folder. Rows named in ``already`` (by an earlier check on
    the same table) are not named twice.
    """
    paths = ProjectPaths(data.parent)
    try:
        derived = generate_tables(paths).tables
    except DataError as error:  # a raw text that no longer parses: its own line is the news
        return error.problems
    texts = {source.document: paths.raw / source.file for source in verify_sources(paths.raw)
             if source.kind == "primary" and source.file.endswith(".txt")}
    lines = dict(zip(zip(derived["paragraphs"]["document"], derived["paragraphs"]["paragraph"]),
                     derived["paragraphs"]["line"]))

    def origin(row: pd.Series) -> str:
        raw = texts.get(row["document"])
        line = lines.get((row["document"], int(row["paragraph"])))
        if raw is None or line is None:
            return str(paths.raw)
        return f"{raw}, line {line}"

    named = {(problem.file, problem.row) for problem in already}
    problems = []
    for name, frame in derived.items():
        path = paths.table(name)
        problems += _compare(str(path), _as_text(frame), _read_text_cells(path), origin, named)
    return problems


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as the cells its CSV file would hold (the form it is compared in)."""
    text = frame.to_csv(index=False, lineterminator="\n")
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _read_text_cells(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _compare(file: str, derived: pd.DataFrame, found: pd.DataFrame, origin,
             named: set[tuple[str, int | None]]) -> list[Problem]:
    problems = []
    differing = 0
    for index in range(max(len(derived), len(found))):
        row = index + 1
        want = derived.iloc[index] if index < len(derived) else None
        have = found.iloc[index] if index < len(found) else None
        if want is not None and have is not None and want.tolist() == have.tolist():
            continue
        differing += 1
        if (file, row) in named or differing > MAX_ROWS_NAMED:
            continue
        if have is None:
            problems.append(Problem(file, f"a row re-derived from {origin(want)} {_FIX}", row,
                                    derived.columns[0], "no row (the table ends before it)"))
        elif want is None:
            problems.append(Problem(file, f"no row here: data/raw gives {len(derived)} rows "
                                    f"{_FIX}", row, found.columns[0], " ".join(have.tolist())))
        else:
            column = next(c for c in derived.columns if want[c] != have[c])
            expected, actual = _excerpts(want[column], have[column])
            problems.append(Problem(file, f"{expected!r}, as re-derived from {origin(want)} "
                                    f"{_FIX}", row, column, actual))
    if differing > MAX_ROWS_NAMED:
        problems.append(Problem(file, f"the rows re-derived from data/raw {_FIX}",
                                found=f"{differing} rows that differ ({MAX_ROWS_NAMED} named "
                                "above)"))
    return problems


def _excerpts(expected: str, found: str, width: int = 40) -> tuple[str, str]:
    """The two values around their first difference, so a one-word edit in a long paragraph
    shows the word rather than the paragraph's opening."""
    if len(expected) <= 2 * width and len(found) <= 2 * width:
        return expected, found
    at = next((i for i, (a, b) in enumerate(zip(expected, found)) if a != b),
              min(len(expected), len(found)))
    start = max(0, at - width)

    def cut(text: str) -> str:
        return ("…" if start else "") + text[start:at + width] + (
            "…" if at + width < len(text) else "")
    return cut(expected), cut(found)
