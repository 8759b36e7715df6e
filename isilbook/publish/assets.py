"""Static assets the site serves itself: the Vega bundle, the chart loader, the styles.

The Vega, Vega-Lite and Vega-Embed JavaScript is generated once from vl-convert (matching
Altair's Vega-Lite version), wrapped so its private names cannot clash with Sphinx's scripts, and
served from the book's own ``_static`` folder: no page ever loads a script from a CDN.

The bundle is named ``.mjs``, not ``.js``: Jupyter Book puts a ``<script>`` for every ``*.js``
under ``_static`` into every page, and this one (877 KB) must only be fetched by the chart
loader when a chart is about to become interactive. Servers (and Python's) send ``.mjs`` as
JavaScript; the loader inserts it as a classic script, which also works from ``file://``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import platformdirs
import vl_convert

from isilbook.book.charts import vega_lite_version

VEGA_BUNDLE = "vega-bundle.mjs"
#: Names the bundle had before: removed from a staged ``_static`` so Jupyter Book never injects
#: a stale copy into every page again.
OLD_BUNDLES = ("vega-bundle.js",)
#: The bundle depends only on library versions, not on the book, so it is kept per user (like
#: pip's wheel cache): a fresh clone's first build reuses it instead of spending seconds on it.
BUNDLE_CACHE = Path(platformdirs.user_cache_dir("isilbook"))


def vega_bundle(cache: Path = BUNDLE_CACHE) -> Path:
    """The wrapped Vega bundle, generated once per Vega-Lite version and kept in ``cache``."""
    target = cache / f"vega-bundle-{vega_lite_version()}-{vl_convert.__version__}.js"
    if not target.exists():
        cache.mkdir(parents=True, exist_ok=True)
        code = vl_convert.javascript_bundle(vl_version=vega_lite_version())
        # A private temporary name: two builds at once may both write, never the same file.
        handle, temporary = tempfile.mkstemp(dir=cache, prefix=".vega-bundle.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("(function () {\n" + code + "\n})();\n")
        os.chmod(temporary, 0o644)  # published with the site: readable by any web server
        os.replace(temporary, target)
    return target


def install_static(book_static: Path, stage_static: Path, cache: Path = BUNDLE_CACHE) -> None:
    """Copy the book's static files and the Vega bundle into the staged book's ``_static``."""
    stage_static.mkdir(parents=True, exist_ok=True)
    for source in sorted(book_static.iterdir()):
        _copy_if_changed(source, stage_static / source.name)
    for old in OLD_BUNDLES:
        (stage_static / old).unlink(missing_ok=True)
    _copy_if_changed(vega_bundle(cache), stage_static / VEGA_BUNDLE)


def _copy_if_changed(source: Path, target: Path) -> None:
    """Copy keeping the modification time, and only when content differs (Sphinx then skips it)."""
    if target.exists() and target.read_bytes() == source.read_bytes():
        return
    shutil.copy2(source, target)
