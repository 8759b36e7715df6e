"""The chapter sources: parameterised, code hidden from readers, helpers imported, lint-clean."""

from __future__ import annotations

import subprocess
import sys

import jupytext
import pytest

from tests.conftest import ROOT, book_pages

CHAPTERS = [ROOT / page.replace(".html", ".md") for page in book_pages()]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_a_typed_parameters_cell_first(path):
    notebook = jupytext.read(path)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    first = code[0]
    assert "parameters" in first.metadata.get("tags", [])
    assert 'document_symbol: str = "S/2016/501"' in first.source
    assert 'data_dir: str = "../data"' in first.source


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_code_cell_is_hidden_from_readers(path):
    notebook = jupytext.read(path)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            tags = set(cell.metadata.get("tags", []))
            assert tags & {"remove-cell", "remove-input"}, cell.source[:80]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapters_define_no_functions_of_their_own(path):
    notebook = jupytext.read(path)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert "\ndef " not in "\n" + cell.source, f"{path.name}: move helpers to isilbook"


def test_chapter_code_is_lint_clean(tmp_path):
    for path in CHAPTERS:
        jupytext.write(jupytext.read(path), tmp_path / f"{path.stem}.py", fmt="py:percent")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F",
                             "--ignore", "E402", "--no-cache", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
