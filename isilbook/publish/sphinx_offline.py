"""A small Sphinx extension that keeps every page self-contained and free of console errors.

Jupyter Book always loads sphinx-thebe, which writes an inline ``const THEBE_JS_URL = ...``
(a CDN address) once per read pass; on an incremental build the declaration appears twice and
the browser logs a SyntaxError. The book has no live-code buttons, so thebe's scripts are
dropped from every page here.

The chart loader (``_static/isil-charts.js``) is given ``defer``: each chart is already drawn
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


CHART_LOADER = "isil-charts.js"


def defer_chart_loader(app, config) -> None:
    """Load the chart loader with ``defer`` (Jupyter Book lists it as a plain script)."""
    config.html_js_files = [
        (CHART_LOADER, {"defer": "defer"}) if entry == CHART_LOADER else entry
        for entry in config.html_js_files]


def setup(app) -> dict[str, Any]:
    app.connect("config-inited", defer_chart_loader)
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
