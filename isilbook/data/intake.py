"""Taking in a new edition: the UN's PDF (or a prepared text) in, tables regenerated,
candidate figures proposed.

The order matters for safety: the report is read and parsed, and every table built, *before*
anything is written, so a broken file is refused with its page or line and leaves the project
untouched. The project as it would be is then validated whole, in a scratch copy of ``data/``,
with the project's own dictionary and checks: add-edition never reports success and leaves a
project that ``validate`` refuses. Only then do the raw file (never over a different one), the
manifest, the tables, the derived text with its review report and the candidates land
together, or none of them does.

A date is checked against the series before anything is read: a date in the future, one far
past the newest edition, or one that disagrees with the date ``editions.csv`` lists for the
symbol is refused unless the author confirms it (``confirm_date``).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from isilbook.data.candidates import candidates_path, propose_candidates
from isilbook.data.chapters import SectionMatch, document_matches
from isilbook.data.editions import with_text_of
from isilbook.data.identifiers import label_problem
from isilbook.data.parse import parse_report
from isilbook.data.pdf_report import read_pdf_report
from isilbook.data.schema import load_dictionary
from isilbook.data.sources import Source, read_manifest, read_text, sha256_of
from isilbook.data.staging import StagedFiles
from isilbook.data.tables import derived_path, generate_tables, stage_generated, table_bytes
from isilbook.data.validate import validate_data
from isilbook.errors import DataError, Problem
from isilbook.paths import ProjectPaths, slug

__all__ = ["IntakeReport", "add_edition", "candidates_path"]
#: The series comes out about twice a year: a new edition dated more than this after the newest
#: listed one means editions are missing from the table, or the date is mistyped.
MAX_DAYS_AFTER_NEWEST = 400


@dataclass
class IntakeReport:
    """What add-edition did, for the command to tell the author."""

    source: Source
    paragraphs: int
    candidates: int
    candidates_file: Path
    review_file: Path | None = None
    sections: list[SectionMatch] = field(default_factory=list)


def _is_pdf(file: Path) -> bool:
    """Whether ``file`` is a PDF by its first bytes; a file named ``.pdf`` that is not one is
    refused, saying what it is instead (a saved web page is the usual mistake)."""
    with Path(file).open("rb") as handle:
        start = handle.read(1024)
    if start.startswith(b"%PDF-"):
        return True
    if Path(file).suffix.lower() == ".pdf":
        head = start.lstrip().lower()
        found = ("an HTML page (saved from a browser?)" if head.startswith((b"<!doctype html",
                                                                            b"<html", b"<head"))
                 else "an empty file" if not start
                 else f"a file starting with {start[:16]!r}")
        raise DataError([Problem(str(file), "a PDF (a file starting with %PDF-): this file is "
                                 "not a PDF", found=found)])
    return False


def _check_date(editions: pd.DataFrame, editions_file: Path, document: str, date: str,
                confirm: bool) -> None:
    """Refuse a date the series makes unlikely, unless the author confirmed it.

    Dates are ISO text (checked by the command), so they compare as text.
    """
    if confirm:
        return
    hint = "; pass --confirm-date if it is right"
    today = datetime.date.today().isoformat()
    if date > today:
        raise DataError([Problem("--date", f"a date no later than today ({today}): a report "
                                 f"is dated when it is issued{hint}", found=date)])
    listed = editions.index[editions["symbol"] == document]
    if len(listed):
        row = editions.loc[listed[0]]
        number = int(listed[0]) + 1
        if row["date_kind"] == "document" and row["date"] != date:
            raise DataError([Problem("--date", f"{row['date']}, the date {editions_file} lists "
                                     f"for {document} (row {number}){hint}", found=date)])
        if row["date_kind"] != "document" and date > row["date"]:
            raise DataError([Problem("--date", f"a date on or before {row['date']}, the day "
                                     f"{editions_file} says {document} was circulated (row "
                                     f"{number}){hint}", found=date)])
        return
    newest = max(editions["date"])
    limit = (datetime.date.fromisoformat(newest)
             + datetime.timedelta(days=MAX_DAYS_AFTER_NEWEST)).isoformat()
    if date > limit:
        raise DataError([Problem("--date", f"a date by {limit}, within "
                                 f"{MAX_DAYS_AFTER_NEWEST} days of the newest edition in "
                                 f"{editions_file} ({newest}): the series comes out about "
                                 f"twice a year{hint}", found=date)])


def _check_symbol(paths: ProjectPaths, document: str) -> None:
    """The symbol must have the shape the editions table's schema gives its symbols."""
    pattern = load_dictionary(paths.data)["editions"]["columns"]["symbol"].get("pattern")
    if pattern and not re.fullmatch(pattern, document):
        raise DataError([Problem("--symbol", f"a symbol matching {pattern} (the editions "
                                 f"table's symbols, {paths.data / 'dictionary.yml'})",
                                 found=document)])


def _check_title(report: Path, title: str, given: bool, pdf: bool) -> None:
    """The title must be a label the manifest takes (one line, not too long)."""
    problem = label_problem(title)
    if problem is None:
        return
    if given:
        raise DataError([Problem("--title", f"a title of {problem}", found=title)])
    raise DataError([Problem(str(report), f"a title of {problem} (read from the report's "
                             "first lines: pass --title)", page=1 if pdf else None,
                             row=None if pdf else 1, found=title)])


def _no_links_on_the_way(top: Path, target: Path) -> None:
    """Replace by a real folder (or nothing) every link from ``top`` down to ``target``."""
    for step in [*reversed(target.relative_to(top).parents), target.relative_to(top)][1:]:
        path = top / step
        if path.is_symlink():
            path.unlink()
            if path != target:
                path.mkdir()


def _validate_as_written(paths: ProjectPaths, staged: StagedFiles) -> None:
    """Validate the data folder as the staged files would leave it, in a scratch copy.

    Problems name the project's own files, not the copy's. The staged files are checked
    first (no link, nothing outside the project), and are written into the copy never through
    a link the copy kept.
    """
    staged.check()
    with tempfile.TemporaryDirectory(prefix="isilbook-intake-") as scratch:
        shadow = Path(scratch) / "data"
        shutil.copytree(paths.data, shadow, symlinks=True,
                        ignore=shutil.ignore_patterns(".*.tmp", ".*.bak"))
        if paths.book.is_dir():  # the book's templates and readings, read where they are
            (Path(scratch) / "book").symlink_to(paths.book, target_is_directory=True)
        for path, data in staged.files.items():
            target = shadow / Path(path).relative_to(paths.data)
            _no_links_on_the_way(shadow, target)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            validate_data(shadow)
        except DataError as error:
            problems = [Problem(**{**problem.__dict__, "file": problem.file.replace(
                str(shadow), str(paths.data)).replace(str(Path(scratch) / "book"),
                                                      str(paths.book))})
                        for problem in error.problems]
            raise DataError(problems) from None


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
                origin: str = "", replace_candidates: bool = False,
                confirm_date: bool = False) -> IntakeReport:
    """Add a report, from its PDF or its text, as a new edition and propose candidate figures.

    Everything is read, parsed and built in memory first; then the raw file, the manifest, the
    generated tables, the derived text and review (PDF) and the candidates are written together
    or not at all (:class:`~isilbook.data.staging.StagedFiles`).

    Raises
    ------
    DataError
        If an argument is malformed, the symbol is not of the editions table's shape, the date
        is unlikely (and not confirmed), the report cannot be read (file, page and line
        named), its title is not a label, a different file already holds its place, the
        candidates file exists (without ``replace_candidates``), a target is a symbolic link,
        or the project as it would be written does not validate. Nothing is written.
    """
    _check_arguments(report, document, date, title)
    report = Path(report)
    _check_symbol(paths, document)
    editions_file = paths.table("editions")
    listed = pd.read_csv(editions_file, dtype=str, keep_default_na=False)
    _check_date(listed, editions_file, document, date, confirm_date)
    pdf = _is_pdf(report)
    source_id = slug(document).upper()
    read = {}
    if pdf:
        read[report] = read_pdf_report(report, document)  # refuse a bad PDF first
        own_title = read[report].title
    else:
        parse_report(report, document)  # refuse broken text before anything else
        own_title = read_text(report).split("\n", 1)[0].strip()
    _check_title(report, (title or own_title).strip(), title is not None, pdf)
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
    editions = with_text_of(listed, document, date, source.id, editions_file)
    candidates = propose_candidates(paragraphs, source.id, editions, paths.data)
    staged = StagedFiles(paths.root)
    staged.add(paths.raw / source.file, data)
    staged.add(paths.manifest, manifest)
    staged.add(editions_file, table_bytes(editions))
    stage_generated(paths, generated, staged)
    staged.add(target, table_bytes(candidates))
    _validate_as_written(paths, staged)
    staged.commit()
    review = derived_path(paths, source.id, ".review.md") if pdf else None
    return IntakeReport(source, len(paragraphs), len(candidates), target, review,
                        document_matches(paths.data, document, paragraphs))
