"""Generate the tidy tables from the raw sources: paragraphs, references, places, footnotes.

These tables are never edited by hand: they are rebuilt from ``data/raw`` and written only when
every source parsed, all together (:mod:`isilbook.data.staging`), so a failed run leaves the
previous tables as they were. A report kept as its PDF is read again each time; the text derived
from it and its review report are written to ``data/derived/`` beside the tables, never into
``data/raw``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from isilbook.data.chapters import document_matches, sections_markdown
from isilbook.data.parse import parse_report
from isilbook.data.pdf_report import FOOTNOTE_COLUMNS, PdfEdition, read_pdf_report, review_markdown
from isilbook.data.places import places_table
from isilbook.data.references import references_table
from isilbook.data.sources import Source, verify_sources
from isilbook.data.staging import StagedFiles
from isilbook.errors import DataError, Problem
from isilbook.paths import ProjectPaths

GENERATED_TABLES = ("paragraphs", "references", "places", "footnotes")


@dataclass
class Generated:
    """The generated tables, plus the derived texts and reviews of PDF sources (by path)."""

    tables: dict[str, pd.DataFrame]
    derived: dict[Path, str] = field(default_factory=dict)
    editions: dict[str, PdfEdition] = field(default_factory=dict)


def derived_path(paths: ProjectPaths, source_id: str, suffix: str = ".txt") -> Path:
    """Where the text derived from a PDF source lives (beside the tables, never in raw)."""
    return paths.data / "derived" / f"{source_id}{suffix}"


def _is_report(source: Source) -> bool:
    return source.kind == "primary" and source.file.endswith((".txt", ".pdf"))


def parse_sources(paths: ProjectPaths, pending: Sequence[tuple[Source, Path]] = (),
                  read: dict[Path, PdfEdition] | None = None) -> Generated:
    """Paragraphs (and footnotes) of every primary report in the manifest, in manifest order.

    ``pending`` are sources not yet in the manifest, read from where they are now: add-edition
    builds the tables before anything is written. ``read`` holds PDFs already read (by path),
    so that add-edition does not read the new PDF twice.
    """
    if not paths.data.is_dir():
        raise DataError([Problem(str(paths.data), "a data folder (it does not exist)")])
    listed = [(s, paths.raw / s.file) for s in verify_sources(paths.raw)] + list(pending)
    frames, notes, out = [], [], Generated({})
    for source, file in listed:
        if not _is_report(source):
            continue
        if source.file.endswith(".pdf"):
            edition = (read or {}).get(Path(file)) or read_pdf_report(file, source.document)
            frames.append(edition.paragraphs)
            notes.append(edition.footnotes)
            text_path = derived_path(paths, source.id)
            out.derived[text_path] = edition.text
            out.derived[derived_path(paths, source.id, ".review.md")] = review_markdown(
                edition, str(text_path.relative_to(paths.root))) + sections_markdown(
                document_matches(paths.data, source.document, edition.paragraphs))
            out.editions[source.id] = edition
        else:
            frames.append(parse_report(file, source.document))
    if not frames:
        raise DataError([Problem(str(paths.manifest), "at least one report text (a row of kind "
                                 "'primary' whose file ends in .txt or .pdf)", column="kind")])
    paragraphs = pd.concat(frames, ignore_index=True)
    footnotes = pd.concat(notes, ignore_index=True) if notes else \
        pd.DataFrame(columns=FOOTNOTE_COLUMNS)
    out.tables = {"paragraphs": paragraphs, "footnotes": footnotes}
    return out


def generate_tables(paths: ProjectPaths, pending: Sequence[tuple[Source, Path]] = (),
                    read: dict[Path, PdfEdition] | None = None) -> Generated:
    """Build every generated table in memory (nothing is written)."""
    out = parse_sources(paths, pending, read)
    paragraphs, footnotes = out.tables["paragraphs"], out.tables["footnotes"]
    out.tables = {
        "paragraphs": paragraphs,
        "references": references_table(paragraphs, footnotes),
        "places": places_table(paragraphs),
        "footnotes": footnotes,
    }
    return out


def table_bytes(frame: pd.DataFrame) -> bytes:
    """A table as the CSV bytes written to disk."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a CSV atomically: a reader never sees half a file, a crash never leaves one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(table_bytes(frame))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def stage_generated(paths: ProjectPaths, generated: Generated, staged: StagedFiles) -> None:
    """Stage every generated table and derived file for writing together."""
    for name, frame in generated.tables.items():
        staged.add(paths.table(name), table_bytes(frame))
    for path, text in generated.derived.items():
        staged.add(path, text)


def write_generated_tables(paths: ProjectPaths) -> dict[str, Path]:
    """Regenerate the tables and derived texts and write them all together, or none."""
    generated = generate_tables(paths)
    staged = StagedFiles(paths.root)
    stage_generated(paths, generated, staged)
    staged.commit()
    written = {name: paths.table(name) for name in generated.tables}
    written.update({str(path.relative_to(paths.data)): path for path in generated.derived})
    return written
