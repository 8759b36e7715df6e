"""A small Sphinx extension: self-contained pages, and the edition switcher in every header.

* Jupyter Book always loads sphinx-thebe, which writes an inline ``const THEBE_JS_URL = ...``
  (a CDN address) once per read pass; on an incremental build the declaration appears twice and
  the browser logs a SyntaxError. The book has no live-code buttons, so thebe's scripts are
  dropped from every page.
* The build gives each edition's book the list of editions (``isil_editions``, each with the
  path from this book's root to that edition's); here every page gets ready-made relative links
  to the same page in each edition, so the switcher needs no script and works from disk.
* Every page says which edition it reads, the date the book's data last changed ("as of":
  the last commit that touched ``data/``, or the newest change not yet committed; in a copy
  outside git, the newest data file), and ends with a copyable cite-this-page block (title,
  edition, address, date). The browser's title names the edition; the landing page's title is
  not doubled.
* Every script file in the head is given ``defer`` (the chart loader, the theme's, Sphinx's):
  each chart is already drawn as static SVG and nothing on the page needs a script before it is
  parsed, while a blocking script in the head holds back the first paint. Deferred scripts keep
  their order and still run before ``DOMContentLoaded``. ``documentation_options.js`` stays
  blocking: it is tiny, and inline lines after it set its options. The search scripts written
  into the theme's own template are deferred by ``book/_templates/layout.html``. The search
  page keeps the theme's order: its template loads the search scripts blocking, and they need
  Sphinx's helpers loaded before them.
"""

from __future__ import annotations

import datetime
import html
import subprocess
from pathlib import Path
from typing import Any


def _is_thebe(script: Any) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = getattr(script, "attributes", {}).get("body", "") or ""
    return "thebe" in filename or "THEBE_JS_URL" in body


def drop_thebe(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Remove thebe's inline configuration and loader from the page's scripts."""
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]
    if "css_files" in context:
        context["css_files"] = [s for s in context["css_files"]
                                if "thebe" not in (getattr(s, "filename", None) or str(s))]


def edition_links(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``isil_editions`` in the page context: label, link to this page there, current or not."""
    up = "../" * pagename.count("/")
    context["isil_editions"] = [
        {"label": entry["label"], "current": entry["current"],
         "href": f"{up}{entry['prefix']}{pagename}.html"}
        for entry in app.config.isil_editions]
    current = [e for e in app.config.isil_editions if e["current"]]
    context["isil_edition_label"] = current[0]["label"] if current else ""
    context["isil_edition_symbol"] = current[0].get("symbol", "") if current else ""


def data_as_of(start: Path) -> str | None:
    """The date (ISO) the book's data last changed, for the project holding ``start``.

    Git knows when data was committed; a data file changed since counts from its own time. A
    copy outside git (no history) takes the newest data file's time. ``None`` when no project
    data is found above ``start``.
    """
    root = next((p for p in [start, *start.parents] if (p / "data" / "figures.csv").is_file()),
                None)
    if root is None:
        return None
    data = root / "data"

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                  text=True, timeout=30, check=False)
        except OSError:
            return None
        return done.stdout if done.returncode == 0 else None

    committed = git("log", "-1", "--format=%cs", "--", "data")
    if committed is not None and committed.strip():
        changed = git("status", "--porcelain", "--untracked-files=all", "--", "data") or ""
        paths = [root / line[3:].strip().strip('"') for line in changed.splitlines()
                 if len(line) > 3]
        dates = [committed.strip()] + [_file_date(path) for path in paths if path.is_file()]
        return max(dates)
    files = [path for path in data.rglob("*") if path.is_file()]
    return max(_file_date(path) for path in files) if files else None


def _file_date(path: Path) -> str:
    return datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC).date().isoformat()


def _long_date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def compute_as_of(app) -> None:
    """Once per build: the data's date, for every page."""
    app.isil_as_of = data_as_of(Path(app.srcdir).resolve())


def page_identity(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The edition and "as of" line under the page's heading, the cite block at its end, and
    a browser title that names the edition (the landing page's title only once)."""
    label = context.get("isil_edition_label", "")
    as_of = getattr(app, "isil_as_of", None)
    title = html.unescape(context.get("title") or "")
    book = html.unescape(context.get("docstitle") or "")
    full = book if not title or title == book else f"{title} — {book}"
    context["isil_page_title"] = f"{full} ({label})" if label else full
    body = context.get("body")
    if not label or body is None or pagename == "search":
        return
    line = (f'<p class="isil-page-edition"><span class="isil-glued">Edition: '
            f"<strong>{html.escape(label)}</strong>"
            + (f' · Data as of <time datetime="{as_of}">{_long_date(as_of)}</time>'
               if as_of else "") + "</span></p>")
    address = f"{pagename}.html"
    cite = (f"{full}. Edition: {label}. {address}"
            + (f" (data as of {_long_date(as_of)})" if as_of else "") + ".")
    block = ('<aside class="isil-cite-page" aria-label="Cite this page">'
             '<p class="isil-cite-heading"><strong>Cite this page</strong></p>'
             f'<pre class="isil-cite-text isil-glued" tabindex="0" '
             f'data-address="{html.escape(address, quote=True)}">{html.escape(cite)}</pre>'
             "</aside>")
    close = body.find("</h1>")
    at = close + len("</h1>") if close >= 0 else 0
    context["body"] = body[:at] + line + body[at:] + block


#: The one script file left blocking: inline lines after it set ``DOCUMENTATION_OPTIONS``.
BLOCKING = "documentation_options.js"


def defer_scripts(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give every script file of the page's head ``defer`` (not inline scripts: they only set
    options, and ``defer`` means nothing to them).

    The page gets copies: Sphinx shares one script object between all pages.
    """
    if pagename == "search" or "script_files" not in context:
        return
    scripts = []
    for script in context["script_files"]:
        filename = getattr(script, "filename", None) or ""
        attributes = getattr(script, "attributes", None)
        if filename and not filename.endswith(BLOCKING) and attributes is not None \
                and not attributes.get("async") and "defer" not in attributes:
            script = type(script)(filename, priority=script.priority,
                                  **{**attributes, "defer": "defer"})
        scripts.append(script)
    context["script_files"] = scripts


def setup(app) -> dict[str, Any]:
    app.add_config_value("isil_editions", [], "html")
    app.connect("html-page-context", drop_thebe, priority=900)
    app.connect("html-page-context", defer_scripts, priority=901)
    app.connect("html-page-context", edition_links)
    app.connect("builder-inited", compute_as_of)
    app.connect("html-page-context", page_identity, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
