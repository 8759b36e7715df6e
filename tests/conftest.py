"""Shared fixtures: the real project, and throw-away copies of it for tests that break things."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from isilbook.paths import ProjectPaths
from isilbook.publish.pdf import CHROMIUM, CHROMIUM_ARGS  # Debian's Chromium, kept offline

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "raw" / "S-2016-501.txt"

#: nbval checks the executed chapters on warm kernels, as the build ran them.
pytest_plugins = ["tests.nbval_warm"]


@pytest.fixture(scope="session")
def project() -> ProjectPaths:
    return ProjectPaths.at(ROOT)


#: Kernels for a test's own builds: the suite already keeps both cores busy with its two
#: workers, so a third kernel per build (the command's default, cores + 1) only costs its
#: start-up. The test command's own build of the book runs with the default.
BUILD_JOBS = 2


@pytest.fixture(scope="session")
def warm_kernels():
    """Warm kernels the in-process test builds share (``build_book(..., kernels=...)``): each
    worker starts them once instead of once a build (two seconds each). Every chapter still
    gets a new session, and a kernel whose chapter failed is replaced."""
    from isilbook.publish.execute import KERNEL_ARGUMENTS, chapter_modules, jobs_for, prepare
    from isilbook.publish.kernels import KernelPool

    paths = ProjectPaths.at(ROOT)
    notebooks = [prepare(paths, job) for edition in EDITION_ROOTS for job in jobs_for(paths, edition)]
    with KernelPool(paths.book, chapter_modules(notebooks), KERNEL_ARGUMENTS) as pool:
        yield pool


def copy_project(target: Path) -> ProjectPaths:
    """Copy the project's content (data, book, config) into ``target`` (no build output)."""
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(ROOT / "book", target / "book")
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, target / name)
    return ProjectPaths.at(target)


def keep_only(toc_file: Path, names: list[str]) -> None:
    """Leave in the table of contents only the chapters named (and the root page)."""
    import yaml

    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    for part in toc["parts"]:
        part["chapters"] = [c for c in part["chapters"] if Path(c["file"]).name in names]
    toc["parts"] = [part for part in toc["parts"] if part["chapters"]]
    toc_file.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")


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
    from isilbook.publish.toc import toc_documents

    return [f"{name}.html" for name in toc_documents(ROOT)]


def _edition_roots() -> dict[str, str]:
    """Where each edition's book sits in the published site: every edition with a readings
    folder, newest first, the newest at the root. Read from the CSV and the folders directly,
    not through the package that builds the site, so the tests check its rule."""
    import pandas as pd

    editions = pd.read_csv(ROOT / "data" / "editions.csv").sort_values("ordinal",
                                                                        ascending=False)
    folders = {p.name for p in (ROOT / "book" / "readings").iterdir() if p.is_dir()}
    symbols = [s for s in editions["symbol"].dropna() if s.replace("/", "-") in folders]
    return {symbol: "" if index == 0 else f"editions/{symbol.replace('/', '-')}/"
            for index, symbol in enumerate(symbols)}


#: Where each edition's book sits in the published site (the newest at the root).
EDITION_ROOTS = _edition_roots()


def site_pages() -> list[str]:
    """Site paths of every page of every edition's book."""
    return [root + page for root in EDITION_ROOTS.values() for page in book_pages()]


@pytest.fixture(scope="session")
def site() -> Path:
    """The published site; the test command builds it before the tests run."""
    path = ROOT / "_build" / "html"
    assert (path / "book" / "index.html").exists(), "build the book first: make test does"
    return path.resolve()


@pytest.fixture(scope="session")
def site_url(site):
    """Serve the site on 127.0.0.1 for the browser tests."""
    from isilbook.publish.serve import loopback_server

    with loopback_server(site) as url:
        yield url


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


#: A chart's marks in its drawing (axes, legends and titles left out).
MARKS = ("g[class*='mark-']:not([class*='role-axis']):not([class*='role-legend'])"
         ":not([class*='role-title']) > *")


def assert_every_chart_drew(page, path: str, console_errors: list[str] | None = None) -> None:
    """Every chart of a visited page turned interactive with marks; no error (in the page's
    console, or those given), nothing fetched from off the machine."""
    charts = page.page.locator("figure.isil-chart")
    for index in range(charts.count()):
        figure = charts.nth(index)
        view = figure.locator(".isil-chart-view")
        assert view.get_attribute("data-error") is None, view.get_attribute("data-error")
        assert view.locator("svg").count() == 1
        assert view.locator(MARKS).count() > 0, f"chart {index} of {path} drew no marks"
    assert (page.console_errors if console_errors is None else console_errors) == []
    assert page.offsite == []


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


# --- Running on both cores (pytest-xdist, ``-n 2``) ------------------------------------------------

#: Test files that share one expensive session fixture run on the same worker, so that it is
#: made once: the hostile project's build, and the printed UN PDFs.
SHARED_FIXTURE_GROUPS = {"test_injection.py": "hostile-project",
                         "test_nothing_lost.py": "hostile-project",
                         "test_pdf_intake.py": "un-pdfs", "test_pdf_refusals.py": "un-pdfs"}
#: The longest files (or groups of files), longest first, as measured on two cores: started
#: first, so that the two workers finish together rather than one waiting on a late long file.
LONGEST_FIRST = ("test_accessibility.py", "test_build.py", "test_injection.py",
                 "test_nothing_lost.py", "test_pdf_intake.py", "test_pdf_refusals.py",
                 "test_static_charts.py", "test_bad_inputs.py", "test_site.py",
                 "test_editions_books.py", "test_author_loop.py", "test_intake.py",
                 "test_pdf.py")


def pytest_collection_modifyitems(config, items):
    """Run the longest files first (the order within a file is kept)."""
    def rank(item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)
    items.sort(key=rank)


@pytest.hookimpl(optionalhook=True)  # also runs without pytest-xdist (-p no:xdist)
def pytest_xdist_make_scheduler(config, log):
    """Send work to the workers a file at a time: a notebook's cells share one kernel (nbval)
    and a module's tests one built copy; the files of :data:`SHARED_FIXTURE_GROUPS` go
    together, in the order collected."""
    from xdist.scheduler import LoadScopeScheduling

    class FileGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            file = nodeid.split("::", 1)[0]
            return SHARED_FIXTURE_GROUPS.get(Path(file).name, file)

    config.option.loadscopereorder = False
    return FileGroups(config, log)


#: Written by tests/test_accessibility.py (in whichever worker ran it), printed after the run.
AXE_SUMMARY = ROOT / "_build" / "reports" / "axe" / "summary.txt"


def pytest_sessionstart(session):
    session.config.isil_started = time.time()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the accessibility audit's summary after the run, if this run wrote it."""
    started = getattr(config, "isil_started", None)
    if started is None or not AXE_SUMMARY.is_file() or AXE_SUMMARY.stat().st_mtime < started:
        return
    terminalreporter.section("accessibility audit (axe-core)")
    for line in AXE_SUMMARY.read_text(encoding="utf-8").splitlines():
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
def hostile_project(tmp_path_factory, warm_kernels) -> Path:
    """A project copy whose data carries markup and script payloads, built as the command line
    builds (its tables generated again, validated, then the book).

    The injection tests read its pages; the nothing-lost tests break it and put it back with
    the real command, and prove its last good site survives every failed build (so the two can
    share one build).
    """
    from isilbook.data.tables import write_generated_tables
    from isilbook.data.validate import validate_data
    from isilbook.publish.site import build_book
    from tests.hostile import PAYLOAD_PAGES, poison

    paths = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    poison(paths.root)
    # One edition is enough to carry the payloads (they sit in S/2016/501's text and figures),
    # and the book only the pages they reach.
    keep_only(paths.root / "_toc.yml", PAYLOAD_PAGES)
    write_generated_tables(paths)
    validate_data(paths.data)
    build_book(paths, document="S/2016/501", jobs=BUILD_JOBS, kernels=warm_kernels)
    return paths.root


class ReadingTab:
    """One tab of a browser context reading page after page, as a reader following links.

    Navigating one tab keeps the site's renderer process: a page costs about half the browser
    time it costs in a new tab. Each :meth:`read` gives a :class:`TabVisit` that records that
    page's own errors and blocked off-machine requests, and refuses to be used once the tab
    has moved on to another page.
    """

    def __init__(self, context):
        self.page = context.new_page()
        self.visit: TabVisit | None = None
        self.page.route("**/*", lambda route: self.visit._route(route))
        self.page.on("console", lambda m: m.type == "error"
                     and self.visit.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.visit.console_errors.append(str(e)))

    def read(self, url: str) -> TabVisit:
        """Go to ``url`` and read it through (see :func:`read_through`)."""
        self.visit = TabVisit(self)
        self.page.goto(url, wait_until="load")
        read_through(self.page)
        return self.visit

    def close(self) -> None:
        self.page.close()


class TabVisit(PageVisit):
    """One page read in a :class:`ReadingTab` (its errors and requests are its own)."""

    def __init__(self, tab: ReadingTab):
        self.console_errors: list[str] = []
        self.offsite: list[str] = []
        self._tab = tab

    @property
    def page(self):
        assert self._tab.visit is self, "the tab has gone on to another page"
        return self._tab.page

    def close(self) -> None:
        """The tab belongs to whoever made it; the next :meth:`ReadingTab.read` replaces this."""


# --- Report PDFs laid out like UN documents, printed once per test session ----------------------

# Footnotes written for these tests (the held text has none); markers follow reading order.
UN_FOOTNOTES = (
    ("2", "initial report", "S/2016/92."),
    ("4", "further monitored", "Information provided by two Member States to the Analytical "
     "Support and Sanctions Monitoring Team in April and May 2016, as reported to the "
     "Committee in its regular briefings to the Security Council."),
    ("10", "per cent", "Estimates shared with the Monitoring Team; see S/2015/975, para. 21."),
    ("10", "“balloon effect”", "Ibid., paras. 19-22."),
    ("18", "the past few years", "Figures given by one Member State in March 2016."),
    ("28", "Western States", "See also Security Council resolution 2178 (2014), para. 6."),
    ("49", "“most affected”", "As listed in the Committee’s global survey (S/2015/683)."),
    ("63", "borders", "Porous land borders remain the main concern of the States consulted."),
    ("91", "assessment visit", "Conducted from 20 to 24 September 2015."),
)


def un_layouts():
    """Two ways of setting the report, each with a heading forced to the foot of a page."""
    from tests.un_pdf import Footnote, Layout

    notes = tuple(Footnote(int(p), after, text) for p, after, text in UN_FOOTNOTES)
    return {
        "gutter": Layout("gutter", "Liberation Serif", 10.5, "16mm 24mm 10mm 24mm",
                         hanging_numbers=True, odd_header_right=True, job="16-08800",
                         break_before=(26,), footnotes=notes),
        "indented": Layout("indented", "DejaVu Sans", 9.5, "20mm 20mm 12mm 30mm",
                           hanging_numbers=False, odd_header_right=False, job="16-08800",
                           break_before=(37, 72), paragraph_gap_pt=4.0, footnotes=notes),
    }


@pytest.fixture(scope="session")
def un_pdfs(tmp_path_factory, browser) -> dict[str, Path]:
    """The held S/2016/501 text printed as UN PDFs (two layouts), plus broken ones to refuse:
    a numbering gap, no numbered paragraphs, a scan without text layer, an encrypted copy."""
    import re

    from pypdf import PdfReader, PdfWriter

    from tests.un_pdf import Layout, print_report

    folder = tmp_path_factory.mktemp("un-pdfs")
    text = REPORT.read_text(encoding="utf-8")
    layouts = un_layouts()
    gap = re.sub(r"\n40\. [^\n]*", "", text)
    prose = "\n".join(re.sub(r"^\d+\. ", "", line) if re.match(r"\d+\. .{80}", line) else line
                      for line in text.split("\n") if not re.match(r"\d+\. .{0,79}$", line))
    out = {}
    # The session's one browser: a second sync Playwright cannot start beside it.
    for name, layout in layouts.items():
        out[name] = folder / f"{name}.pdf"
        print_report(text, "S/2016/501", "31 May 2016", layout, out[name], browser)
    plain = Layout("plain", "Liberation Serif", 10.5, "16mm 24mm 10mm 24mm", True, True,
                   "16-08800")
    out["gap"] = folder / "gap.pdf"
    print_report(gap, "S/2016/501", "31 May 2016", plain, out["gap"], browser)
    out["unnumbered"] = folder / "unnumbered.pdf"
    print_report(prose, "S/2016/501", "31 May 2016", plain, out["unnumbered"], browser)
    out["scanned"] = folder / "scanned.pdf"
    _print_scan(out["gap"], out["scanned"], browser)
    writer = PdfWriter(clone_from=PdfReader(out["gap"]))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out["encrypted"] = folder / "encrypted.pdf"
    with out["encrypted"].open("wb") as handle:
        writer.write(handle)
    return out


def _print_scan(pdf: Path, out: Path, browser) -> None:
    """A PDF of page images only, as a scanner makes: poppler renders the first two pages and
    Chromium prints the pictures."""
    import base64
    import subprocess

    prefix = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf), str(prefix)],
                   check=True)
    images = sorted(out.parent.glob(f"{prefix.name}-*.png"))
    tags = "".join(f'<img style="width:210mm;height:297mm;display:block" '
                   f'src="data:image/png;base64,{base64.b64encode(p.read_bytes()).decode()}">'
                   for p in images)
    page = browser.new_page()
    try:
        page.set_content(f"<html><body style='margin:0'>{tags}</body></html>")
        out.write_bytes(page.pdf(width="210mm", height="297mm",
                                 margin={"top": "0", "bottom": "0", "left": "0", "right": "0"}))
    finally:
        page.close()


@pytest.fixture(scope="session")
def read_pdf_once():
    """``read_pdf_report`` that reads each printed PDF once (a few seconds each) for the session.

    For the tests about what add-edition writes or refuses after a good read, and for those
    that compare several checks on one read (``tests/test_pdf_intake.py``); a read that fails
    is not kept. Each call gets its own copy.
    """
    import copy

    from isilbook.data import pdf_report

    done: dict[tuple[Path, str], object] = {}

    def read(report: Path, document: str):
        key = (Path(report).resolve(), document)
        if key not in done:
            done[key] = pdf_report.read_pdf_report(report, document)
        return copy.deepcopy(done[key])
    return read


@pytest.fixture
def reading_pdfs_once(read_pdf_once, monkeypatch):
    """add-edition reads each printed PDF once for the session (see :func:`read_pdf_once`)."""
    from isilbook.data import intake, tables

    monkeypatch.setattr(intake, "read_pdf_report", read_pdf_once)
    monkeypatch.setattr(tables, "read_pdf_report", read_pdf_once)
