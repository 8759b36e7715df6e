"""A small Sphinx extension: self-contained pages, and the edition switcher in every header.

* Jupyter Book always loads sphinx-thebe, which writes an inline ``const THEBE_JS_URL = ...``
  (a CDN address) once per read pass; on an incremental build the declaration appears twice and
  the browser logs a SyntaxError. The book has no live-code buttons, so thebe's scripts are
  dropped from every page.
* The build gives each edition's book the list of editions (``isil_editions``, each with the
  path from this book's root to that edition's); here every page gets ready-made relative links
  to the same page in each edition, so the switcher needs no script and works from disk.
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
    return {"parallel_read_safe": True, "parallel_write_safe": True}
