"""Numbers in words for the prose, honest about ranges and bounds, always glued from data.

A figure of "between 3,000 and 5,000" must read as a range and "more than 500" as a bound; these
helpers are the only place that turns a figure row into words, so every chapter says it the same
way.
"""

from __future__ import annotations

import html
import math

import pandas as pd
from IPython.display import Markdown

_SHARES = {0.5: "half", 0.3333: "one third", 0.6667: "two thirds", 0.25: "a quarter",
           0.75: "three quarters", 0.2: "one fifth"}


def format_value(value: float, unit: str) -> str:
    """One value in its unit: ``$260 million``, ``50 per cent``, ``one third``, ``38,000``."""
    if unit == "share":
        for share, words in _SHARES.items():
            if math.isclose(value, share, abs_tol=5e-4):
                return words
        return f"{value * 100:.0f} per cent"
    if unit == "per cent":
        return f"{value:g} per cent"
    if unit.startswith("US dollars"):
        for size, word in ((1e9, "billion"), (1e6, "million")):
            if value >= size:
                return f"${value / size:g} {word}"
        return f"${value:,.0f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def describe(figure: pd.Series, with_unit: bool = False) -> str:
    """A figure in words with its qualifier: "between 3,000 and 5,000", "more than 500"."""
    low, high, unit, qualifier = figure["low"], figure["high"], figure["unit"], figure["qualifier"]
    if qualifier == "between":
        text = f"between {format_value(low, unit)} and {format_value(high, unit)}"
    elif qualifier in ("more than", "at least"):
        text = f"{qualifier} {format_value(low, unit)}"
    elif qualifier in ("fewer than", "up to"):
        text = f"{qualifier} {format_value(high, unit)}"
    elif qualifier == "around":
        text = f"around {format_value(low, unit)}"
    else:
        text = format_value(low, unit)
    if with_unit and unit not in ("share", "per cent") and not unit.startswith("US dollars"):
        text += f" {unit}"
    return text


def number_html(text: str) -> str:
    """Mark a glued number so the site tests can tell it from typed prose."""
    return f'<span class="isil-num">{html.escape(text)}</span>'


def glue_markdown(name: str, text: str) -> None:
    """Glue a Markdown snippet for ``{glue:md}`name``` (a plain str would render with quotes)."""
    from myst_nb import glue

    glue(name, Markdown(text), display=False)
