"""Taking in a new edition: the UN's PDF (or a prepared text) in, tables regenerated,
candidate figures proposed.

The order matters for safety: the report is read and parsed, and every table built, *before*
anything is written, so a broken file is refused with its page or line and leaves the project
untouched; then the raw file (never over a different one), the manifest, the tables, the derived
text with its review report and the candidates land together, or none of them does.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from isilbook.data.candidates import candidates_path, propose_candidates
from isilbook.data.editions import with_text_of
from isilbook.data.parse import parse_report
from isilbook.data.pdf_report import read_pdf_report
from isilbook.data.sources import Source, read_manifest, read_text, sha256_of
from isilbook.data.staging import StagedFiles
from isilbook.data.tables import derived_path, generate_tables, stage_generated, table_bytes
from isilbook.errors import DataError, Problem
from isilbook.paths import ProjectPaths, slug

__all__ = ["IntakeReport", "add_edition", "candidates_path"]


@dataclass
class IntakeReport:
    """What add-edition did, for the command to tell the author."""

    source: Source
    paragraphs: int
    candidates: int
    candidates_file: Path
    review_file: Path | None = None


def _is_pdf(file: Path) -> bool:
    with Path(file).open("rb") as handle:
        return handle.read(5) == b"%PDF-"


def _check_arguments(report: Path, document: str, date: str, title: str | None) -> None:
    problems = []
    if not pd.Series([document]).str.fullmatch(r"(S|A|E)/[A-Z0-9/]+").item():
        problems.append(Problem("--symbol", "a document symbol such as S/2016/830",
                                found=document))
    if not pd.Series([date]).str.fullmatch(r"\d{4}-\d{2}-\d{2}").item():
        problems.append(Problem("--date", "a date as YYYY-MM-DD", found=date))
    if title is not None and not title.strip():
        problems.append(Problem("--title", "a title with words in it (or no --title: the "
                                "report's own title is used)", found=title))
    if not Path(report).is_file():
        problems.append(Problem(str(report), "a report file, PDF or text (not found)"))
    if problems:
        raise DataError(problems)


def _manifest_with(raw: Path, entry: Source, digest: str, size: int) -> tuple[Source, bytes]:
    """The manifest's bytes with the new source appended (or unchanged if it is already there).

    Refuses a second source under the same id, and a different file already in its place.
    """
    manifest = raw / "manifest.csv"
    current = manifest.read_bytes()
    existing = {s.id: s for s in read_manifest(manifest)}
    if entry.id in existing:
        if existing[entry.id].sha256 == digest and existing[entry.id].file == entry.file:
            return existing[entry.id], current
        raise DataError([Problem(str(manifest), f"no existing source with id {entry.id!r} "
                                 "(refusing to replace it)", column="id", found=entry.id)])
    target = raw / entry.file
    if target.is_symlink():
        raise DataError([Problem(str(target), "no symbolic link in data/raw (refusing to write "
                                 "through it)", found=f"a link to {os.readlink(target)}")])
    if target.exists() and sha256_of(target) != digest:
        raise DataError([Problem(str(target), "no different file already there "
                                 "(raw sources are never overwritten)")])
    source = Source(**{**entry.__dict__, "sha256": digest, "bytes": size})
    row = io.StringIO()
    csv.writer(row, lineterminator="\n").writerow(
        ["" if value is None else value for value in source.__dict__.values()])
    if current and not current.endswith(b"\n"):
        current += b"\n"
    return source, current + row.getvalue().encode("utf-8")


def add_edition(paths: ProjectPaths, report: Path, document: str, date: str,
                title: str | None = None, publisher: str = "United Nations Secretary-General",
                origin: str = "", replace_candidates: bool = False) -> IntakeReport:
    """Add a report, from its PDF or its text, as a new edition and propose candidate figures.

    Everything is read, parsed and built in memory first; then the raw file, the manifest, the
    generated tables, the derived text and review (PDF) and the candidates are written together
    or not at all (:class:`~isilbook.data.staging.StagedFiles`).

    Raises
    ------
    DataError
        If an argument is malformed, the report cannot be read (file, page and line named),
        a different file already holds its place, the candidates file exists (without
        ``replace_candidates``), or a target is a symbolic link. Nothing is written.
    """
    _check_arguments(report, document, date, title)
    report = Path(report)
    pdf = _is_pdf(report)
    source_id = slug(document).upper()
    read = {}
    if pdf:
        read[report] = read_pdf_report(report, document)  # refuse a bad PDF first
        own_title = read[report].title
    else:
        parse_report(report, document)  # refuse broken text before anything else
        own_title = read_text(report).split("\n", 1)[0].strip()
    data = report.read_bytes()
    entry = Source(id=source_id, document=document, title=(title or own_title).strip(),
                   publisher=publisher, date=date, kind="primary",
                   address=f"https://undocs.org/en/{document}",
                   origin=origin or f"{'PDF' if pdf else 'Text'} of {document} added with "
                   "add-edition", licence="United Nations document",
                   file=f"{source_id}{'.pdf' if pdf else '.txt'}", sha256="", bytes=0)
    source, manifest = _manifest_with(paths.raw, entry, hashlib.sha256(data).hexdigest(),
                                      len(data))
    target = candidates_path(paths, document)
    if target.exists() and not replace_candidates:
        raise DataError([Problem(str(target), "no candidates file yet (it may hold your "
                                 "curation: move it away, or pass --replace-candidates)",
                                 found="an existing file")])
    pending = [] if manifest == paths.manifest.read_bytes() else [(source, report)]
    generated = generate_tables(paths, pending, read)
    paragraphs = generated.tables["paragraphs"]
    paragraphs = paragraphs[paragraphs["document"] == document]
    editions_file = paths.table("editions")
    editions = with_text_of(pd.read_csv(editions_file, dtype=str, keep_default_na=False),
                            document, date, source.id, editions_file)
    candidates = propose_candidates(paragraphs, source.id, editions, paths.data)
    staged = StagedFiles(paths.root)
    staged.add(paths.raw / source.file, data)
    staged.add(paths.manifest, manifest)
    staged.add(editions_file, table_bytes(editions))
    stage_generated(paths, generated, staged)
    staged.add(target, table_bytes(candidates))
    staged.commit()
    review = derived_path(paths, source.id, ".review.md") if pdf else None
    return IntakeReport(source, len(paragraphs), len(candidates), target, review)
