"""Validate every table of a project: each against its schema, then the checks across tables.

The cross-table checks are what make a figure trustworthy: its paragraph exists, its quote is
in that paragraph word for word (or in the press story it comes from), its numbers can be read
back from its quote, and its bounds are honest (a lower bound has no high, a range has both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from isilbook.data.comparability import differences
from isilbook.data.footnotes import check_footnotes
from isilbook.data.numbers import VAGUE, find_numbers, reads_value
from isilbook.data.parse import section_codes
from isilbook.data.reading_text import check_readings, check_templates
from isilbook.data.rederive import check_rederived
from isilbook.data.schema import load_dictionary, read_table
from isilbook.data.sources import read_text, verify_sources
from isilbook.data.vague import VAGUE_WORDS, reading
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
    presentations: pd.DataFrame
    chapters: pd.DataFrame
    sections: pd.DataFrame


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
    chapters = set(tables.chapters["chapter"])
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


def check_chapters(tables: Tables, data: Path) -> list[Problem]:
    """The chapter registry holds together: every theme is a chapter, every chapter has its
    template, heading words are regular expressions, and headlines are the chapter's
    measures."""
    registry = tables.chapters
    names = set(registry["chapter"])
    problems: list[Problem] = []
    for name, column in (("figures", "theme"), ("indicators", "theme")):
        for index, value in enumerate(getattr(tables, name)[column], start=1):
            if value not in names:
                problems.append(Problem(str(data / f"{name}.csv"), "a chapter of chapters.csv, "
                                        f"one of {sorted(names)}", index, column, value))
    catalogue = tables.indicators.set_index("indicator")["theme"]
    file = str(data / "chapters.csv")
    for index, row in enumerate(registry.itertuples(index=False), start=1):
        if not (data.parent / "book" / f"{row.chapter}.md").is_file():
            problems.append(Problem(file, f"a chapter whose template book/{row.chapter}.md "
                                    "exists", index, "chapter", row.chapter))
        problems += _pattern_problems(file, index, "heading", row.heading)
        for key in str(row.headlines).split() if isinstance(row.headlines, str) else []:
            if catalogue.get(key) != row.chapter:
                problems.append(Problem(file, f"indicators of the catalogue whose theme is "
                                        f"{row.chapter}", index, "headlines", key))
    file = str(data / "sections.csv")
    ordinals = set(tables.editions["ordinal"].astype(int))
    for index, row in enumerate(tables.sections.itertuples(index=False), start=1):
        if int(row.edition) not in ordinals:
            problems.append(Problem(file, "an ordinal of editions.csv", index, "edition",
                                    str(row.edition)))
        if row.chapter not in names:
            problems.append(Problem(file, f"a chapter of chapters.csv, one of {sorted(names)}",
                                    index, "chapter", row.chapter))
        problems += _pattern_problems(file, index, "heading", row.heading)
    return problems


def _pattern_problems(file: str, row: int, column: str, pattern: str) -> list[Problem]:
    try:
        re.compile(pattern)
    except re.error as error:
        return [Problem(file, f"a regular expression ({error})", row, column, pattern)]
    return []


#: Each fact of a presentation row and the column naming the sources that show it.
PRESENTATION_FACTS = {"meeting_seen_in": ("meeting_date", "meeting_record", "press_release"),
                      "briefers_seen_in": ("briefers",), "mandate_seen_in": ("mandate",)}


def check_presentations(tables: Tables, data: Path) -> list[Problem]:
    """Each presentation is of a known edition, and every fact it states is vouched for.

    A fact needs at least one source record from the manifest that is about the same edition
    (or about no single one); sources with no fact to vouch for are refused too, so the table
    never claims more support than it has. The mandate must agree with editions.csv, and a
    meeting cannot come before the edition it discusses.
    """
    file = str(data / "presentations.csv")
    editions = tables.editions.set_index(tables.editions["ordinal"].astype(int))
    documents = tables.manifest.set_index("id")["document"]
    problems: list[Problem] = []
    for index, row in enumerate(tables.presentations.itertuples(index=False), start=1):
        problem = partial(_add_problem, problems, file, index)
        ordinal = int(row.edition)
        if ordinal not in editions.index:
            problem("edition", "an ordinal of editions.csv", ordinal)
            continue
        edition = editions.loc[ordinal]
        symbol = _text(edition["symbol"])
        if _text(row.document) != symbol:
            problem("document", f"{symbol or 'no symbol'} (the symbol of edition {ordinal} in "
                    "editions.csv)", _text(row.document) or "no symbol")
        if pd.notna(row.mandate) and row.mandate != edition["mandate"]:
            problem("mandate", f"{edition['mandate']} (the mandate of edition {ordinal} in "
                    "editions.csv)", row.mandate)
        if pd.notna(row.meeting_date) and row.meeting_date < edition["date"]:
            problem("meeting_date", f"a date on or after {edition['date']} (the date of edition "
                    f"{ordinal})", row.meeting_date)
        for seen_in, facts in PRESENTATION_FACTS.items():
            sources = [s for s in _text(getattr(row, seen_in)).split(";") if s]
            stated = [fact for fact in facts if pd.notna(getattr(row, fact))]
            if stated and not sources:
                problem(seen_in, f"the ids of the sources (manifest) showing {', '.join(stated)}")
            if sources and not stated:
                problem(seen_in, f"no sources: {' and '.join(facts)} "
                        f"{'is' if len(facts) == 1 else 'are'} empty", ";".join(sources))
            for source in sources:
                if source not in documents.index:
                    problem(seen_in, "source ids from the manifest, separated by ';'", source)
                elif pd.notna(documents[source]) and symbol and documents[source] != symbol:
                    problem(seen_in, f"a source about {symbol} (source {source} is about "
                            f"{documents[source]})", source)
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
    problems += check_figure_readings(tables, data / "figures.csv")
    problems += check_editions(tables, data)
    problems += check_indicators(tables, data)
    problems += check_presentations(tables, data)
    problems += check_chapters(tables, data)
    problems += check_rederived(data, problems)
    problems += check_footnotes(tables.footnotes, tables.paragraphs, data / "footnotes.csv")
    if not problems:  # readings name rows of the tables: read them once the tables hold
        problems += check_book(tables, data)
    if problems:
        raise DataError(problems)
    return tables


# --- readings, attribution and comparability of figures (one check each, small and apart) ----

_NAMED = ("UN entity", "briefer", "other body")


def check_figure_readings(tables: Tables, figures_file: Path) -> list[Problem]:
    """Vague words read by the one table, attributions named, years only on period sums.

    A figure whose low is a vague word's reading names the words (``vague``), which must be in
    the table of vague words, stand in its quote, and give the table's floor as its low; a quote
    whose low the number reader finds only as a vague word must say so in ``vague``. A UN
    entity, a briefer or another body is named (``attributed_to``). ``refers_to`` belongs to a
    total over a period.
    """
    file = str(figures_file)
    problems: list[Problem] = []
    catalogue = tables.indicators.set_index("indicator")
    for index, figure in tables.figures.iterrows():
        problem = partial(_add_problem, problems, file, int(index) + 1)
        words = _text(figure["vague"])
        if words:
            try:
                entry = reading(words)
            except KeyError:
                problem("vague", "words from the table of vague words (isilbook.data.vague): "
                        + ", ".join(w.words for w in VAGUE_WORDS), words)
            else:
                if figure["qualifier"] not in ("at least", "more than", "between"):
                    problem("vague", "no vague words: only a low end (at least, more than, "
                            "between) can be a vague word's reading", words)
                elif pd.isna(figure["low"]) or float(figure["low"]) != entry.floor:
                    problem("low", f"{entry.floor:g}, the floor the table reads "
                            f"“{entry.words}” as", _text(figure["low"]))
                quote = _text(figure["quote"])
                if quote and " ".join(entry.words.split()) not in " ".join(quote.lower().split()):
                    problem("vague", f"vague words that stand in the quote “{quote}”", words)
        elif pd.notna(figure["quote"]) and pd.notna(figure["low"]):
            spans = [s for s in find_numbers(str(figure["quote"]))
                     if s.value == float(figure["low"])]
            if spans and all(s.kind == VAGUE for s in spans):
                problem("vague", "the vague words the low reads (the quote states it only as "
                        f"“{figure['quote']}”)")
        named = _text(figure["attributed_to"])
        if figure["attribution"] in _NAMED and not named:
            problem("attributed_to", f"the name of the {figure['attribution']} the figure is "
                    "attributed to")
        if named and figure["attribution"] not in _NAMED:
            problem("attributed_to", "no name: only a UN entity, a briefer or another body is "
                    f"named (the attribution is {figure['attribution']})", named)
        if _text(figure["refers_to"]) and figure["indicator"] in catalogue.index:
            kind = _text(figure["count_kind"]) or _text(
                catalogue.loc[figure["indicator"], "count_kind"])
            if kind != "period sum":
                problem("refers_to", "no year: only a period sum refers to a year "
                        f"(this figure is a {kind})", figure["refers_to"])
    return problems


def check_chart(figures: pd.DataFrame, catalogue: pd.DataFrame, chart: str, *,
                measurements: bool = True, series: str | None = None) -> list[Problem]:
    """What may share one chart: each figure once; no forecast on a chart of measurements; and
    within each series (the rows sharing a value of the ``series`` column), only figures that
    count the same thing, since a series sets its points against each other.

    ``catalogue`` is indicators.csv indexed by indicator; problems name the chart and figure.
    """
    problems = []
    repeated = figures["id"][figures["id"].duplicated()]
    for figure_id in repeated.unique():
        problems.append(Problem(chart, "each figure drawn once", column="id",
                                found=f"{figure_id} drawn {int((figures['id'] == figure_id).sum())}"
                                      " times"))
    if measurements and "status" in figures:
        for figure_id in figures.loc[figures["status"] == "forecast", "id"]:
            problems.append(Problem(chart, "measurements only (a chart of what was measured)",
                                    column="status", found=f"{figure_id} is a forecast"))
    if series is not None:
        for _, group in figures.groupby(series, sort=False):
            first = group.iloc[0]
            for _, figure in group.iloc[1:].iterrows():
                found = differences(first, figure, catalogue)
                if found:
                    problems.append(Problem(chart, "one series of figures that count the same "
                                            "thing", column="id",
                                            found=f"{first['id']} and {figure['id']}: "
                                                  + "; ".join(found)))
    return problems
