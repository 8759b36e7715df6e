"""Validate every table of a project: each against its schema, then the checks across tables.

The cross-table checks are what make a figure trustworthy: its paragraph exists, its quote is
in that paragraph word for word (or in the press story it comes from), its numbers can be read
back from its quote, and its bounds are honest (a lower bound has no high, a range has both).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from isilbook.data.footnotes import check_footnotes
from isilbook.data.numbers import reads_value
from isilbook.data.parse import section_codes
from isilbook.data.schema import load_dictionary, read_table
from isilbook.data.sources import read_text, verify_sources
from isilbook.errors import DataError, Problem

_BOUNDS = {
    "exact": ("both", "equal"), "around": ("both", "equal"), "between": ("both", "less"),
    "more than": ("low", None), "at least": ("low", None),
    "fewer than": ("high", None), "up to": ("high", None),
}


@dataclass
class Tables:
    """Every table of a project, typed and schema-checked."""

    manifest: pd.DataFrame
    paragraphs: pd.DataFrame
    references: pd.DataFrame
    places: pd.DataFrame
    units: pd.DataFrame
    figures: pd.DataFrame
    footnotes: pd.DataFrame


def load_tables(data: Path, check: bool = True) -> Tables:
    """Read and schema-check every table in a data folder, gathering all their problems.

    ``check=False`` skips the schema rules (types are still enforced): for chapters, which run
    only after the build validated the same files.
    """
    if not data.is_dir():
        raise DataError([Problem(str(data), "a data folder (it does not exist)")])
    dictionary = load_dictionary(data)
    frames, problems = {}, []
    for name in Tables.__dataclass_fields__:
        try:
            frames[name] = read_table(data / dictionary[name]["file"], dictionary[name], check)
        except DataError as error:
            problems += error.problems
    if problems:
        raise DataError(problems)
    return Tables(**frames)


def check_figures(tables: Tables, figures_file: Path, raw: Path) -> list[Problem]:
    """Checks across tables for the curated figures."""
    file = str(figures_file)
    paragraphs = tables.paragraphs.assign(code=section_codes(tables.paragraphs))
    by_paragraph = {(d, int(p)): (t, c) for d, p, t, c in
                    paragraphs[["document", "paragraph", "text", "code"]].itertuples(index=False)}
    sources = tables.manifest.set_index("id")
    units = set(tables.units["unit"])
    source_texts: dict[str, str] = {}
    problems: list[Problem] = []
    for index, figure in tables.figures.iterrows():
        row = int(index) + 1

        problem = partial(_add_problem, problems, file, row)

        if figure["unit"] not in units:
            problem("unit", "a unit listed in units.csv", figure["unit"])
        if figure["source"] not in sources.index:
            problem("source", "a source id from the manifest", figure["source"])
            continue
        source = sources.loc[figure["source"]]
        if source["document"] != figure["document"]:
            problem("document", f"{source['document']} (the document of source "
                    f"{figure['source']})", figure["document"])
        if pd.notna(figure["paragraph"]):
            key = (figure["document"], int(figure["paragraph"]))
            if key not in by_paragraph:
                problem("paragraph", f"a paragraph of {figure['document']} in paragraphs.csv",
                        figure["paragraph"])
                continue
            text, code = by_paragraph[key]
            if pd.notna(figure["section"]) and figure["section"] != code:
                problem("section", f"{code} (the heading of paragraph {key[1]})",
                        figure["section"])
        elif source["kind"] == "primary":
            problem("paragraph", "a paragraph number (the source is a report text)")
            continue
        else:
            if figure["source"] not in source_texts:
                source_texts[figure["source"]] = " ".join(read_text(raw / source["file"]).split())
            text = source_texts[figure["source"]]
        if figure["quote"] not in text:
            where = f"paragraph {int(figure['paragraph'])}" if pd.notna(figure["paragraph"]) \
                else f"the text of {figure['source']}"
            problem("quote", f"words found verbatim in {where}", figure["quote"])
        problems += _check_bounds(figure, file, row)
    return problems


def _add_problem(problems: list[Problem], file: str, row: int, column: str, expected: str,
                 found: object = None) -> None:
    problems.append(Problem(file, expected, row=row, column=column,
                            found=None if found is None else str(found)))


def _check_bounds(figure: pd.Series, file: str, row: int) -> list[Problem]:
    low, high, qualifier = figure["low"], figure["high"], figure["qualifier"]
    present, relation = _BOUNDS[qualifier]
    problems = []
    needs = {"both": ("low", "high"), "low": ("low",), "high": ("high",)}[present]
    for column in ("low", "high"):
        value = figure[column]
        if column in needs and pd.isna(value):
            problems.append(Problem(file, f"a value (qualifier {qualifier!r} needs it)", row,
                                    column))
        if column not in needs and pd.notna(value):
            problems.append(Problem(file, f"no value (qualifier {qualifier!r} is a one-sided "
                                    "bound)", row, column, str(value)))
        if pd.notna(value) and not reads_value(figure["quote"], float(value)):
            problems.append(Problem(file, "a number that can be read from the quote", row,
                                    column, str(value)))
    if pd.notna(low) and pd.notna(high):
        if low > high:
            problems.append(Problem(file, f"low <= high (high is {high})", row, "low", str(low)))
        elif relation == "equal" and low != high:
            problems.append(Problem(file, f"low == high for qualifier {qualifier!r}", row,
                                    "high", str(high)))
        elif relation == "less" and low == high:
            problems.append(Problem(file, "a range with low < high for 'between'", row, "high",
                                    str(high)))
    return problems


def check_generated(tables: Tables, data: Path) -> list[Problem]:
    """References and places must point at paragraphs that exist."""
    known = set(zip(tables.paragraphs["document"], tables.paragraphs["paragraph"].astype(int)))
    problems = []
    for name in ("references", "places"):
        frame = getattr(tables, name)
        for index, (document, paragraph) in enumerate(
                zip(frame["document"], frame["paragraph"].astype(int)), start=1):
            if (document, paragraph) not in known:
                problems.append(Problem(str(data / f"{name}.csv"), "a paragraph in paragraphs.csv",
                                        index, "paragraph", f"{document} {paragraph}"))
    return problems


def validate_data(data: Path) -> Tables:
    """Run every check on a data folder; raise one DataError listing all problems."""
    if not data.is_dir():
        raise DataError([Problem(str(data), "a data folder (it does not exist)")])
    verify_sources(data / "raw")
    tables = load_tables(data)
    problems = check_generated(tables, data)
    problems += check_figures(tables, data / "figures.csv", data / "raw")
    problems += check_footnotes(tables.footnotes, tables.paragraphs, data / "footnotes.csv")
    if problems:
        raise DataError(problems)
    return tables
