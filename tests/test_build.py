"""Incremental builds: only what changed re-executes; nothing changed means no work at all."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from isilbook.paths import ProjectPaths
from isilbook.publish.build import build_book, chapters
from tests.conftest import copy_project

# Pages that read every table (no `isilbook: theme` in their front matter).
WHOLE_BOOK_PAGES = ["changes", "data", "index", "methods", "source"]


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory) -> tuple[ProjectPaths, object]:
    paths = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    return paths, build_book(paths)


def _tree_digest(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_cold_build_executes_every_chapter(built_copy):
    paths, report = built_copy
    assert report.executed == sorted(c.name for c in chapters(paths))
    assert report.site_rebuilt and (paths.site / "book" / "libya.html").exists()


def test_no_change_rebuild_does_no_work(built_copy):
    paths, _ = built_copy
    before = _tree_digest(paths.site.resolve())
    report = build_book(paths)
    assert report.executed == [] and not report.site_rebuilt
    assert len(report.reused) == len(chapters(paths))
    assert _tree_digest(paths.site.resolve()) == before


def test_changing_one_figure_re_executes_only_its_readers(built_copy):
    paths, _ = built_copy
    figures = pd.read_csv(paths.table("figures"), dtype=str, keep_default_na=False)
    row = figures.index[figures["indicator"] == "isil_libyan_fighters_sent_back"][0]
    figures.loc[row, "label"] = "Libyan fighters the ISIL core sent home"
    figures.to_csv(paths.table("figures"), index=False, lineterminator="\n")
    report = build_book(paths)
    assert report.executed == sorted(["libya", *WHOLE_BOOK_PAGES])
    assert report.site_rebuilt
    page = (paths.site / "book" / "libya.html").read_text(encoding="utf-8")
    assert "Libyan fighters the ISIL core sent home" in page


def test_changing_a_chapter_re_executes_only_that_chapter(built_copy):
    paths, _ = built_copy
    chapter = paths.book / "ict.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = build_book(paths)
    assert report.executed == ["ict"]


def test_another_edition_builds_and_says_what_is_missing(built_copy):
    paths, _ = built_copy
    report = build_book(paths, document="S/2017/97")
    assert report.executed == sorted(c.name for c in chapters(paths))  # parameters changed
    libya = (paths.site / "book" / "libya.html").read_text(encoding="utf-8")
    assert "The book does not hold the text of S/2017/97" in libya
    assert "between several hundred and 3,000 people" in libya
    assert "AP News" in libya or "Associated Press" in libya
    funding = (paths.site / "book" / "funding.html").read_text(encoding="utf-8")
    assert "around $260 million" in funding and "up to $500 million" in funding
