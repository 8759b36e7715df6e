"""What a warm kernel runs between chapters, inside the kernel (standard library only).

A kernel reused for many chapters must give each one exactly what a new kernel would: an
empty namespace, the execution count back at 1, the chapter's folder as working directory,
the warning filters and import path it started with. Only the imported libraries stay: they
are the expensive part of starting a kernel (about two seconds a chapter) and hold no
chapter's state.
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings

_START: dict = {}
#: The smallest chart: drawing it once starts vl-convert's JavaScript engine ahead of time.
_TINY_CHART = {"mark": "point", "data": {"values": [{"x": 1}]},
               "encoding": {"x": {"field": "x", "type": "quantitative"}}}


def warm(modules: list[str]) -> None:
    """Import what the chapters import and start the chart renderer; remember the start state."""
    for name in modules:
        importlib.import_module(name)
    if "vl_convert" in sys.modules:
        sys.modules["vl_convert"].vegalite_to_svg(_TINY_CHART)
    _START.update(filters=list(warnings.filters), path=list(sys.path))


def fresh(cwd: str) -> None:
    """Give the next chapter a kernel as good as new (its libraries already imported)."""
    from IPython import get_ipython

    get_ipython().reset(new_session=True)  # namespace, output history, execution count
    os.chdir(cwd)
    if _START:
        warnings.filters[:] = _START["filters"]
        sys.path[:] = _START["path"]
    # Warnings shown once per place are shown again, as in a new kernel.
    warnings.onceregistry.clear()
    mutated = getattr(warnings, "_filters_mutated", None)
    if mutated is not None:
        mutated()
