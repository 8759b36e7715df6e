"""Checking the data dictionary itself before any table is read with it.

``data/dictionary.yml`` drives validation, so a broken entry (an unknown type, a missing table,
a pattern that is not a regular expression) would otherwise surface as a ``KeyError`` or
``re.error`` deep inside pandas or pandera. Every problem here names the dictionary's line.

The code reads some columns by name and type (a paragraph number is compared as an integer, a
figure's low value as a number); :data:`NEEDED` lists them, so that an edit to the dictionary
that the code cannot follow is refused here rather than met as a crash in a chapter.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

import yaml

from isilbook.errors import Problem

#: libyaml's safe loader where PyYAML was built with it (ten times faster), else PyYAML's own.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TYPES = ("string", "date", "integer", "number", "boolean")
_S, _D, _I, _N, _B = TYPES
NEEDED: dict[str, dict[str, str]] = {
    "manifest": {"id": _S, "document": _S, "title": _S, "publisher": _S, "date": _D, "kind": _S,
                 "address": _S, "origin": _S, "licence": _S, "file": _S, "sha256": _S,
                 "bytes": _I},
    "paragraphs": {"document": _S, "paragraph": _I, "chapter": _S, "chapter_title": _S,
                   "section": _S, "section_title": _S, "subsection": _I,
                   "subsection_title": _S, "line": _I, "text": _S},
    "references": {"document": _S, "paragraph": _I, "kind": _S, "target": _S, "pinpoint": _S,
                   "via_ibid": _B, "text": _S},
    "places": {"document": _S, "paragraph": _I, "kind": _S, "name": _S, "iso3": _S, "text": _S,
               "sentence": _I},
    "units": {"unit": _S, "description": _S},
    "figures": {"id": _S, "edition": _I, "document": _S, "source": _S, "paragraph": _I,
                "section": _S, "theme": _S, "indicator": _S, "label": _S, "low": _N, "high": _N,
                "unit": _S, "qualifier": _S, "period": _S, "vouched_by": _S, "quote": _S,
                "note": _S, "population": _S, "area": _S, "count_kind": _S, "refers_to": _S,
                "vague": _S, "attribution": _S, "attributed_to": _S, "status": _S},
    "editions": {"ordinal": _I, "symbol": _S, "date": _D, "date_kind": _S, "mandate": _S,
                 "period": _S, "holding": _S, "address": _S, "seen_in": _S},
    "indicators": {"indicator": _S, "label": _S, "definition": _S, "unit": _S, "theme": _S,
                   "series": _B, "comparability": _S, "population": _S, "area": _S,
                   "count_kind": _S},
    "chapters": {"chapter": _S, "title": _S, "part": _S, "heading": _S, "topic": _S,
                 "headlines": _S},
    "sections": {"edition": _I, "chapter": _S, "heading": _S, "note": _S},
    "presentations": {"edition": _I, "document": _S, "meeting_date": _D, "meeting_record": _S,
                      "press_release": _S, "briefers": _S, "mandate": _S, "meeting_seen_in": _S,
                      "briefers_seen_in": _S, "mandate_seen_in": _S, "note": _S},
}
# Qualifiers the bounds check knows how to read (isilbook.data.validate).
QUALIFIERS = ("exact", "around", "between", "more than", "at least", "fewer than", "up to")


def dictionary_problems(file: str, text: str, dictionary: dict[str, Any]) -> list[Problem]:
    """Every problem with a parsed dictionary, each on the line of the key it concerns."""
    found_lines: list[dict[tuple[str, ...], int]] = []  # read once, and only for a problem
    problems: list[Problem] = []

    def add(where: tuple[str, ...], expected: str, found: object = None) -> None:
        if not found_lines:
            found_lines.append(_key_lines(text))
        lines = found_lines[0]
        while where and where not in lines:
            where = where[:-1]
        problems.append(Problem(file, expected, row=lines.get(where),
                                found=None if found is None else str(found)))

    for table in NEEDED:
        if table not in dictionary:
            add((), f"an entry for the table {table!r}", "no such entry")
    for table, spec in dictionary.items():
        _check_table(str(table), spec, add)
    return problems


def _check_table(table: str, spec: dict[str, Any], add) -> None:
    where = (table,)
    name = spec.get("file")
    if not isinstance(name, str) or not _inside_data(name):
        add((*where, "file"), f"a .csv file inside data/ for table {table!r}", name)
    for text in ("description", "origin"):  # the book's data-dictionary page prints both
        if not isinstance(spec.get(text), str):
            add((*where, text), f"a {text} of table {table!r} (text)", spec.get(text))
    columns = spec["columns"]
    for column, needed_type in NEEDED.get(table, {}).items():
        if column not in columns:
            add((*where, "columns"), f"the column {table}.{column} (the code reads it)",
                "no such column")
        elif isinstance(columns[column], dict) and columns[column].get("type") in TYPES and \
                columns[column]["type"] != needed_type:
            add((*where, "columns", column), f"type {needed_type!r} for {table}.{column} (the "
                "code reads it so)", columns[column].get("type"))
    for column, rules in columns.items():
        _check_column(f"{table}.{column}", rules, (*where, "columns", str(column)), add)
    key = spec.get("key", [])
    if not isinstance(key, list) or any(part not in columns for part in key):
        add((*where, "key"), f"a list of columns of {table!r}", key)
    min_rows = spec.get("min_rows", 0)
    if not isinstance(min_rows, int) or isinstance(min_rows, bool) or min_rows < 0:
        add((*where, "min_rows"), "a whole number of rows", min_rows)
    qualifiers = columns.get("qualifier") if table == "figures" else None
    if isinstance(qualifiers, dict) and not (_scalars(qualifiers.get("allowed"))
                                             and set(qualifiers["allowed"]) <= set(QUALIFIERS)):
        add((*where, "columns", "qualifier"), f"allowed qualifiers among {list(QUALIFIERS)}",
            qualifiers.get("allowed"))


def _check_column(name: str, rules: Any, where: tuple[str, ...], add) -> None:
    if not isinstance(rules, dict):
        add(where, f"a mapping of rules for the column {name}", rules)
        return
    if rules.get("type") not in TYPES:
        add((*where, "type"), f"a type among {list(TYPES)} for {name}", rules.get("type"))
    if not isinstance(rules.get("description"), str):
        add(where, f"a description of {name}", rules.get("description"))
    for flag in ("required", "unique"):
        if not isinstance(rules.get(flag, False), bool):
            add((*where, flag), f"true or false for {name}", rules[flag])
    if "pattern" in rules:
        try:
            re.compile(rules["pattern"])
        except (re.error, TypeError) as error:
            add((*where, "pattern"), f"a regular expression for {name}",
                f"{rules['pattern']!r} ({error})")
    if "allowed" in rules and not _scalars(rules["allowed"]):
        add((*where, "allowed"), f"a non-empty list of values for {name}", rules["allowed"])
    if "min" in rules and (isinstance(rules["min"], bool)
                           or not isinstance(rules["min"], (int, float))):
        add((*where, "min"), f"a number for {name}", rules["min"])


def _scalars(values: Any) -> bool:
    """A non-empty list of plain values (what ``allowed`` must be)."""
    return isinstance(values, list) and bool(values) and all(
        isinstance(value, (str, int, float)) for value in values)


def _inside_data(name: str) -> bool:
    path = PurePosixPath(name)
    return name.endswith(".csv") and not path.is_absolute() and ".." not in path.parts \
        and "\\" not in name


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """1-based line of every mapping key, by its path of keys (``("figures", "columns")``)."""
    lines: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = (*path, str(key.value))
                lines[here] = key.start_mark.line + 1
                walk(value, here)

    root = yaml.compose(text, Loader=SAFE_LOADER)
    if root is not None:
        walk(root, ())
    return lines
