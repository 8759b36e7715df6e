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
from isilbook.data.reading_text import check_readings, check_templates
from isilbook.data.rederive import check_rederived
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
    editions: pd.DataFrame
    indicators: pd.DataFrame
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
    symbols = dict(zip(tables.editions["ordinal"].astype(int), tables.editions["symbol"]))
    catalogue = tables.indicators.set_index("indicator")
    for index, figure in tables.figures.iterrows():
        row = int(index) + 1

        problem = partial(_add_problem, problems, file, row)

        if figure["unit"] not in units:
            problem("unit", "a unit listed in units.csv", figure["unit"])
        if figure["indicator"] not in catalogue.index:
            problem("indicator", "an indicator of the catalogue (indicators.csv)",
                    figure["indicator"])
        elif figure["unit"] in units and \
                catalogue.loc[figure["indicator"], "unit"] != figure["unit"]:
            problem("unit", f"{catalogue.loc[figure['indicator'], 'unit']} (the catalogue's unit "
                    f"for {figure['indicator']})", figure["unit"])
        edition = int(figure["edition"])
        if edition not in symbols:
            problem("edition", "an ordinal of editions.csv", edition)
        elif _text(figure["document"]) != _text(symbols[edition]):
            problem("document", f"{_text(symbols[edition]) or 'no symbol'} (the symbol of edition "
                    f"{edition} in editions.csv)", _text(figure["document"]) or "no symbol")
        if figure["source"] not in sources.index:
            problem("source", "a source id from the manifest", figure["source"])
            continue
        source = sources.loc[figure["source"]]
        if source["kind"] == "reference":
            problem("source", "a report text or coverage of a report (not a reference file)",
                    figure["source"])
            continue
        if pd.notna(source["document"]) and source["document"] != figure["document"]:
            problem("document", f"{source['document']} (the document of source "
                    f"{figure['source']})", figure["document"])
        expected = _vouching(source)
        if figure["vouched_by"] not in expected:
            problem("vouched_by", " or ".join(expected) + f" (source {figure['source']} is "
                    f"{'a report text' if source['kind'] == 'primary' else 'coverage'})",
                    figure["vouched_by"])
        if pd.isna(source["file"]):
            if pd.notna(figure["quote"]):
                problem("quote", f"no quote: source {figure['source']} is recorded by its "
                        "address, so the project cannot check the words", figure["quote"])
            if pd.notna(figure["paragraph"]):
                problem("paragraph", "no paragraph (the source is coverage, not the report text)",
                        figure["paragraph"])
            problems += _check_bounds(figure, file, row, quoted=False)
            continue
        if pd.isna(figure["quote"]):
            problem("quote", f"the words of held source {figure['source']} stating the figure")
            continue
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


def _text(value: object) -> str:
    return "" if pd.isna(value) else str(value)


def _vouching(source: pd.Series) -> tuple[str, ...]:
    """What may vouch for a figure from this source: a report text vouches for itself."""
    if source["kind"] == "primary":
        return ("report text",)
    return ("coverage of the report", "briefer")


def _add_problem(problems: list[Problem], file: str, row: int, column: str, expected: str,
                 found: object = None) -> None:
    problems.append(Problem(file, expected, row=row, column=column,
                            found=None if found is None else str(found)))


def _check_bounds(figure: pd.Series, file: str, row: int,
                  quoted: bool = True) -> list[Problem]:
    """Bounds honest to the qualifier; with a quote, each value readable from it."""
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
        if quoted and pd.notna(value) and not reads_value(figure["quote"], float(value)):
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


def check_editions(tables: Tables, data: Path) -> list[Problem]:
    """The series: ordinals without gaps, dates rising with them, sources and holdings true.

    ``holding`` is stored for readers of the CSV but must say what the other tables show: the
    edition's text is held, or figures from coverage are, or the edition is only listed.
    """
    file = str(data / "editions.csv")
    editions = tables.editions
    problems: list[Problem] = []
    ordinals = editions["ordinal"].astype(int).tolist()
    for index, (ordinal, expected) in enumerate(zip(ordinals, range(1, len(ordinals) + 1)), 1):
        if ordinal != expected:
            problems.append(Problem(file, f"ordinal {expected} (ordinals run 1, 2, 3 ... in "
                                    "order, without gaps)", index, "ordinal", str(ordinal)))
            break
    dates = editions["date"].tolist()
    for index in range(1, len(dates)):
        earlier, date = dates[index - 1], dates[index]
        if pd.notna(date) and pd.notna(earlier) and date <= earlier:
            problems.append(Problem(file, f"a date after {earlier} (the date of edition "
                                    f"{ordinals[index - 1]}): dates rise with the ordinal",
                                    index + 1, "date", date))
    manifest = tables.manifest
    known = set(manifest["id"])
    text_documents = set(manifest.loc[manifest["kind"] == "primary", "document"].dropna())
    covered = set(tables.figures.loc[tables.figures["vouched_by"] != "report text",
                                     "edition"].astype(int))
    for index, edition in enumerate(editions.itertuples(index=False), start=1):
        symbol = _text(edition.symbol)
        for source in filter(None, str(edition.seen_in).split(";")):
            if source not in known:
                problems.append(Problem(file, "source ids from the manifest, separated by ';'",
                                        index, "seen_in", source))
        holding = ("text" if symbol and symbol in text_documents
                   else "coverage" if int(edition.ordinal) in covered else "listed")
        if edition.holding != holding:
            problems.append(Problem(file, f"{holding} (what the manifest and figures hold for "
                                    "this edition)", index, "holding", edition.holding))
        address = f"https://undocs.org/en/{symbol}" if symbol else ""
        if _text(edition.address) != address:
            problems.append(Problem(file, f"{address or 'no address'} (from the symbol)", index,
                                    "address", _text(edition.address) or "no address"))
    return problems


def check_indicators(tables: Tables, data: Path) -> list[Problem]:
    """Every catalogued indicator has a unit from units.csv."""
    units = set(tables.units["unit"])
    return [Problem(str(data / "indicators.csv"), "a unit listed in units.csv", index, "unit",
                    unit)
            for index, unit in enumerate(tables.indicators["unit"], start=1)
            if unit not in units]


def check_book(tables: Tables, data: Path) -> list[Problem]:
    """The book's own text beside the data: templates and the readings of every edition."""
    book = data.parent / "book"
    if not book.is_dir():
        return []
    chapters = set(load_dictionary(data)["figures"]["columns"]["theme"]["allowed"])
    return check_templates(book) + check_readings(tables, book, data / "raw", chapters)


def check_nul_bytes(tables: Tables, data: Path) -> list[Problem]:
    """No cell of any table holds a NUL byte: pandas reads one without a word, but it ends a
    string in the C code further on (a kernel dies on it), and no source prints one."""
    dictionary = load_dictionary(data)
    problems = []
    for name in Tables.__dataclass_fields__:
        frame = getattr(tables, name)
        for column in frame.columns:
            cells = frame[column]
            if cells.dtype != "string" and cells.dtype != object:
                continue
            held = cells.astype("string").str.contains("\x00", regex=False).fillna(False)
            problems += [Problem(str(data / dictionary[name]["file"]), "text without NUL bytes",
                                 int(index) + 1, column, "a NUL byte (U+0000)")
                         for index in cells.index[held.to_numpy(dtype=bool)]]
    return problems


def validate_data(data: Path) -> Tables:
    """Run every check on a data folder; raise one DataError listing all problems."""
    if not data.is_dir():
        raise DataError([Problem(str(data), "a data folder (it does not exist)")])
    verify_sources(data / "raw")
    tables = load_tables(data)
    problems = check_nul_bytes(tables, data)
    problems += check_generated(tables, data)
    problems += check_figures(tables, data / "figures.csv", data / "raw")
    problems += check_editions(tables, data)
    problems += check_indicators(tables, data)
    problems += check_rederived(data, problems)
    problems += check_footnotes(tables.footnotes, tables.paragraphs, data / "footnotes.csv")
    if not problems:  # readings name rows of the tables: read them once the tables hold
        problems += check_book(tables, data)
    if problems:
        raise DataError(problems)
    return tables
