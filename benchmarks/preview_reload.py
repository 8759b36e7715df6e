"""The author's loop, measured: from saving a reading to the open page showing the change.

Run on demand (``make bench``), never as a test. In a throw-away copy of the project,
``isilbook preview CHAPTER --watch`` serves one chapter on loopback; Debian's Chromium (driven by
Playwright, every request off the machine refused) opens it; the reading is saved with a new
sentence, and the time until the page, reloaded by the watcher, shows that sentence is taken.
It prints each save's time and the median against the goal of 3 seconds.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from isilbook.data.identifiers import edition_folder  # noqa: E402
from isilbook.publish.pdf import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.conftest import copy_project  # noqa: E402

CHAPTER = "libya"
SAVES = 5
GOAL_S = 3.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(page, text: str, limit: float = 60.0) -> float:
    """Seconds until the page's text holds ``text`` (polled in the page, no fixed sleep)."""
    started = time.perf_counter()
    page.wait_for_function("t => document.body && document.body.innerText.includes(t)",
                           arg=text, timeout=limit * 1000, polling=50)
    return time.perf_counter() - started


def main() -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from isilbook.book.readings import default_document
    from isilbook.data.validate import load_tables

    with tempfile.TemporaryDirectory(prefix="isilbook-watch-") as folder:
        paths = copy_project(Path(folder) / "project")
        edition = default_document(paths.book, load_tables(paths.data))
        reading = paths.book / "readings" / edition_folder(edition) / f"{CHAPTER}.md"
        port = free_port()
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("isilbook")), "preview", CHAPTER, "--watch",
             "--port", str(port), "--root", str(paths.root)],
            stderr=subprocess.PIPE, text=True)
        try:
            started = time.perf_counter()
            for line in server.stderr:
                if line.startswith("serving "):
                    break
            # Keep reading what the server says, so a full pipe never stalls it.
            said: list[str] = []
            threading.Thread(target=lambda: said.extend(server.stderr), daemon=True).start()
            print(f"first render and server start: {time.perf_counter() - started:.1f} s "
                  f"({CHAPTER}, {edition})")
            times = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith(f"http://127.0.0.1:{port}/")
                           else route.abort())
                page.goto(f"http://127.0.0.1:{port}/book/{CHAPTER}.html")
                page.wait_for_load_state("load")
                for save in range(1, SAVES + 1):
                    marker = f"Saved sentence number {'I' * save} for the reload benchmark."
                    # Joined to the last paragraph, which cites its source as every paragraph
                    # of a reading from coverage must.
                    text = reading.read_text(encoding="utf-8").rstrip("\n")
                    reading.write_text(f"{text} {marker}\n", encoding="utf-8")
                    try:
                        seconds = wait_for(page, marker)
                    except PlaywrightTimeout:
                        print(f"save {save}: the page did not show the change within a minute")
                        break
                    times.append(seconds)
                    print(f"save {save}: page showed the change after {seconds:.2f} s")
                browser.close()
            for line in said:
                print(f"  server: {line.rstrip()}")
            median = statistics.median(times)
            print(f"median save-to-reloaded-page: {median:.2f} s (goal {GOAL_S:.0f} s: "
                  f"{'met' if median <= GOAL_S else 'not met'})")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
