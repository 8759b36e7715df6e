"""A small Sphinx extension: self-contained pages, and the edition switcher in every header.

* Jupyter Book always loads sphinx-thebe, which writes an inline ``const THEBE_JS_URL = ...``
  (a CDN address) once per read pass; on an incremental build the declaration appears twice and
  the browser logs a SyntaxError. The book has no live-code buttons, so thebe's scripts are
  dropped from every page.
* The build gives each edition's book the list of editions (``isil_editions``, each with the
  path from this book's root to that edition's); here every page gets ready-made relative links
  to the same page in each edition, so the switcher needs no script and works from disk.
* The chart loader (``_static/isil-charts.js``) is given ``defer``: each chart is already drawn
  as static SVG, so nothing needs the loader before the page is parsed, and a blocking script in
  the head would only hold back the first paint.
"""

from __future__ import annotations

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


CHART_LOADER = "isil-charts.js"


def defer_chart_loader(app, config) -> None:
    """Load the chart loader with ``defer`` (Jupyter Book lists it as a plain script)."""
    config.html_js_files = [
        (CHART_LOADER, {"defer": "defer"}) if entry == CHART_LOADER else entry
        for entry in config.html_js_files]


def setup(app) -> dict[str, Any]:
    app.add_config_value("isil_editions", [], "html")
    app.connect("config-inited", defer_chart_loader)
    app.connect("html-page-context", drop_thebe, priority=900)
    app.connect("html-page-context", edition_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
