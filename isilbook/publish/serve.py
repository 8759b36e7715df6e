"""One loopback web server for a folder: the PDF edition, the tests and the benchmark use it.

Pages are served on 127.0.0.1 only, quietly, from a thread; extra in-memory pages (the PDF
edition's assembled document) can be served beside the folder's files.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extra: dict[str, bytes] = {}

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        body = self.extra.get(self.path)
        if body is None:
            super().do_GET()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def loopback_server(folder: Path, extra: dict[str, bytes] | None = None) -> Iterator[str]:
    """Serve ``folder`` (and ``extra`` pages by path) on a free loopback port; yield its URL."""
    handler = type("Handler", (_Quiet,), {"extra": dict(extra or {})})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
