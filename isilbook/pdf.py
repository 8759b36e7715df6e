"""The PDF edition: the whole book printed to one file by Debian's Chromium, no LaTeX.

The built pages are gathered, in table-of-contents order, into one print document with a title
page and a table of contents; each chapter starts on a new page. Citation links are rewritten to
point inside the PDF (the source-text chapter is part of it). Charts are drawn by the same Vega
bundle as on the site and printed as SVG, so they stay vector graphics.
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import threading
from pathlib import Path

from bs4 import BeautifulSoup

from isilbook.errors import BuildError
from isilbook.paths import ProjectPaths

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: system-ui, sans-serif; }
.print-title { break-after: page; text-align: center; padding-top: 30vh; }
.print-title h1 { font-size: 2.2rem; }
.print-toc { break-after: page; }
.print-chapter { break-before: page; }
details.isil-table { display: none; }
.headerlink, .toctree-wrapper { display: none; }
a { color: #0b4f80; }
"""


def _page_names(site: Path) -> list[str]:
    """Chapter pages in reading order, from the site's own navigation order."""
    import yaml

    toc = yaml.safe_load((site.parent.parent / "_toc.yml").read_text(encoding="utf-8")) \
        if (site.parent.parent / "_toc.yml").exists() else None
    if toc is None:
        raise BuildError(f"{site}: expected the book's _toc.yml next to _build")
    files = [toc["root"]] + [c["file"] for p in toc["parts"] for c in p["chapters"]]
    return [Path(f).name for f in files]


def print_document(site: Path, names: list[str]) -> str:
    """One HTML document holding every chapter, links rewritten to stay inside it."""
    sections, toc = [], []
    title = "The ISIL threat reports"
    for name in names:
        page = site / "book" / f"{name}.html"
        if not page.exists():
            raise BuildError(f"{page}: expected a built page (run `isilbook build` first)")
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        heading = article.find("h1")
        chapter_title = heading.get_text(" ", strip=True).rstrip("#").strip()
        if name == names[0]:
            title = chapter_title
        for link in article.find_all("a", href=True):
            link["href"] = _internal_href(link["href"], names, name)
        for element in article.select("[id]"):
            if name != "source":
                element["id"] = f"{name}--{element['id']}"
        toc.append(f'<li><a href="#chapter-{name}">{html.escape(chapter_title)}</a></li>')
        sections.append(f'<section class="print-chapter" id="chapter-{name}">'
                        f"{article.decode_contents()}</section>")
    head = ('<meta charset="utf-8"><link rel="stylesheet" href="/_static/styles/theme.css">'
            '<link rel="stylesheet" href="/_static/styles/pydata-sphinx-theme.css">'
            '<link rel="stylesheet" href="/_static/isil.css">'
            f"<style>{PRINT_CSS}</style>"
            '<script src="/_static/vega-bundle.js"></script>'
            '<script src="/_static/isil-charts.js"></script>')
    return (f"<!DOCTYPE html><html lang='en'><head>{head}<title>{html.escape(title)}</title>"
            f"</head><body><div class='print-title'><h1>{html.escape(title)}</h1>"
            "<p>A reproducible reading of the Secretary-General's reports on the threat "
            "posed by ISIL (Da'esh)</p><p>PDF edition</p></div>"
            f"<nav class='print-toc'><h2>Contents</h2><ol>{''.join(toc)}</ol></nav>"
            f"{''.join(sections)}</body></html>")


def _internal_href(href: str, names: list[str], current: str) -> str:
    """``source.html#x`` -> ``#x``; ``libya.html`` -> ``#chapter-libya``; others unchanged."""
    if href.startswith("#") and len(href) > 1:
        return href if current == "source" else f"#{current}--{href[1:]}"
    match = re.fullmatch(r"(?:\./)?([\w-]+)\.html(?:#(.*))?", href)
    if not match or match.group(1) not in names:
        return href
    page, fragment = match.groups()
    if fragment:
        return f"#{fragment}" if page == "source" else f"#{page}--{fragment}"
    return f"#chapter-{page}"


def print_pdf(paths: ProjectPaths, output: Path | None = None) -> Path:
    """Print the built site to ``_build/pdf/isil-threat-book.pdf`` (or ``output``)."""
    from playwright.sync_api import sync_playwright

    site = paths.site.resolve()
    if not (site / "book" / "index.html").exists():
        raise BuildError(f"{paths.site}: expected a built site (run `isilbook build` first)")
    names = _page_names(site)
    document = print_document(site, names)
    output = output or paths.build / "pdf" / "isil-threat-book.pdf"
    output.parent.mkdir(parents=True, exist_ok=True)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 (the standard library's name)
            if self.path == "/print.html":
                body = document.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                super().do_GET()

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/print.html")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.isil-chart-view')]"
                ".every(v => v.dataset.rendered || v.dataset.error)", timeout=30000)
            temporary = output.with_suffix(".tmp")
            page.pdf(path=str(temporary), format="A4", print_background=True,
                     outline=True, tagged=True)
            browser.close()
        temporary.replace(output)
    finally:
        server.shutdown()
    return output
