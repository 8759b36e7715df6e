"""Undo end-of-line hyphenation, but only where the joined word is a word.

A PDF shows "inter-" at a line end and "national" on the next line whether the hyphen is the
typesetter's (join: "international") or the author's ("counter-terrorism", which must keep it).
The text gives no mark of which, so the decision is made on evidence, strongest first:

1. the document itself: the same word written unbroken elsewhere in the report, with or without
   the hyphen, settles it;
2. a capital or a digit after the hyphen ("Al-Qaida", "South-East", "COVID-19") keeps it;
3. a word list (wordfreq's English list): "international" is a word while "ternational" is not;
   "strategic" and "level" are words while "strategiclevel" is not;
4. prefixes UN editorial style always hyphenates ("counter-", "non-", "self-", "cross-", ...)
   keep the hyphen when both readings are words.

Anything settled only by a guess is returned as unsure so that the review report lists it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_KEEP_PREFIXES = frozenset({"counter", "non", "self", "cross", "anti", "well", "so", "ex",
                            "semi", "quasi", "cyber"})
_TOKEN = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Join:
    """How a line-end hyphen was resolved: the joined text, whether the hyphen was kept, and
    whether the evidence was conclusive."""

    text: str
    kept: bool
    sure: bool
    reason: str


@lru_cache(maxsize=8192)
def is_word(word: str) -> bool:
    """Whether ``word`` is an English word: in wordfreq's list about once in a million words
    (zipf 2; below that the list holds web noise such as "longrange")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= 2.0


def vocabulary(texts: list[str]) -> frozenset[str]:
    """Every word (hyphenated compounds whole) written in ``texts``, lower-cased."""
    return frozenset(token.lower() for text in texts for token in _TOKEN.findall(text))


def join_hyphenated(left: str, right: str, known: frozenset[str]) -> Join:
    """Join the line ending ``left`` (which ends in "-") with the line starting ``right``.

    ``known`` is the document's own vocabulary (words seen away from line ends).
    """
    stem = left[:-1]
    head = re.search(r"[^\W\d_]+(?:-[^\W\d_]+)*$", stem)
    tail = re.match(r"[^\W\d_]+", right)
    joined, kept = stem + right, left + right
    if not head or not tail:
        return Join(kept, True, True, "a digit or sign beside the hyphen")
    whole_left, word_right = head.group(0), tail.group(0)
    segment = whole_left.rsplit("-", 1)[-1]
    if (whole_left + "-" + word_right).lower() in known:
        return Join(kept, True, True, "written with the hyphen elsewhere in the report")
    if (whole_left + word_right).lower() in known:
        return Join(joined, False, True, "written unbroken elsewhere in the report")
    if word_right[0].isupper():
        return Join(kept, True, True, "a capital follows the hyphen")
    joined_word = is_word(segment + word_right)
    parts_words = is_word(segment) and is_word(word_right)
    if joined_word and not parts_words:
        return Join(joined, False, True, f"“{segment + word_right}” is a word")
    if parts_words and not joined_word:
        return Join(kept, True, True, f"“{segment + word_right}” is not a word")
    if joined_word:  # both readings are words
        if segment.lower() in _KEEP_PREFIXES:
            return Join(kept, True, False, f"“{segment}-” is a prefix UN style hyphenates")
        return Join(joined, False, False, "both readings are words; joined")
    return Join(joined, False, False, "neither reading is a known word; joined")
