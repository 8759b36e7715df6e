"""Execute the chapters with papermill and compile the site with Jupyter Book, safely.

* A chapter re-executes only when its cache key changes: a content hash of its notebook, the
  data it reads, its parameters and the package source.
* Chapters execute in parallel on the available cores, with a progress bar.
* Jupyter Book renders the executed notebooks (its own execution is off) in strict mode.
* The published site (``_build/html``, a symlink) is switched to the new build only after the
  whole build succeeded, so a failure at any stage leaves the last good site untouched.
* One build at a time: a second concurrent build stops with a clear message.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import filelock
import jupytext
import nbformat
import pandas as pd
import papermill
import yaml
from tqdm import tqdm

from isilbook.book.edition import require_document
from isilbook.data.parse import section_codes
from isilbook.data.validate import validate_data
from isilbook.errors import BuildError
from isilbook.paths import ProjectPaths
from isilbook.publish.assets import install_static

PACKAGE = Path(__file__).resolve().parent  # isilbook/publish
CONFIG_FILES = ("_config.yml", "_toc.yml")


@dataclass(frozen=True)
class Chapter:
    """One chapter: its source notebook and where its executed copy goes."""

    name: str
    source: Path
    executed: Path

    @property
    def key_file(self) -> Path:
        return self.executed.with_suffix(".key")


@dataclass
class BuildReport:
    """What a build did, for the CLI, the tests and the benchmark."""

    executed: list[str]
    reused: list[str]
    site_rebuilt: bool
    site: Path


def chapters(paths: ProjectPaths) -> list[Chapter]:
    """The chapters listed in ``_toc.yml``, in reading order."""
    path = paths.root / "_toc.yml"
    if not path.is_file():
        raise BuildError(f"{path}: expected the table of contents (file missing)")
    try:
        toc = yaml.safe_load(path.read_text(encoding="utf-8"))
        files = [toc["root"]] + [
            entry["file"] for part in toc.get("parts", []) for entry in part.get("chapters", [])
        ]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise BuildError(f"{path}{where}: expected well-formed YAML; found "
                         f"{getattr(error, 'problem', None) or error}") from None
    except (TypeError, KeyError, AttributeError, UnicodeDecodeError):
        raise BuildError(f"{path}: expected a jb-book table of contents (a 'root' file and "
                         "'parts' listing 'chapters' with a 'file' each)") from None
    executed = paths.build / "executed"
    return [Chapter(Path(f).name, paths.root / f"{f}.md", executed / f"{f}.ipynb") for f in files]


def _digest(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def package_digest() -> str:
    """Hash of the package source: a change to any helper re-executes every chapter."""
    return _digest(*(p.read_bytes() for p in sorted(PACKAGE.parent.rglob("*.py"))))


@dataclass(frozen=True)
class DataFiles:
    """The data files as read once per build, for every chapter's cache key."""

    shared: tuple[bytes, ...]
    tables: tuple[bytes, ...]
    figures: pd.DataFrame
    paragraphs: pd.DataFrame
    references: pd.DataFrame
    places: pd.DataFrame


def read_data_files(data: Path) -> DataFiles:
    """Read the tables once, as text: one read for all the chapters' cache keys."""
    def table(name: str) -> pd.DataFrame:
        return pd.read_csv(data / f"{name}.csv", dtype=str, keep_default_na=False)

    paragraphs = table("paragraphs")
    return DataFiles(
        shared=tuple((data / name).read_bytes()
                     for name in ("dictionary.yml", "units.csv", "raw/manifest.csv")),
        tables=tuple(t.read_bytes() for t in sorted(data.glob("*.csv"))),
        figures=table("figures"), paragraphs=paragraphs.assign(code=section_codes(paragraphs)),
        references=table("references"), places=table("places"))


def data_digest(files: DataFiles, reads: dict | None) -> str:
    """Hash of the data a chapter reads.

    A chapter may declare in its front matter ``isilbook: {theme: ..., sections: [...]}``; it then
    depends only on the figures of that theme and the paragraphs (with their references and
    places) of those sections, plus the manifest, units and dictionary. Otherwise it depends on
    every table.
    """
    if not reads:
        return _digest(*files.shared, *files.tables)
    own = files.figures[files.figures["theme"] == reads.get("theme")]
    sections = tuple(reads.get("sections", []))
    code = files.paragraphs["code"]
    mine = files.paragraphs[code.isin(sections)
                            | code.str.startswith(tuple(s + "." for s in sections))]
    parts = [own.to_csv(index=False), mine.drop(columns="code").to_csv(index=False)]
    keys = set(zip(mine["document"], mine["paragraph"]))
    for table in (files.references, files.places):
        hits = [k in keys for k in zip(table["document"], table["paragraph"])]
        parts.append(table[hits].to_csv(index=False))
    return _digest(*files.shared, *parts)


def read_chapter(chapter: Chapter) -> nbformat.NotebookNode:
    """The chapter's MyST source as a notebook (jupytext)."""
    if not chapter.source.exists():
        raise BuildError(f"{chapter.source}: expected the chapter listed in _toc.yml (missing)")
    return jupytext.read(chapter.source)


def cache_key(chapter: Chapter, notebook: nbformat.NotebookNode, parameters: dict,
              files: DataFiles, package: str) -> str:
    reads = notebook.metadata.get("isilbook")
    return _digest(chapter.source.read_bytes(), json.dumps(parameters, sort_keys=True),
                   data_digest(files, reads), package)


def execute_chapter(chapter: Chapter, notebook: nbformat.NotebookNode, parameters: dict,
                    key: str) -> None:
    """Run one chapter with papermill into a temporary file, then move it into place.

    On failure the previous executed copy (and its key) stay as they were.
    """
    chapter.executed.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{chapter.name}.", dir=chapter.executed.parent))
    try:
        source = work / "input.ipynb"
        nbformat.write(notebook, source)
        output = work / "output.ipynb"
        try:
            papermill.execute_notebook(
                str(source), str(output), parameters=parameters, kernel_name="python3",
                cwd=str(chapter.source.parent), progress_bar=False, log_output=False,
            )
        except papermill.PapermillExecutionError as error:
            raise BuildError(f"{chapter.source}: chapter raised {error.ename}: {error.evalue} "
                             f"(cell {error.exec_count})") from None
        except Exception as error:  # kernel died, bad parameters, missing kernel ...
            raise BuildError(f"{chapter.source}: chapter could not be executed: {error}") from None
        finished = nbformat.read(output, as_version=4)
        tidy_executed(finished)
        nbformat.write(finished, output)
        os.replace(output, chapter.executed)
        chapter.key_file.write_text(key, encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def tidy_executed(notebook: nbformat.NotebookNode) -> None:
    """Hide the parameter cells and drop run-specific metadata (timings, absolute paths)."""
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if ("parameters" in tags or "injected-parameters" in tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    run = notebook.metadata.get("papermill", {})
    notebook.metadata["papermill"] = {"parameters": run.get("parameters", {})}


def execute_chapters(paths: ProjectPaths, parameters: dict, force: bool = False,
                     jobs: int | None = None) -> tuple[list[str], list[str]]:
    """Execute the chapters whose cache key changed; return (executed, reused) names."""
    package = package_digest()
    files = read_data_files(paths.data)
    plan, reused = [], []
    for chapter in chapters(paths):
        notebook = read_chapter(chapter)
        key = cache_key(chapter, notebook, parameters, files, package)
        fresh = (chapter.executed.exists() and chapter.key_file.exists()
                 and chapter.key_file.read_text(encoding="utf-8") == key)
        if fresh and not force:
            reused.append(chapter.name)
        else:
            plan.append((chapter, notebook, key))
    executed, failures = [], []
    if plan:
        # One more worker than cores: a kernel waits on start-up and I/O part of the time.
        workers = jobs or (os.cpu_count() or 1) + 1
        with ThreadPoolExecutor(max_workers=workers) as pool, \
                tqdm(total=len(plan), desc="chapters", unit="chapter", file=sys.stderr) as bar:
            futures = {pool.submit(execute_chapter, c, nb, parameters, k): c for c, nb, k in plan}
            for future in as_completed(futures):
                chapter = futures[future]
                bar.set_postfix_str(chapter.name)
                bar.update()
                try:
                    future.result()
                    executed.append(chapter.name)
                except BuildError as error:
                    failures.append(str(error))
    if failures:
        raise BuildError("\n".join(sorted(failures)))
    return sorted(executed), reused


def _stage(paths: ProjectPaths) -> Path:
    """Lay out the book for Jupyter Book: config, TOC, static files, executed chapters."""
    stage = paths.build / "stage"
    (stage / "book").mkdir(parents=True, exist_ok=True)
    for name in CONFIG_FILES:
        _sync(paths.root / name, stage / name)
    install_static(paths.book / "_static", stage / "_static")
    _sync_templates(paths, stage)
    downloads = stage / "book" / "tables"
    downloads.mkdir(exist_ok=True)
    for table in [*sorted(paths.data.glob("*.csv")), paths.data / "dictionary.yml", paths.manifest]:
        _sync(table, downloads / table.name)
    wanted = set()
    for chapter in chapters(paths):
        target = stage / "book" / chapter.executed.name
        _sync(chapter.executed, target)
        wanted.add(target.name)
    for stale in (stage / "book").glob("*.ipynb"):
        if stale.name not in wanted:
            stale.unlink()
    return stage


def _sync_templates(paths: ProjectPaths, stage: Path) -> None:
    """Copy the book's theme template overrides (``book/_templates``) next to the config."""
    (stage / "_templates").mkdir(parents=True, exist_ok=True)
    for template in sorted((paths.book / "_templates").glob("*.html")):
        _sync(template, stage / "_templates" / template.name)


def _sync(source: Path, target: Path) -> None:
    if target.exists() and target.read_bytes() == source.read_bytes():
        return
    shutil.copy2(source, target)


def site_key(paths: ProjectPaths) -> str:
    parts = [(paths.root / name).read_bytes() for name in CONFIG_FILES]
    parts += [p.read_bytes() for p in sorted((paths.book / "_static").iterdir())]
    parts += [p.read_bytes() for p in sorted((paths.book / "_templates").glob("*.html"))]
    parts += [c.key_file.read_text(encoding="utf-8") for c in chapters(paths)]
    return _digest(*parts)


_STAGED = re.compile(r"\S*/book/(?P<name>[^/\s:]+)\.ipynb:(?P<line>\d+):")


def _name_sources(line: str, book: Path) -> str:
    """Point a Sphinx warning at the chapter an author edits, not its staged executed copy.

    MyST-NB numbers a notebook's lines ``cell * 10000 + line``; the cell is counted in the
    executed notebook (which holds papermill's injected-parameters cell as well).
    """
    def replace(match: re.Match) -> str:
        number = int(match["line"])
        where = f"executed cell {number // 10000}" if number >= 10000 else f"line {number}"
        return f"{book / match['name']}.md ({where}):"
    return _STAGED.sub(replace, line)


def _jupyter_book_command(book: Path) -> list[str]:
    """``jupyter-book build`` of a staged book to HTML, from this environment."""
    return [str(Path(sys.executable).parent / "jupyter-book"), "build", str(book),
            "--builder", "html"]


def jupyter_book(stage: Path, book: Path | None = None) -> Path:
    """Compile the staged book in strict mode; return the built HTML folder.

    ``book`` (the chapters' source folder) lets a warning name the chapter's source file.
    """
    command = [*_jupyter_book_command(stage), "-W", "-n", "--keep-going"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        lines = (result.stdout + result.stderr).splitlines()
        warnings = [line if book is None else _name_sources(line, book)
                    for line in lines if "WARNING" in line or "ERROR" in line]
        detail = "\n".join(warnings[:30]) or "\n".join(lines[-30:])
        raise BuildError(f"jupyter-book build failed (strict mode):\n{detail}")
    return stage / "_build" / "html"


def publish(paths: ProjectPaths, built: Path, key: str) -> Path:
    """Copy the built site aside and switch the ``_build/html`` symlink to it atomically."""
    sites = paths.build / "sites"
    target = sites / key[:16]
    if not target.exists():
        sites.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=".site.", dir=sites))
        shutil.copytree(built, temporary, dirs_exist_ok=True)
        temporary.replace(target)
    link = paths.site
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)
    new_link = paths.build / ".html.new"
    new_link.unlink(missing_ok=True)
    new_link.symlink_to(target.relative_to(paths.build))
    os.replace(new_link, link)
    for old in sites.iterdir():
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    (paths.build / "site.key").write_text(key, encoding="utf-8")
    return link


def checked_parameters(paths: ProjectPaths, document: str | None) -> dict:
    """Validate the data, check the symbol, and return the chapters' papermill parameters.

    Chapters trust the data they read, so it is validated here first; an unknown symbol fails
    once, before any chapter runs, instead of once per chapter.
    """
    tables = validate_data(paths.data)
    parameters = {"data_dir": str(paths.data)}
    if document:
        require_document(tables, document, where="--document")
        parameters["document_symbol"] = document
    return parameters


def preview_chapter(paths: ProjectPaths, name: str, document: str | None = None) -> Path:
    """Execute one chapter and render it alone (not strict) for an author to look at.

    The preview lives in ``_build/preview`` and never touches the published site.
    """
    matches = [c for c in chapters(paths) if c.name == name]
    if not matches:
        known = ", ".join(c.name for c in chapters(paths))
        raise BuildError(f"_toc.yml: expected a chapter named one of {known}; found {name!r}")
    chapter = matches[0]
    parameters = checked_parameters(paths, document)
    notebook = read_chapter(chapter)
    preview = paths.build / "preview" / name
    executed = Chapter(chapter.name, chapter.source, preview / "book" / f"{name}.ipynb")
    execute_chapter(executed, notebook, parameters, "preview")
    _sync(paths.root / "_config.yml", preview / "_config.yml")
    (preview / "_toc.yml").write_text(f"format: jb-book\nroot: book/{name}\n", encoding="utf-8")
    install_static(paths.book / "_static", preview / "_static")
    _sync_templates(paths, preview)
    subprocess.run(_jupyter_book_command(preview), capture_output=True, text=True, check=False)
    return preview / "_build" / "html" / "book" / f"{name}.html"


def build_book(paths: ProjectPaths, document: str | None = None, force: bool = False,
               jobs: int | None = None) -> BuildReport:
    """The whole build: validate, execute what changed, compile, publish."""
    paths.build.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(paths.build / "build.lock", timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise BuildError(f"another build is running in {paths.root} (lock {lock.lock_file}); "
                         "wait for it to finish") from None
    try:
        parameters = checked_parameters(paths, document)
        executed, reused = execute_chapters(paths, parameters, force=force, jobs=jobs)
        key = site_key(paths)
        key_file = paths.build / "site.key"
        if (not force and paths.site.exists() and key_file.exists()
                and key_file.read_text(encoding="utf-8") == key):
            return BuildReport(executed, reused, False, paths.site)
        built = jupyter_book(_stage(paths), paths.book)
        # Sphinx stops early when no page is out of date ("no targets are out of date") and then
        # never copies a changed _static file: copy the book's own static files in ourselves.
        install_static(paths.book / "_static", built / "_static")
        return BuildReport(executed, reused, True, publish(paths, built, key))
    finally:
        lock.release()
