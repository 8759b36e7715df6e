"""Candidate figures an author curates, and the step that appends the kept ones to the figures.

add-edition writes ``data/candidates/<slug>.csv`` (``s-2016-830.csv`` for S/2016/830): one row
per quantity the extractor finds, already in the columns of ``figures.csv`` (edition ordinal, an
id of the project's scheme, paragraph, section, a verbatim quote, qualifier, bounds, a unit of
``units.csv`` where one fits, an indicator and a theme suggested from the catalogue, ``vouched_by:
report text``), with a ``keep`` column first and, last, what the number counts as the text words
it and the sentence it sits in. The author reads each row, fixes what needs fixing, writes
``yes`` under ``keep`` for the figures worth keeping, and runs ``isilbook curate SYMBOL``:
:func:`curate` appends the kept rows to ``figures.csv`` only after they pass the same schema and
cross-table checks as ``isilbook validate``, and marks them ``added`` in the candidates file so
that a second run never appends them twice. On any problem nothing is written, and each problem
names the candidates file, its row and the column.

The suggestions are plain word matching, there for the author to confirm, never trusted: the
unit when the counted noun names one (``fighters`` and ``women and children`` count
``people``), the indicator whose catalogue words the sentence shares most among those of that
unit, and the theme whose indicators and curated headings share most words with the sentence and
its headings.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from isilbook.data.extract import extract_from_paragraphs
from isilbook.data.parse import section_codes
from isilbook.data.schema import load_dictionary, read_table
from isilbook.data.staging import StagedFiles
from isilbook.data.tables import table_bytes
from isilbook.data.validate import check_figures, load_tables
from isilbook.errors import DataError, Problem
from isilbook.paths import ProjectPaths, slug

__all__ = ["CANDIDATE_COLUMNS", "CurateReport", "FIGURE_COLUMNS", "candidates_path", "curate",
           "propose_candidates", "suggest_unit"]

FIGURE_COLUMNS = ["id", "edition", "document", "source", "paragraph", "section", "theme",
                  "indicator", "label", "low", "high", "unit", "qualifier", "period",
                  "vouched_by", "quote", "note", "population", "area", "count_kind",
                  "refers_to", "vague", "attribution", "attributed_to", "status"]
KEEP, ADDED = "yes", "added"
CANDIDATE_COLUMNS = ["keep", *FIGURE_COLUMNS, "counts", "sentence"]

# Nouns that count persons: their figures are in "people" (units.csv).
_PERSONS = frozenset("""
    people persons individuals fighters children women men boys girls minors adults youths
    detainees prisoners inmates refugees returnees migrants residents civilians nationals
    foreigners militants recruits members suspects victims deaths casualties dead wounded
    officials officers personnel staff troops soldiers judges prosecutors defendants
    terrorists combatants hostages survivors orphans students
""".split())
_STOP = frozenset("""
    the and for with from that this these those which have has had been were was are is its
    their there than into over under more most some such other also per cent about around
    between within while where when who whom whose whether each every all any both one two
    three report reports reported according member states state isil including including
    number numbers total may might said says new since after before during against near
    estimate estimated remain remains remained
""".split())
_WORD = re.compile(r"[a-z]{3,}")


def candidates_path(paths: ProjectPaths, document: str) -> Path:
    """Where add-edition writes a document's candidates: ``data/candidates/s-2016-830.csv``."""
    return paths.data / "candidates" / f"{slug(document)}.csv"


def figure_id_prefix(document: str) -> str:
    """The start of the ids of a report's figures: ``s2016-501`` for S/2016/501."""
    return re.sub(r"^([a-z]+)-", r"\1", slug(document))


def _stems(text: str) -> list[str]:
    words = _WORD.findall(text.lower() if isinstance(text, str) else "")
    return [w[:-1] if w.endswith("s") and not w.endswith("ss") else w
            for w in words if w not in _STOP]


def suggest_unit(counts: str, units: set[str]) -> str:
    """The unit of ``units.csv`` a candidate's counted noun names, or "" when none fits.

    >>> suggest_unit("women and children", {"people", "per cent"})
    'people'
    >>> suggest_unit("regional workshops", {"workshops"})
    'workshops'
    >>> suggest_unit("year", {"years", "months"})
    'years'
    >>> suggest_unit("tons", {"people"})
    ''
    """
    if not counts:
        return ""
    lowered = {unit.lower(): unit for unit in units}
    text = counts.strip().lower()
    head = text.split()[-1]
    for name in (text, text + "s", head, head + "s"):
        if name in lowered:
            return lowered[name]
    if head == "states" and "member states" in lowered:
        return lowered["member states"]
    if head in _PERSONS and "people" in lowered:
        return lowered["people"]
    return ""


@dataclass
class _Catalogue:
    """The indicator catalogue and curated figures, as words to match candidates against."""

    by_unit: dict[str, list[dict[str, object]]]
    theme_words: dict[str, Counter]
    # a report repeats its sentences' words often (a hostile one, thousands of times)
    suggested: dict[tuple[str, frozenset[str], frozenset[str]], tuple[str, str, str]] = field(
        default_factory=dict)

    @classmethod
    def read(cls, data: Path) -> _Catalogue:
        indicators = pd.read_csv(data / "indicators.csv", dtype=str, keep_default_na=False)
        by_unit: dict[str, list[dict[str, object]]] = {}
        themes = list(pd.read_csv(data / "chapters.csv", dtype=str)["chapter"])
        theme_words: dict[str, Counter] = {theme: Counter(_stems(theme)) for theme in themes}
        for row in indicators.to_dict("records"):
            words = set(_stems(" ".join([row["indicator"].replace("_", " "), row["label"],
                                         row["definition"]])))
            by_unit.setdefault(row["unit"], []).append({**row, "words": words})
            theme_words.setdefault(row["theme"], Counter()).update(words)
        figures = pd.read_csv(data / "figures.csv", dtype=str, keep_default_na=False)
        paragraphs = pd.read_csv(data / "paragraphs.csv", dtype=str, keep_default_na=False)
        headings = {(d, p): " ".join([c, s, u]) for d, p, c, s, u in zip(
            paragraphs["document"], paragraphs["paragraph"], paragraphs["chapter_title"],
            paragraphs["section_title"], paragraphs["subsection_title"], strict=True)}
        for theme, document, paragraph in zip(figures["theme"], figures["document"],
                                              figures["paragraph"], strict=True):
            theme_words.setdefault(theme, Counter()).update(
                set(_stems(headings.get((document, paragraph), ""))))
        return cls(by_unit, theme_words)

    def indicator(self, unit: str, sentence: frozenset[str],
                  heading: frozenset[str]) -> dict[str, object] | None:
        """The catalogue row of ``unit`` sharing most words with the sentence (each counting
        twice) and its headings: at least two of the sentence's, and alone, or the only one
        the catalogue follows as a series among the best. None without a unit: every
        measure of the catalogue has one."""
        scored = [(2 * len(row["words"] & sentence) + len(row["words"] & heading), row)
                  for row in self.by_unit.get(unit, []) if len(row["words"] & sentence) >= 2]
        if not scored:
            return None
        top = max(score for score, _ in scored)
        best = [row for score, row in scored if score == top]
        if len(best) > 1:
            best = [row for row in best if str(row["series"]).lower() == "true"]
        return best[0] if len(best) == 1 else None

    def theme(self, words: frozenset[str]) -> str:
        """The theme whose words the candidate's context shares most, "" on a tie or none."""
        scores = {theme: sum(1 for word in words if word in known)
                  for theme, known in self.theme_words.items()}
        ranked = sorted(scores.values(), reverse=True)
        if not ranked or ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
            return ""
        return max(scores, key=scores.__getitem__)

    def suggest(self, unit: str, sentence: frozenset[str],
                heading: frozenset[str]) -> tuple[str, str, str]:
        """Indicator, label and theme suggested for a candidate (empty where none fits)."""
        key = (unit, sentence, heading)
        if key not in self.suggested:
            row = self.indicator(unit, sentence, heading)
            self.suggested[key] = (
                (str(row["indicator"]), str(row["label"]), str(row["theme"])) if row is not None
                else ("", "", self.theme(sentence | heading)))
        return self.suggested[key]


def _number(value: float | None) -> str:
    """A bound as figures.csv writes it: ``38000``, ``3.4``, ``0.3333``."""
    if value is None or pd.isna(value):
        return ""
    text = f"{round(float(value), 4):.4f}".rstrip("0").rstrip(".")
    return text or "0"


def _quote(text: str, found: dict[str, object]) -> str:
    """The figure's words verbatim: its span, and the noun it counts when the noun follows."""
    start, end = int(found["start"]), int(found["end"])
    counts = found["unit"]
    if counts and re.match(r"\s+" + re.escape(counts) + r"\b", text[end:]):
        end = text.index(counts, end) + len(counts)
    return text[start:end]


def propose_candidates(paragraphs: pd.DataFrame, source_id: str, editions: pd.DataFrame,
                       data: Path) -> pd.DataFrame:
    """Every quantity the extractor finds in ``paragraphs``, as candidate rows to curate.

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        The new edition's rows of the paragraphs table (one document).
    source_id : str
        The manifest id of the report's file.
    editions : pandas.DataFrame
        The editions table (as text) that lists the edition.
    data : Path
        The data folder, for the units, the catalogue and the ids already taken.
    """
    found = extract_from_paragraphs(paragraphs)
    units = set(pd.read_csv(data / "units.csv", dtype=str, keep_default_na=False)["unit"])
    catalogue = _Catalogue.read(data)
    taken = pd.read_csv(data / "figures.csv", dtype=str, keep_default_na=False)["id"]
    texts = {(d, int(p)): t for d, p, t in zip(paragraphs["document"], paragraphs["paragraph"],
                                               paragraphs["text"], strict=True)}
    codes = dict(zip(zip(paragraphs["document"], paragraphs["paragraph"].astype(int)),
                     section_codes(paragraphs), strict=True))
    headings = {(d, int(p)): " ".join(str(v) for v in (c, s, u) if isinstance(v, str))
                for d, p, c, s, u in zip(
                    paragraphs["document"], paragraphs["paragraph"], paragraphs["chapter_title"],
                    paragraphs["section_title"], paragraphs["subsection_title"], strict=True)}
    ordinals = dict(zip(editions["symbol"], editions["ordinal"], strict=True))
    periods = {symbol: _period(date) for symbol, date in zip(editions["symbol"],
                                                            editions["date"], strict=True)}
    rows = []
    numbers: dict[str, int] = {}
    for candidate in found.to_dict("records"):
        document, paragraph = candidate["document"], int(candidate["paragraph"])
        prefix = figure_id_prefix(document)
        if prefix not in numbers:
            used = taken[taken.str.startswith(prefix + "-")].str.rsplit("-", n=1).str[-1]
            numbers[prefix] = max([int(n) for n in used if n.isdigit()], default=0)
        numbers[prefix] += 1
        unit = suggest_unit(candidate["unit"], units)
        indicator, label, theme = catalogue.suggest(
            unit, frozenset(_stems(f"{candidate['sentence']} {candidate['unit']}")),
            frozenset(_stems(headings[(document, paragraph)])))
        rows.append({
            "keep": "", "id": f"{prefix}-{numbers[prefix]:03d}",
            "edition": ordinals.get(document, ""), "document": document, "source": source_id,
            "paragraph": str(paragraph), "section": codes[(document, paragraph)],
            "theme": theme, "indicator": indicator, "label": label,
            "low": _number(candidate["low"]), "high": _number(candidate["high"]),
            "unit": unit, "qualifier": candidate["qualifier"],
            "period": periods.get(document, ""), "vouched_by": "report text",
            "quote": _quote(texts[(document, paragraph)], candidate), "note": "",
            # what the figure counts follows its indicator; the report states it, measured
            "population": "", "area": "", "count_kind": "", "refers_to": "", "vague": "",
            "attribution": "report", "attributed_to": "", "status": "measurement",
            "counts": candidate["unit"], "sentence": candidate["sentence"],
        })
    return pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)


def _period(date: str) -> str:
    """The period a figure of an edition dated ``date`` describes, as curated figures say it."""
    year, month = date.split("-")[:2]
    return f"as of {calendar.month_name[int(month)]} {year}"


@dataclass
class CurateReport:
    """What curate did, for the command to tell the author."""

    added: list[str]
    figures_file: Path
    candidates_file: Path


def curate(paths: ProjectPaths, document: str) -> CurateReport:
    """Append the candidates marked ``yes`` to ``figures.csv``, checked as validate checks them.

    Raises
    ------
    DataError
        If the candidates file is missing or malformed, no row is marked, or a kept row fails
        the figures table's schema or its checks across tables: each problem names the
        candidates file, its row and the column. Nothing is written.
    """
    source = candidates_path(paths, document)
    candidates = _read_candidates(source)
    marks = candidates["keep"].str.strip().str.lower()
    kept = [int(i) for i in candidates.index[marks == KEEP]]
    if not kept:
        raise DataError([Problem(str(source), f"at least one row marked {KEEP!r} in column "
                                 "'keep' (the figures to append)", column="keep")])
    figures_file = paths.table("figures")
    current = figures_file.read_bytes()
    existing = len(pd.read_csv(io.BytesIO(current), dtype=str, keep_default_na=False))
    added = io.StringIO()
    writer = csv.writer(added, lineterminator="\n")
    for index in kept:
        writer.writerow([candidates.loc[index, column].strip() for column in FIGURE_COLUMNS])
    if current and not current.endswith(b"\n"):
        current += b"\n"
    updated = current + added.getvalue().encode("utf-8")
    _check(paths, updated, figures_file, source, existing, kept)
    candidates.loc[kept, "keep"] = ADDED
    staged = StagedFiles(paths.root)
    staged.add(figures_file, updated)
    staged.add(source, table_bytes(candidates))
    staged.commit()
    return CurateReport(candidates.loc[kept, "id"].tolist(), figures_file, source)


def _read_candidates(source: Path) -> pd.DataFrame:
    if not source.is_file():
        raise DataError([Problem(str(source), "a candidates file written by add-edition (run "
                                 "`isilbook add-edition` for this symbol first)")])
    try:
        candidates = pd.read_csv(source, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise DataError([Problem(str(source), "a CSV table of candidates",
                                 found=str(error).strip())]) from None
    missing = [c for c in CANDIDATE_COLUMNS[:len(FIGURE_COLUMNS) + 1]
               if c not in candidates.columns]
    if missing:
        raise DataError([Problem(str(source), "this column in the header", row=0, column=c)
                         for c in missing])
    marks = candidates["keep"].str.strip().str.lower()
    wrong = candidates.index[~marks.isin(["", KEEP, ADDED])]
    if len(wrong):
        raise DataError([Problem(str(source), f"{KEEP!r} to keep the row, or nothing", row=i + 1,
                                 column="keep", found=candidates.loc[i, "keep"]) for i in wrong])
    return candidates


def _check(paths: ProjectPaths, updated: bytes, figures_file: Path, source: Path,
           existing: int, kept: list[int]) -> None:
    """The figures table with the kept rows, through the schema and the figure checks; a
    problem in an appended row is named by its row of the candidates file."""
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / "figures.csv"
        trial.write_bytes(updated)
        dictionary = load_dictionary(paths.data)
        problems: list[Problem] = []
        try:
            figures = read_table(trial, dictionary["figures"])
        except DataError as error:
            problems = error.problems
        else:
            tables = load_tables(paths.data)
            tables.figures = figures
            problems = check_figures(tables, trial, paths.raw)
    if problems:
        raise DataError([_named(p, trial, figures_file, source, existing, kept)
                         for p in problems])


def _named(problem: Problem, trial: Path, figures_file: Path, source: Path, existing: int,
           kept: list[int]) -> Problem:
    if problem.file != str(trial):
        return problem
    if problem.row is not None and problem.row > existing:
        return Problem(str(source), problem.expected, row=kept[problem.row - existing - 1] + 1,
                       column=problem.column, found=problem.found)
    return Problem(str(figures_file), problem.expected, row=problem.row, column=problem.column,
                   found=problem.found)
