"""Bad and hostile input through the command line: one clear message, never a traceback.

One table of cases (:data:`CASES`). Each damages a throw-away copy of the project (or hands
``add-edition`` a broken text, or passes a bad argument), runs ``isilbook`` on it and states
what must come back: the exit status (1 for bad data, 2 for a bad argument), fragments of the
one message on stderr naming the file and row, column, line or parameter, no traceback, and
``data/`` exactly as it was. A few inputs are *fine* although they look hostile (a leap day, a
sub-section heading before paragraph 1, a long paragraph): those must succeed with the right
result. Most cases run in-process with typer's ``CliRunner``; the few marked ``process`` run
the installed command as a real subprocess, for the exit status a shell sees. Every case run is
written, with what it produced, to ``_build/reports/bad-inputs.md``.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from typer.testing import CliRunner

from isilbook.cli import app
from tests.conftest import ROOT, copy_project, tree_hashes
from tests.hostile import LONG_PARAGRAPH_REPORT, LONG_REPORT, TOO_LARGE_REPORT
from tests.un_pdf import flate_stream, page_drawing, report_page, write_pdf

#: The edition the add-edition cases take in: the first edition listed with a symbol but with
#: neither text nor coverage, as the editions table stands (an author's additions move it on).
_LISTED = pd.read_csv(ROOT / "data" / "editions.csv", dtype=str, keep_default_na=False)
_LISTED = _LISTED[(_LISTED["holding"] == "listed") & (_LISTED["symbol"] != "")].iloc[0]
NEW, NEW_DATE = _LISTED["symbol"], _LISTED["date"]
NEW_ID, NEW_SLUG = NEW.replace("/", "-"), NEW.replace("/", "-").lower()
#: A date other than the one listed for NEW, a month later.
OTHER_DATE = (datetime.date.fromisoformat(NEW_DATE) + datetime.timedelta(days=30)).isoformat()

ISILBOOK = str(Path(sys.executable).with_name("isilbook"))
REPORT_FILE = ROOT / "_build" / "reports" / "bad-inputs.md"
TABLES = {"figures": "figures.csv", "paragraphs": "paragraphs.csv", "references":
          "references.csv", "places": "places.csv", "units": "units.csv",
          "manifest": "raw/manifest.csv", "editions": "editions.csv", "indicators": "indicators.csv"}
Damage = Callable[[Path], None]  # receives the copy's root
Check = Callable[[Path, str], None]  # the copy's root and stdout, for inputs that are fine
#: What the machine does while the command runs (a full disk, another command holding the
#: lock): a context around the in-process run, given the copy's root.
Around = Callable[[Path], AbstractContextManager]


@dataclass(frozen=True)
class Case:
    """One input: how to make it, the command that meets it, what it must produce."""

    name: str
    what: str  # the input, in words, for the report
    damage: Damage | None
    args: tuple[str, ...]  # after ``isilbook``; {root} is the copy, {dir} the case's folder
    expect: tuple[str, ...]  # fragments of stderr (stdout when exit is 0)
    lines: int | None = 1  # message lines on stderr (one per problem); None: not counted
    exit: int = 1
    process: bool = False  # run the installed command in a subprocess
    check: Check | None = None  # for exit 0: the result is right
    around: Around | None = None  # in-process only: the machine's state during the run


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


def raw_line_of(paragraph: int) -> int:
    """Line of the raw report holding a paragraph, found by reading the text (not the parser)."""
    lines = (ROOT / "data" / "raw" / "S-2016-501.txt").read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1)
                if line.startswith(f"{paragraph}. "))


def replace_in(table: str, row: int, column: str, old: str, new: str) -> Damage:
    """Replace words inside one cell (the edit a careless hand makes)."""
    def damage(root: Path) -> None:
        path = _table(root, table)
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert old in frame.loc[row - 1, column], (table, row, column, old)
        frame.loc[row - 1, column] = frame.loc[row - 1, column].replace(old, new)
        frame.to_csv(path, index=False, lineterminator="\n")
    return damage


def header_only(table: str) -> Damage:
    return text(table, lambda content: content.split("\n", 1)[0] + "\n")


def dictionary(change: Callable[[str], str]) -> Damage:
    def damage(root: Path) -> None:
        path = root / "data" / "dictionary.yml"
        content = path.read_text(encoding="utf-8")
        changed = change(content)
        assert changed != content, "the dictionary edit did not apply"
        path.write_text(changed, encoding="utf-8")
    return damage


def folder_at(relative: str) -> Damage:
    """Put a folder where a file should be (a hostile or clumsy tree)."""
    def damage(root: Path) -> None:
        target = root / relative
        target.chmod(0o755)
        target.unlink()
        target.mkdir()
        (target / "inside.txt").write_text("x", encoding="utf-8")
    return damage


def file_at(relative: str) -> Damage:
    def damage(root: Path) -> None:
        (root / relative).write_text("not a folder", encoding="utf-8")
    return damage


def table_rows(root: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(_table(root, table), dtype=str, keep_default_na=False)


def dict_line(table: str, column: str) -> int:
    """Line of a column's entry in the real dictionary, found by reading the YAML as text."""
    lines = (ROOT / "data" / "dictionary.yml").read_text(encoding="utf-8").split("\n")
    start = lines.index(f"{table}:")
    return next(number for number, line in enumerate(lines, start=1)
                if number > start and line.startswith(f"    {column}:"))


def _add(option: str, value: str) -> tuple[str, ...]:
    """The add-edition command with one option's value replaced."""
    args = list(ADD)
    args[args.index(option) + 1] = value
    return tuple(args)


def _new_paragraphs_are(root: Path, expected: list[tuple[str, str, str, str]]) -> None:
    rows = table_rows(root, "paragraphs")
    new = rows[rows["document"] == NEW]
    found = list(new[["paragraph", "subsection", "subsection_title", "text"]].itertuples(
        index=False, name=None))
    assert found == expected, found


def _manifest_row_is(root: Path, source_id: str, document: str, date: str, file: str) -> None:
    rows = table_rows(root, "manifest").set_index("id")
    assert (rows.loc[source_id, "document"], rows.loc[source_id, "date"],
            rows.loc[source_id, "file"]) == (document, date, file)


def _bounded_candidates(root: Path) -> None:
    """20 paragraphs of 19,000 characters give bounded output: short contexts, a small file."""
    path = root / "data" / "candidates" / f"{NEW_SLUG}.csv"
    assert path.stat().st_size < 20 * 2**20, path.stat().st_size
    candidates = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(candidates) > 1000 and candidates["sentence"].str.len().max() <= 200
    paragraphs = table_rows(root, "paragraphs")
    assert (paragraphs["document"] == NEW).sum() == 20


GOOD = b"Report on a test\nI. Introduction\n1. One paragraph.\n2. Another paragraph.\n"
GOOD_SECTION = b"Report on a test\nI. Introduction\nA. Background\n1. One.\n2. Two.\n"
SUBSECTIONS = (b"Report\nI. Introduction\nA. Background\n1. A heading before any paragraph\n"
               b"1. Paragraph one names Iraq.\n2. Paragraph two.\n2. Second heading\n"
               b"3. Paragraph three.\n")
SUBSECTIONS_FINE = (b"Report\nI. Introduction\n1. Paragraph one names Iraq.\nA. Background\n"
                    b"1. 1 heading\n2. Paragraph two.\n3. Paragraph three.\n2. Second heading\n"
                    b"4. Paragraph four.\n")
VALIDATE = ("validate", "--root", "{root}")
TABLES_CMD = ("tables", "--root", "{root}")
BUILD = ("build", "--root", "{root}")
ADD = ("add-edition", "{dir}/report.txt", "--symbol", NEW, "--date", NEW_DATE,
       "--title", "A test report", "--root", "{root}")
F, P, R, PL, U, M = ("data/figures.csv", "data/paragraphs.csv", "data/references.csv",
                     "data/places.csv", "data/units.csv", "data/raw/manifest.csv")
LINE_1, LINE_3, LINE_26, LINE_28, LINE_91 = map(raw_line_of, (1, 3, 26, 28, 91))
LINE_OF_48 = raw_line_of(48)  # paragraph 48 moves up a line when 47 is dropped
DICT_LOW, DICT_UNIT_DESCRIPTION, DICT_ID = (dict_line("figures", "low"),
                                            dict_line("units", "description"),
                                            dict_line("figures", "id"))
# The columns as the data dictionary declares them (an author may add one by its steps).
FIGURE_COLUMNS = str(list(pd.read_csv(ROOT / "data" / "figures.csv", nrows=0).columns))
FIGURE_FIELDS = len(pd.read_csv(ROOT / "data" / "figures.csv", nrows=0).columns)
ED, IND = "data/editions.csv", "data/indicators.csv"
COVERAGE_ROW = 52  # the first figure from coverage: edition 1, a recorded AP story


# --- Report PDFs written directly (tests/un_pdf.py), handed to add-edition at {dir}/report.pdf -

PDF_ADD = ("add-edition", "{dir}/report.pdf", "--symbol", NEW, "--date", NEW_DATE,
           "--root", "{root}")
PDF_TITLE = "Report of the Secretary-General on a test"
SIX = [("I. Introduction", True)] + [(f"{n}. Paragraph {n} says one thing.", False)
                                     for n in range(1, 7)]
#: A title read from the report's first lines: seven lines of 90 characters, 630 in all.
LONG_TITLE = [((("Report of the Secretary-General on the threat posed by ISIL (Da'esh) to "
                 "peace and security ") * 2)[:89] + " ", True)] * 7


def new_pdf(make: Callable[[], bytes]) -> Damage:
    """A PDF handed to add-edition, at {dir}/report.pdf."""
    def damage(root: Path) -> None:
        (root.parent / "report.pdf").write_bytes(make())
    return damage


def one_page(blocks=SIX, title: str = PDF_TITLE, **layout) -> bytes:
    return write_pdf([page_drawing(report_page(NEW, title, blocks, **layout))])


def two_pages(header: str) -> bytes:
    """Paragraphs 1-3 on page 1, 4-6 on page 2 under the running header ``header``."""
    return write_pdf([page_drawing(report_page(NEW, PDF_TITLE, SIX[:4])),
                      page_drawing(report_page(NEW, "", SIX[4:], first=False,
                                               masthead_symbol=header))])


def _six_paragraphs_taken_in(root: Path, out: str) -> None:
    rows = table_rows(root, "paragraphs")
    new = rows[rows["document"] == NEW]
    assert list(zip(new["paragraph"], new["text"])) == [
        (str(n), f"Paragraph {n} says one thing.") for n in range(1, 7)]


# --- The machine's state while a command runs ------------------------------------------------

@contextmanager
def disk_full(root: Path):
    """Every file the project's writer opens reports a full disk when written to."""
    real = os.fdopen

    class Full(io.RawIOBase):
        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def close(self):
            self.handle.close()
            super().close()

    with mock.patch("isilbook.data.staging.os.fdopen",
                    lambda fd, *args, **kwargs: Full(real(fd, *args, **kwargs))):
        yield


def read_only(relative: str) -> Around:
    """A folder of the copy made read-only. The suite may run as root, whom permissions do not
    stop: the system's refusal is then given as a non-root user gets it."""
    @contextmanager
    def around(root: Path):
        folder = root / relative
        real = tempfile.mkstemp

        def mkstemp(*args, dir=None, **kwargs):  # noqa: A002 (tempfile's own name)
            if dir is not None and Path(dir) == folder:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES),
                                      str(Path(dir) / ".refused.tmp"))
            return real(*args, dir=dir, **kwargs)

        folder.chmod(0o555)
        try:
            with mock.patch("isilbook.data.staging.tempfile.mkstemp", mkstemp):
                yield
        finally:
            folder.chmod(0o755)
    return around


@contextmanager
def another_command(root: Path):
    """Another isilbook command (a build, say) holds the project's lock."""
    import filelock

    (root / "_build").mkdir(exist_ok=True)
    with filelock.FileLock(root / "_build" / "build.lock"):
        yield


def link_in_build(root: Path) -> None:
    (root / "_build" / "executed").mkdir(parents=True)
    (root / "_build" / "executed" / "S-2016-501").symlink_to("/etc")


#: A reading of the project (the first there is) and its last line, for the reading cases.
_READING = sorted((ROOT / "book" / "readings").glob("*/*.md"))[0].relative_to(ROOT).as_posix()
_AFTER_READING = len((ROOT / _READING).read_text(encoding="utf-8").splitlines()) + 2


def appended(relative: str, text: str) -> Damage:
    """A paragraph added at the end of a text file (after one blank line)."""
    def damage(root: Path) -> None:
        path = root / relative
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text,
                        encoding="utf-8")
    return damage


def linked(relative: str, target: str) -> Damage:
    """A file replaced by a symbolic link to ``target`` (a file outside the project)."""
    def damage(root: Path) -> None:
        (root / relative).unlink()
        (root / relative).symlink_to(target)
    return damage


def copy_tree(source: str, target: str) -> Damage:
    def damage(root: Path) -> None:
        shutil.copytree(root / source, root / target)
    return damage


def _ordinal(number: int) -> str:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{'th' if number % 100 in (11, 12, 13) else suffix}"


EDITIONS = pd.read_csv(ROOT / "data" / "editions.csv", dtype=str, keep_default_na=False)
ROW_830 = int(EDITIONS.index[EDITIONS["symbol"] == NEW][0]) + 1
DATE_830 = EDITIONS.loc[ROW_830 - 1, "date"]
DATE_4 = EDITIONS.loc[3, "date"]  # the 4th edition's: the newest once the others are cut
LATEST = EDITIONS.iloc[-1]
DAYS_400_AFTER_4 = datetime.date.fromisoformat(DATE_4) + datetime.timedelta(days=400)

CASES = [
    # --- figures.csv -------------------------------------------------------------------------
    Case("figures-wrong-type", "figures: text in a number column (low = 'five hundred')",
         cell("figures", 3, "low", "five hundred"), VALIDATE,
         (f"{F}, row 3, column 'low': expected a value of type number; found 'five hundred'",),
         process=True),
    Case("figures-missing-column", "figures: the 'note' column removed",
         text("figures", _drop_column("note")), VALIDATE,
         (f"{F}, row 0, column 'note': expected this column in the header",)),
    Case("figures-extra-column", "figures: an extra column 'extra'",
         text("figures", _add_column), VALIDATE,
         (f"{F}, row 0, column 'extra': expected only the columns {FIGURE_COLUMNS}; "
          "found 'an extra column'",)),
    Case("figures-blank-required", "figures: a blank quote",
         cell("figures", 3, "quote", ""), VALIDATE,
         (f"{F}, row 3, column 'quote': expected the words of held source S-2016-501 stating "
          "the figure",)),
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
         (f"{F}, line 4: expected {FIGURE_FIELDS} fields, as many as the header has; found "
          f"'{FIGURE_FIELDS + 4} fields'",)),
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
         (f"{M}, row 1, column 'kind': expected one of ['primary', 'press story', ",
          "found 'rumour'")),
    Case("manifest-wrong-type", "manifest: bytes 'many'", cell("manifest", 2, "bytes", "many"),
         VALIDATE, (f"{M}, row 2, column 'bytes': expected a value of type integer; "
                    "found 'many'",)),
    Case("manifest-duplicate-id", "manifest: row 2 repeats the id of row 1",
         cell("manifest", 2, "id", "S-2016-501"), VALIDATE,
         (f"{M}, row 2, column 'id': expected a value unique in this column; "
          "found 'S-2016-501'", f"{M}, row 1, column 'id'"), lines=2),
    Case("manifest-missing-column", "manifest: the 'licence' column removed",
         text("manifest", _drop_column("licence")), VALIDATE,
         (f"{M}, row 0, column 'licence': expected this column in the header",)),
    Case("manifest-extra-field", "manifest: row 2 with one field too many",
         text("manifest", lines(lambda rows: rows.__setitem__(2, rows[2] + ",surplus"))),
         VALIDATE, (f"{M}, line 3: expected 12 fields, as many as the header has; "
                    "found '13 fields'",)),
    Case("manifest-short-row", "manifest: row 4 cut to three fields",
         text("manifest", lines(lambda rows: rows.__setitem__(4, "a,b,c"))), VALIDATE,
         (f"{M}, line 5: expected 12 fields, as many as the header has; found '3 fields'",)),
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
          "whose file ends in .txt or .pdf)",)),
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
         ("report.txt, line 4: expected paragraph 2 (a gap in the numbering); found '3. Three.'",),
         process=True),
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
    # --- the series: editions, the indicator catalogue, figures from coverage -----------------
    Case("figures-uncatalogued-indicator", "figures: an indicator the catalogue does not hold",
         cell("figures", COVERAGE_ROW, "indicator", "isil_mood"), VALIDATE,
         (f"{F}, row {COVERAGE_ROW}, column 'indicator': expected an indicator of the catalogue "
          "(indicators.csv); found 'isil_mood'",)),
    Case("figures-unrecorded-source", "figures: coverage citing a source not in the manifest",
         cell("figures", COVERAGE_ROW, "source", "SOME-BLOG"), VALIDATE,
         (f"{F}, row {COVERAGE_ROW}, column 'source': expected a source id from the manifest; "
          "found 'SOME-BLOG'",)),
    Case("figures-coverage-with-quote", "figures: a quote on a figure whose page is not held",
         cell("figures", COVERAGE_ROW, "quote", "34 groups"), VALIDATE,
         (f"{F}, row {COVERAGE_ROW}, column 'quote': expected no quote: source "
          "JAPANTIMES-AP-2016-02-06 is recorded by its address",)),
    Case("figures-coverage-as-report-text", "figures: coverage said to be the report's text",
         cell("figures", COVERAGE_ROW, "vouched_by", "report text"), VALIDATE,
         (f"{F}, row {COVERAGE_ROW}, column 'vouched_by': expected coverage of the report or "
          "briefer",)),
    Case("figures-text-as-briefer", "figures: a figure of the held text said to be a briefer's",
         cell("figures", 3, "vouched_by", "briefer"), VALIDATE,
         (f"{F}, row 3, column 'vouched_by': expected report text (source S-2016-501 is a "
          "report text); found 'briefer'",)),
    Case("figures-unknown-edition", "figures: edition 23 (the series has 22)",
         cell("figures", COVERAGE_ROW, "edition", "23"), VALIDATE,
         (f"{F}, row {COVERAGE_ROW}, column 'edition': expected an ordinal of editions.csv; "
          "found '23'",)),
    Case("figures-symbol-of-another-edition", "figures: edition 1 filed under S/2016/501",
         cell("figures", COVERAGE_ROW, "document", "S/2016/501"), VALIDATE,
         (f"{F}, row {COVERAGE_ROW}, column 'document': expected S/2016/92 (the symbol of "
          "edition 1 in editions.csv)", f"{F}, row {COVERAGE_ROW}, column 'document': expected "
          "S/2016/92 (the document of source"), lines=2),
    Case("figures-unit-not-the-catalogue's", "figures: groups counted in US dollars",
         cell("figures", COVERAGE_ROW, "unit", "US dollars"), VALIDATE,
         (f"{F}, row {COVERAGE_ROW}, column 'unit': expected groups (the catalogue's unit for "
          "isil_pledged_groups); found 'US dollars'",)),
    Case("editions-gap", "editions: the last ordinal skips to 23",
         cell("editions", 22, "ordinal", "23"), VALIDATE,
         (f"{ED}, row 22, column 'ordinal': expected ordinal 22 (ordinals run 1, 2, 3 ... in "
          "order, without gaps); found '23'",
          f"{F}, row 111, column 'edition': expected an ordinal of editions.csv; found '22'",
          "data/presentations.csv, row 22, column 'edition': expected an ordinal of "
          "editions.csv; found '22'"),
         lines=5),
    Case("editions-false-date", "editions: 30 February 2017",
         cell("editions", 5, "date", "2017-02-30"), VALIDATE,
         (f"{ED}, row 5, column 'date': expected a real calendar date written YYYY-MM-DD; "
          "found '2017-02-30'",)),
    Case("editions-date-out-of-order", "editions: the 5th dated before the 4th",
         cell("editions", 5, "date", "2016-09-01"), VALIDATE,
         (f"{ED}, row 5, column 'date': expected a date after 2017-02-02 (the date of edition "
          "4): dates rise with the ordinal; found '2016-09-01'",)),
    Case("editions-duplicate-symbol", "editions: the 5th given the 4th's symbol",
         cell("editions", 5, "symbol", "S/2017/97"), VALIDATE,
         (f"{ED}, row 5, column 'symbol': expected a value unique in this column",), lines=2),
    Case("editions-false-holding", "editions: an edition with no figure said to have coverage",
         cell("editions", 3, "holding", "coverage"), VALIDATE,
         (f"{ED}, row 3, column 'holding': expected listed (what the manifest and figures hold "
          "for this edition); found 'coverage'",)),
    Case("editions-unknown-source", "editions: seen in a source the manifest lacks",
         cell("editions", 1, "seen_in", "NOWHERE"), VALIDATE,
         (f"{ED}, row 1, column 'seen_in': expected source ids from the manifest, separated by "
          "';'; found 'NOWHERE'",)),
    Case("indicators-unknown-theme", "indicators: a theme no chapter has",
         cell("indicators", 1, "theme", "weather"), VALIDATE,
         (f"{IND}, row 1, column 'theme': expected a chapter of chapters.csv, one of [",)),
    Case("manifest-record-without-address", "manifest: a recorded page with no address",
         cell("manifest", 10, "address", ""), VALIDATE,
         (f"{M}, row 10, column 'address': expected a file or an address (a source must be "
          "held or recorded)",)),
    # --- parameters --------------------------------------------------------------------------
    Case("param-unknown-document", "build --document S/1999/1 (no such edition)", None,
         (*BUILD, "--document", "S/1999/1"),
         ("--document: expected the symbol of an edition in editions.csv, one of "
          "['S/2016/92', 'S/2016/501', ", "found 'S/1999/1'")),
    Case("param-missing-data-validate", "validate with no data folder", remove("data"),
         VALIDATE, ("/data: expected a data folder (it does not exist)",)),
    Case("param-missing-data-build", "build with no data folder", remove("data"), BUILD,
         ("/data: expected a data folder (it does not exist)",)),
    Case("param-missing-data-tables", "tables with no data folder", remove("data"), TABLES_CMD,
         ("/data: expected a data folder (it does not exist)",)),
    Case("param-symbol-and-date", "add-edition --symbol x --date soon (usage)", new_text(GOOD),
         ("add-edition", "{dir}/report.txt", "--symbol", "x", "--date", "soon", "--title", "T",
          "--root", "{root}"),
         ("Invalid value for '--symbol': expected a document symbol such as S/2016/830",),
         exit=2),
    Case("param-missing-text", "add-edition with no such text file", None, ADD,
         ("report.txt: expected a report file, PDF or text (not found)",)),
    Case("param-jobs-zero", "build --jobs 0", None, (*BUILD, "--jobs", "0"),
         ("Invalid value for '--jobs': Input should be greater than or equal to 1",), exit=2,
         process=True),
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
    # --- moved from tests/test_validate.py (one case table, not two) ----------------------------
    Case("figures-decimal-paragraph", "figures: paragraph 28.5",
         cell("figures", 16, "paragraph", "28.5"), VALIDATE,
         (f"{F}, row 16, column 'paragraph': expected a value of type integer; found '28.5'",)),
    Case("figures-high-below-low", "figures: high 2000 below low 3000",
         cell("figures", 16, "high", "2000"), VALIDATE,
         (f"{F}, row 16, column 'low': expected low <= high (high is 2000.0); found '3000.0'",),
         lines=None),
    Case("figures-unknown-qualifier", "figures: qualifier 'roughly'",
         cell("figures", 3, "qualifier", "roughly"), VALIDATE,
         (f"{F}, row 3, column 'qualifier': expected one of ['exact', 'around', 'more than', "
          "'at least', 'fewer than', 'up to', 'between']; found 'roughly'",)),
    Case("figures-one-sided-bound-with-high", "figures: 'more than 500' given a high of 900",
         cell("figures", 3, "high", "900"), VALIDATE,
         (f"{F}, row 3, column 'high': expected no value (qualifier 'more than' is a one-sided "
          "bound); found '900.0'",), lines=None),
    Case("figures-value-not-in-quote", "figures: low 3500, a number the quote does not give",
         cell("figures", 16, "low", "3500"), VALIDATE,
         (f"{F}, row 16, column 'low': expected a number that can be read from the quote; "
          "found '3500.0'",)),
    Case("figures-unknown-theme", "figures: theme 'weather'", cell("figures", 3, "theme", "weather"),
         VALIDATE, (f"{F}, row 3, column 'theme': expected a chapter of chapters.csv, one of [",
                    "found 'weather'")),
    Case("figures-unknown-source", "figures: source 'nowhere'",
         cell("figures", 46, "source", "nowhere"), VALIDATE,
         (f"{F}, row 46, column 'source': expected a source id from the manifest; "
          "found 'nowhere'",)),
    Case("figures-wrong-section", "figures: section III.A.2 for paragraph 28 (III.A.1)",
         cell("figures", 16, "section", "III.A.2"), VALIDATE,
         (f"{F}, row 16, column 'section': expected III.A.1 (the heading of paragraph 28); "
          "found 'III.A.2'",)),
    # --- generated tables edited by hand (re-derived from data/raw by validate) ---------------
    Case("generated-paragraph-hand-edited",
         "paragraphs: paragraph 28's figures changed by hand, and the figure's quote to match",
         each(replace_in("paragraphs", 28, "text", "between 3,000 and 5,000 fighters",
                         "between 30,000 and 50,000 fighters"),
              replace_in("figures", 16, "quote", "3,000 and 5,000", "30,000 and 50,000"),
              cell("figures", 16, "low", "30000"), cell("figures", 16, "high", "50000")),
         VALIDATE,
         (f"{P}, row 28, column 'text': expected '", "between 3,000 and 5,000 fighters",
          f"as re-derived from <tmp>/project/data/raw/S-2016-501.txt, line {LINE_28} ",
          "found '", "between 30,000 and 50,000 fighters"), process=True),
    Case("generated-paragraph-hand-edited-build", "the same hand edit, then `build`",
         each(replace_in("paragraphs", 28, "text", "3,000 and 5,000", "30,000 and 50,000"),
              replace_in("figures", 16, "quote", "3,000 and 5,000", "30,000 and 50,000"),
              cell("figures", 16, "low", "30000"), cell("figures", 16, "high", "50000")),
         BUILD, (f"{P}, row 28, column 'text'", f"S-2016-501.txt, line {LINE_28} ")),
    Case("generated-paragraph-line-edited", "paragraphs: paragraph 3 said to be on line 99",
         cell("paragraphs", 3, "line", "99"), VALIDATE,
         (f"{P}, row 3, column 'line': expected '{LINE_3}', as re-derived from "
          f"<tmp>/project/data/raw/S-2016-501.txt, line {LINE_3} ", "found '99'")),
    Case("generated-paragraph-dropped", "paragraphs: the last row (paragraph 91) deleted",
         text("paragraphs", lambda t: t.rstrip("\n").rsplit("\n", 1)[0] + "\n"), VALIDATE,
         (f"{P}, row 91, column 'document': expected a row re-derived from <tmp>/project/data/"
          f"raw/S-2016-501.txt, line {LINE_91} ", "found 'no row (the table ends before it)'",
          f"{PL}, row 193, column 'paragraph': expected a paragraph in paragraphs.csv; "
          "found 'S/2016/501 91'"), lines=4),  # places 191-193 name paragraph 91
    Case("generated-reference-hand-edited", "references: row 1 cites resolution 2254 (2015)",
         cell("references", 1, "target", "resolution 2254 (2015)"), VALIDATE,
         (f"{R}, row 1, column 'target': expected 'resolution 2253 (2015)', as re-derived from "
          f"<tmp>/project/data/raw/S-2016-501.txt, line {LINE_1} ",
          "found 'resolution 2254 (2015)'")),
    Case("generated-place-hand-edited", "places: row 1 (Iraq) recoded as Iran",
         each(cell("places", 1, "name", "Iran (Islamic Republic of)"),
              cell("places", 1, "iso3", "IRN")), VALIDATE,
         (f"{PL}, row 1, column 'name': expected 'Iraq', as re-derived from <tmp>/project/data/"
          f"raw/S-2016-501.txt, line {LINE_3} ",)),
    # --- the parser's sequence rule ------------------------------------------------------------
    Case("text-duplicate-line-fits-subsection", "report text: paragraph 1 repeated after 2, "
         "in a section (the repeat fits the sub-section run and paragraph 3 follows)",
         new_text(b"Title\nI. Introduction\nA. Background\n1. One.\n2. Two.\n1. One.\n"
                  b"3. Three.\n"), ADD,
         ("report.txt, line 6: expected paragraph 3 (this line repeats paragraph 1 of line 4); "
          "found '1. One.'",)),
    Case("text-ambiguous-numbering", "report text: '1. A heading' then '1. Paragraph one' "
         "(either could be the heading: the sequence cannot tell)", new_text(SUBSECTIONS), ADD,
         ("report.txt, line 4: expected a numbering the sequence reads one way only (this line "
          "and line 5 are both numbered 1., and either could be paragraph 1 or sub-section "
          "heading 1.); found '1. A heading before any paragraph'",)),
    Case("text-heading-before-repeat", "report text: a heading, then the same line again",
         new_text(b"Title\nI. Introduction\nA. Background\n1. Same words\n1. Same words\n"
                  b"2. Two.\n"), ADD,
         ("report.txt, line 5: expected paragraph 1 (this line repeats line 4); "
          "found '1. Same words'",)),
    Case("raw-text-mistyped-after-subsection", "report text (re-pinned): paragraph 26, after "
         "sub-section heading '1. ISIL in Libya', typed as '2.'",
         report_text(lambda rows: rows.__setitem__(LINE_26 - 1, "2." + rows[LINE_26 - 1][3:])),
         TABLES_CMD,
         (f"S-2016-501.txt, line {LINE_26}: expected paragraph 26 (after line {LINE_26 - 1}, "
          "'1. ISIL in Libya', read as sub-section heading 1.); found '2. After 18 months",)),
    Case("text-mistyped-mid-section", "report text: paragraph 3 typed as '1.' in a section",
         new_text(b"Title\nI. Introduction\nA. Background\n1. One.\n2. Two.\n1. Three.\n"
                  b"4. Four.\n"), ADD,
         ("report.txt, line 7: expected paragraph 3 (after line 6, '1. Three.', read as "
          "sub-section heading 1.); found '4. Four.'",)),
    Case("text-heading-at-the-end", "report text: a sub-section heading with nothing under it",
         new_text(GOOD_SECTION + b"1. An empty sub-section\n"), ADD,
         ("report.txt, line 6: expected paragraph 3 (read as sub-section heading 1., it would "
          "need paragraph 3 next, not the end of the text); found '1. An empty sub-section'",)),
    Case("text-heading-then-section", "report text: a sub-section heading, then a section",
         new_text(GOOD_SECTION + b"1. An empty sub-section\nB. Next\n3. Three.\n"), ADD,
         ("report.txt, line 6: expected paragraph 3 (read as sub-section heading 1., it would "
          "need paragraph 3 next, not line 7)",)),
    Case("text-arabic-indic-number", "report text: paragraph 2 numbered in Arabic-Indic digits",
         new_text("Title\nI. Introduction\n1. One.\n٢. Two.\n".encode()), ADD,
         ("report.txt, line 4: expected chapter heading II., section heading A., sub-section "
          "heading 1. or paragraph 2.; found '٢. Two.'",)),
    Case("text-control-character", "report text: an escape character in paragraph 2",
         new_text(b"Title\nI. Introduction\n1. One.\n2. Tw\x1b[31mo.\n"), ADD,
         ("report.txt, line 4: expected printable text; found 'control character U+001B'",)),
    Case("text-subsections-fine", "report text, fine: sub-section headings 1 and 2 whose "
         "numbers are also paragraph numbers already used", new_text(SUBSECTIONS_FINE), ADD,
         (f"added {NEW_ID}", "4 paragraphs"), lines=None, exit=0,
         check=lambda root, out: _new_paragraphs_are(root, [
             ("1", "", "", "Paragraph one names Iraq."),
             ("2", "1", "1 heading", "Paragraph two."),
             ("3", "1", "1 heading", "Paragraph three."),
             ("4", "2", "Second heading", "Paragraph four.")])),
    # --- size and time ---------------------------------------------------------------------------
    Case("text-too-large", "report text: 600 KiB (the real report is 68 kB)",
         new_text(TOO_LARGE_REPORT), ADD,
         ("report.txt: expected a text of at most 512 KiB; found '625,",)),
    Case("text-paragraph-too-long", "report text: a 300,000-character paragraph",
         new_text(LONG_PARAGRAPH_REPORT), ADD,
         ("report.txt, line 3: expected a line of at most 20,000 characters (one heading or "
          "paragraph a line); found '350,003 characters'",)),
    Case("text-long-paragraphs-fine", "report text, fine: 20 paragraphs of 19,000 characters "
         "naming places and numbers, without a full stop", new_text(LONG_REPORT), ADD,
         (f"added {NEW_ID}", "20 paragraphs"), lines=None, exit=0,
         check=lambda root, out: _bounded_candidates(root)),
    Case("text-folder", "add-edition given a folder as the report text",
         lambda root: (root.parent / "report.txt").mkdir(), ADD,
         ("report.txt: expected a report file, PDF or text (not found)",)),
    # --- a broken data dictionary ------------------------------------------------------------
    Case("dictionary-unknown-type", "dictionary: figures.low of type 'decimal'",
         dictionary(lambda t: t.replace("    low: {type: number,", "    low: {type: decimal,")),
         VALIDATE, (f"data/dictionary.yml, line {DICT_LOW}: expected a type among ['string', "
                    "'date', 'integer', 'number', 'boolean'] for figures.low; found 'decimal'",)),
    Case("dictionary-missing-type", "dictionary: units.description without a type",
         dictionary(lambda t: t.replace("    description: {type: string, required: true, "
                                        "description: What", "    description: {required: "
                                        "true, description: What")),
         VALIDATE, (f"data/dictionary.yml, line {DICT_UNIT_DESCRIPTION}: expected a type among",
                    "for units.description")),
    Case("dictionary-missing-table", "dictionary: the places entry removed",
         dictionary(lambda t: t[:t.index("\nplaces:\n")] + t[t.index("\nunits:\n"):]),
         VALIDATE, ("data/dictionary.yml: expected an entry for the table 'places'; "
                    "found 'no such entry'",)),
    Case("dictionary-bad-pattern", "dictionary: figures.id pattern '^[a-z0-9+' (not a regex)",
         dictionary(lambda t: t.replace("pattern: '^[a-z0-9]+(-[a-z0-9]+)*$'",
                                        "pattern: '^[a-z0-9+'")),
         VALIDATE, (f"data/dictionary.yml, line {DICT_ID}: expected a regular expression for "
                    "figures.id; found \"'^[a-z0-9+' (unterminated character set",)),
    Case("dictionary-wrong-type-for-code", "dictionary: paragraphs.paragraph declared a string",
         dictionary(lambda t: t.replace("    paragraph: {type: integer, required: true, min: 1, "
                                        "description: Paragraph number as printed.",
                                        "    paragraph: {type: string, required: true, "
                                        "description: Paragraph number as printed.")),
         VALIDATE, ("data/dictionary.yml, line ", ": expected type 'integer' for "
                    "paragraphs.paragraph (the code reads it so); found 'string'")),
    Case("dictionary-file-outside-data", "dictionary: figures read from ../../etc/passwd",
         dictionary(lambda t: t.replace("  file: figures.csv", "  file: ../../etc/passwd")),
         VALIDATE, ("data/dictionary.yml, line ", ": expected a .csv file inside data/ for table "
                    "'figures'; found '../../etc/passwd'")),
    # --- things where files or folders should be ---------------------------------------------
    Case("figures-source-without-document", "figures: a quote sourced to the map topology "
         "(a manifest row with no document)", cell("figures", 46, "source", "world-atlas-2.0.2"),
         VALIDATE, (f"{F}, row 46, column 'source': expected a report text or coverage of a "
                    "report (not a reference file); found 'world-atlas-2.0.2'",)),
    Case("places-is-a-folder", "places.csv is a folder", folder_at("data/places.csv"), VALIDATE,
         (f"{PL}: expected the table as a file; found 'a folder or special file'",)),
    Case("raw-story-is-a-folder", "the press story's file is a folder",
         folder_at("data/raw/AP-2017-02-06-S-2017-97.txt"), VALIDATE,
         (f"{M}, row 2, column 'file': expected the file ", "AP-2017-02-06-S-2017-97.txt to be "
          "a file, not a folder; found 'AP-2017-02-06-S-2017-97.txt'")),
    Case("param-root-is-a-file", "validate --root pointing at a file (usage)", None,
         ("validate", "--root", "{root}/_toc.yml"),
         ("Invalid value for '--root': dir '<tmp>/project/_toc.yml' is a file.",), lines=None,
         exit=2, process=True),
    Case("param-build-is-a-file", "build with a file where the _build folder goes",
         file_at("_build"), BUILD,
         ("<tmp>/project/_build: expected a folder for the build output; found a file",),
         lines=None),
    # --- dates, symbols, identifiers -----------------------------------------------------------
    Case("manifest-impossible-date", "manifest: date 2016-02-30",
         cell("manifest", 1, "date", "2016-02-30"), VALIDATE,
         (f"{M}, row 1, column 'date': expected a real calendar date written YYYY-MM-DD; "
          "found '2016-02-30'",)),
    Case("manifest-zero-date", "manifest: date 0000-00-00",
         cell("manifest", 2, "date", "0000-00-00"), VALIDATE,
         (f"{M}, row 2, column 'date': expected a real calendar date written YYYY-MM-DD; "
          "found '0000-00-00'",)),
    Case("manifest-arabic-indic-date", "manifest: the date in Arabic-Indic digits",
         cell("manifest", 1, "date", "٢٠١٦-٠٥-٣١"), VALIDATE,
         (f"{M}, row 1, column 'date': expected a real calendar date written YYYY-MM-DD; "
          "found '٢٠١٦-٠٥-٣١'",)),
    Case("manifest-malformed-symbol", "manifest: document 'S///'",
         cell("manifest", 2, "document", "S///"), VALIDATE,
         (f"{M}, row 2, column 'document': expected text matching ^(S|A|E)/[A-Z0-9]+"
          "(/[A-Z0-9]+)+$; found 'S///'",)),
    Case("manifest-id-newline", "manifest: an id ending in a newline",
         cell("manifest", 3, "id", "world-atlas-2.0.2\n"), VALIDATE,
         (f"{M}, row 3, column 'id': expected text matching ^[A-Za-z0-9][A-Za-z0-9.-]*$; "
          "found 'world-atlas-2.0.2\\n'",)),
    Case("figures-id-newline", "figures: an id ending in a newline",
         cell("figures", 3, "id", "s2016-501-003\n"), VALIDATE,
         (f"{F}, row 3, column 'id': expected text matching ^[a-z0-9]+(-[a-z0-9]+)*$; "
          "found 's2016-501-003\\n'",)),
    Case("figures-trailing-slash-symbol", "figures: document 'S/2016/501/'",
         cell("figures", 3, "document", "S/2016/501/"), VALIDATE,
         (f"{F}, row 3, column 'document': expected text matching ^(S|A|E)/[A-Z0-9]+"
          "(/[A-Z0-9]+)+$; found 'S/2016/501/'",)),
    Case("figures-header-only", "figures: the header and no row", header_only("figures"),
         VALIDATE, (f"{F}: expected at least 1 data row(s) under the header; found '0 rows'",)),
    Case("figures-header-only-build", "figures: the header and no row, then `build`",
         header_only("figures"), BUILD,
         (f"{F}: expected at least 1 data row(s) under the header; found '0 rows'",)),
    Case("units-header-only", "units: the header and no row", header_only("units"), VALIDATE,
         (f"{U}: expected at least 1 data row(s) under the header; found '0 rows'",)),
    Case("param-impossible-date", "add-edition --date 2016-02-30 (usage)", new_text(GOOD),
         _add("--date", "2016-02-30"),
         ("Invalid value for '--date': expected a date that exists in the calendar (YYYY-MM-DD)"
          "; found '2016-02-30'",), exit=2),
    Case("param-zero-date", "add-edition --date 0000-00-00 (usage)", new_text(GOOD),
         _add("--date", "0000-00-00"),
         ("Invalid value for '--date': expected a date that exists in the calendar",), exit=2),
    Case("param-arabic-indic-date", "add-edition --date in Arabic-Indic digits (usage)",
         new_text(GOOD), _add("--date", "٢٠١٦-٠٩-٣٠"),
         ("Invalid value for '--date': expected a date as YYYY-MM-DD in ASCII digits; "
          "found '٢٠١٦-٠٩-٣٠'",), exit=2),
    Case("param-slashes-symbol", "add-edition --symbol S/// (usage)", new_text(GOOD),
         _add("--symbol", "S///"),
         ("Invalid value for '--symbol': expected a document symbol such as S/2016/830",
          "found 'S///'"), exit=2),
    Case("param-trailing-slash-symbol", "add-edition --symbol S/2016/830/ (usage)",
         new_text(GOOD), _add("--symbol", "S/2016/830/"),
         ("Invalid value for '--symbol'", "found 'S/2016/830/'"), exit=2),
    Case("param-symbol-newline", "add-edition --symbol ending in a newline (usage)",
         new_text(GOOD), _add("--symbol", "S/2016/830\n"),
         ("Invalid value for '--symbol'", "found 'S/2016/830\\n'"), exit=2),
    Case("param-title-newline", "add-edition --title with a line break (usage)",
         new_text(GOOD), _add("--title", "A report\nwith a second line"),
         ("Invalid value for '--title': expected one line of text, without line breaks or "
          "control characters",), exit=2),
    Case("param-leap-day-fine", "add-edition --date 2016-02-29 --confirm-date, fine (a leap "
         "day; confirmed, as it is not the date editions.csv lists)",
         new_text(GOOD), (*_add("--date", "2016-02-29"), "--confirm-date"), (f"added {NEW_ID}", "2 paragraphs"),
         lines=None, exit=0,
         check=lambda root, out: _manifest_row_is(root, f"{NEW_ID}", NEW,
                                                  "2016-02-29", f"{NEW_ID}.txt")),
    # --- round three: add-edition leaves the project valid or does nothing ------------------
    Case("param-symbol-not-editions-shape", "add-edition --symbol S/PRST/2026/1 (a symbol the "
         "command's own check takes but the editions table's schema does not)", new_text(GOOD),
         _add("--symbol", "S/PRST/2026/1"),
         ("--symbol: expected a symbol matching ", "(the editions table's symbols, <tmp>/project/"
          "data/dictionary.yml); found 'S/PRST/2026/1'")),
    Case("param-date-far-future", "add-edition --date 9999-12-31 for a new symbol",
         new_text(GOOD), (*_add("--date", "9999-12-31")[:3], "S/2026/999",
                          *_add("--date", "9999-12-31")[4:]),
         ("--date: expected a date no later than today (",
          "a report is dated when it is issued; pass --confirm-date if it is right; "
          "found '9999-12-31'")),
    Case("param-date-far-past-newest", "add-edition of a new edition dated two years after the "
         "newest listed (the table cut after the 4th edition)",
         each(new_text(GOOD), text("editions", lambda t: "\n".join(t.split("\n")[:5]) + "\n")),
         (*_add("--date", "2019-06-01")[:3], "S/2019/100", *_add("--date", "2019-06-01")[4:]),
         (f"--date: expected a date by {DAYS_400_AFTER_4}, within 400 days of the newest edition in <tmp>/project/data/editions.csv ({DATE_4})"
          ": the series comes out about twice a year; pass --confirm-date if it is right; "
          "found '2019-06-01'",)),
    Case("param-date-disagrees", f"add-edition --date {OTHER_DATE} for {NEW} (listed with "
         "another date)", new_text(GOOD), _add("--date", f"{OTHER_DATE}"),
         (f"--date: expected {DATE_830}, the date <tmp>/project/data/editions.csv lists for "
          f"{NEW} (row {ROW_830}); pass --confirm-date if it is right; found '{OTHER_DATE}'",)),
    Case("param-date-before-latest", "add-edition of a new symbol dated before the latest "
         "edition", new_text(GOOD),
         (*_add("--date", "2020-01-01")[:3], "S/2020/999", *_add("--date", "2020-01-01")[4:]),
         (f"--date: expected a date after {LATEST['date']} (the latest edition, the "
          f"{_ordinal(int(LATEST['ordinal']))} in <tmp>/project/data/editions.csv), or the "
          "symbol of an edition already listed; found '2020-01-01'",)),
    Case("pdf-title-too-long", "report PDF whose title runs to 630 characters",
         new_pdf(lambda: one_page(LONG_TITLE + SIX, title="")), PDF_ADD,
         ("report.pdf, page 1: expected a title of at most 500 characters (read from the "
          "report's first lines: pass --title); found \"Report of the Secretary-General",)),
    Case("text-title-too-long", "report text whose first line (the title) is 600 characters",
         new_text(b"Report " * 100 + b"\nI. Introduction\n1. One.\n2. Two.\n"),
         ("add-edition", "{dir}/report.txt", "--symbol", NEW, "--date", NEW_DATE,
          "--root", "{root}"),
         ("report.txt, line 1: expected a title of at most 500 characters (read from the "
          "report's first lines: pass --title); found 'Report Report",)),
    Case("add-over-an-invalid-project", "add-edition into a project validate refuses (text in "
         "a number column of figures)", each(new_text(GOOD), cell("figures", 3, "low", "five")),
         ADD, ("<tmp>/project/data/figures.csv, row 3, column 'low': expected a value of type "
               "number; found 'five'",)),
    Case("pdf-masthead-other-symbol", "report PDF whose masthead names S/2016/501, taken in as "
         f"{NEW}", new_pdf(lambda: one_page(masthead_symbol="S/2016/501")), PDF_ADD,
         (f"report.pdf, page 1, line 2: expected the masthead to name {NEW} (the --symbol "
          "given); found 'S/2016/501'",)),
    Case("pdf-header-other-symbol", "report PDF whose page 2 running header names S/2016/501",
         new_pdf(lambda: two_pages("S/2016/501")), PDF_ADD,
         (f"report.pdf, page 2, line 1: expected the running header to name {NEW} (the "
          "--symbol given); found 'S/2016/501'",)),
    Case("pdf-six-one-line-paragraphs-fine", "report PDF, fine: one page of six one-line "
         "paragraphs", new_pdf(one_page), PDF_ADD, (f"added {NEW_ID}", "6 paragraphs"),
         lines=None, exit=0, check=_six_paragraphs_taken_in),
    Case("pdf-one-line-paragraph-gap", "report PDF of one-line paragraphs 1, 2, 3, 5, 6 (a gap)",
         new_pdf(lambda: one_page(SIX[:4] + SIX[5:])), PDF_ADD,
         ("report.pdf, page 1, line ", ": expected paragraph 4 (a gap in the numbering); "
          "found '5. Paragraph 5 says one thing.'",)),
    Case("pdf-html-named-pdf", "an HTML page saved as report.pdf",
         new_pdf(lambda: f"<!DOCTYPE html>\n<html><body>{NEW}</body></html>\n".encode()),
         PDF_ADD,
         ("report.pdf: expected a PDF (a file starting with %PDF-): this file is not a PDF; "
          "found 'an HTML page (saved from a browser?)'",)),
    Case("pdf-truncated", "report PDF cut short (its last 700 bytes missing)",
         new_pdf(lambda: two_pages(NEW)[:-700]), PDF_ADD,
         ("report.pdf: expected a complete, readable PDF (is the file cut short?); "
          "found 'PSEOF",)),
    Case("pdf-3000-pages", "report PDF of 3,000 pages",
         new_pdf(lambda: write_pdf([page_drawing(report_page(NEW, PDF_TITLE, SIX))]
                                   * 3000)), PDF_ADD,
         ("report.pdf: expected a report of at most 200 pages (the limit per document); "
          "found '3,000 pages'",)),
    Case("pdf-compression-bomb", "report PDF holding a stream that inflates to 1 GiB",
         new_pdf(lambda: write_pdf([page_drawing(report_page(NEW, PDF_TITLE, SIX))],
                                   (flate_stream(2**30),))), PDF_ADD,
         ("report.pdf: expected streams of at most 32 MiB inflated (the limit per stream); "
          "found 'PDF object ", " inflating past it'")),
    Case("pdf-page-over-limit", "report PDF whose page 2 is drawn in 9 MiB",
         new_pdf(lambda: write_pdf([page_drawing(report_page(NEW, PDF_TITLE, SIX)),
                                    b"%" + b" " * (9 * 2**20) + b"\n"])), PDF_ADD,
         ("report.pdf, page 2: expected a page drawn in at most 4 MiB (the limit per page); "
          "found 'more than 4 MiB'",)),
    Case("add-disk-full", "add-edition while the disk is full", new_text(GOOD), ADD,
         (f"<tmp>/project/data/raw/{NEW_ID}.txt: expected room to write it (nothing was "
          "written); found 'no space left on the device'",), around=disk_full),
    Case("add-read-only-raw", "add-edition with data/raw read-only", new_text(GOOD), ADD,
         (f"<tmp>/project/data/raw: expected a folder this command can write {NEW_ID}.txt "
          "into (nothing was written); found 'Permission denied'",),
         around=read_only("data/raw")),
    Case("add-during-a-build", "add-edition while another command holds the project's lock",
         new_text(GOOD), ADD,
         ("error: another isilbook command (build, add-edition or tables) is running in "
          "<tmp>/project (lock <tmp>/project/_build/build.lock); wait for it to finish",),
         around=another_command),
    # --- round three: every message names its file ---------------------------------------
    Case("figures-nul-byte", "figures: a NUL byte in a label",
         cell("figures", 3, "label", "ISIL\x00 fighters"), VALIDATE,
         (f"{F}, row 3, column 'label': expected text without NUL bytes; "
          "found 'a NUL byte (U+0000)'",)),
    Case("figures-cell-over-csv-limit", "figures: a note of 140,000 characters",
         cell("figures", 3, "note", "x" * 140_000), VALIDATE,
         (f"{F}, line 4: expected cells of at most 131,072 characters; found 'a longer cell",)),
    Case("reading-not-utf8", "a reading with a Latin-1 byte",
         lambda root: (root / "book/readings/S-2016-501/libya.md").write_bytes(
             (root / "book/readings/S-2016-501/libya.md").read_bytes() + b"caf\xe9\n"),
         VALIDATE, ("book/readings/S-2016-501/libya.md, line ", "expected UTF-8 text")),
    Case("reading-unlisted-edition", "a reading folder for S/2099/1, not in editions.csv",
         copy_tree("book/readings/S-2016-501", "book/readings/S-2099-1"), VALIDATE,
         ("<tmp>/project/book/readings/S-2099-1: expected a folder named after an edition of "
          "editions.csv", "found 'S-2099-1'")),
    Case("reading-raw-script", "a reading holding a script element", appended(
        _READING, "<script>alert('a reading')</script>\n"), BUILD,
        (f"{_READING}, line {_AFTER_READING}: expected prose (raw HTML runs in the reader's "
         "browser; a reading holds none); found \"<script>alert('a reading')</script>\"",)),
    Case("reading-event-handler", "a reading holding an image with an onerror handler",
         appended(_READING, "A sentence <img src=x onerror=alert(1)> with an image.\n"), BUILD,
         (f"{_READING}, line {_AFTER_READING}: expected prose (raw HTML",
          "found '<img src=x onerror=alert(1)>'")),
    Case("reading-raw-html-block", "a reading holding an iframe block",
         appended(_READING, '<iframe src="https://example.org/"></iframe>\n'), BUILD,
         (f"{_READING}, line {_AFTER_READING}: expected prose (raw HTML",)),
    Case("reading-include-outside", "a reading including /etc/passwd",
         appended(_READING, "```{include} ../../../../../../etc/passwd\n```\n"), BUILD,
         (f"{_READING}, line {_AFTER_READING}: expected prose or a {{chart}} directive (code, "
          "includes, downloads and raw output are not a reading's); found '```{include} ",)),
    Case("reading-raw-output", "a reading holding a raw html directive",
         appended(_READING, "```{raw} html\n<b>bold</b>\n```\n"), BUILD,
         (f"{_READING}, line {_AFTER_READING}: expected prose or a {{chart}} directive",)),
    Case("reading-download-outside", "a reading offering /etc/passwd for download",
         appended(_READING, "Get it: {download}`/etc/passwd`.\n"), BUILD,
         (f"{_READING}, line {_AFTER_READING}: expected a role of a reading",
          "found '{download}`/etc/passwd`'")),
    Case("reading-symbolic-link", "a reading that is a link to /etc/hostname",
         linked(_READING, "/etc/hostname"), BUILD,
         (f"{_READING}: expected a reading that is a file of its own, not a symbolic link; "
          "found 'a link to /etc/hostname'",)),
    Case("template-include-outside", "a chapter template including /etc/hostname",
         appended("book/libya.md", "```{include} /etc/hostname\n```\n"), BUILD,
         ("book/libya.md, line ", "expected an include or download of a file inside book/")),
    Case("build-link-in-build-folder", "build with a link to /etc planted in _build/executed",
         link_in_build, BUILD,
         ("<tmp>/project/_build/executed/S-2016-501: expected no symbolic link inside the build "
          "folder; found a link to /etc (remove it, or delete <tmp>/project/_build to build from "
          "scratch)",)),
]
BY_NAME = {case.name: case for case in CASES}


@dataclass
class Outcome:
    command: list[str]
    returncode: int
    stdout: str
    stderr: str
    data_before: dict[str, str]
    data_after: dict[str, str]
    seconds: float


def _invoke(case: Case, args: list[str]) -> tuple[int, str, str]:
    """Run the command in this process (typer's CliRunner); a leaked exception is a traceback."""
    root = Path(args[args.index("--root") + 1]) if "--root" in args else None
    with case.around(root) if case.around is not None else nullcontext():
        result = CliRunner().invoke(app, args, catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(
            traceback.format_exception(*result.exc_info))
    return result.exit_code, result.stdout, stderr


def _spawn(case: Case, args: list[str]) -> tuple[int, str, str]:
    """Run the installed command as a real subprocess (exit status as a shell sees it)."""
    result = subprocess.run([ISILBOOK, *args], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_COLOR": "1", "TERM": "dumb"})
    return result.returncode, result.stdout, result.stderr


def run_case(case: Case, folder: Path) -> Outcome:
    root = copy_project(folder / "project").root
    if case.damage is not None:
        case.damage(root)
    args = [a.format(root=root, dir=folder) for a in case.args]
    before = tree_hashes(root / "data")
    started = time.perf_counter()
    code, stdout, stderr = (_spawn if case.process else _invoke)(case, args)
    seconds = time.perf_counter() - started
    shown = [text.replace(str(folder), "<tmp>") for text in (stdout, stderr)]
    return Outcome(["isilbook", *args], code, *shown, before, tree_hashes(root / "data"),
                   seconds)


def _selected(session) -> list[Case]:
    chosen = []
    for item in session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if isinstance(params.get("case"), Case):
            chosen.append(params["case"])
    return chosen


def _cell(text: str) -> str:
    return text.strip().replace("|", "\\|").replace("\n", "<br>")


def write_report(cases: list[Case], outcomes: dict[str, Outcome], folders: dict[str, Path]) -> None:
    REPORT_FILE.parent.mkdir(parents=True, exist_ok=True)
    rows = ["# Bad inputs and what the command line answered", "",
            "Each input damages a throw-away copy of the project (`<tmp>/project`), then runs "
            "the command (in-process with typer's CliRunner; `process` cases as a real "
            "subprocess). Written by `tests/test_bad_inputs.py`.", "",
            f"{len(cases)} cases.", "",
            "| # | input | command | run | exit | expected exit | message (stderr, or stdout "
            "on success) | seconds |",
            "|---|---|---|---|---|---|---|---|"]
    for number, case in enumerate(cases, start=1):
        outcome = outcomes[case.name]
        command = " ".join(outcome.command).replace(str(folders[case.name]), "<tmp>")
        message = outcome.stderr if outcome.returncode else outcome.stdout
        rows.append(f"| {number} | {case.what} (`{case.name}`) | `{_cell(command)}` | "
                    f"{'process' if case.process else 'in-process'} | {outcome.returncode} | "
                    f"{case.exit} | {_cell(message)} | {outcome.seconds:.1f} |")
    REPORT_FILE.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory) -> dict[str, Outcome]:
    """Run every selected case (one at a time: the machine is shared) and record them."""
    cases = _selected(request.session) or CASES
    folders = {case.name: tmp_path_factory.mktemp(case.name) for case in cases}
    found = {case.name: run_case(case, folders[case.name]) for case in cases}
    write_report(cases, found, folders)
    return found


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_input_gets_what_it_must(case, outcomes):
    outcome = outcomes[case.name]
    stderr = outcome.stderr
    assert outcome.returncode == case.exit, (stderr, outcome.stdout)
    assert "Traceback" not in stderr
    for fragment in case.expect:
        assert fragment in (stderr if case.exit else outcome.stdout), fragment
    if case.exit == 0:
        case.check(Path(outcome.command[outcome.command.index("--root") + 1]), outcome.stdout)
        return
    message = [line for line in stderr.splitlines() if line.strip()]
    first = "Usage: " if case.exit == 2 else "error: "
    assert message[0].startswith(first), stderr
    if case.lines is not None and case.exit == 1:
        assert len(message) == case.lines, stderr
    assert outcome.data_after == outcome.data_before, "the failed command changed data/"


def test_debug_shows_the_traceback(tmp_path):
    case = Case("debug", "", cell("figures", 3, "low", "five hundred"), ("--debug", *VALIDATE),
                (), process=True)
    outcome = run_case(case, tmp_path)
    assert outcome.returncode == 1
    assert "Traceback (most recent call last)" in outcome.stderr
    assert "isilbook.errors.DataError" in outcome.stderr
    assert "row 3, column 'low': expected a value of type number" in outcome.stderr


def test_the_report_lists_every_case_with_its_exit(outcomes):
    report = REPORT_FILE.read_text(encoding="utf-8")
    assert f"{len(outcomes)} cases." in report
    for number, (name, outcome) in enumerate(outcomes.items(), start=1):
        row = next(line for line in report.splitlines() if f"(`{name}`)" in line)
        assert row.startswith(f"| {number} |") and f"| {outcome.returncode} |" in row, row


LOOPING_CHAPTER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---

# A chapter that never ends

```{code-cell} ipython3
while True:
    pass
```
"""


def test_a_chapter_over_its_time_limit_is_stopped_naming_it(tmp_path, monkeypatch):
    """A chapter that loops is interrupted at the chapter's limit (set low here: the loop never
    ends, so any limit stops it) and the build names it; nothing lands in place."""
    import jupytext

    from isilbook.errors import BuildError
    from isilbook.publish import execute
    from isilbook.publish.kernels import KernelPool

    source = tmp_path / "loop.md"
    source.write_text(LOOPING_CHAPTER, encoding="utf-8")
    job = execute.Job(execute.Chapter("loop", source), "S/2016/501",
                      tmp_path / "executed" / "loop.ipynb")
    monkeypatch.setattr(execute, "CHAPTER_TIMEOUT", 3)
    with KernelPool(tmp_path, [], execute.KERNEL_ARGUMENTS) as pool:
        with pytest.raises(BuildError) as raised, pool.kernel(tmp_path) as kernel:
            execute.execute_job(job, jupytext.read(source), {}, "key", kernel)
    assert str(raised.value) == (f"{source} (S/2016/501): the chapter ran longer than its limit "
                                 "of 3 s (ISILBOOK_CHAPTER_TIMEOUT)")
    assert not job.executed.exists() and not job.key_file.exists()


def test_the_readme_states_the_chapter_time_limit_under_five_minutes():
    from isilbook.publish.execute import CHAPTER_TIMEOUT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"at most **{CHAPTER_TIMEOUT} seconds**" in readme
    assert CHAPTER_TIMEOUT < 5 * 60


def test_a_failed_compile_is_told_without_the_site_generator_s_traceback():
    from isilbook.publish.site import _last_error

    output = ["Running Sphinx v7.4.7", "loading pickled environment... ",
              "Traceback (most recent call last):",
              '  File "/usr/lib/python3/sphinx/application.py", line 350, in build',
              "    self.builder.build_update()", "pickle.UnpicklingError: invalid load key, 'n'."]
    assert _last_error(output, Path("/p/_build/stage/S-2016-501")) == (
        "pickle.UnpicklingError: invalid load key, 'n'. (if this persists, delete "
        "/p/_build/stage/S-2016-501 and build again)")


def test_the_build_clears_strays_from_its_own_folder(tmp_path):
    """A file where the build keeps a folder, or a folder where it keeps a file, is removed
    (the next build lays them out again); the build's other contents stay."""
    from isilbook.paths import ProjectPaths
    from isilbook.publish.site import clear_strays

    paths = ProjectPaths.at(tmp_path)
    build = paths.build
    (build / "executed" / "S-2016-501").mkdir(parents=True)
    (build / "executed" / "S-2016-501" / "book").write_text("not a folder", encoding="utf-8")
    (build / "executed" / "S-2017-97").write_text("not a folder", encoding="utf-8")
    (build / "stage").write_text("not a folder", encoding="utf-8")
    (build / "site.key").mkdir()
    (build / "site.key" / "inside").write_text("x", encoding="utf-8")
    (build / "build.lock").write_text("", encoding="utf-8")
    clear_strays(paths)
    assert sorted(str(p.relative_to(build)) for p in build.rglob("*")) == [
        "build.lock", "executed", "executed/S-2016-501"]
