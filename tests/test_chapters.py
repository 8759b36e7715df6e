"""Chapter templates and readings: parameterised, code hidden, helpers imported, lint-clean.

A template is true for every edition: it names no edition (one place, the readings module,
decides the default) and holds the marker where an edition's reading goes; a reading is prose
for one edition, with no parameters of its own.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import jupytext
import pandas as pd
import pytest
import yaml

from tests.conftest import ROOT, book_pages

CHAPTERS = [ROOT / page.replace(".html", ".md") for page in book_pages()]
READINGS = sorted((ROOT / "book" / "readings").glob("*/*.md"))
REPORT_SECTIONS = list(pd.read_csv(ROOT / "data" / "chapters.csv")["chapter"])
SYMBOL = re.compile(r"S/20\d\d/\d+")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_a_typed_parameters_cell_first(path):
    notebook = jupytext.read(path)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    first = code[0]
    assert "parameters" in first.metadata.get("tags", [])
    assert 'document_symbol: str = ""' in first.source
    assert 'data_dir: str = "../data"' in first.source


def test_the_registry_defines_each_chapter_once_and_the_table_of_contents_follows_it():
    """The table of contents lists the registry's chapters, in its order, under its parts;
    no template declares a theme of its own, and each opens the chapter named after its file."""
    registry = pd.read_csv(ROOT / "data" / "chapters.csv")
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    listed = [(part["caption"], Path(c["file"]).name) for part in toc["parts"]
              for c in part["chapters"] if Path(c["file"]).name in set(registry["chapter"])]
    assert listed == list(zip(registry["part"], registry["chapter"]))
    for name in registry["chapter"]:
        text = (ROOT / "book" / f"{name}.md").read_text(encoding="utf-8")
        assert "theme:" not in text.split("---")[1], f"{name}: the registry says its theme"
        assert re.findall(r"open_chapter\([^)]*\)", text) == [
            f'open_chapter(data_dir, document_symbol, "{name}")']
    package = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "isilbook").rglob("*.py"))
    for title in registry["title"]:
        assert f'"{title}"' not in package, f"{title!r} typed in the package"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_template_names_no_edition(path):
    """Symbols in a template would be one edition's facts typed into every edition's book."""
    assert SYMBOL.findall(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("name", REPORT_SECTIONS)
def test_every_report_section_has_the_reading_marker_once(name):
    from isilbook.book.readings import MARKER

    notebook = jupytext.read(ROOT / "book" / f"{name}.md")
    markers = [c for c in notebook.cells if c.cell_type == "markdown" and c.source.strip() == MARKER]
    assert len(markers) == 1


@pytest.mark.parametrize("path", READINGS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_reading_is_prose_of_a_chapter(path):
    """No code cell, no raw HTML, nothing a reading may not hold (an author writes prose)."""
    from isilbook.data.reading_text import read_reading

    assert path.stem in REPORT_SECTIONS
    notebook = jupytext.read(path, fmt="md:myst")
    assert [c for c in notebook.cells if c.cell_type != "markdown"] == []
    assert "{code-cell}" not in path.read_text(encoding="utf-8")
    reading, problems = read_reading(path)
    assert problems == []
    assert reading.roles, f"{path}: a reading that names no figure, quotation or source"


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
    """Each template with each of its readings spliced in, as the build executes them."""
    from isilbook.book.readings import splice_reading

    for path in CHAPTERS:
        readings = [r for r in READINGS if r.stem == path.stem] or [None]
        for reading in readings:
            notebook = jupytext.read(path)
            splice_reading(notebook, reading)
            name = f"{path.stem}-{reading.parent.name if reading else 'none'}.py"
            jupytext.write(notebook, tmp_path / name, fmt="py:percent")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F",
                             "--ignore", "E402", "--no-cache", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
