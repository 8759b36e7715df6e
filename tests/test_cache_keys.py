"""A chapter's cache key covers every package module it imports, through every subpackage.

The key follows the chapter's imports through the package's own imports, so editing a helper
in ``isilbook/data`` or ``isilbook/book`` re-executes exactly the chapters that (indirectly)
import it, and editing the publish stage, which no chapter imports, re-executes none.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from isilbook.paths import ProjectPaths
from isilbook.publish import execute
from tests.conftest import ROOT

EDITION = "S/2016/501"
READ = "read"  # the chapters that have a reading of EDITION (they import the reading's renderer)


@pytest.fixture
def package_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the package that the key reads instead of the real one."""
    copy = tmp_path / "isilbook"
    shutil.copytree(ROOT / "isilbook", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(execute, "PACKAGE", copy)
    execute._closure_of.cache_clear()
    yield copy
    execute._closure_of.cache_clear()


def digests() -> dict[str, str]:
    paths = ProjectPaths.at(ROOT)
    execute._closure_of.cache_clear()
    return {job.chapter.name: execute.package_digest(execute.prepare(paths, job))
            for job in execute.jobs_for(paths, EDITION)}


@pytest.mark.parametrize(("module", "changed"), [
    # A data-stage helper every chapter reaches (edition -> validate -> numbers).
    ("data/numbers.py", "all"),
    # A book-stage helper only the landing page imports.
    ("book/presentations.py", ["index"]),
    # What every spliced reading imports, and no other page.
    ("book/reading_render.py", READ),
    # The publish stage: no chapter imports it.
    ("publish/pdf.py", []),
    ("cli.py", []),
])
def test_editing_a_module_re_keys_exactly_the_chapters_that_import_it(package_copy, module,
                                                                      changed):
    before = digests()
    target = package_copy / module
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = digests()
    moved = sorted(name for name in before if before[name] != after[name])
    if changed == READ:
        from isilbook.book.readings import reading_path

        changed = sorted(name for name in before
                         if reading_path(ROOT / "book", EDITION, name).is_file())
        assert changed, f"no chapter of {EDITION} has a reading"
    assert moved == (sorted(before) if changed == "all" else changed)


def test_the_key_reads_modules_inside_subpackages(package_copy):
    execute._closure_of.cache_clear()
    files = execute._closure_of("isilbook.book.chapter")
    names = {str(f.relative_to(package_copy)) for f in files}
    assert {"__init__.py", "book/__init__.py", "book/chapter.py", "book/charts.py",
            "data/validate.py", "data/numbers.py", "paths.py"} <= names
    assert not any(name.startswith("publish/") for name in names)
