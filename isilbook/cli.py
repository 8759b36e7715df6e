"""The ``isilbook`` command: thin wrappers over the modules, one command per step of the flow.

Every failure takes one path out: errors the pipeline raises on purpose
(:class:`~isilbook.errors.BookError`) and the operating system's own (a read-only folder, a file
where a folder should be) are printed as one message naming the file and exit with status 1;
anything else is reported as a bug, also with status 1. A bad argument is a usage error (status
2), refused by the argument's own check before any work starts. ``--debug`` shows the traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from isilbook.data.identifiers import date_problem, label_problem, symbol_problem
from isilbook.errors import BookError, Problem
from isilbook.paths import ProjectPaths

app = typer.Typer(help="Build and check the ISIL threat report book.", no_args_is_help=True,
                  rich_markup_mode=None,
                  add_completion=False, pretty_exceptions_enable=False)

Root = Annotated[Path, typer.Option("--root", exists=True, file_okay=False, dir_okay=True,
                                     help="Project folder (holding data/ and book/).")]
_state = {"debug": False}


@app.callback()
def main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False) -> None:
    """Build and check the ISIL threat report book."""
    _state["debug"] = debug


def _run(step, *args, **kwargs):
    """Run a step; any exception becomes one message and exit status 1 (unless ``--debug``)."""
    try:
        return step(*args, **kwargs)
    except Exception as error:
        if _state["debug"]:
            raise
        typer.echo(f"error: {_message(error)}", err=True)
        raise typer.Exit(1) from None


def _message(error: Exception) -> str:
    """What to tell the user: the error's own words, the file the system refused, or a bug."""
    if isinstance(error, BookError):
        return str(error)
    if isinstance(error, OSError) and error.filename is not None:
        return str(Problem(str(error.filename), "a path this command can read and write",
                           found=error.strerror or type(error).__name__))
    return (f"unexpected {type(error).__name__}: {error} (a bug in isilbook; run with --debug "
            "for the traceback)")


def _locked(paths: ProjectPaths, step, *args, **kwargs):
    """Run a step that writes into the project under the project's lock (one writer at a
    time: see :mod:`isilbook.publish.lock`)."""
    from isilbook.publish.lock import project_lock

    with project_lock(paths):
        return step(*args, **kwargs)


def _checked(problem_of):
    """A typer callback refusing a value ``problem_of`` objects to, as a usage error."""
    def callback(value: str) -> str:
        problem = problem_of(value)
        if problem is not None:
            raise typer.BadParameter(f"expected {problem}; found {value!r}")
        return value
    return callback


@app.command()
def tables(root: Root = Path(".")) -> None:
    """Regenerate paragraphs, references and places from data/raw."""
    from isilbook.data.tables import write_generated_tables

    paths = ProjectPaths.at(root)
    written = _run(_locked, paths, write_generated_tables, paths)
    for path in written.values():
        typer.echo(f"wrote {path}")


@app.command()
def validate(root: Root = Path(".")) -> None:
    """Check raw-source checksums, every table's schema and the checks across tables."""
    from isilbook.data.validate import validate_data

    tables = _run(validate_data, ProjectPaths.at(root).data)
    typer.echo(f"ok: {len(tables.paragraphs)} paragraphs, {len(tables.figures)} figures, "
               f"{len(tables.references)} references, {len(tables.places)} places")


@app.command()
def comparisons(root: Root = Path(".")) -> None:
    """List every comparison the book makes, with the figures behind it, for review."""
    from isilbook.book.compare import comparisons_markdown

    typer.echo(_run(comparisons_markdown, ProjectPaths.at(root)), nl=False)


@app.command()
def build(
    root: Root = Path("."),
    document: Annotated[Optional[str], typer.Option(  # noqa: UP045 (typer needs Optional)
        "--document", help="Report symbol to build the book for, e.g. S/2017/97.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-execute every chapter.")] = False,
    jobs: Annotated[Optional[int], typer.Option(  # noqa: UP045
        "--jobs", min=1, help="Chapters executed at once (default: cores + 1).")] = None,
) -> None:
    """Validate the data, execute changed chapters with papermill, build the site strictly."""
    from isilbook.publish.site import build_book

    report = _run(build_book, ProjectPaths.at(root), document, force, jobs)
    typer.echo(f"executed {len(report.executed)} chapter(s): {', '.join(report.executed) or '-'}; "
               f"reused {len(report.reused)}; site "
               f"{'rebuilt' if report.site_rebuilt else 'unchanged'}: {report.site}/index.html")


@app.command()
def preview(
    chapter: Annotated[str, typer.Argument(help="Chapter name, e.g. libya.")],
    root: Root = Path("."),
    document: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--document", help="Report symbol.")] = None,
    watch: Annotated[bool, typer.Option(
        "--watch", help="Serve the chapter on loopback and rebuild it on every save.")] = False,
    port: Annotated[int, typer.Option("--port", min=1024, max=65535,
                                      help="Port of the --watch server.")] = 8000,
) -> None:
    """Execute one chapter and render it alone in _build/preview/CHAPTER (site untouched).

    With --watch the chapter is served at http://127.0.0.1:PORT/ and rebuilt whenever its
    template, its reading or a data table is saved; the open page reloads itself.
    """
    if watch:
        from isilbook.publish.watch import serve_preview

        _run(serve_preview, ProjectPaths.at(root), chapter, document, port=port)
        return
    from isilbook.publish.site import preview_chapter

    page = _run(preview_chapter, ProjectPaths.at(root), chapter, document)
    typer.echo(f"preview: {page}")


@app.command("add-edition")
def add_edition(
    report: Annotated[Path, typer.Argument(help="The report as the UN publishes it (PDF), or "
                                           "its plain text (UTF-8, one heading or numbered "
                                           "paragraph a line).")],
    symbol: Annotated[str, typer.Option("--symbol", help="Document symbol, e.g. S/2016/830.",
                                        callback=_checked(symbol_problem))],
    date: Annotated[str, typer.Option("--date", help="Date of issue, YYYY-MM-DD.",
                                      callback=_checked(date_problem))],
    title: Annotated[Optional[str], typer.Option(  # noqa: UP045 (typer needs Optional)
        "--title", help="The report's title (default: the title the report itself gives).",
        callback=_checked(lambda text: None if text is None else label_problem(text)))
    ] = None,
    origin: Annotated[str, typer.Option(
        "--origin", help="Where the report was obtained.",
        callback=_checked(lambda text: label_problem(text) if text else None))] = "",
    replace_candidates: Annotated[bool, typer.Option(
        "--replace-candidates", help="Overwrite an existing data/candidates file.")] = False,
    confirm_date: Annotated[bool, typer.Option(
        "--confirm-date", help="Take a date that is in the future, far past the newest "
        "edition, or other than the date data/editions.csv lists for the symbol.")] = False,
    root: Root = Path("."),
) -> None:
    """Add a new edition: keep its PDF (or text) in data/raw, rebuild tables, propose figures."""
    from isilbook.data.chapters import unmatched_warning
    from isilbook.data.intake import add_edition as intake

    paths = ProjectPaths.at(root)
    result = _run(_locked, paths, intake, paths, report, symbol, date, title, origin=origin,
                  replace_candidates=replace_candidates, confirm_date=confirm_date)
    typer.echo(f"added {result.source.id} ({result.source.file}, sha256 "
               f"{result.source.sha256[:12]}…): {result.paragraphs} paragraphs; "
               f"{result.candidates} candidate figures in {result.candidates_file}")
    warning = unmatched_warning(result.sections)
    if warning:
        typer.echo(f"warning: {warning}", err=True)
    if result.review_file is not None:
        typer.echo(f"read first: {result.review_file} (what was dropped, joins to check, "
                   "the page of each paragraph, the section each chapter reads)")
    typer.echo(f"next: write yes under 'keep' for the figures to keep, run `isilbook curate "
               f"{symbol}`, then `isilbook build --document {symbol}`")


@app.command()
def curate(
    symbol: Annotated[str, typer.Argument(help="Document symbol, e.g. S/2016/830.",
                                          callback=_checked(symbol_problem))],
    root: Root = Path("."),
) -> None:
    """Append the candidates marked yes under 'keep' to data/figures.csv, checked first."""
    from isilbook.data.candidates import curate as append_kept

    result = _run(append_kept, ProjectPaths.at(root), symbol)
    typer.echo(f"added {len(result.added)} figure(s) to {result.figures_file}: "
               f"{', '.join(result.added)}; marked 'added' in {result.candidates_file}")


@app.command()
def pdf(root: Root = Path(".")) -> None:
    """Print the built book to one PDF with Debian's Chromium (title page, contents, chapters)."""
    from isilbook.publish.pdf import print_pdf

    path = _run(print_pdf, ProjectPaths.at(root))
    typer.echo(f"wrote {path}")


def run() -> None:
    """Console-script entry point."""
    app(prog_name="isilbook")


if __name__ == "__main__":
    sys.exit(run())
