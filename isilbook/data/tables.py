"""Generate the tidy tables from the raw sources: paragraphs, references, places.

These tables are never edited by hand: they are rebuilt from ``data/raw`` and written only when
every source parsed, each through a temporary file renamed into place, so a failed run leaves the
previous tables as they were.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from isilbook.data.parse import parse_report
from isilbook.data.places import places_table
from isilbook.data.references import references_table
from isilbook.data.sources import verify_sources
from isilbook.errors import DataError, Problem
from isilbook.paths import ProjectPaths

GENERATED_TABLES = ("paragraphs", "references", "places")


def parse_sources(paths: ProjectPaths) -> pd.DataFrame:
    """Paragraphs of every primary report text in the manifest, in manifest order."""
    if not paths.data.is_dir():
        raise DataError([Problem(str(paths.data), "a data folder (it does not exist)")])
    frames = [
        parse_report(paths.raw / source.file, source.document)
        for source in verify_sources(paths.raw)
        if source.kind == "primary" and source.file.endswith(".txt")
    ]
    if not frames:
        raise DataError([Problem(str(paths.manifest), "at least one report text (a row of kind "
                                 "'primary' whose file ends in .txt)", column="kind")])
    return pd.concat(frames, ignore_index=True)


def generate_tables(paths: ProjectPaths) -> dict[str, pd.DataFrame]:
    """Build every generated table in memory (nothing is written)."""
    paragraphs = parse_sources(paths)
    return {
        "paragraphs": paragraphs,
        "references": references_table(paragraphs),
        "places": places_table(paragraphs),
    }


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a CSV atomically: a reader never sees half a file, a crash never leaves one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            frame.to_csv(out, index=False, lineterminator="\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_generated_tables(paths: ProjectPaths) -> dict[str, Path]:
    """Regenerate the tables and write them; nothing is written unless all were built."""
    tables = generate_tables(paths)
    written = {}
    for name, frame in tables.items():
        write_table(frame, paths.table(name))
        written[name] = paths.table(name)
    return written
