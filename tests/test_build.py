"""Builds: one book per edition, only what changed re-executes, a damaged site is repaired.

One project copy is built once for the module (both editions that have readings) and shared:
the tests change one thing at a time and say exactly which chapters of which edition must run.
Its book keeps two section chapters and the pages that read every table: enough for every rule
here, at half the cost of the whole book (which the test command builds, and nbval and the
site tests check).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import filelock
import pandas as pd
import pytest

from isilbook.errors import BuildError, DataError
from isilbook.paths import ProjectPaths
from isilbook.publish.execute import chapters
from isilbook.publish.site import build_book
from tests.conftest import BUILD_JOBS, EDITION_ROOTS, copy_project, keep_only, tree_hashes

ISILBOOK = str(Path(sys.executable).with_name("isilbook"))
EDITIONS = list(EDITION_ROOTS)  # newest first: the newest is the site's root
# Pages that read every table (no `isilbook: theme` in their front matter).
WHOLE_BOOK_PAGES = ["changes", "data", "index", "methods", "source"]
#: The copy's book, in table-of-contents order: two section chapters and the whole-book pages.
CHAPTERS = ["index", "libya", "ict", "changes", "methods", "source", "data"]


def jobs(names, editions=EDITIONS) -> list[str]:
    return sorted(f"{name} ({edition})" for name in names for edition in editions)


@pytest.fixture(scope="module")
def build(warm_kernels):
    """``build_book`` as the tests here run it: two kernels, kept warm across the builds."""
    return functools.partial(build_book, jobs=BUILD_JOBS, kernels=warm_kernels)


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory, build) -> tuple[ProjectPaths, object]:
    paths = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    keep_only(paths.root / "_toc.yml", CHAPTERS)
    return paths, build(paths)


def test_cold_build_executes_every_chapter_of_every_edition(built_copy):
    paths, report = built_copy
    assert [c.name for c in chapters(paths)] == CHAPTERS
    assert report.editions == EDITIONS
    assert report.executed == jobs(CHAPTERS)
    assert report.site_rebuilt
    assert (paths.site / "book" / "libya.html").is_file()
    assert (paths.site / "editions" / "S-2016-501" / "book" / "libya.html").is_file()


def test_no_change_rebuild_does_no_work(built_copy, build):
    paths, _ = built_copy
    before = tree_hashes(paths.site.resolve())
    report = build(paths)
    assert report.executed == [] and not report.site_rebuilt
    assert len(report.reused) == len(CHAPTERS) * len(EDITIONS)
    assert tree_hashes(paths.site.resolve()) == before


def test_changing_one_figure_re_executes_only_its_readers(built_copy, build):
    paths, _ = built_copy
    figures = pd.read_csv(paths.table("figures"), dtype=str, keep_default_na=False)
    row = figures.index[figures["indicator"] == "isil_libyan_fighters_sent_back"][0]
    figures.loc[row, "label"] = "Libyan fighters the ISIL core sent home"
    figures.to_csv(paths.table("figures"), index=False, lineterminator="\n")
    report = build(paths)
    # The Libya chapter of both editions (its series shows every edition's figures).
    assert report.executed == jobs(["libya", *WHOLE_BOOK_PAGES])
    assert report.site_rebuilt
    page = (paths.site / "editions" / "S-2016-501" / "book" / "libya.html").read_text()
    assert "Libyan fighters the ISIL core sent home" in page


def test_changing_a_reading_re_executes_that_chapter_of_that_edition_only(built_copy, build,
                                                                         warm_kernels):
    paths, _ = built_copy
    reading = paths.book / "readings" / "S-2016-501" / "ict.md"
    reading.write_text(reading.read_text(encoding="utf-8") + "\nA sentence added.\n",
                       encoding="utf-8")
    started = warm_kernels.started
    assert build(paths).executed == ["ict (S/2016/501)"]
    # It ran on a kernel the earlier builds left warm: the build did not close the pool it
    # was lent.
    assert started >= 1 and warm_kernels.started == started


def test_a_file_included_from_outside_never_reaches_the_build(built_copy, build, tmp_path):
    """Refused while the reading includes it; gone for good once the reading is fixed."""
    paths, _ = built_copy
    outside = tmp_path / "outside.txt"
    marker = "written outside the project, never to be published"
    outside.write_text(marker + "\n", encoding="utf-8")
    reading = sorted((paths.book / "readings").glob("*/libya.md"))[0]
    good = reading.read_text(encoding="utf-8")
    include = os.path.relpath(outside, reading.parent)
    reading.write_text(good + f"\n```{{include}} {include}\n```\n", encoding="utf-8")
    with pytest.raises(DataError) as refused:
        build(paths)
    assert f"{reading}, line " in str(refused.value)
    assert not _holding(paths.build, marker)
    reading.write_text(good, encoding="utf-8")
    build(paths)
    assert not _holding(paths.build, marker)


def _holding(folder: Path, text: str) -> list[Path]:
    """Files under ``folder`` whose bytes hold ``text``."""
    needle = text.encode("utf-8")
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_changing_a_template_re_executes_that_chapter_in_every_edition(built_copy, build):
    paths, _ = built_copy
    template = paths.book / "ict.md"
    template.write_text(template.read_text(encoding="utf-8") + "\nA sentence added.\n",
                        encoding="utf-8")
    assert build(paths).executed == jobs(["ict"])


def _delete_a_page(site: Path) -> None:
    (site / "book" / "libya.html").unlink()


def _empty_the_site(site: Path) -> None:
    for child in site.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()


def _remove_the_link(site: Path) -> None:
    site.unlink()


@pytest.mark.parametrize("damage", [_delete_a_page, _empty_the_site, _remove_the_link])
def test_a_plain_build_repairs_a_damaged_site(built_copy, damage, build):
    paths, _ = built_copy
    good = tree_hashes(paths.site.resolve())
    # Written at the end of each Jupyter Book run of an edition's staged book.
    compiled = sorted((paths.build / "stage").glob("*/compiled.key"))
    stamps = [record.stat().st_mtime_ns for record in compiled]
    damage(paths.site if damage is _remove_the_link else paths.site.resolve())
    report = build(paths)
    assert report.executed == [] and report.site_rebuilt
    assert tree_hashes(paths.site.resolve()) == good
    # Assembled again from each edition's compiled book: Jupyter Book did not run again.
    assert len(compiled) == 2 and [r.stat().st_mtime_ns for r in compiled] == stamps
    assert build(paths).site_rebuilt is False  # and the repaired site is current again


def test_a_held_build_lock_stops_a_second_build_with_a_clear_message(built_copy, build):
    paths, _ = built_copy
    lock = filelock.FileLock(paths.build / "build.lock")
    with lock:
        with pytest.raises(BuildError, match=r"another isilbook command \(build, add-edition "
                           r"or tables\) is running in .*; wait for it"):
            build(paths)
        result = subprocess.run([ISILBOOK, "build", "--root", str(paths.root)],
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"error: another isilbook command (build, add-edition or "
                                     f"tables) is running in {paths.root} (lock "
                                     f"{paths.build / 'build.lock'}); wait for it to finish")
    assert build(paths).site_rebuilt is False  # released: the state is whole


def test_the_site_link_points_at_the_one_published_site(built_copy):
    paths, _ = built_copy
    key = (paths.build / "site.key").read_text(encoding="utf-8").splitlines()[0]
    assert paths.site.is_symlink() and os.readlink(paths.site) == f"sites/{key[:16]}"
    assert [p.name for p in (paths.build / "sites").iterdir()] == [key[:16]]


def test_a_chapter_run_again_in_a_new_kernel_gives_the_build_s_bytes(built_copy, tmp_path):
    """Same data and parameters, same bytes: no random cell id, timing or path is kept, and the
    warm kernel the build ran the chapter on gave exactly what a new kernel gives."""
    from isilbook.publish.execute import Job, execute_job, jobs_for, prepare

    paths, _ = built_copy
    built = next(j for j in jobs_for(paths, "S/2016/501") if j.chapter.name == "libya")
    again = Job(built.chapter, built.edition, tmp_path / "libya.ipynb")
    execute_job(again, prepare(paths, again), {"data_dir": str(paths.data),
                                               "document_symbol": "S/2016/501"}, "key")
    assert again.executed.read_bytes() == built.executed.read_bytes()
    assert b'"id": "cell-0"' in built.executed.read_bytes()
