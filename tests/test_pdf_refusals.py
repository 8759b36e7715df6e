"""add-edition refuses what it cannot take in: exit 1, one message naming file and page, and the
project byte for byte as it was (no file, folder or manifest row added).

The PDFs are the held S/2016/501 text printed as the UN prints it (its symbol in the masthead
and running headers), so each project copy first gives up its held text of that edition
(:func:`_without_held_text`) and the PDF is taken in as S/2016/501."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from isilbook.cli import app
from tests.conftest import copy_project


def _snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file, folder and link under ``root`` with its bytes (or link target), but the
    build output (``_build`` holds the project's lock, which every writing command takes)."""
    out: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if key.split("/")[0] == "_build":
            continue
        if path.is_symlink():
            out[key] = "link:" + os.readlink(path)
        elif path.is_dir():
            out[key] = "dir"
        else:
            out[key] = path.read_bytes()
    return out


def _without_held_text(project):
    """The copy without its held text of S/2016/501 (manifest row and file), ready to take
    the edition in again from its PDF."""
    import csv

    with project.manifest.open(encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle) if row[0] != "S-2016-501"]
    with project.manifest.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    (project.raw / "S-2016-501.txt").unlink()
    return project


def _copy(folder: Path):
    return _without_held_text(copy_project(folder))


def _add(project, report, *extra: str):
    return CliRunner().invoke(app, ["add-edition", str(report), "--symbol", "S/2016/501",
                                    "--date", "2016-05-31", "--root", str(project.root),
                                    *extra])


@pytest.mark.parametrize(("name", "page", "says"), [
    ("scanned", 1, "no text (scanned; run OCR first)"),
    ("encrypted", 1, "an encrypted PDF"),
    ("unnumbered", 1, "expected numbered paragraphs"),
])
def test_an_unreadable_pdf_is_refused_naming_its_page(un_pdfs, tmp_path, name, page, says):
    project = _copy(tmp_path / "project")
    before = _snapshot(project.root)
    result = _add(project, un_pdfs[name])
    assert result.exit_code == 1
    message = result.output.strip()
    assert message.count("\n") == 0 and "Traceback" not in message
    assert message.startswith(f"error: {un_pdfs[name]}, page {page}")
    assert says in message
    assert _snapshot(project.root) == before


def test_a_numbering_gap_is_refused_with_page_and_line(un_pdfs, tmp_path):
    project = _copy(tmp_path / "project")
    before = _snapshot(project.root)
    result = _add(project, un_pdfs["gap"])
    assert result.exit_code == 1
    # Where paragraph 41 is printed, read independently with poppler's bounding boxes.
    import subprocess

    pages = subprocess.run(["pdftotext", "-layout", str(un_pdfs["gap"]), "-"],
                           capture_output=True, text=True, check=True).stdout.split("\f")
    page = next(i for i, text in enumerate(pages, start=1) if "\n41.  " in text
                or "\n41. " in text)
    assert f"{un_pdfs['gap']}, page {page}, line " in result.output
    assert "expected paragraph 40 (" in result.output and "found '41. Although States" \
        in result.output
    assert _snapshot(project.root) == before


def test_an_empty_title_is_refused(un_pdfs, tmp_path):
    project = _copy(tmp_path / "project")
    before = _snapshot(project.root)
    result = _add(project, un_pdfs["gutter"], "--title", "  ")
    assert result.exit_code == 2  # a usage error, refused before anything is read
    assert "--title" in result.output and "expected some text (it is empty)" in result.output
    assert _snapshot(project.root) == before


@pytest.mark.usefixtures("reading_pdfs_once")
def test_an_author_s_candidates_file_is_never_overwritten_silently(un_pdfs, tmp_path):
    project = _copy(tmp_path / "project")
    mine = project.data / "candidates" / "s-2016-501.csv"
    mine.parent.mkdir()
    mine.write_text("my curation notes\n", encoding="utf-8")
    before = _snapshot(project.root)
    result = _add(project, un_pdfs["gutter"])
    assert result.exit_code == 1
    assert f"error: {mine}: expected no candidates file yet" in result.output
    assert _snapshot(project.root) == before


@pytest.mark.usefixtures("reading_pdfs_once")
def test_a_symlink_planted_in_raw_never_lets_it_write_outside(un_pdfs, tmp_path):
    project = _copy(tmp_path / "project")
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"not yours")
    (project.raw / "S-2016-501.pdf").symlink_to(outside)
    before = _snapshot(project.root)
    result = _add(project, un_pdfs["gutter"])
    assert result.exit_code == 1
    assert "symbolic link" in result.output
    assert outside.read_bytes() == b"not yours"
    assert _snapshot(project.root) == before


@pytest.mark.usefixtures("reading_pdfs_once")
def test_a_symlinked_folder_for_derived_files_is_refused(un_pdfs, tmp_path):
    project = _copy(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project.data / "candidates").symlink_to(elsewhere)
    before = _snapshot(project.root)
    result = _add(project, un_pdfs["gutter"])
    assert result.exit_code == 1
    assert f"expected a place inside the project {project.root}" in result.output
    assert list(elsewhere.iterdir()) == []
    assert _snapshot(project.root) == before


@pytest.mark.usefixtures("reading_pdfs_once")
@pytest.mark.parametrize("interrupt_at", [1, 4, 8])
def test_ctrl_c_while_writing_leaves_the_project_as_it_was(un_pdfs, tmp_path, monkeypatch,
                                                           interrupt_at):
    """A KeyboardInterrupt at the n-th rename: every file already moved is put back."""
    from isilbook.data import intake, staging

    project = _copy(tmp_path / "project")
    before = _snapshot(project.root)
    real_replace, calls = os.replace, []

    def replace(source, target):
        calls.append(target)
        if len(calls) == interrupt_at:
            raise KeyboardInterrupt
        return real_replace(source, target)

    monkeypatch.setattr(staging.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        intake.add_edition(project, un_pdfs["indented"], "S/2016/501", "2016-05-31")
    monkeypatch.undo()
    assert len(calls) >= interrupt_at
    assert _snapshot(project.root) == before


@pytest.mark.usefixtures("reading_pdfs_once")
def test_the_same_edition_lands_whole_when_nothing_goes_wrong(un_pdfs, tmp_path):
    project = _copy(tmp_path / "project")
    result = _add(project, un_pdfs["indented"])
    assert result.exit_code == 0, result.output
    assert "91 paragraphs" in result.output and "read first:" in result.output
    for path in ("raw/S-2016-501.pdf", "derived/S-2016-501.txt",
                 "derived/S-2016-501.review.md", "candidates/s-2016-501.csv"):
        assert (project.data / path).is_file(), path
    assert not list(project.root.rglob("*.tmp")) and not list(project.root.rglob("*.bak"))
