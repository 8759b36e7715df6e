"""Warm kernels: a chapter run on a reused kernel gives exactly what a new kernel gives.

The build's kernels are checked here, and nbval's (``tests/nbval_warm.py``): strict nbval runs
the built chapters again on warm kernels too, in another order than the build's, so state
carried from one chapter to the next would show as a changed output.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jupytext
import nbformat
import pytest

from isilbook.errors import BuildError
from isilbook.publish.execute import (
    KERNEL_ARGUMENTS,
    Chapter,
    Job,
    execute_job,
)
from isilbook.publish.kernels import KernelPool
from tests.conftest import ROOT

#: A chapter that leaves state behind: a variable, a changed folder, a warning filter, output.
MESSY = """\
import os, warnings
leaked = 41
warnings.simplefilter("ignore")
os.chdir("/")
leaked + 1
"""
#: A chapter that shows whatever state it was given (importing what the kernel was warmed with).
PROBE = """\
import os, warnings
import pandas
print(sorted(k for k in globals() if not k.startswith("_") and k not in ("In", "Out", "exit",
      "quit", "get_ipython", "open", "pandas")))
print(os.path.basename(os.getcwd()))
print(warnings.filters[0][0], len(warnings.filters))
"""


def _notebook(folder: Path, name: str, *cells: str) -> Chapter:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    source = folder / f"{name}.md"
    jupytext.write(notebook, source, fmt="md:myst")
    return Chapter(name, source)


def _run(chapter: Chapter, out: Path, kernel=None) -> bytes:
    job = Job(chapter, "S/2016/501", out / f"{chapter.name}.ipynb")
    execute_job(job, jupytext.read(chapter.source), {}, "key", kernel)
    return job.executed.read_bytes()


def test_a_reused_kernel_gives_the_next_chapter_a_new_session(tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    messy, probe = _notebook(folder, "messy", MESSY), _notebook(folder, "probe", PROBE)
    new_kernel = _run(probe, tmp_path / "new")
    with KernelPool(folder, ["pandas"], KERNEL_ARGUMENTS) as pool:
        with pool.kernel(folder) as kernel:
            _run(messy, tmp_path / "warm", kernel)
        with pool.kernel(folder) as kernel:
            reused = _run(probe, tmp_path / "warm", kernel)
    assert reused == new_kernel
    cells = nbformat.reads(reused.decode(), as_version=4).cells
    texts = [o.get("text", "") for o in cells[0].outputs]
    # No variable left over, back in the chapter's folder.
    assert texts[0].startswith("['os', 'warnings']\nbook\n")
    assert cells[0].execution_count == 1  # counted from 1 again


def test_a_kernel_whose_chapter_failed_is_not_reused(tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    failing = _notebook(folder, "failing", "import os\nmarker = os.getpid()\nraise ValueError")
    pid = _notebook(folder, "pid", "import os\nprint(os.getpid())")
    with KernelPool(folder, [], KERNEL_ARGUMENTS) as pool:
        with pool.kernel(folder) as kernel:
            first = kernel.manager.provisioner.process.pid
        with pytest.raises(BuildError, match=r"failing\.md \(S/2016/501\): chapter raised "
                                             r"ValueError"):
            with pool.kernel(folder) as kernel:
                assert kernel.manager.provisioner.process.pid == first  # reused while healthy
                _run(failing, tmp_path / "out", kernel)
        assert not kernel.manager.has_kernel  # shut down
        with pool.kernel(folder) as kernel:
            output = _run(pid, tmp_path / "out", kernel)
    printed = nbformat.reads(output.decode(), as_version=4).cells[0].outputs[0]["text"]
    assert int(printed) != first



def _stored(path: Path, *cells: tuple[str, str]) -> None:
    """A notebook whose cells (source, printed text) carry their expected output."""
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(source, execution_count=count, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text=text)] if text else [])
        for count, (source, text) in enumerate(cells, start=1)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


def test_nbval_lends_a_warm_kernel_with_a_new_session_and_drops_a_failed_one(tmp_path):
    mark = 'import sys, types\nleft = 41\nsys.modules["isil_mark"] = types.ModuleType("m")'
    seen = 'import os, sys\nprint("left" in globals(), "isil_mark" in sys.modules)'
    _stored(tmp_path / "one" / "a.ipynb", (mark, ""), ("print(left + 1)", "42\n"))
    # The same process (the imported module is still there), none of a's names, b's folder.
    _stored(tmp_path / "two" / "b.ipynb", (seen, "False True\n"),
            ("import os\nprint(os.path.basename(os.getcwd()))", "two\n"))
    _stored(tmp_path / "two" / "c.ipynb", ("print(1 + 1)", "3\n"))  # a changed output fails
    _stored(tmp_path / "two" / "d.ipynb", (seen, "False False\n"))  # ...and a new kernel follows
    report = tmp_path / "report.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.nbval_warm", "-p", "no:xdist",
         "-p", "no:cacheprovider", "--nbval", f"--junitxml={report}", "--rootdir", str(tmp_path),
         "one/a.ipynb", "two/b.ipynb", "two/c.ipynb", "two/d.ipynb"],
        cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)},
        capture_output=True, text=True, timeout=180)
    outcomes = {f"{case.get('classname')}::{case.get('name')}":
                "failed" if case.find("failure") is not None else "passed"
                for case in ET.parse(report).iter("testcase")}
    assert outcomes == {"one.a.ipynb::Cell 0": "passed", "one.a.ipynb::Cell 1": "passed",
                        "two.b.ipynb::Cell 0": "passed", "two.b.ipynb::Cell 1": "passed",
                        "two.c.ipynb::Cell 0": "failed", "two.d.ipynb::Cell 0": "passed"}
