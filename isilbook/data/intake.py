"""Taking in a new edition: raw text in, tables regenerated, candidate figures proposed.

The order matters for safety: the text is parsed *before* anything is written, so a broken file
is refused with its line number and leaves ``data/`` untouched; only then is it copied into the
raw sources (never over a different file), the generated tables rebuilt and the candidates
written for the author to curate into ``figures.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from isilbook.data.editions import with_text_of
from isilbook.data.extract import extract_from_paragraphs
from isilbook.data.parse import parse_report, section_codes
from isilbook.data.sources import Source, add_source
from isilbook.data.tables import write_generated_tables, write_table
from isilbook.errors import DataError, Problem
from isilbook.paths import ProjectPaths, slug

CANDIDATE_COLUMNS = [
    "candidate", "document", "source", "paragraph", "section", "low", "high", "unit",
    "qualifier", "text", "sentence",
]


@dataclass
class IntakeReport:
    source: Source
    paragraphs: int
    candidates: int
    candidates_file: Path


def candidates_path(paths: ProjectPaths, document: str) -> Path:
    return paths.data / "candidates" / f"{slug(document)}.csv"


def propose_candidates(paragraphs: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Every quantity the extractor finds, with the paragraph's heading code, for curation."""
    found = extract_from_paragraphs(paragraphs)
    codes = dict(zip(zip(paragraphs["document"], paragraphs["paragraph"]),
                     section_codes(paragraphs)))
    found.insert(0, "candidate", [f"{slug(d)}-c{i:03d}" for i, d in
                                  enumerate(found["document"], start=1)])
    found.insert(2, "source", source_id)
    found.insert(4, "section", [codes[(d, p)] for d, p in zip(found["document"],
                                                               found["paragraph"])])
    return found[CANDIDATE_COLUMNS]


def add_edition(paths: ProjectPaths, text_file: Path, document: str, date: str, title: str,
                publisher: str = "United Nations Secretary-General",
                origin: str = "") -> IntakeReport:
    """Add a report's text as a new edition and propose its candidate figures.

    Raises
    ------
    ParseError
        If the text cannot be parsed (nothing is written).
    DataError
        If the symbol or date is malformed, or a different file already holds its place.
    """
    problems = []
    if not pd.Series([document]).str.fullmatch(r"(S|A|E)/[A-Z0-9/]+").item():
        problems.append(Problem("--symbol", "a document symbol such as S/2016/830",
                                found=document))
    if not pd.Series([date]).str.fullmatch(r"\d{4}-\d{2}-\d{2}").item():
        problems.append(Problem("--date", "a date as YYYY-MM-DD", found=date))
    if not Path(text_file).is_file():
        problems.append(Problem(str(text_file), "a report text file (not found)"))
    if problems:
        raise DataError(problems)
    paragraphs = parse_report(Path(text_file), document)  # refuse broken text before writing
    source_id = slug(document).upper()
    entry = Source(id=source_id, document=document, title=title, publisher=publisher, date=date,
                   kind="primary", address=f"https://undocs.org/en/{document}",
                   origin=origin or f"Text of {document} added with add-edition",
                   licence="United Nations document", file=f"{source_id}.txt", sha256="",
                   bytes=0)
    editions_file = paths.table("editions")
    editions = with_text_of(pd.read_csv(editions_file, dtype=str, keep_default_na=False),
                            document, date, source_id, editions_file)
    source = add_source(paths.raw, Path(text_file), entry)
    write_table(editions, editions_file)
    write_generated_tables(paths)
    candidates = propose_candidates(paragraphs, source.id)
    target = candidates_path(paths, document)
    write_table(candidates, target)
    return IntakeReport(source, len(paragraphs), len(candidates), target)
