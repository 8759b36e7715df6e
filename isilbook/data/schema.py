"""Schemas of the tables and the checks across them.

The written data dictionary (``data/dictionary.yml``) is the single source of truth: the pandera
schemas below are built from it, and the book renders it as a page. Every failure becomes a
:class:`~isilbook.errors.Problem` naming the file, the data row (1-based, header is row 0), the
column and what was expected.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from isilbook.data.dictionary import SAFE_LOADER, dictionary_problems
from isilbook.errors import DataError, Problem

_DTYPES = {"string": "string", "date": "string", "integer": "Int64", "number": "Float64",
           "boolean": "boolean"}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOLEANS = {"True": True, "False": False, "true": True, "false": False}
MAX_TABLE_BYTES = 50 * 1024 * 1024
_LARGEST = 2.0**53  # numbers beyond this lose precision (and integers overflow their type)
_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def is_calendar_date(text: str) -> bool:
    """Whether ``text`` is a real date in ASCII ``YYYY-MM-DD`` (no 30 February, no year 0)."""
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def load_dictionary(data: Path) -> dict[str, Any]:
    """The data dictionary: per table, its file, description and columns.

    Raises
    ------
    DataError
        If the dictionary is missing, not YAML, or not a mapping of tables to columns.
    """
    path = data / "dictionary.yml"
    if not path.is_file():
        raise DataError([Problem(str(path), "the data dictionary (file missing)")])
    try:
        text = path.read_text(encoding="utf-8")
        dictionary = yaml.load(text, Loader=SAFE_LOADER)
    except UnicodeDecodeError as error:
        raise DataError([Problem(str(path), "UTF-8 text",
                                 found=f"byte at offset {error.start}")]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError([Problem(str(path), "well-formed YAML", row=line,
                                 found=str(getattr(error, "problem", None) or error))]) from None
    malformed = [name for name, spec in (dictionary or {}).items()
                 if not isinstance(spec, dict) or not isinstance(spec.get("columns"), dict)] \
        if isinstance(dictionary, dict) else ["(the whole file)"]
    if malformed:
        raise DataError([Problem(str(path), "a mapping of each table to its file and columns",
                                 found=", ".join(map(str, malformed)))])
    problems = dictionary_problems(str(path), text, dictionary)
    if problems:
        raise DataError(problems)
    return dictionary


def _pandera_schema(spec: dict[str, Any]):
    """The pandera schema of one table (pandera is imported here: chapters never need it)."""
    import pandera.pandas as pa

    columns = {}
    for name, column in spec["columns"].items():
        checks = []
        if "allowed" in column:
            checks.append(pa.Check.isin(column["allowed"], error=f"one of {column['allowed']}"))
        if "pattern" in column:
            # \Z: the whole cell must match (``$`` alone lets a trailing newline through)
            checks.append(pa.Check.str_matches(rf"(?:{column['pattern']})\Z",
                                               error=f"text matching {column['pattern']}"))
        if "min" in column:
            checks.append(pa.Check.ge(column["min"], error=f"a value of at least {column['min']}"))
        columns[name] = pa.Column(_DTYPES[column["type"]], checks=checks,
                                  nullable=not column.get("required", False),
                                  unique=column.get("unique", False))
    return pa.DataFrameSchema(columns, strict=True, ordered=True)


def check_file(path: Path) -> list[Problem]:
    """Problems with a table file as bytes: missing, too large, a BOM, CRLF, not UTF-8, empty."""
    if not path.exists():
        return [Problem(str(path), "the table to exist (file missing)")]
    if not path.is_file():
        return [Problem(str(path), "the table as a file", found="a folder or special file")]
    if path.stat().st_size > MAX_TABLE_BYTES:
        return [Problem(str(path), f"a table under {MAX_TABLE_BYTES // 2**20} MiB",
                        found=f"{path.stat().st_size} bytes")]
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return [Problem(str(path), "UTF-8 without a byte-order mark", row=1,
                        found="a byte-order mark")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [Problem(str(path), "UTF-8 text", row=line, found=f"byte 0x{data[error.start]:02x}")]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        return [Problem(str(path), "LF line ends", row=line, found="a carriage return (CRLF)")]
    if not text.strip():
        return [Problem(str(path), "a header row and data", found="an empty file")]
    return []


def _coerce(frame: pd.DataFrame, spec: dict[str, Any],
            file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn text cells into the declared types, noting every cell that does not fit."""
    problems, typed = [], {}
    for name, column in spec["columns"].items():
        raw = frame[name]
        kind = column["type"]
        if kind == "string":
            typed[name] = raw.astype("string")
            continue
        if kind == "date":
            values = raw.map(lambda cell: cell if pd.isna(cell) or is_calendar_date(cell) else None)
            bad = raw.notna() & values.isna()
            for index in raw.index[bad]:
                problems.append(Problem(file, "a real calendar date written YYYY-MM-DD",
                                        row=int(index) + 1, column=name, found=str(raw[index])))
            typed[name] = values.astype("string")
            continue
        if kind == "boolean":
            values = raw.map(lambda cell: _BOOLEANS.get(cell) if pd.notna(cell) else None)
        else:
            values = pd.to_numeric(raw, errors="coerce").astype("float64")
            values = values.where(values.abs() < _LARGEST)  # no inf, nothing beyond 2**53
            if kind == "integer":
                values = values.where(values.isna() | (values % 1 == 0))
        bad = raw.notna() & pd.isna(values)
        for index in raw.index[bad]:
            problems.append(Problem(file, f"a value of type {kind}", row=int(index) + 1,
                                    column=name, found=str(raw[index])))
        typed[name] = pd.array(values.where(~bad, None).tolist(), dtype=_DTYPES[kind])
    return pd.DataFrame(typed, index=frame.index), problems


def _short_row(text: str, file: str) -> tuple[int, int, int] | None:
    """The first line with fewer fields than the header: (line, header fields, its fields).

    Raises
    ------
    DataError
        For a cell longer than the csv module reads (no table holds one: a paragraph is at
        most 20,000 characters), naming its line.
    """
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, [])
            for fields in reader:
                if fields and len(fields) < len(header):
                    return reader.line_num, len(header), len(fields)
        except csv.Error as error:
            limit = csv.field_size_limit()
            raise DataError([Problem(file, f"cells of at most {limit:,} characters",
                                     row=reader.line_num, found=f"a longer cell ({error})")]
                            ) from None
    return None


#: Tables read and checked in this process, by content: see :func:`read_table`.
_READ: OrderedDict[tuple[str, str, bool], pd.DataFrame] = OrderedDict()
_READ_LOCK = threading.Lock()
_READ_KEPT = 32


def read_table(path: Path, spec: dict[str, Any], check: bool = True) -> pd.DataFrame:
    """Read one table as text, check it against its dictionary entry, return it typed.

    With ``check=False`` only the file, columns and cell types are checked (no pandera rules):
    chapters read data the build has already validated, and save the time of checking it again.

    A process that reads the same bytes under the same dictionary entry again (a warm kernel
    running chapter after chapter, the command line run in-process many times) gets a copy of
    the table it read the first time: the outcome depends on nothing else, and reading and
    checking is most of what validation costs. Tables with problems are never kept.

    Raises
    ------
    DataError
        With one problem per bad cell (and per missing or extra column).
    """
    problems = check_file(path)
    if problems:
        raise DataError(problems)
    data = path.read_bytes()  # the bytes keyed are the bytes read
    key = (hashlib.sha256(data).hexdigest(), json.dumps(spec, sort_keys=True, default=str),
           check)
    with _READ_LOCK:
        if key in _READ:
            _READ.move_to_end(key)
            return _READ[key].copy()
    typed = _read_checked(path, data.decode("utf-8"), spec, check)
    with _READ_LOCK:
        _READ[key] = typed.copy()
        while len(_READ) > _READ_KEPT:
            _READ.popitem(last=False)
    return typed


def _read_checked(path: Path, text: str, spec: dict[str, Any], check: bool) -> pd.DataFrame:
    """:func:`read_table`'s work on the text of a file whose bytes passed :func:`check_file`
    (``path`` names it in problems)."""
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        fields = _FIELDS.search(str(error))
        if fields:  # pandas counts lines from 1 with the header: a text line, not a data row
            expected, line, found = fields.groups()
            problem = Problem(str(path), f"{expected} fields, as many as the header has",
                              row=int(line), found=f"{found} fields")
        else:
            problem = Problem(str(path), "well-formed CSV", found=str(error).strip())
        raise DataError([problem]) from None
    short = _short_row(text, str(path))
    if short is not None:  # pandas pads a short row with empty cells: say so instead
        line, header, found = short
        raise DataError([Problem(str(path), f"{header} fields, as many as the header has",
                                 row=line, found=f"{found} fields")])
    expected = list(spec["columns"])
    missing = [c for c in expected if c not in frame.columns]
    extra = [c for c in frame.columns if c not in expected]
    problems = [Problem(str(path), "this column in the header", row=0, column=c) for c in missing]
    problems += [Problem(str(path), f"only the columns {expected}", row=0, column=c,
                         found="an extra column") for c in extra]
    if problems:
        raise DataError(problems)
    if list(frame.columns) != expected:
        raise DataError([Problem(str(path), f"columns in the order {expected}", row=0,
                                 found=str(list(frame.columns)))])
    if len(frame) < spec.get("min_rows", 0):
        raise DataError([Problem(str(path), f"at least {spec['min_rows']} data row(s) under the "
                                 "header", found=f"{len(frame)} rows")])
    typed, problems = _coerce(frame, spec, str(path))
    if check:
        from pandera.errors import SchemaErrors

        try:
            _pandera_schema(spec).validate(typed, lazy=True)
        except SchemaErrors as errors:
            problems += _problems_from_pandera(errors.failure_cases, str(path), typed)
        problems += _key_problems(typed, spec, str(path))
    if problems:
        raise DataError(_unique(problems))
    return typed


def _key_problems(typed: pd.DataFrame, spec: dict[str, Any], file: str) -> list[Problem]:
    """Rows repeating an earlier row's key (a key of one ``unique`` column is left to pandera)."""
    key = list(spec.get("key") or [])
    if not key or (len(key) == 1 and spec["columns"][key[0]].get("unique")):
        return []
    values = typed[key].astype("string")
    first = {}
    problems = []
    for index, row in zip(values.index, values.itertuples(index=False)):
        if any(pd.isna(v) for v in row):
            continue
        if row in first:
            problems.append(Problem(file, f"a {' + '.join(key)} unique in the table (row "
                                    f"{first[row]} has the same)", row=int(index) + 1,
                                    column=key[-1], found=" ".join(map(str, row))))
        else:
            first[row] = int(index) + 1
    return problems


def _problems_from_pandera(cases: pd.DataFrame, file: str, typed: pd.DataFrame) -> list[Problem]:
    problems = []
    for case in cases.to_dict("records"):
        index, column, check = case["index"], case["column"], str(case["check"])
        if check.startswith(("dtype(", "coerce_dtype(")):
            continue  # type problems were reported cell by cell while coercing
        if check == "not_nullable":
            expected = "a value (this column is required)"
        elif check == "field_uniqueness":
            expected = "a value unique in this column"
        else:
            expected = check
        row = int(index) + 1 if pd.notna(index) else None
        found = None if check == "not_nullable" else str(case["failure_case"])
        problems.append(Problem(file, expected, row=row, column=column, found=found))
    return problems


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, unique = set(), []
    for problem in problems:
        key = (problem.row, problem.column) if problem.row else (problem.column, problem.expected)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


def dictionary_frame(spec: dict[str, Any]) -> pd.DataFrame:
    """One table's entry of the data dictionary as rows a reader can scan."""
    rows = []
    for name, column in spec["columns"].items():
        rule = ""
        if "allowed" in column:
            rule = "one of: " + ", ".join(map(str, column["allowed"]))
        elif "pattern" in column:
            rule = f"matches {column['pattern']}"
        elif "min" in column:
            rule = f"at least {column['min']}"
        rows.append({"column": name, "type": column["type"],
                     "required": "yes" if column.get("required") else "no",
                     "unique": "yes" if column.get("unique") else "",
                     "rule": rule, "description": column["description"]})
    return pd.DataFrame(rows)
