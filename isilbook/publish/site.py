"""Compile one book per edition with Jupyter Book and publish them as one site, safely.

* Every edition that has a reading gets a whole book; the newest sits at the site's root, older
  ones under ``editions/<edition>/``. A switcher in every page's header leads to the same page of
  another edition, with relative links, so it works served and opened from disk.
* Jupyter Book renders the executed notebooks (its own execution is off) in strict mode, once per
  edition, each in its own staging folder so unchanged editions cost nothing.
* The site is assembled in a new folder and the ``_build/html`` symlink is switched to it only
  after the whole build succeeded: a failure at any stage leaves the last good site untouched.
  A published site that no longer matches what was published (a page deleted, a folder emptied,
  the link removed) is assembled again by the next build, never reused.
* One writer at a time: a build holds the project's lock (:mod:`isilbook.publish.lock`), which
  ``add-edition`` holds too; a second command stops with a clear message.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from isilbook.book.edition import Edition, find_edition
from isilbook.book.readings import edition_folder, editions_with_readings
from isilbook.data.validate import Tables, check_book, validate_data
from isilbook.errors import BuildError, DataError, Problem
from isilbook.paths import ProjectPaths
from isilbook.publish.assets import install_static
from isilbook.publish.execute import (
    Job,
    chapters,
    content_digest,
    execute_editions,
    execute_job,
    executed_folder,
    jobs_for,
    prepare,
)
from isilbook.publish.kernels import KernelPool
from isilbook.publish.lock import project_lock

CONFIG_FILES = ("_config.yml", "_toc.yml")
#: The Sphinx extension the books are compiled with: what it writes into pages is part of them.
SPHINX_EXTENSION = Path(__file__).with_name("sphinx_offline.py")
#: Where older editions' books sit inside the site.
EDITIONS_FOLDER = "editions"
#: Where each edition's book offers the tables and the data package as one folder.
DATA_FOLDER = "data"


@dataclass
class BuildReport:
    """What a build did, for the CLI, the tests and the benchmark."""

    executed: list[str]
    reused: list[str]
    site_rebuilt: bool
    site: Path
    editions: list[str]


def site_path(edition: str, root_edition: str) -> str:
    """Where an edition's book sits in the site, relative to its root (``""`` for the root)."""
    return "" if edition == root_edition else f"{EDITIONS_FOLDER}/{edition_folder(edition)}/"


def switcher_entries(tables: Tables, editions: list[str], current: str) -> list[dict]:
    """The switcher's links for one edition's book: each edition's root relative to this one's.

    The root book reaches an older one at ``editions/S-2016-501/``; an older book reaches the
    root at ``../../`` and another older book at ``../S-2017-97/``.
    """
    root = editions[0]
    here = site_path(current, root)
    up = "../" * here.count("/")
    entries = []
    for symbol in editions:
        edition = Edition(find_edition(tables, symbol), tables)
        entries.append({"symbol": symbol, "label": edition.title,
                        "prefix": up + site_path(symbol, root),
                        "current": symbol == current})
    return entries


def _stage(paths: ProjectPaths, edition: str, entries: list[dict]) -> Path:
    """Lay out one edition's book for Jupyter Book: config, TOC, static files, chapters.

    The stage holds exactly what this build puts there: anything else in it (a chapter, a
    table or a file a removed reading brought in) is deleted, so nothing outlives its input.
    Unchanged files keep their times, so Sphinx recompiles only what changed.
    """
    stage = paths.build / "stage" / edition_folder(edition)
    (stage / "book").mkdir(parents=True, exist_ok=True)
    _write_if_changed(stage / "_config.yml", edition_config(paths, entries))
    _sync(paths.root / "_toc.yml", stage / "_toc.yml")
    install_static(paths.book / "_static", stage / "_static")
    _sync_templates(paths, stage)
    downloads = stage / "book" / "tables"
    downloads.mkdir(exist_ok=True)
    wanted = {stage / "_config.yml", stage / "_toc.yml"}
    wanted |= {p for p in (stage / "_static").rglob("*")} | {
        stage / "_templates" / t.name for t in (paths.book / "_templates").glob("*.html")}
    for table in [*sorted(paths.data.glob("*.csv")), paths.data / "dictionary.yml",
                  paths.manifest, *sorted((paths.build / "package").glob("*.json"))]:
        _sync(table, downloads / table.name)
        wanted.add(downloads / table.name)
    for job in jobs_for(paths, edition):
        target = stage / "book" / job.executed.name
        _sync(job.executed, target)
        wanted.add(target)
    _keep_only(stage, wanted, keep=("_build", "compiled.key"))
    return stage


def _keep_only(folder: Path, wanted: set[Path], keep: tuple[str, ...]) -> None:
    """Delete every file, link and folder under ``folder`` that is not ``wanted`` (or inside
    a wanted folder), but the top-level entries named in ``keep``."""
    folders = {parent for path in wanted for parent in path.parents}
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.relative_to(folder).parts[0] in keep or path in wanted or (
                path in folders and path.is_dir() and not path.is_symlink()):
            continue
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
            continue
        path.unlink()


def edition_config(paths: ProjectPaths, entries: list[dict]) -> str:
    """The project's ``_config.yml`` with this edition's switcher added to Sphinx's config."""
    path = paths.root / "_config.yml"
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise BuildError(f"{path}{where}: expected well-formed YAML; found "
                         f"{getattr(error, 'problem', None) or error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BuildError(f"{path}: expected the book's configuration ({error})") from None
    if not isinstance(config, dict) or not isinstance(config.get("sphinx", {}), dict):
        raise BuildError(f"{path}: expected a mapping with a 'sphinx' section")
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config["isil_editions"] = entries
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _sync_templates(paths: ProjectPaths, book: Path) -> None:
    """Copy the theme template overrides (``book/_templates``) beside a staged config."""
    (book / "_templates").mkdir(parents=True, exist_ok=True)
    for template in sorted((paths.book / "_templates").glob("*.html")):
        _sync(template, book / "_templates" / template.name)


def _write_if_changed(path: Path, text: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.write_text(text, encoding="utf-8")


def _sync(source: Path, target: Path) -> None:
    if target.exists() and target.read_bytes() == source.read_bytes():
        return
    shutil.copy2(source, target)


_STAGED = re.compile(r"\S*/book/(?P<name>[^/\s:]+)\.ipynb:(?P<line>\d+):")


def _name_sources(line: str, book: Path) -> str:
    """Point a Sphinx warning at the chapter an author edits, not its staged executed copy.

    MyST-NB numbers a notebook's lines ``cell * 10000 + line``; the cell is counted in the
    executed notebook (which holds the reading and papermill's injected-parameters cell).
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


def jupyter_book(stage: Path, book: Path | None = None, strict: bool = True) -> Path:
    """Compile a staged book; return the built HTML folder.

    ``book`` (the chapters' source folder) lets a warning name the chapter's source file.
    """
    command = _jupyter_book_command(stage) + (["-W", "-n", "--keep-going"] if strict else [])
    result = subprocess.run(command, capture_output=True, text=True)
    html_folder = stage / "_build" / "html"
    if result.returncode != 0 or not (html_folder / "index.html").is_file():
        lines = (result.stdout + result.stderr).splitlines()
        warnings = [line if book is None else _name_sources(line, book)
                    for line in lines if "WARNING" in line or "ERROR" in line]
        failed = f"jupyter-book build of {stage.name} failed{' (strict mode)' if strict else ''}"
        if not warnings:
            raise CompileCrash(f"{failed}: {_last_error(lines, stage)}")
        raise BuildError(f"{failed}:\n" + "\n".join(warnings[:30]))
    return html_folder


class CompileCrash(BuildError):
    """The site generator stopped on an error of its own, not on a warning about a page."""


def _last_error(lines: list[str], stage: Path) -> str:
    """The error a failed compile ended on, in one line: never the site generator's
    traceback (what the author can act on is the error, and the folder to delete)."""
    errors = [line.strip() for line in lines if re.match(r"\s*[A-Za-z_.]*(Error|Exception)\b"
                                                         r"[^\s]*:", line)]
    last = errors[-1] if errors else (lines[-1].strip() if lines else "no output")
    return f"{last} (if this persists, delete {stage} and build again)"


def tree_digest(folder: Path, leave_out: tuple[str, ...] = ()) -> str:
    """Hash of every file's path and content under ``folder`` (but the top-level entries named
    in ``leave_out``): what a published site, or a compiled stage, must be."""
    digest = hashlib.sha256()
    if not folder.is_dir():
        return ""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()
                       and p.relative_to(folder).parts[0] not in leave_out):
        digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def compile_stage(stage: Path, book: Path) -> Path:
    """The staged edition's HTML: compiled by Jupyter Book unless its inputs and its output are
    exactly as when last compiled (so repairing a damaged site costs no Sphinx run).

    Sphinx notices changed pages, templates and configuration, but not a changed extension:
    when the book's own extension changed since the last compile (or the last compile is
    unknown), the stage is compiled from scratch.
    """
    record = stage / "compiled.key"
    html = stage / "_build" / "html"
    inputs = tree_digest(stage, leave_out=("_build", record.name))
    extension = content_digest(SPHINX_EXTENSION.read_bytes())
    last = record.read_text(encoding="utf-8").split() if record.is_file() else []
    if last == [inputs, extension, tree_digest(html)]:
        return html
    record.unlink(missing_ok=True)  # a failed compile must never look current
    if last[1:2] != [extension]:
        shutil.rmtree(stage / "_build", ignore_errors=True)
    # Sphinx never deletes what it wrote for a page or a download that is gone: the HTML is
    # written afresh (from the kept doctrees, so unchanged pages are not read again).
    shutil.rmtree(html, ignore_errors=True)
    try:
        html = jupyter_book(stage, book)
    except CompileCrash:
        if not (stage / "_build").exists():
            raise
        # A damaged build folder (Sphinx's own pickles, half-written pages) must never stop
        # the repair: compile once more from nothing.
        shutil.rmtree(stage / "_build", ignore_errors=True)
        html = jupyter_book(stage, book)
    # Sphinx stops early when no page is out of date and then never copies a changed
    # _static file: copy the book's own static files in ourselves.
    install_static(book / "_static", html / "_static")
    record.write_text(f"{inputs}\n{extension}\n{tree_digest(html)}\n", encoding="utf-8")
    return html


def assemble(paths: ProjectPaths, built: dict[str, Path], editions: list[str]) -> Path:
    """Copy every edition's HTML into one new site folder (root edition first)."""
    sites = paths.build / "sites"
    sites.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix=".site.", dir=sites))
    root = editions[0]
    for edition in editions:
        destination = target / site_path(edition, root)
        shutil.copytree(built[edition], destination, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
        # The tables once more, side by side in one folder, so that datapackage.json finds
        # them by its relative paths (Sphinx scatters downloads into a folder each).
        tables = built[edition].parents[1] / "book" / "tables"
        shutil.copytree(tables, destination / DATA_FOLDER, dirs_exist_ok=True)
    return target


def publish(paths: ProjectPaths, assembled: Path, key: str) -> Path:
    """Switch the ``_build/html`` symlink to the assembled site atomically; drop older sites."""
    sites = assembled.parent
    final = sites / key[:16]
    if final.exists():
        shutil.rmtree(final)
    assembled.replace(final)
    link = paths.site
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)
    new_link = paths.build / ".html.new"
    new_link.unlink(missing_ok=True)
    new_link.symlink_to(final.relative_to(paths.build))
    os.replace(new_link, link)
    for old in sites.iterdir():
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    record = f"{key}\n{tree_digest(final)}\n"
    (paths.build / "site.key").write_text(record, encoding="utf-8")
    return link


def published_intact(paths: ProjectPaths, key: str) -> bool:
    """Whether ``_build/html`` is exactly the site last published for this key."""
    record = paths.build / "site.key"
    if not paths.site.is_dir() or not record.is_file():
        return False
    lines = record.read_text(encoding="utf-8").splitlines()
    return len(lines) == 2 and lines[0] == key and lines[1] == tree_digest(paths.site)


def site_key(paths: ProjectPaths, editions: list[str]) -> str:
    parts: list[bytes | str] = [(paths.root / name).read_bytes() for name in CONFIG_FILES]
    parts.append(SPHINX_EXTENSION.read_bytes())
    parts += [p.read_bytes() for p in sorted((paths.book / "_static").iterdir())]
    parts += [p.read_bytes() for p in sorted((paths.book / "_templates").glob("*.html"))]
    parts += [p.read_bytes() for p in sorted((paths.build / "package").glob("*.json"))]
    parts += editions
    for edition in editions:
        parts += [job.key_file.read_bytes() for job in jobs_for(paths, edition)]
    return content_digest(*parts)


def refuse_links(paths: ProjectPaths) -> None:
    """Refuse a symbolic link inside the build folder (but the published site's own link).

    The build reads and copies what it finds there (executed chapters, staged books, sites):
    a link planted in it could publish, or overwrite, files from anywhere on the machine.
    """
    sites = (paths.build / "sites").resolve()
    for folder, dirs, files in os.walk(paths.build):
        for name in dirs + files:
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            target = os.readlink(path)
            if path == paths.site and path.resolve().parent == sites:
                continue
            raise BuildError(f"{path}: expected no symbolic link inside the build folder; "
                             f"found a link to {target} (remove it, or delete {paths.build} "
                             "to build from scratch)")


#: What the build keeps in its folder: folders, and files (the site's record).
BUILD_FOLDERS = ("executed", "stage", "sites", "package", "preview", "reports")
BUILD_FILES = ("site.key",)


def clear_strays(paths: ProjectPaths) -> None:
    """Remove a file where the build keeps a folder, and a folder where it keeps a file (in
    ``_build`` and in each edition's executed and staged folders): the build's own folder is
    its to repair, whatever state it was left in."""
    def clear(path: Path, folder: bool) -> None:
        if path.is_symlink() or not path.exists() or path.is_dir() == folder:
            return
        shutil.rmtree(path) if path.is_dir() else path.unlink()

    for name in BUILD_FOLDERS:
        clear(paths.build / name, folder=True)
    for name in BUILD_FILES:
        clear(paths.build / name, folder=False)
    for parent in (paths.build / "executed", paths.build / "stage"):
        if parent.is_dir():
            for edition in parent.iterdir():
                clear(edition, folder=True)
                clear(edition / "book", folder=True)


def checked_editions(paths: ProjectPaths, document: str | None) -> tuple[Tables, list[str]]:
    """Validate the data and decide which editions to build, newest first.

    Chapters trust the data they read, so it is validated here first. By default every edition
    with a reading is built; ``document`` builds that edition alone (reading or not). An unknown
    symbol fails once, before any chapter runs.
    """
    tables = validate_data(paths.data)
    if document:
        find_edition(tables, document, where="--document")
        return tables, [document]
    editions = editions_with_readings(paths.book, tables)
    if not editions:
        raise DataError([Problem(str(paths.book / "readings"), "a folder of readings for at "
                                 "least one edition (e.g. readings/S-2016-501/)")])
    return tables, editions


def _drop_stale_executions(paths: ProjectPaths, tables: Tables) -> None:
    """Remove executed copies that belong to no edition (an older layout, a removed edition).

    Executed copies of other editions stay (they are the cache of a later build); nbval checks
    every executed chapter, so nothing that no build would make may linger there.
    """
    executed = paths.build / "executed"
    if not executed.is_dir():
        return
    known = {edition_folder(s) for s in tables.editions["symbol"].dropna()}
    for child in executed.iterdir():
        if child.name not in known:
            shutil.rmtree(child) if child.is_dir() else child.unlink()


def _data_parameters(paths: ProjectPaths) -> dict:
    return {"data_dir": str(paths.data)}


def preview_chapter(paths: ProjectPaths, name: str, document: str | None = None,
                    kernels: KernelPool | None = None, incremental: bool = False,
                    tables: Tables | None = None) -> Path:
    """Execute one chapter and render it alone (not strict) for an author to look at.

    The preview lives in ``_build/preview`` and never touches the published site; a chapter
    Jupyter Book cannot render is an error, never a stale page. ``kernels`` runs the chapter on
    a warm kernel of the caller's; ``incremental`` keeps the previous render and compiles in
    this process, so Sphinx reads only the changed page (the watch loop's way of rebuilding in
    about a second, see :mod:`isilbook.publish.watch`). ``tables`` are tables the caller
    validated and knows unchanged: only the book's own text (templates and readings) is checked
    again.
    """
    known = {c.name: c for c in chapters(paths)}
    if name not in known:
        raise BuildError(f"_toc.yml: expected a chapter named one of {', '.join(known)}; "
                         f"found {name!r}")
    if tables is None:
        tables, (edition, *_) = checked_editions(paths, document)
    else:
        problems = check_book(tables, paths.data)
        if problems:
            raise DataError(problems)
        edition = document or editions_with_readings(paths.book, tables)[0]
    preview = paths.build / "preview" / name
    if not incremental:
        shutil.rmtree(preview / "_build", ignore_errors=True)
    job = Job(known[name], edition, preview / "book" / f"{name}.ipynb")
    parameters = {**_data_parameters(paths), "document_symbol": edition}
    notebook = prepare(paths, job)
    if kernels is None:
        execute_job(job, notebook, parameters, "preview")
    else:
        with kernels.kernel(job.chapter.source.parent) as kernel:
            execute_job(job, notebook, parameters, "preview", kernel)
    entries = switcher_entries(tables, [edition], edition)
    _write_if_changed(preview / "_config.yml", edition_config(paths, entries))
    _write_if_changed(preview / "_toc.yml", f"format: jb-book\nroot: book/{name}\n")
    install_static(paths.book / "_static", preview / "_static")
    _sync_templates(paths, preview)
    built = (jupyter_book_in_process(preview) if incremental
             else jupyter_book(preview, paths.book, strict=False))
    page = built / "book" / f"{name}.html"
    if not page.is_file():
        raise BuildError(f"jupyter-book did not render {page}")
    return page


def jupyter_book_in_process(stage: Path) -> Path:
    """Compile a staged book in this process, incrementally (for the preview's watch loop).

    Jupyter Book's own ``build_sphinx`` with the stage's configuration, as its command runs it;
    keeping the environment lets Sphinx re-read only what changed.
    """
    from jupyter_book.sphinx import build_sphinx

    html = stage / "_build" / "html"
    overrides = {"external_toc_path": str(stage / "_toc.yml"), "latex_individualpages": False}
    result = build_sphinx(str(stage), str(html), use_external_toc=True, noconfig=True,
                          path_config=str(stage / "_config.yml"), confoverrides=overrides,
                          builder="html", quiet=True, really_quiet=True)
    if isinstance(result, Exception) or result:
        raise BuildError(f"jupyter-book build of {stage.name} failed: {result}")
    return html


def build_book(paths: ProjectPaths, document: str | None = None, force: bool = False,
               jobs: int | None = None, kernels: KernelPool | None = None) -> BuildReport:
    """The whole build: validate, execute what changed, compile each edition, publish.

    ``kernels``: warm kernels kept by the caller across builds (see :func:`execute_editions`).
    """
    with project_lock(paths):
        return _build(paths, document, force, jobs, kernels)


def _build(paths: ProjectPaths, document: str | None, force: bool, jobs: int | None,
           kernels: KernelPool | None) -> BuildReport:
    """:func:`build_book`'s steps, under the project's lock."""
    refuse_links(paths)
    clear_strays(paths)
    tables, editions = checked_editions(paths, document)
    _drop_stale_executions(paths, tables)
    from isilbook.publish.datapackage import write_data_package

    write_data_package(paths, tables)
    executed, reused = execute_editions(paths, editions, _data_parameters(paths),
                                        force=force, jobs=jobs, kernels=kernels)
    key = site_key(paths, editions)
    if not force and published_intact(paths, key):
        return BuildReport(executed, reused, False, paths.site, editions)
    stages = {edition: _stage(paths, edition, switcher_entries(tables, editions, edition))
              for edition in editions}
    # Each edition's book is its own Sphinx process: compile them side by side.
    with ThreadPoolExecutor(max_workers=min(len(stages), os.cpu_count() or 1)) as pool:
        compiled = {e: pool.submit(compile_stage, stage, paths.book)
                    for e, stage in stages.items()}
        built = {edition: future.result() for edition, future in compiled.items()}
    assembled = assemble(paths, built, editions)
    return BuildReport(executed, reused, True, publish(paths, assembled, key), editions)


def executed_notebooks(paths: ProjectPaths, editions: list[str]) -> list[Path]:
    """Every executed chapter of the given editions (for nbval and the tests)."""
    return [job.executed for edition in editions for job in jobs_for(paths, edition)
            if executed_folder(paths, edition).is_dir()]
