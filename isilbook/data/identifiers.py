"""The shapes every identifier must have, wherever it enters: a manifest row or a CLI argument.

Each check returns what was expected (for a :class:`~isilbook.errors.Problem` or a usage error)
or ``None`` when the value is fine. They are strict on purpose: a symbol becomes a source id, a
file name and a URL fragment, and a date is printed in the book, so ``S///``, ``S/2016/830/``,
``2016-02-30``, Arabic-Indic digits or a trailing newline would each surface later as an odd
file name, a broken link or a wrong date rather than as an error naming the input.
"""

from __future__ import annotations

import datetime
import re

# ASCII only (``\\d`` would admit Arabic-Indic and fullwidth digits); every part non-empty.
_SYMBOL = re.compile(r"(?:S|A|E)(?:/[A-Z0-9]+){1,5}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
MAX_LABEL_CHARS = 500


def symbol_problem(symbol: str) -> str | None:
    """What is wrong with a United Nations document symbol such as ``S/2016/830``, if anything."""
    if not _SYMBOL.fullmatch(symbol):
        return ("a document symbol such as S/2016/830 (S, A or E, then parts of capital "
                "letters and digits separated by single slashes)")
    return None


def date_problem(text: str) -> str | None:
    """What is wrong with a date of issue written ``YYYY-MM-DD``, if anything.

    The calendar is the standard library's: 30 February and 0000-00-00 do not exist.
    """
    if not _DATE.fullmatch(text):
        return "a date as YYYY-MM-DD in ASCII digits"
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return "a date that exists in the calendar (YYYY-MM-DD)"
    return None


def label_problem(text: str) -> str | None:
    """What is wrong with a one-line label (a title, a publisher), if anything."""
    if not text.strip():
        return "some text (it is empty)"
    if _CONTROL.search(text):
        return "one line of text, without line breaks or control characters"
    if len(text) > MAX_LABEL_CHARS:
        return f"at most {MAX_LABEL_CHARS} characters"
    return None


def edition_folder(symbol: str) -> str:
    """The folder name of an edition's readings and executed chapters.

    >>> edition_folder("S/2016/501")
    'S-2016-501'
    """
    return symbol.replace("/", "-")
