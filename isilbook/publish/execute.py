"""Execute the chapters of every edition with papermill, re-running only what changed.

A chapter of one edition re-executes only when its cache key changes: a content hash of its
template, the edition's reading of it, the parameters, the data it reads and the source of every
package module it imports (followed through the imports, so a helper moved into a subpackage is
still covered). Executions run in parallel on the available cores behind one progress bar, on
warm kernels (:mod:`isilbook.publish.kernels`: one kernel per worker, reset between chapters),
with a time limit per chapter, and each lands in place only when it succeeded.

An executed chapter is reused only when its key file names both the key and the digest of the
executed notebook as it was written: a notebook corrupted or replaced in ``_build`` since is
executed again, never compiled as it is.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import papermill
from tqdm import tqdm

from isilbook.book.readings import edition_folder, reading_path, splice_reading
from isilbook.errors import BuildError
from isilbook.paths import ProjectPaths
from isilbook.publish.kernels import ENGINE, KernelPool, WarmKernel
from isilbook.publish.toc import toc_documents

PACKAGE = Path(__file__).resolve().parents[1]  # the isilbook folder
#: Seconds a chapter may run before it fails (an endless loop must not hang the build); a
#: chapter takes about three seconds.
CHAPTER_TIMEOUT = int(os.environ.get("ISILBOOK_CHAPTER_TIMEOUT", "120"))
#: The kernel's own start-up chatter (transport warnings) is not something a reader can act on;
#: errors in a chapter still surface through papermill as the chapter's failure.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


@dataclass(frozen=True)
class Chapter:
    """One chapter template of the table of contents."""

    name: str
    source: Path


@dataclass(frozen=True)
class Job:
    """One chapter executed for one edition."""

    chapter: Chapter
    edition: str
    executed: Path

    @property
    def key_file(self) -> Path:
        return self.executed.with_suffix(".key")

    @property
    def label(self) -> str:
        return f"{self.chapter.name} ({self.edition})"


def chapters(paths: ProjectPaths) -> list[Chapter]:
    """The chapters listed in ``_toc.yml``, in reading order."""
    return [Chapter(Path(doc).name, paths.root / f"{doc}.md") for doc in toc_documents(paths.root)]


def executed_folder(paths: ProjectPaths, edition: str) -> Path:
    """Where one edition's executed chapters live (``_build/executed/S-2016-501/book``)."""
    return paths.build / "executed" / edition_folder(edition) / "book"


def jobs_for(paths: ProjectPaths, edition: str) -> list[Job]:
    folder = executed_folder(paths, edition)
    return [Job(c, edition, folder / f"{c.name}.ipynb") for c in chapters(paths)]


def content_digest(*parts: bytes | str) -> str:
    """sha256 of the parts in order, each closed by a NUL byte (so parts cannot run together)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def prepare(paths: ProjectPaths, job: Job) -> nbformat.NotebookNode:
    """The notebook to execute: the template with the edition's reading spliced in.

    Cell ids are numbered, not random, so the same inputs give byte-identical outputs.
    """
    if not job.chapter.source.exists():
        raise BuildError(f"{job.chapter.source}: expected the chapter listed in _toc.yml "
                         "(missing)")
    notebook = jupytext.read(job.chapter.source)
    reading = reading_path(paths.book, job.edition, job.chapter.name)
    try:
        splice_reading(notebook, reading, label=_relative(reading, paths.root))
    except UnicodeDecodeError as error:  # validation names it first; a preview may not
        data = error.object if isinstance(error.object, bytes) else b""
        line = data[:error.start].count(b"\n") + 1
        raise BuildError(f"{reading}, line {line}: expected UTF-8 text; found byte "
                         f"0x{data[error.start]:02x}" if data else
                         f"{reading}: expected UTF-8 text ({error.reason})") from None
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"
    return notebook


def _relative(path: Path, root: Path) -> str:
    """``path`` as an author finds it from the project root (for messages)."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


@lru_cache(maxsize=1024)
def _imported_modules(source: str) -> frozenset[str]:
    """Names of ``isilbook`` modules a piece of Python source imports (kept by source text:
    every chapter's key walks the same module files)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return frozenset(name for name in names if name == "isilbook" or name.startswith("isilbook."))


def _module_file(name: str) -> Path | None:
    parts = name.split(".")[1:]
    base = PACKAGE.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@cache
def _closure_of(name: str) -> frozenset[Path]:
    """The files of a module and of every package module it imports, transitively."""
    seen: set[Path] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        parts = current.split(".")
        # Importing isilbook.book.chapter runs isilbook/__init__ and isilbook/book/__init__ too.
        for depth in range(1, len(parts) + 1):
            file = _module_file(".".join(parts[:depth]))
            if file is not None and file not in seen:
                seen.add(file)
                pending.extend(_imported_modules(file.read_text(encoding="utf-8")))
    return frozenset(seen)


def package_digest(notebook: nbformat.NotebookNode) -> str:
    """Hash of every package module the notebook's code imports, followed through imports."""
    files: set[Path] = set()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for name in _imported_modules(cell.source):
                files |= _closure_of(name)
    return content_digest(*(f"{f.relative_to(PACKAGE)}\0".encode() + f.read_bytes()
                     for f in sorted(files)))


@dataclass(frozen=True)
class DataFiles:
    """The data files as read once per build, for every chapter's cache key."""

    shared: tuple[bytes, ...]
    tables: tuple[bytes, ...]
    figures: pd.DataFrame
    per_document: dict[str, str]
    chapters: frozenset[str]  # the report-section chapters of the registry


def read_data_files(data: Path) -> DataFiles:
    """Read the tables once, as text: one read for all the chapters' cache keys."""
    def table(name: str) -> pd.DataFrame:
        return pd.read_csv(data / f"{name}.csv", dtype=str, keep_default_na=False)

    shared_names = ("dictionary.yml", "units.csv", "raw/manifest.csv", "editions.csv",
                    "indicators.csv", "chapters.csv", "sections.csv")
    per_document: dict[str, list[str]] = {}
    for name in ("paragraphs", "references", "places"):
        for document, rows in table(name).groupby("document"):
            per_document.setdefault(document, []).append(rows.to_csv(index=False))
    return DataFiles(
        shared=tuple((data / name).read_bytes() for name in shared_names),
        tables=tuple(t.read_bytes() for t in sorted(data.glob("*.csv"))),
        figures=table("figures"),
        per_document={d: content_digest(*parts) for d, parts in per_document.items()},
        chapters=frozenset(table("chapters")["chapter"]))


def data_digest(files: DataFiles, chapter: str, edition: str) -> str:
    """Hash of the data a chapter reads.

    A report-section chapter of the registry depends on the figures of its theme (of every
    edition: its series chart shows them all), the edition's own text tables, and the shared
    tables. Any other page depends on every table.
    """
    if chapter not in files.chapters:
        return content_digest(*files.shared, *files.tables)
    own = files.figures[files.figures["theme"] == chapter]
    return content_digest(*files.shared, own.to_csv(index=False),
                          files.per_document.get(edition, ""))


def cache_key(job: Job, notebook: nbformat.NotebookNode, parameters: dict,
              files: DataFiles) -> str:
    cells = json.dumps([[c.cell_type, c.source] for c in notebook.cells])
    return content_digest(cells, json.dumps(parameters, sort_keys=True),
                          data_digest(files, job.chapter.name, job.edition),
                          package_digest(notebook))


def chapter_modules(notebooks: list[nbformat.NotebookNode]) -> list[str]:
    """The libraries and package modules the chapters import: what a warm kernel imports first."""
    names: set[str] = set()
    for notebook in notebooks:
        for cell in notebook.cells:
            if cell.cell_type == "code":
                names |= {n for n in _imported_modules(cell.source) if _module_file(n)}
    return ["pandas", "altair", "vl_convert", *sorted(names)]


def execute_job(job: Job, notebook: nbformat.NotebookNode, parameters: dict, key: str,
                kernel: WarmKernel | None = None) -> None:
    """Run one chapter with papermill into a temporary file, then move it into place.

    With ``kernel`` the chapter runs on that warm kernel (already given a new session);
    without, papermill starts a kernel of its own. On failure the previous executed copy (and
    its key) stay as they were, and the temporary folder is removed whatever happened.
    """
    borrowed = {"engine_name": ENGINE, "km": kernel.manager} if kernel is not None else {}
    job.executed.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{job.chapter.name}.", dir=job.executed.parent))
    # The chapter's time limit: on a warm kernel its run is interrupted when the time is up;
    # each cell's own limit is the same, so a cell deaf to the interrupt still stops.
    stopped = threading.Event()
    watchdog = threading.Timer(CHAPTER_TIMEOUT, _interrupt, (kernel, stopped))
    late = (f"{job.chapter.source} ({job.edition}): the chapter ran longer than its limit of "
            f"{CHAPTER_TIMEOUT} s (ISILBOOK_CHAPTER_TIMEOUT)")
    try:
        if kernel is not None:
            watchdog.start()
        source = work / "input.ipynb"
        nbformat.write(notebook, source)
        output = work / "output.ipynb"
        try:
            papermill.execute_notebook(
                str(source), str(output), parameters=parameters, kernel_name="python3",
                cwd=str(job.chapter.source.parent), progress_bar=False, log_output=False,
                execution_timeout=CHAPTER_TIMEOUT, extra_arguments=KERNEL_ARGUMENTS,
                **borrowed)
        except papermill.PapermillExecutionError as error:
            if stopped.is_set():
                raise BuildError(late) from None
            raise BuildError(f"{job.chapter.source} ({job.edition}): chapter raised "
                             f"{error.ename}: {error.evalue} (cell {error.exec_count})") from None
        except TimeoutError:
            raise BuildError(late) from None
        except Exception as error:  # kernel died, bad parameters, missing kernel ...
            if stopped.is_set():
                raise BuildError(late) from None
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise BuildError(f"{job.chapter.source} ({job.edition}): chapter could not be "
                             f"executed: {message}") from None
        finished = nbformat.read(output, as_version=4)
        tidy_executed(finished)
        nbformat.write(finished, output)
        os.replace(output, job.executed)
        job.key_file.write_text(f"{key}\n{content_digest(job.executed.read_bytes())}\n",
                                encoding="utf-8")
    finally:
        watchdog.cancel()
        shutil.rmtree(work, ignore_errors=True)


def _interrupt(kernel: WarmKernel | None, stopped: threading.Event) -> None:
    """Interrupt a chapter's kernel whose time is up (a KeyboardInterrupt in its cell)."""
    stopped.set()
    process = getattr(getattr(kernel, "manager", None), "provisioner", None)
    pid = getattr(process, "pid", None)
    if pid:
        try:
            os.kill(pid, signal.SIGINT)
        except ProcessLookupError:
            pass


def tidy_executed(notebook: nbformat.NotebookNode) -> None:
    """Hide the parameter cells and drop run-specific metadata (timings, random cell ids).

    Papermill gives the cell it injects a random id: every cell is numbered again, so the same
    inputs give byte-identical executed notebooks.
    """
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"
        tags = cell.metadata.get("tags", [])
        if ("parameters" in tags or "injected-parameters" in tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    run = notebook.metadata.get("papermill", {})
    notebook.metadata["papermill"] = {"parameters": run.get("parameters", {})}


def is_fresh(job: Job, key: str) -> bool:
    """Whether the executed chapter is the one last written for ``key``, byte for byte."""
    try:
        recorded = job.key_file.read_text(encoding="utf-8").split()
        written = job.executed.read_bytes()
    except (OSError, UnicodeDecodeError):
        return False
    return recorded == [key, content_digest(written)]


def execute_editions(paths: ProjectPaths, editions: list[str], data_parameters: dict,
                     force: bool = False, jobs: int | None = None,
                     kernels: KernelPool | None = None) -> tuple[list[str], list[str]]:
    """Execute every chapter of every edition whose key changed; return (executed, reused).

    The chapters run on warm kernels started for this call and shut down at its end, or on
    ``kernels``, a pool the caller keeps warm across builds (a process that builds again and
    again, as the tests do, then starts its kernels once; the pool must import every module
    the chapters import, see :func:`chapter_modules`).
    """
    files = read_data_files(paths.data)
    plan, reused = [], []
    for edition in editions:
        parameters = {**data_parameters, "document_symbol": edition}
        for job in jobs_for(paths, edition):
            notebook = prepare(paths, job)
            key = cache_key(job, notebook, parameters, files)
            if is_fresh(job, key) and not force:
                reused.append(job.label)
            else:
                plan.append((job, notebook, parameters, key))
    executed, failures = [], []
    if plan:
        # One more worker than cores: a kernel waits on start-up and I/O part of the time.
        workers = min(jobs or (os.cpu_count() or 1) + 1, len(plan))
        own = kernels is None  # a pool of this build's own, shut down at its end
        running = KernelPool(paths.book, chapter_modules([task[1] for task in plan]),
                             KERNEL_ARGUMENTS) if own else kernels

        def run(job: Job, notebook: nbformat.NotebookNode, parameters: dict, key: str) -> None:
            with running.kernel(job.chapter.source.parent) as kernel:
                execute_job(job, notebook, parameters, key, kernel)

        with running if own else nullcontext(), ThreadPoolExecutor(max_workers=workers) as pool, \
                tqdm(total=len(plan), desc="chapters", unit="chapter", file=sys.stderr) as bar:
            futures = {pool.submit(run, *task): task[0] for task in plan}
            for future in as_completed(futures):
                job = futures[future]
                bar.set_postfix_str(job.label)
                bar.update()
                try:
                    future.result()
                    executed.append(job.label)
                except BuildError as error:
                    failures.append(str(error))
    if failures:
        raise BuildError("\n".join(sorted(failures)))
    return sorted(executed), reused
