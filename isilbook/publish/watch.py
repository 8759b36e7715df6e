"""The author's loop: one chapter served on loopback, rebuilt when its sources are saved.

``isilbook preview CHAPTER --watch`` renders the chapter once, then serves the preview with
python-livereload (which injects its own reload script into the pages it serves and watches the
files): when the reading, the template or a data table is saved, the chapter is executed again
on a kernel kept warm for the whole session, Sphinx re-reads only that page in this process, and
the open page reloads itself. A save that breaks the chapter prints the error (file and line)
and leaves the last good render on screen.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from isilbook.errors import BookError
from isilbook.paths import ProjectPaths
from isilbook.publish.execute import KERNEL_ARGUMENTS
from isilbook.publish.kernels import KernelPool
from isilbook.publish.site import checked_editions, preview_chapter


def _quiet_logging() -> None:
    """livereload's loggers at warnings only (it would log every request and every poll)."""
    for name in ("livereload", "tornado", "papermill"):
        logging.getLogger(name).setLevel(logging.WARNING)


def watched_files(paths: ProjectPaths, name: str, edition: str) -> list[Path]:
    """What the chapter's render depends on that an author edits: template, reading, data."""
    from isilbook.book.readings import reading_path

    files = [paths.book / f"{name}.md", reading_path(paths.book, edition, name)]
    files += sorted(paths.data.glob("*.csv"))
    return [path for path in files if path.exists()] + [paths.book / "readings"]


def rebuilder(paths: ProjectPaths, name: str, edition: str, kernels: KernelPool,
              report: Callable[[str], None]) -> Callable[[], None]:
    """The function the watcher runs on a save: rebuild, and say how long it took or why not."""
    def rebuild() -> None:
        started = time.perf_counter()
        try:
            preview_chapter(paths, name, edition, kernels=kernels, incremental=True)
        except BookError as error:
            report(f"not rebuilt: {error}")
            return
        report(f"rebuilt {name} ({edition}) in {time.perf_counter() - started:.1f} s")
    return rebuild


def serve_preview(paths: ProjectPaths, name: str, document: str | None, host: str = "127.0.0.1",
                  port: int = 8000, report: Callable[[str], None] | None = None) -> None:
    """Render the chapter, serve it and rebuild it on every save until interrupted."""
    from livereload import Server

    report = report or (lambda line: print(line, file=sys.stderr, flush=True))
    _, editions = checked_editions(paths, document)
    edition = editions[0]
    # The first render imports what the chapter needs; the kernel keeps it for every rebuild.
    with KernelPool(paths.book, [], KERNEL_ARGUMENTS) as kernels:
        page = preview_chapter(paths, name, edition, kernels=kernels, incremental=True)
        html = page.parents[1]
        server = Server()
        rebuild = rebuilder(paths, name, edition, kernels, report)
        for path in watched_files(paths, name, edition):
            server.watch(str(path), rebuild)
        report(f"serving http://{host}:{port}/book/{name}.html (Ctrl-C to stop)")
        server._setup_logging = _quiet_logging  # the console shows the rebuilds, not each poll
        server.serve(host=host, port=port, root=str(html), restart_delay=0,
                     open_url_delay=None)

