"""Bad and hostile input through the real command line: one clear message, never a traceback.

Every case damages a throw-away copy of the project (or hands ``add-edition`` a broken text, or
passes a bad parameter), runs ``isilbook`` as a subprocess, and expects a non-zero exit, one
message on stderr naming the file, row and column (or line, or parameter) and what was expected,
no traceback, and the data folder exactly as it was before the command ran. The corpus is a
list of cases; the run writes each input, its exit code and its message to
``_build/reports/bad-inputs.md`` for the record.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, copy_project, tree_hashes

ISILBOOK = str(Path(sys.executable).with_name("isilbook"))
REPORT_FILE = ROOT / "_build" / "reports" / "bad-inputs.md"
TABLES = {"figures": "figures.csv", "paragraphs": "paragraphs.csv", "references":
          "references.csv", "places": "places.csv", "units": "units.csv",
          "manifest": "raw/manifest.csv"}
Damage = Callable[[Path], None]  # receives the copy's root


@dataclass(frozen=True)
class Case:
    """One bad input: how to make it, the command that meets it, what it must say."""

    name: str
    what: str  # the input, in words, for the report
    damage: Damage | None
    args: tuple[str, ...]  # after ``isilbook``; {root} is the copy, {dir} the case's folder
    expect: tuple[str, ...]  # fragments of the message; the first names where and what
    lines: int | None = 1  # message lines on stderr (one per problem); None: not counted
    exit: int = 1


# --- Ways to damage a copy ------------------------------------------------------------------------

def _table(root: Path, table: str) -> Path:
    return root / "data" / TABLES[table]


def cell(table: str, row: int, column: str, value: str) -> Damage:
    """Set one cell (1-based data row, as the messages count)."""
    def damage(root: Path) -> None:
        path = _table(root, table)
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.loc[row - 1, column] = value
        frame.to_csv(path, index=False, lineterminator="\n")
    return damage


def each(*damages: Damage) -> Damage:
    """Several damages, in order."""
    def damage(root: Path) -> None:
        for one in damages:
            one(root)
    return damage


def text(table: str, change: Callable[[str], str]) -> Damage:
    """Rewrite a table's text (for damage a cell edit cannot make)."""
    def damage(root: Path) -> None:
        path = _table(root, table)
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")
    return damage


def raw_bytes(table: str, change: Callable[[bytes], bytes]) -> Damage:
    def damage(root: Path) -> None:
        path = _table(root, table)
        path.write_bytes(change(path.read_bytes()))
    return damage


def lines(change: Callable[[list[str]], None]) -> Callable[[str], str]:
    """A text change made on the list of lines (header is line 0)."""
    def apply(content: str) -> str:
        rows = content.split("\n")
        change(rows)
        return "\n".join(rows)
    return apply


def _drop_column(column: str) -> Callable[[str], str]:
    def apply(content: str) -> str:
        frame = pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False)
        return frame.drop(columns=column).to_csv(index=False, lineterminator="\n")
    return apply


def _add_column(content: str) -> str:
    frame = pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False)
    return frame.assign(extra="x").to_csv(index=False, lineterminator="\n")


def very_large(table: str) -> Damage:
    """Pad a table past the 50 MiB limit (the content no longer matters)."""
    def damage(root: Path) -> None:
        with _table(root, table).open("a", encoding="utf-8") as handle:
            handle.write(("x" * 1023 + "\n") * (51 * 1024))
    return damage


def report_text(change: Callable[[list[str]], None]) -> Damage:
    """Edit the raw report text and re-pin its checksum, so that only the parser objects."""
    def damage(root: Path) -> None:
        path = root / "data" / "raw" / "S-2016-501.txt"
        rows = path.read_text(encoding="utf-8").split("\n")
        change(rows)
        path.chmod(0o644)
        path.write_text("\n".join(rows), encoding="utf-8")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        each(cell("manifest", 1, "sha256", digest),
             cell("manifest", 1, "bytes", str(path.stat().st_size)))(root)
    return damage


def _drop_line_of(prefix: str) -> Callable[[list[str]], None]:
    def change(rows: list[str]) -> None:
        rows.remove(next(r for r in rows if r.startswith(prefix)))
    return change


def touch_raw(name: str, change: Callable[[Path], None]) -> Damage:
    def damage(root: Path) -> None:
        path = root / "data" / "raw" / name
        path.chmod(0o644)
        change(path)
    return damage


def new_text(content: bytes) -> Damage:
    """A report text handed to add-edition, at {dir}/report.txt."""
    def damage(root: Path) -> None:
        (root.parent / "report.txt").write_bytes(content)
    return damage


def remove(relative: str) -> Damage:
    def damage(root: Path) -> None:
        target = root / relative
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    return damage


def write(relative: str, content: str) -> Damage:
    def damage(root: Path) -> None:
        (root / relative).write_text(content, encoding="utf-8")
    return damage


GOOD = b"Report on a test\nI. Introduction\n1. One paragraph.\n2. Another paragraph.\n"
VALIDATE = ("validate", "--root", "{root}")
TABLES_CMD = ("tables", "--root", "{root}")
BUILD = ("build", "--root", "{root}")
ADD = ("add-edition", "{dir}/report.txt", "--symbol", "S/2016/830", "--date", "2016-09-30",
       "--title", "A test report", "--root", "{root}")
F, P, R, PL, U, M = ("data/figures.csv", "data/paragraphs.csv", "data/references.csv",
                     "data/places.csv", "data/units.csv", "data/raw/manifest.csv")
LINE_OF_48 = next(number for number, line in enumerate(
    (ROOT / "data" / "raw" / "S-2016-501.txt").read_text(encoding="utf-8").split("\n"), start=1)
    if line.startswith("48. "))  # paragraph 48 moves up a line when 47 is dropped
FIGURE_COLUMNS = ("['id', 'document', 'source', 'paragraph', 'section', 'theme', 'indicator', "
                  "'label', 'low', 'high', 'unit', 'qualifier', 'period', 'quote', 'note']")

CASES = [
    # --- figures.csv -------------------------------------------------------------------------
    Case("figures-wrong-type", "figures: text in a number column (low = 'five hundred')",
         cell("figures", 3, "low", "five hundred"), VALIDATE,
         (f"{F}, row 3, column 'low': expected a value of type number; found 'five hundred'",)),
    Case("figures-missing-column", "figures: the 'note' column removed",
         text("figures", _drop_column("note")), VALIDATE,
         (f"{F}, row 0, column 'note': expected this column in the header",)),
    Case("figures-extra-column", "figures: an extra column 'extra'",
         text("figures", _add_column), VALIDATE,
         (f"{F}, row 0, column 'extra': expected only the columns {FIGURE_COLUMNS}; "
          "found 'an extra column'",)),
    Case("figures-blank-required", "figures: a blank quote",
         cell("figures", 3, "quote", ""), VALIDATE,
         (f"{F}, row 3, column 'quote': expected a value (this column is required)",)),
    Case("figures-unknown-paragraph", "figures: paragraph 99 (the report has 91)",
         cell("figures", 16, "paragraph", "99"), VALIDATE,
         (f"{F}, row 16, column 'paragraph': expected a paragraph of S/2016/501 in "
          "paragraphs.csv; found '99'",)),
    Case("figures-quote-not-in-paragraph", "figures: a quote paragraph 28 does not contain",
         cell("figures", 16, "quote", "between 3,000 and 5,000 foreign fighters"), VALIDATE,
         (f"{F}, row 16, column 'quote': expected words found verbatim in paragraph 28; "
          "found 'between 3,000 and 5,000 foreign fighters'",)),
    Case("figures-low-above-high", "figures: low 5000 > high 3000 (both in the quote)",
         each(cell("figures", 16, "low", "5000"), cell("figures", 16, "high", "3000")),
         VALIDATE,
         (f"{F}, row 16, column 'low': expected low <= high (high is 3000.0); found '5000.0'",)),
    Case("figures-negative", "figures: a negative count (low = -500)",
         cell("figures", 3, "low", "-500"), VALIDATE,
         (f"{F}, row 3, column 'low': expected a value of at least 0; found '-500.0'",)),
    Case("figures-unknown-unit", "figures: unit 'furlongs', not in units.csv",
         cell("figures", 3, "unit", "furlongs"), VALIDATE,
         (f"{F}, row 3, column 'unit': expected a unit listed in units.csv; found 'furlongs'",)),
    Case("figures-duplicate-id", "figures: row 2 repeats the id of row 1",
         cell("figures", 2, "id", "s2016-501-001"), VALIDATE,
         (f"{F}, row 2, column 'id': expected a value unique in this column; "
          "found 's2016-501-001'", f"{F}, row 1, column 'id'"), lines=2),
    Case("figures-huge-integer", "figures: paragraph 99999999999999999999999 (overflows)",
         cell("figures", 3, "paragraph", "99999999999999999999999"), VALIDATE,
         (f"{F}, row 3, column 'paragraph': expected a value of type integer; "
          "found '99999999999999999999999'",)),
    Case("figures-bom", "figures: a UTF-8 byte-order mark",
         raw_bytes("figures", lambda b: b"\xef\xbb\xbf" + b), VALIDATE,
         (f"{F}, line 1: expected UTF-8 without a byte-order mark; found 'a byte-order mark'",)),
    Case("figures-crlf", "figures: CRLF line ends",
         raw_bytes("figures", lambda b: b.replace(b"\n", b"\r\n")), VALIDATE,
         (f"{F}, line 1: expected LF line ends; found 'a carriage return (CRLF)'",)),
    Case("figures-not-utf8", "figures: a Latin-1 byte on line 4",
         raw_bytes("figures", lambda b: b.replace(b"more than", b"more\xa0than", 1)), VALIDATE,
         (f"{F}, line 4: expected UTF-8 text; found 'byte 0xa0'",)),
    Case("figures-very-large", "figures: a 52 MiB file",
         very_large("figures"), VALIDATE,
         (f"{F}: expected a table under 50 MiB; found '", " bytes'")),
    Case("figures-ragged-row", "figures: row 3 with four fields too many",
         text("figures", lines(lambda rows: rows.__setitem__(3, rows[3] + ",a,b,c,d"))),
         VALIDATE,
         (f"{F}, line 4: expected 15 fields, as many as the header has; found '19 fields'",)),
    Case("figures-empty", "figures: an empty file", text("figures", lambda t: ""), VALIDATE,
         (f"{F}: expected a header row and data; found 'an empty file'",)),
    # --- paragraphs.csv ----------------------------------------------------------------------
    Case("paragraphs-wrong-type", "paragraphs: paragraph number 'five'",
         cell("paragraphs", 5, "paragraph", "five"), VALIDATE,
         (f"{P}, row 5, column 'paragraph': expected a value of type integer; found 'five'",)),
    Case("paragraphs-duplicate-key", "paragraphs: paragraph 2 repeated (same document)",
         text("paragraphs", lines(lambda rows: rows.insert(3, rows[2]))), VALIDATE,
         (f"{P}, row 3, column 'paragraph': expected a document + paragraph unique in the "
          "table (row 2 has the same); found 'S/2016/501 2'",)),
    Case("paragraphs-bad-pattern", "paragraphs: chapter '2' (not a Roman numeral)",
         cell("paragraphs", 5, "chapter", "2"), VALIDATE,
         (f"{P}, row 5, column 'chapter': expected text matching ^[IVXLC]+$; found '2'",)),
    # --- references.csv ----------------------------------------------------------------------
    Case("references-unknown-paragraph", "references: citing paragraph 400",
         cell("references", 1, "paragraph", "400"), VALIDATE,
         (f"{R}, row 1, column 'paragraph': expected a paragraph in paragraphs.csv; "
          "found 'S/2016/501 400'",)),
    Case("references-wrong-type", "references: via_ibid = 'maybe'",
         cell("references", 1, "via_ibid", "maybe"), VALIDATE,
         (f"{R}, row 1, column 'via_ibid': expected a value of type boolean; found 'maybe'",)),
    Case("references-blank-required", "references: a blank target",
         cell("references", 2, "target", ""), VALIDATE,
         (f"{R}, row 2, column 'target': expected a value (this column is required)",)),
    # --- places.csv --------------------------------------------------------------------------
    Case("places-bad-pattern", "places: iso3 'Iraq'", cell("places", 1, "iso3", "Iraq"),
         VALIDATE, (f"{PL}, row 1, column 'iso3': expected text matching ^[A-Z]{{3}}$; "
                    "found 'Iraq'",)),
    Case("places-negative", "places: sentence -1 (a negative count)",
         cell("places", 2, "sentence", "-1"), VALIDATE,
         (f"{PL}, row 2, column 'sentence': expected a value of at least 1; found '-1'",)),
    Case("places-unknown-kind", "places: kind 'planet'", cell("places", 1, "kind", "planet"),
         VALIDATE, (f"{PL}, row 1, column 'kind': expected one of ['country', 'region', "
                    "'subnational']; found 'planet'",)),
    # --- units.csv ---------------------------------------------------------------------------
    Case("units-duplicate", "units: 'people' listed twice", cell("units", 2, "unit", "people"),
         VALIDATE, (f"{U}, row 2, column 'unit': expected a value unique in this column; "
                    "found 'people'", f"{U}, row 1, column 'unit'"), lines=2),
    Case("units-blank-required", "units: a blank description",
         cell("units", 4, "description", ""), VALIDATE,
         (f"{U}, row 4, column 'description': expected a value (this column is required)",)),
    Case("units-missing-column", "units: the 'description' column removed",
         text("units", _drop_column("description")), VALIDATE,
         (f"{U}, row 0, column 'description': expected this column in the header",)),
    # --- manifest.csv ------------------------------------------------------------------------
    Case("manifest-unknown-kind", "manifest: kind 'rumour'",
         cell("manifest", 1, "kind", "rumour"), VALIDATE,
         (f"{M}, row 1, column 'kind': expected one of ('primary', 'secondary', 'reference'); "
          "found 'rumour'",)),
    Case("manifest-wrong-type", "manifest: bytes 'many'", cell("manifest", 2, "bytes", "many"),
         VALIDATE, (f"{M}, row 2, column 'bytes': expected a whole number of bytes; "
                    "found 'many'",)),
    Case("manifest-duplicate-id", "manifest: row 2 repeats the id of row 1",
         cell("manifest", 2, "id", "S-2016-501"), VALIDATE,
         (f"{M}, row 2, column 'id': expected a unique id (row 1 has it); found 'S-2016-501'",)),
    Case("manifest-missing-column", "manifest: the 'licence' column removed",
         text("manifest", _drop_column("licence")), VALIDATE,
         (f"{M}, row 0, column 'licence': expected this column in the header",)),
    Case("manifest-extra-field", "manifest: row 2 with one field too many",
         text("manifest", lines(lambda rows: rows.__setitem__(2, rows[2] + ",surplus"))),
         VALIDATE, (f"{M}, line 3: expected 11 fields, as many as the header has; "
                    "found '12 fields'",)),
    Case("manifest-short-row", "manifest: row 4 cut to three fields",
         text("manifest", lines(lambda rows: rows.__setitem__(4, "a,b,c"))), VALIDATE,
         (f"{M}, line 5: expected 11 fields, as many as the header has; found '3 fields'",)),
    Case("manifest-bom", "manifest: a byte-order mark",
         raw_bytes("manifest", lambda b: b"\xef\xbb\xbf" + b), VALIDATE,
         (f"{M}, line 1: expected UTF-8 without a byte-order mark",)),
    Case("manifest-crlf", "manifest: CRLF line ends",
         raw_bytes("manifest", lambda b: b.replace(b"\n", b"\r\n")), VALIDATE,
         (f"{M}, line 1: expected LF line ends",)),
    Case("manifest-path-escape", "manifest: file '../figures.csv' (outside data/raw)",
         cell("manifest", 2, "file", "../figures.csv"), VALIDATE,
         (f"{M}, row 2, column 'file': expected the name of a file directly inside data/raw; "
          "found '../figures.csv'",)),
    Case("manifest-no-report", "manifest: no primary report text, then `isilbook tables`",
         cell("manifest", 1, "kind", "reference"), TABLES_CMD,
         (f"{M}, column 'kind': expected at least one report text (a row of kind 'primary' "
          "whose file ends in .txt)",)),
    # --- raw sources -------------------------------------------------------------------------
    Case("raw-checksum-mismatch", "raw: the report text changed after it was pinned",
         touch_raw("S-2016-501.txt", lambda p: p.write_bytes(p.read_bytes() + b"\n")), VALIDATE,
         (f"{M}, row 1, column 'sha256': expected sha256 53b5d221e1ecec4860bf375a9151bfc941d7d383"
          "01bb6f21d2d68c8e02a537c4 for S-2016-501.txt; found '",)),
    Case("raw-missing-file", "raw: the press story deleted",
         remove("data/raw/AP-2017-02-06-S-2017-97.txt"), VALIDATE,
         (f"{M}, row 2, column 'file': expected the file ", "AP-2017-02-06-S-2017-97.txt to exist")),
    Case("raw-text-gap-tables", "report text (re-pinned): paragraph 47 missing, `tables`",
         report_text(_drop_line_of("47. ")), TABLES_CMD,
         (f"data/raw/S-2016-501.txt, line {LINE_OF_48 - 1}: expected paragraph 47 (a gap in "
          "the numbering); found '48. The need to respond",)),
    # --- a report text given to add-edition ----------------------------------------------------
    Case("text-gap", "report text: 1, 3 (a numbering gap)",
         new_text(b"Title\nI. Introduction\n1. One.\n3. Three.\n"), ADD,
         ("report.txt, line 4: expected paragraph 2 (a gap in the numbering); found '3. Three.'",)),
    Case("text-duplicate", "report text: 1, 2, 2 (a duplicate number)",
         new_text(GOOD + b"2. Again.\n"), ADD,
         ("report.txt, line 5: expected paragraph 3 (paragraph 2 is a duplicate); "
          "found '2. Again.'",)),
    Case("text-no-headings", "report text: paragraphs but no heading",
         new_text(b"Title\n1. One.\n2. Two.\n"), ADD,
         ("report.txt, line 2: expected a chapter heading (e.g. 'I. Introduction') before the "
          "first paragraph; found '1. One.'",)),
    Case("text-headings-only", "report text: headings but no paragraph",
         new_text(b"Title\nI. Introduction\nA. Background\nII. Threat\n"), ADD,
         ("report.txt: expected at least one numbered paragraph; found 'headings only'",)),
    Case("text-stray-line", "report text: an unnumbered line after paragraph 2",
         new_text(GOOD + b"a continuation line\n"), ADD,
         ("report.txt, line 5: expected chapter heading II., section heading A., sub-section "
          "heading 1. or paragraph 3.; found 'a continuation line'",)),
    Case("text-binary", "report text: PNG bytes",
         new_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), ADD,
         ("report.txt, line 3: expected text, not binary content; found 'a NUL byte'",)),
    Case("text-empty", "report text: an empty file", new_text(b""), ADD,
         ("report.txt: expected a non-empty UTF-8 text file; found 'an empty file'",)),
    Case("text-bom", "report text: a byte-order mark", new_text(b"\xef\xbb\xbf" + GOOD), ADD,
         ("report.txt, line 1: expected UTF-8 without a byte-order mark",)),
    Case("text-latin1", "report text: a Latin-1 byte on line 3",
         new_text(b"Title\nI. Introduction\n1. caf\xe9.\n"), ADD,
         ("report.txt, line 3: expected UTF-8 text; found 'byte 0xe9 at offset 28'",)),
    Case("text-replaces-edition", "add-edition over an existing symbol with a different text",
         new_text(GOOD), ("add-edition", "{dir}/report.txt", "--symbol", "S/2016/501", "--date",
                          "2016-05-31", "--title", "T", "--root", "{root}"),
         (f"{M}, column 'id': expected no existing source with id 'S-2016-501' (refusing to "
          "replace it)",)),
    # --- parameters --------------------------------------------------------------------------
    Case("param-unknown-document", "build --document S/1999/1 (no such edition)", None,
         (*BUILD, "--document", "S/1999/1"),
         ("--document: expected one of ['S/2016/501', 'S/2017/97']; found 'S/1999/1'",)),
    Case("param-missing-data-validate", "validate with no data folder", remove("data"),
         VALIDATE, ("/data: expected a data folder (it does not exist)",)),
    Case("param-missing-data-build", "build with no data folder", remove("data"), BUILD,
         ("/data: expected a data folder (it does not exist)",)),
    Case("param-missing-data-tables", "tables with no data folder", remove("data"), TABLES_CMD,
         ("/data: expected a data folder (it does not exist)",)),
    Case("param-symbol-and-date", "add-edition --symbol x --date soon", new_text(GOOD),
         ("add-edition", "{dir}/report.txt", "--symbol", "x", "--date", "soon", "--title", "T",
          "--root", "{root}"),
         ("--symbol: expected a document symbol such as S/2016/830; found 'x'",
          "--date: expected a date as YYYY-MM-DD; found 'soon'"), lines=2),
    Case("param-missing-text", "add-edition with no such text file", None, ADD,
         ("report.txt: expected a report file, PDF or text (not found)",)),
    Case("param-jobs-zero", "build --jobs 0", None, (*BUILD, "--jobs", "0"),
         ("Invalid value for '--jobs': Input should be greater than or equal to 1",), lines=None, exit=2),
    Case("param-toc-missing", "build with no _toc.yml", remove("_toc.yml"), BUILD,
         ("_toc.yml: expected the table of contents (file missing)",)),
    Case("param-toc-ghost-chapter", "build with _toc.yml listing a chapter that does not exist",
         write("_toc.yml", "format: jb-book\nroot: book/index\nparts:\n  - caption: X\n"
                           "    chapters:\n      - file: book/ghost\n"), BUILD,
         ("book/ghost.md: expected the chapter listed in _toc.yml (missing)",)),
    Case("param-dictionary-missing", "validate with no data/dictionary.yml",
         remove("data/dictionary.yml"), VALIDATE,
         ("data/dictionary.yml: expected the data dictionary (file missing)",)),
    Case("param-dictionary-malformed", "validate with a dictionary.yml that is not YAML",
         write("data/dictionary.yml", "figures:\n  columns: {id: [unclosed\n"), VALIDATE,
         ("data/dictionary.yml, line 3: expected well-formed YAML; found ",)),
]
BY_NAME = {case.name: case for case in CASES}


@dataclass
class Outcome:
    command: list[str]
    returncode: int
    stderr: str
    data_before: dict[str, str]
    data_after: dict[str, str]
    seconds: float


def run_case(case: Case, folder: Path) -> Outcome:
    root = copy_project(folder / "project").root
    if case.damage is not None:
        case.damage(root)
    command = [ISILBOOK, *(a.format(root=root, dir=folder) for a in case.args)]
    before = tree_hashes(root / "data")
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"})
    return Outcome(command, result.returncode, result.stderr, before,
                   tree_hashes(root / "data"), time.perf_counter() - started)


def _selected(session) -> list[Case]:
    chosen = []
    for item in session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if isinstance(params.get("case"), Case):
            chosen.append(params["case"])
    return chosen


def _shown(outcome: Outcome, folder: Path) -> str:
    message = outcome.stderr.strip().replace(str(folder), "<tmp>")
    return message.replace("|", "\\|").replace("\n", "<br>")


def write_report(cases: list[Case], outcomes: dict[str, Outcome], folders: dict[str, Path]) -> None:
    REPORT_FILE.parent.mkdir(parents=True, exist_ok=True)
    rows = ["# Bad inputs and what the command line answered", "",
            "Each input damages a throw-away copy of the project (`<tmp>/project`), then runs "
            "the command. Written by `tests/test_bad_inputs.py`.", "",
            "| # | input | command | exit | message on stderr | seconds |",
            "|---|---|---|---|---|---|"]
    for number, case in enumerate(cases, start=1):
        outcome = outcomes[case.name]
        command = " ".join(["isilbook", *outcome.command[1:]]).replace(
            str(folders[case.name]), "<tmp>")
        rows.append(f"| {number} | {case.what} (`{case.name}`) | `{command}` | "
                    f"{outcome.returncode} | {_shown(outcome, folders[case.name])} | "
                    f"{outcome.seconds:.1f} |")
    REPORT_FILE.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory) -> dict[str, Outcome]:
    """Run every selected case (a few at a time: each is a separate process) and record them."""
    cases = _selected(request.session) or CASES
    folders = {case.name: tmp_path_factory.mktemp(case.name) for case in cases}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda case: run_case(case, folders[case.name]), cases))
    found = {case.name: result for case, result in zip(cases, results)}
    write_report(cases, found, folders)
    return found


def test_the_corpus_is_large_and_covers_every_table():
    assert len(CASES) >= 30 and len(BY_NAME) == len(CASES)
    for prefix in ("figures", "paragraphs", "references", "places", "units", "manifest",
                   "text", "raw", "param"):
        assert sum(case.name.startswith(prefix + "-") for case in CASES) >= 3, prefix


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gets_one_clear_message(case, outcomes):
    outcome = outcomes[case.name]
    stderr = outcome.stderr
    assert outcome.returncode == case.exit, stderr
    assert "Traceback" not in stderr
    for fragment in case.expect:
        assert fragment in stderr
    if case.lines is not None:
        message = [line for line in stderr.splitlines() if line.strip()]
        assert message[0].startswith("error: "), stderr
        assert len(message) == case.lines, stderr
    assert outcome.data_after == outcome.data_before, "the failed command changed data/"


def test_debug_shows_the_traceback(tmp_path):
    outcome = run_case(Case("debug", "", cell("figures", 3, "low", "five hundred"),
                            ("--debug", *VALIDATE), ()), tmp_path)
    assert outcome.returncode != 0
    assert "Traceback (most recent call last)" in outcome.stderr
    assert "isilbook.errors.DataError" in outcome.stderr
    assert "row 3, column 'low': expected a value of type number" in outcome.stderr


def test_the_report_lists_every_case_run(outcomes):
    report = REPORT_FILE.read_text(encoding="utf-8")
    for name, outcome in outcomes.items():
        assert f"(`{name}`)" in report
        assert f"| {outcome.returncode} |" in report
