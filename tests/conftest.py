"""Shared fixtures: the real project, and throw-away copies of it for tests that break things."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from isilbook.paths import ProjectPaths
from isilbook.publish.pdf import CHROMIUM, CHROMIUM_ARGS  # Debian's Chromium, kept offline

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "raw" / "S-2016-501.txt"


@pytest.fixture(scope="session")
def project() -> ProjectPaths:
    return ProjectPaths.at(ROOT)


def copy_project(target: Path) -> ProjectPaths:
    """Copy the project's content (data, book, config) into ``target`` (no build output)."""
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(ROOT / "book", target / "book")
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, target / name)
    return ProjectPaths.at(target)


@pytest.fixture
def project_copy(tmp_path: Path) -> ProjectPaths:
    """A copy of the project's content to damage freely."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def paragraphs(project: ProjectPaths):
    from isilbook.data.parse import parse_report

    return parse_report(REPORT, "S/2016/501")


# --- The built site, served on loopback and driven in Debian's Chromium -------------------------

def book_pages() -> list[str]:
    """Site paths of every page in the table of contents, in reading order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [f"{name}.html" for name in files]


@pytest.fixture(scope="session")
def site() -> Path:
    """The published site; the test command builds it before the tests run."""
    path = ROOT / "_build" / "html"
    assert (path / "book" / "index.html").exists(), "build the book first: make test does"
    return path.resolve()


@pytest.fixture(scope="session")
def site_url(site):
    """Serve the site on 127.0.0.1 for the browser tests."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageVisit:
    """One page loaded with every off-machine request blocked and recorded."""

    def __init__(self, browser, url: str, viewport: dict | None = None):
        self.console_errors: list[str] = []
        self.offsite: list[str] = []
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self._open(self.context.new_page(), url)

    def _open(self, page, url: str) -> None:
        """Watch the console, load the page, and read it through: every chart scrolled into view
        (as a reader would) and waited for until it turned interactive (or failed)."""
        self.page = page
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.goto(url, wait_until="load")
        read_through(page)

    def _route(self, route):
        from urllib.parse import urlparse

        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


def read_through(page) -> None:
    """Scroll every chart into view and wait until each is interactive (or failed), then go back
    to where the page was (a link's target stays in view)."""
    figures = page.locator("figure.isil-chart")
    if not figures.count():
        return
    where = page.evaluate("[window.scrollX, window.scrollY]")
    for index in range(figures.count()):
        figures.nth(index).scroll_into_view_if_needed()
        page.wait_for_function(
            "f => { const v = f.querySelector('.isil-chart-view');"
            " return v.dataset.rendered === 'interactive' || v.dataset.error; }",
            arg=figures.nth(index).element_handle(), timeout=15000)
    page.evaluate("([x, y]) => window.scrollTo(x, y)", where)


@pytest.fixture
def visit(browser, site_url):
    """Open a site path (``book/libya.html``) and give the loaded page; closes afterwards."""
    opened = []

    def open_page(path: str, viewport: dict | None = None) -> PageVisit:
        page = PageVisit(browser, f"{site_url}/{path}", viewport)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the accessibility audit's summary (tests/test_accessibility.py) after the run."""
    lines = getattr(config, "isil_axe_summary", None)
    if lines:
        terminalreporter.section("accessibility audit (axe-core)")
        for line in lines:
            terminalreporter.write_line(line)


# --- Built project copies for the command-line tests (tests/test_injection.py and
# tests/test_nothing_lost.py): each full build costs half a minute, so they share one -----------

def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under a folder, by relative path (empty if it does not exist)."""
    import hashlib

    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def hostile_project(tmp_path_factory) -> Path:
    """A project copy whose data carries markup and script payloads, built with the real CLI.

    The injection tests read its pages; the nothing-lost tests break it and put it back, and
    prove its last good site survives every failed build (so the two can share one build).
    """
    import subprocess
    import sys

    from tests.hostile import poison

    root = copy_project(tmp_path_factory.mktemp("hostile") / "project").root
    poison(root)
    isilbook = str(Path(sys.executable).with_name("isilbook"))
    for step in ("tables", "validate", "build"):
        result = subprocess.run([isilbook, step, "--root", str(root)], capture_output=True,
                                text=True, timeout=900)
        assert result.returncode == 0, f"isilbook {step}: {result.stderr[-3000:]}"
    return root


class ContextVisit(PageVisit):
    """A PageVisit opened in a browser context shared by many pages (one cache, faster loads).

    Requests are blocked and recorded per page, as in :class:`PageVisit`; closing closes only
    the page, the context belongs to whoever made it.
    """

    def __init__(self, context, url: str):
        self.console_errors: list[str] = []
        self.offsite: list[str] = []
        self.context = context
        page = context.new_page()
        page.route("**/*", self._route)
        self._open(page, url)

    def close(self):
        self.page.close()
