"""Numbers in words for the prose, honest about ranges and bounds, always glued from data.

A figure of "between 3,000 and 5,000" must read as a range and "more than 500" as a bound; these
helpers are the only place that turns a figure row into words, so every chapter says it the same
way.
"""

from __future__ import annotations

import math
import re

import pandas as pd
from IPython.display import Markdown

from isilbook.book.cite import html_text
from isilbook.data.numbers import VAGUE, find_numbers

_SHARES = {0.5: "half", 0.3333: "one third", 0.6667: "two thirds", 0.25: "a quarter",
           0.75: "three quarters", 0.2: "one fifth"}


def format_value(value: float, unit: str) -> str:
    """One value in its unit, as the prose says it.

    >>> format_value(260_000_000, "US dollars")
    '$260 million'
    >>> format_value(50, "per cent"), format_value(0.3333, "share"), format_value(38000, "people")
    ('50 per cent', 'one third', '38,000')
    >>> format_value(0.45, "share")
    '45 per cent'
    """
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


def _words_for(figure: pd.Series, value: float) -> str:
    """The value as the source words it when they are vague ("several hundred"), else formatted.

    A curated low of 200 for "several hundred" is a reading, not the report's number: the prose
    keeps the report's words so that it never sounds more precise than its source.
    """
    quote = str(figure.get("quote", ""))
    for span in find_numbers(quote):
        if span.kind == VAGUE and math.isclose(span.value, value, rel_tol=1e-9):
            return quote[span.start:span.end]
    return format_value(value, figure["unit"])


def _is_vague(figure: pd.Series, value: float) -> bool:
    return _words_for(figure, value) != format_value(value, figure["unit"])


def describe(figure: pd.Series, with_unit: bool = False) -> str:
    """A figure in words with its qualifier: "between 3,000 and 5,000", "more than 500"."""
    low, high, unit, qualifier = figure["low"], figure["high"], figure["unit"], figure["qualifier"]
    if qualifier == "between":
        low_text, high_text = _words_for(figure, low), _words_for(figure, high)
        if unit == "per cent":
            low_text = low_text.removesuffix(" per cent")
        text = f"between {low_text} and {high_text}"
    elif qualifier == "at least" and _is_vague(figure, low):
        text = _words_for(figure, low)  # "several hundred" already says "at least"
        if unit.startswith("US dollars"):
            return text + " dollars"
        if with_unit and text.endswith("s"):
            return f"{text} of {unit}"  # "hundreds of people"
    elif qualifier in ("more than", "at least"):
        text = f"{qualifier} {_words_for(figure, low)}"
    elif qualifier in ("fewer than", "up to"):
        text = f"{qualifier} {_words_for(figure, high)}"
    elif qualifier == "around":
        text = f"around {_words_for(figure, low)}"
    else:
        text = _words_for(figure, low)
    if with_unit and unit not in ("share", "per cent") and not unit.startswith("US dollars"):
        text += f" {unit}"
    return text


def and_list(words: list[str]) -> str:
    """Words joined as prose.

    >>> and_list(["3rd"]), and_list(["3rd", "10th"]), and_list(["3rd", "10th", "13th"])
    ('3rd', '3rd and 10th', '3rd, 10th and 13th')
    """
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


_ATTRIBUTION_LABELS = {"report": "the report", "Member States": "Member States",
                       "several Member States": "several Member States",
                       "one Member State": "one Member State",
                       "press story": "the press story's own words"}


def attribution_label(figure: pd.Series) -> str:
    """To whom the source attributes a figure, for tables and tooltips.

    >>> attribution_label(pd.Series({"attribution": "one Member State", "attributed_to": None}))
    'one Member State'
    >>> attribution_label(pd.Series({"attribution": "briefer",
    ...                                  "attributed_to": "Vladimir Voronkov"}))
    'a briefer, Vladimir Voronkov'
    """
    kind, name = figure.get("attribution"), figure.get("attributed_to")
    if kind is None or pd.isna(kind):
        return ""
    if kind == "briefer":
        return f"a briefer, {name}" if pd.notna(name) and name else "a briefer"
    if kind in ("UN entity", "other body"):
        return str(name) if pd.notna(name) and name else kind
    return _ATTRIBUTION_LABELS.get(str(kind), str(kind))


def according_to(figure: pd.Series) -> str:
    """The attribution as prose ("according to one Member State"); empty for the report's own
    voice, so a sentence never widens "one Member State" into "Member States".

    >>> according_to(pd.Series({"attribution": "one Member State", "attributed_to": None}))
    'according to one Member State'
    >>> according_to(pd.Series({"attribution": "report", "attributed_to": None}))
    ''
    >>> according_to(pd.Series({"attribution": "press story", "attributed_to": None}))
    "in the press story's own words"
    """
    kind = figure.get("attribution")
    if kind is None or pd.isna(kind) or kind == "report":
        return ""
    label = attribution_label(figure)
    return f"in {label}" if kind == "press story" else f"according to {label}"


def is_forecast(figure: pd.Series) -> bool:
    """Whether the figure says what is expected or planned rather than what was measured."""
    return figure.get("status") == "forecast"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~:&\"'$%=^])")


def escape_markdown(text: str) -> str:
    """Text from the data made inert for glued Markdown.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it), so a title or
    label can never become a link, an image, an HTML tag or emphasis: it shows as typed.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def number_html(text: str) -> str:
    """Mark a glued number so the site tests can tell it from typed prose."""
    return f'<span class="isil-num">{html_text(text)}</span>'


def glue_markdown(name: str, text: str) -> None:
    """Glue a Markdown snippet for ``{glue:md}`name``` (a plain str would render with quotes)."""
    from myst_nb import glue

    # The wrapper marks glued text on the page, so a site test can prove that every number a
    # reader sees in prose came through glue.
    glue(name, Markdown(f'<span class="isil-glued">{text}</span>'), display=False)
