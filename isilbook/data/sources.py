"""The raw sources: their manifest, their checksums, and reading them safely.

Raw files are never written by the pipeline except through :func:`add_source`, which only adds
a new file and refuses to replace a different one. Checksums pin each file to its origin.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from isilbook.data.identifiers import date_problem, label_problem, symbol_problem
from isilbook.data.schema import load_dictionary, read_table
from isilbook.errors import DataError, ParseError, Problem

# S/2016/501 is 68 kB (UN reports are held to about 10,700 words). A text many times that is
# not a report of this series, and parsing, place-finding and candidate extraction (whose output
# grows with the count of numbers in the text) would each pay for it: refuse it before reading.
MAX_TEXT_BYTES = 512 * 1024
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Source:
    """One row of the manifest: a held raw file, or a public page recorded by its address."""

    id: str
    document: str
    title: str
    publisher: str
    date: str
    kind: str
    address: str
    origin: str
    licence: str
    file: str
    sha256: str
    bytes: int | None

    @property
    def held(self) -> bool:
        """Whether the project holds the source's own words (a file in data/raw)."""
        return bool(self.file)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(manifest: Path) -> list[Source]:
    """Read the manifest through its dictionary entry, plus the rules a schema cannot say.

    A held file needs its checksum and size; a recorded page needs its address; a file name is
    a plain name directly inside ``data/raw``.
    """
    spec = load_dictionary(manifest.parent.parent)["manifest"]
    frame = read_table(manifest, spec)
    file = str(manifest)
    problems, sources = [], []
    for index, row in enumerate(frame.to_dict("records"), start=1):
        values = {k: ("" if pd.isna(v) else v) for k, v in row.items()}
        name = values["file"]
        if name:
            if name in (".", "..") or Path(name).name != name:
                problems.append(Problem(file, "the name of a file directly inside data/raw",
                                        index, "file", name))
            for column in ("sha256", "bytes"):
                if values[column] == "":
                    problems.append(Problem(file, f"a {column} (the source is a held file)",
                                            index, column))
        elif not values["address"]:
            problems.append(Problem(file, "a file or an address (a source must be held or "
                                    "recorded)", index, "address"))
        problems += _row_problems(file, index, {k: str(v) for k, v in values.items()})
        values["bytes"] = int(values["bytes"]) if values["bytes"] != "" else None
        sources.append(Source(**values))
    if problems:
        raise DataError(problems)
    return sources


def _row_problems(file: str, number: int | None, row: dict[str, str]) -> list[Problem]:
    """A manifest row's symbol, date and one-line labels, each checked like a CLI argument."""
    checks = {"document": symbol_problem(row["document"]) if row["document"] else None,
              "date": date_problem(row["date"]) if row["date"] else None,
              "title": label_problem(row["title"]),
              "publisher": label_problem(row["publisher"])}
    return [Problem(file, expected, number, column, row[column])
            for column, expected in checks.items() if expected is not None]


def verify_sources(raw: Path) -> list[Source]:
    """Check that every manifest file exists and still has its recorded checksum."""
    manifest = raw / "manifest.csv"
    sources = read_manifest(manifest)
    problems = []
    for number, source in enumerate(sources, start=1):
        if not source.held:
            continue
        path = raw / source.file
        if not path.is_file():
            what = "to be a file, not a folder" if path.is_dir() else "to exist"
            problems.append(Problem(str(manifest), f"the file {path} {what}", number, "file",
                                    source.file))
            continue
        actual = sha256_of(path)
        if actual != source.sha256:
            problems.append(Problem(str(manifest), f"sha256 {source.sha256} for {source.file}",
                                    number, "sha256", actual))
    if problems:
        raise DataError(problems)
    return sources


def read_text(path: Path) -> str:
    """Read a raw text strictly as UTF-8, naming the line of the first bad byte.

    A folder, an oversized file and control characters (which no report prints, and which
    would reach the tables and the site) are refused before anything is parsed.
    """
    if not path.is_file():
        raise ParseError(path, None, "a text file", found="a folder" if path.is_dir()
                         else "nothing (file missing)")
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise ParseError(path, None, f"a text of at most {MAX_TEXT_BYTES // 1024} KiB",
                         found=f"{size:,} bytes")
    data = path.read_bytes()
    if not data.strip():
        raise ParseError(path, None, "a non-empty UTF-8 text file", found="an empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        raise ParseError(path, 1, "UTF-8 without a byte-order mark", found="a byte-order mark")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ParseError(path, line, "text, not binary content", found="a NUL byte")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ParseError(path, line, "UTF-8 text",
                         found=f"byte 0x{data[error.start]:02x} at offset {error.start}") from None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        raise ParseError(path, line, "LF line ends", found="a carriage return (CRLF line ends)")
    control = _CONTROL.search(text)
    if control:
        line = text[: control.start()].count("\n") + 1
        raise ParseError(path, line, "printable text", found=f"control character "
                         f"U+{ord(control.group()):04X}")
    return text


def add_source(raw: Path, file: Path, source: Source) -> Source:
    """Copy a new raw file into ``raw`` and append its manifest row.

    Adding the identical file again is a no-op; a different file under the same name, or a
    second entry with the same id, is refused so that no raw source is ever replaced.
    """
    manifest = str(raw / "manifest.csv")
    problems = _row_problems(manifest, None, {k: str(v) for k, v in source.__dict__.items()})
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.-]*", source.id):
        problems.append(Problem(manifest, "an id of letters, digits, dots and hyphens",
                                column="id", found=source.id))
    if problems:  # the manifest would refuse this row on the next read: never write it
        raise DataError(problems)
    target = raw / source.file
    digest = sha256_of(file)
    existing = {s.id: s for s in read_manifest(raw / "manifest.csv")}
    if source.id in existing:
        if existing[source.id].sha256 == digest:
            return existing[source.id]
        raise DataError([Problem(str(raw / "manifest.csv"),
                                 f"no existing source with id {source.id!r} (refusing to "
                                 "replace it)", column="id", found=source.id)])
    if target.exists() and sha256_of(target) != digest:
        raise DataError([Problem(str(target), "no different file already there "
                                 "(raw sources are never overwritten)")])
    if not target.exists():
        shutil.copyfile(file, target)
    entry = Source(**{**source.__dict__, "sha256": digest, "bytes": target.stat().st_size})
    with (raw / "manifest.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["" if value is None else value for value in entry.__dict__.values()])
    return entry
