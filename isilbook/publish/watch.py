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
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from isilbook.data.validate import Tables, validate_data
from isilbook.errors import BookError
from isilbook.paths import ProjectPaths
from isilbook.publish.execute import KERNEL_ARGUMENTS
from isilbook.publish.kernels import KernelPool
from isilbook.publish.site import checked_editions, preview_chapter

#: How many tenths of a second a reload waits for a page still reconnecting.
RELOAD_TRIES = 50


def _quiet_logging() -> None:
    """livereload's loggers at warnings only (it would log every request and every poll)."""
    for name in ("livereload", "tornado", "papermill"):
        logging.getLogger(name).setLevel(logging.WARNING)


def watched_files(paths: ProjectPaths, name: str, edition: str) -> list[Path]:
    """What the chapter's render depends on that an author edits: template, reading, data.

    No path lies inside another, so one save runs one rebuild. The reading is watched by its
    folder when it does not exist yet, so that writing it shows at once.
    """
    from isilbook.book.readings import reading_path

    reading = reading_path(paths.book, edition, name)
    while not reading.exists():
        reading = reading.parent
    return [paths.book / f"{name}.md", reading, *sorted(paths.data.glob("*.csv"))]


def data_stamp(paths: ProjectPaths) -> tuple:
    """What changes when an author saves a data file (name, size and time of each)."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                 for p in sorted(paths.data.rglob("*")) if p.is_file())


def rebuilder(paths: ProjectPaths, name: str, edition: str, kernels: KernelPool,
              report: Callable[[str], None]) -> Callable[[], None]:
    """The function the watcher runs on a save: rebuild, and say how long it took or why not.

    The data is validated again only when a data file changed since it last validated; a
    saved reading or template is checked on its own.
    """
    validated: dict[tuple, Tables] = {}

    def rebuild() -> None:
        started = time.perf_counter()
        stamp = data_stamp(paths)
        try:
            if stamp not in validated:
                validated.clear()
                validated[stamp] = validate_data(paths.data)
            preview_chapter(paths, name, edition, kernels=kernels, incremental=True,
                            tables=validated[stamp])
        except BookError as error:
            report(f"not rebuilt: {error}")
            return
        report(f"rebuilt {name} ({edition}) in {time.perf_counter() - started:.1f} s")
    return rebuild


class Rebuilds:
    """Rebuilds one at a time on a thread of their own, each followed by a reload of the page.

    The watcher's task only schedules, so the server stays free to answer the page (and its
    reload script's handshake) while the chapter runs; a save during a rebuild queues one more.
    The reload waits, briefly, for a page that is still reconnecting after the previous one.
    """

    def __init__(self, rebuild: Callable[[], None]):
        self._rebuild = rebuild
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._lock = threading.Lock()
        self._queued = False

    def schedule(self) -> None:
        from tornado.ioloop import IOLoop

        loop = IOLoop.current()
        with self._lock:
            if self._queued:
                return
            self._queued = True

        def run() -> None:
            with self._lock:
                self._queued = False
            self._rebuild()
            loop.add_callback(self._reload, RELOAD_TRIES)

        self._pool.submit(run)

    def _reload(self, tries: int) -> None:
        from livereload.handlers import LiveReloadHandler
        from tornado.ioloop import IOLoop

        if LiveReloadHandler.waiters or tries <= 0:
            LiveReloadHandler.reload_waiters(path="*")
        else:
            IOLoop.current().call_later(0.1, self._reload, tries - 1)


def serve_preview(paths: ProjectPaths, name: str, document: str | None, host: str = "127.0.0.1",
                  port: int = 8000, report: Callable[[str], None] | None = None) -> None:
    """Render the chapter, serve it and rebuild it on every save until interrupted."""
    from livereload import Server

    report = report or (lambda line: print(line, file=sys.stderr, flush=True))
    _, editions = checked_editions(paths, document)
    edition = editions[0]
    # The first render imports what the chapter needs; the kernel keeps it for every rebuild.
    with KernelPool(paths.book, [], KERNEL_ARGUMENTS) as kernels:
        html = preview_chapter(paths, name, edition, kernels=kernels, incremental=True).parents[1]
        rebuild = rebuilder(paths, name, edition, kernels, report)
        server = Server()
        rebuilds = Rebuilds(rebuild)
        for path in watched_files(paths, name, edition):
            # "forever": livereload never reloads on its own (it would reload before the
            # rebuild is done, and drop a save that comes within seconds of the last reload).
            server.watch(str(path), rebuilds.schedule, delay="forever")
        report(f"serving http://{host}:{port}/book/{name}.html (Ctrl-C to stop)")
        server._setup_logging = _quiet_logging  # the console shows the rebuilds, not each poll
        server.serve(host=host, port=port, root=str(html), restart_delay=0,
                     open_url_delay=None)

