"""Nothing lost: a build that fails at any stage leaves the last good site and the data as they were.

One project copy, built once (the session's ``hostile_project``, shared
with tests/test_injection.py), has builds made to fail at each stage (validation, an unknown
edition, a chapter that raises, a strict-mode Sphinx warning); the published site
(``_build/html``, followed through its symlink) and ``data/`` are hashed before and after, file
by file. Each test puts the copy back as it found it, so the last one can show
that the next good build finds the site still current.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import tree_hashes
from tests.hostile import PAYLOAD_PAGES

ISILBOOK = str(Path(sys.executable).with_name("isilbook"))
RAISING_CELL = """
```{code-cell} ipython3
raise RuntimeError("a deliberate failure in this chapter")
```
"""
BROKEN_MARKUP = """
See {ref}`no-such-label-anywhere` for more.

```{no-such-directive}
Some content.
```
"""


def isilbook(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([ISILBOOK, *args], capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def built(hostile_project) -> Path:
    """A project copy with a good site (the session's hostile copy: see conftest)."""
    assert (hostile_project / "_build" / "html" / "book" / "libya.html").exists()
    return hostile_project


def snapshot(root: Path) -> dict[str, object]:
    """Everything that must survive a failed build, as hashes."""
    site = root / "_build" / "html"
    executed = root / "_build" / "executed"
    return {
        "site link": os.readlink(site),
        "site": tree_hashes(site.resolve()),
        "site key": (root / "_build" / "site.key").read_text(encoding="utf-8"),
        "data": tree_hashes(root / "data"),
        "executed": {name: digest for name, digest in tree_hashes(executed).items()
                     if not name.startswith("S-2016-501/book/methods.")},
    }


@contextmanager
def edited(path: Path, change) -> Iterator[None]:
    """Change a file of the copy for the duration of a test, then restore its exact bytes."""
    original = path.read_bytes()
    path.write_text(change(original.decode("utf-8")), encoding="utf-8")
    try:
        yield
    finally:
        path.write_bytes(original)


def assert_failed_cleanly(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr[-3000:]
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr[-3000:]


def test_the_site_has_every_page(built):
    site = built / "_build" / "html"
    assert site.is_symlink()
    pages = {p.name for p in (site / "book").glob("*.html")}
    assert pages == {f"{name}.html" for name in PAYLOAD_PAGES}


def test_a_validation_failure_keeps_site_and_data(built):
    figures = built / "data" / "figures.csv"
    with edited(figures, lambda text: text.replace(",3000,5000,people,between,",
                                                   ",3000,five thousand,people,between,", 1)):
        before = snapshot(built)
        result = isilbook("build", "--root", str(built), "--document", "S/2016/501")
        after = snapshot(built)
    assert_failed_cleanly(result, "figures.csv, row 16, column 'high': expected a value of type "
                                  "number; found 'five thousand'")
    assert after == before


def test_an_unknown_edition_stops_before_any_chapter_runs(built):
    before = snapshot(built)
    result = isilbook("build", "--root", str(built), "--document", "S/1999/1", "--force")
    assert_failed_cleanly(result, "--document: expected the symbol of an edition in "
                                  "editions.csv, one of ['S/2016/92', ", "found 'S/1999/1'")
    assert "chapters:" not in result.stderr  # no progress bar: nothing was executed
    assert snapshot(built) == before


def test_a_chapter_that_raises_keeps_site_data_and_its_last_good_output(built):
    chapter = built / "book" / "libya.md"
    executed = built / "_build" / "executed" / "S-2016-501" / "book" / "libya.ipynb"
    last_good = executed.read_bytes()
    with edited(chapter, lambda text: text + RAISING_CELL):
        before = snapshot(built)
        result = isilbook("build", "--root", str(built), "--document", "S/2016/501")
        after = snapshot(built)
    assert_failed_cleanly(result, f"error: {chapter} (S/2016/501): chapter raised RuntimeError: "
                                  "a deliberate failure in this chapter")
    assert after == before
    assert executed.read_bytes() == last_good


def test_a_sphinx_warning_in_strict_mode_keeps_site_and_data(built):
    chapter = built / "book" / "methods.md"
    with edited(chapter, lambda text: text + BROKEN_MARKUP):
        before = snapshot(built)
        result = isilbook("build", "--root", str(built), "--document", "S/2016/501")
        after = snapshot(built)
    assert_failed_cleanly(result, "error: jupyter-book build of S-2016-501 failed (strict mode)",
                          f"{chapter} (executed cell ", "WARNING: undefined label: "
                          "'no-such-label-anywhere'", "Unknown directive type: 'no-such-directive'")
    assert after == before


def test_a_damaged_build_folder_is_repaired_by_the_next_build(built):
    """Whatever state the build's own folder is in, the next build repairs it: a corrupt
    executed chapter and a foreign one in another's place are executed again, what an earlier
    input left in the stage (a file beside the chapters, a download in the compiled HTML) is
    gone, Sphinx's damaged state never shows its traceback, and the deleted page is back."""
    executed = built / "_build" / "executed" / "S-2016-501" / "book"
    stage = built / "_build" / "stage" / "S-2016-501"
    good = {name: (executed / f"{name}.ipynb").read_bytes() for name in ("funding", "libya")}
    data = tree_hashes(built / "data")
    (executed / "libya.ipynb").write_text("{ not a notebook", encoding="utf-8")
    (executed / "funding.ipynb").write_bytes(good["libya"])  # another chapter in its place
    (built / "_build" / "html" / "book" / "libya.html").unlink()
    leftovers = [stage / "book" / "leaked.txt",
                 stage / "_build" / "html" / "_downloads" / "0ff1ce" / "passwd"]
    for leftover in leftovers:
        leftover.parent.mkdir(parents=True, exist_ok=True)
        leftover.write_text("root:x:0:0:root:/root:/bin/sh\n", encoding="utf-8")
    (stage / "_build" / ".doctrees" / "environment.pickle").write_bytes(b"not a pickle")
    result = isilbook("build", "--root", str(built), "--document", "S/2016/501")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    # (methods may run again too: the strict-mode test above left it executed with its edit)
    ran = result.stdout.split(": ", 1)[1].split(";", 1)[0].split(", ")
    assert {"funding (S/2016/501)", "libya (S/2016/501)"} <= set(ran), result.stdout
    assert "site rebuilt" in result.stdout
    assert {name: (executed / f"{name}.ipynb").read_bytes() for name in good} == good
    assert [p for p in leftovers if p.exists()] == []
    site = built / "_build" / "html"
    assert list(site.resolve().rglob("passwd")) == []
    assert {p.name for p in (site / "book").glob("*.html")} == {
        f"{name}.html" for name in PAYLOAD_PAGES}
    assert tree_hashes(built / "data") == data


def test_the_next_good_build_finds_the_last_good_site_current(built):
    before = snapshot(built)
    result = isilbook("build", "--root", str(built), "--document", "S/2016/501")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "site unchanged" in result.stdout
    assert snapshot(built) == before
