"""The raw sources: pinned by checksum, never overwritten, read strictly."""

from __future__ import annotations

import csv
import dataclasses
import hashlib

import pytest

from isilbook.data.sources import add_source, read_manifest, read_text, verify_sources
from isilbook.errors import DataError, ParseError

SHARED = {
    "S-2016-501.txt": "53b5d221e1ecec4860bf375a9151bfc941d7d38301bb6f21d2d68c8e02a537c4",
    "AP-2017-02-06-S-2017-97.txt":
        "63378d80741585de3a26e4af69295d215b7f34e4354885ab9e221381d911d772",
}


def test_raw_files_match_the_published_checksums(project):
    # The expected digests are the ones published with the sources, not computed by our code.
    for name, digest in SHARED.items():
        assert hashlib.sha256((project.raw / name).read_bytes()).hexdigest() == digest


def test_manifest_describes_both_sources(project):
    sources = {s.id: s for s in verify_sources(project.raw)}
    report, story = sources["S-2016-501"], sources["AP-2017-02-06-S-2017-97"]
    assert (report.document, report.kind, report.date) == ("S/2016/501", "primary", "2016-05-31")
    assert (story.document, story.kind, story.date) == ("S/2017/97", "press story", "2017-02-06")
    assert report.sha256 == SHARED["S-2016-501.txt"]


def test_checksum_drift_is_reported_with_row_and_column(project_copy):
    report = project_copy.raw / "S-2016-501.txt"
    report.write_bytes(report.read_bytes() + b"\n")
    with pytest.raises(DataError) as error:
        verify_sources(project_copy.raw)
    assert "manifest.csv, row 1, column 'sha256'" in str(error.value)


def test_missing_raw_file_is_reported(project_copy):
    (project_copy.raw / "AP-2017-02-06-S-2017-97.txt").unlink()
    with pytest.raises(DataError, match="row 2, column 'file'"):
        verify_sources(project_copy.raw)


def test_add_source_refuses_to_replace_a_different_file(project_copy, tmp_path):
    other = tmp_path / "S-2016-501.txt"
    other.write_text("I. Introduction\n1. Something else.\n", encoding="utf-8")
    existing = read_manifest(project_copy.manifest)[0]
    entry = dataclasses.replace(existing, id="S-2016-501-bis")
    before = project_copy.manifest.read_bytes()
    with pytest.raises(DataError, match="never overwritten"):
        add_source(project_copy.raw, other, entry)
    assert project_copy.manifest.read_bytes() == before
    with project_copy.manifest.open(encoding="utf-8") as handle:
        assert "S-2016-501-bis" not in {row["id"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty file"),
    (b"\xef\xbb\xbfTitle\n", "byte-order mark"),
    (b"Title\nI. Intro\n1. caf\xe9\n", "line 3: expected UTF-8"),
    (b"Title\n\x00\x01\x02", "line 2: expected text, not binary"),
    (b"Title\r\nI. Intro\r\n", "line 1: expected LF line ends"),
])
def test_read_text_rejects_bad_bytes_naming_the_line(tmp_path, content, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(ParseError, match=message):
        read_text(path)
