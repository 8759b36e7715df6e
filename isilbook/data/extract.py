"""Propose candidate figures from a report paragraph, for an author to curate.

``figures.csv`` is curated by reading, but reading misses things. The extractor reads every
paragraph the same way and proposes each quantity it finds, with the qualifier ("around",
"more than", ...), the bounds that qualifier implies, a guess at the unit and the sentence it
sits in, so that the curator can compare the proposals with the curated table (the recall test
in ``tests/test_extract.py`` does exactly that).

It is deliberately rule-based and small: numbers come from
:func:`isilbook.data.numbers.find_numbers`, and this module only decides what surrounds them.
Numbers that are not figures are dropped:
paragraph pinpoints ("para. 21"), resolution numbers and their years ("resolution 60/288"),
document symbols ("S/2016/92"), dates ("2024-11-08") and years, ordinals, the leading paragraph
number, numbers inside names ("G7", "ICT4Peace") and numbers that describe rather than count
("a two-star commander"). What an analyst reads around a number is kept: "grew from 12 to 19
per cent" is two figures, not a range; "approximately 2,000 in Raqqa, 1,500 in Dayr al-Zawr"
lends its "approximately" (and its noun) to the list; "6,200 are children" counts children.
Every pattern looks at a bounded window of text, so the time taken is linear in the length of
the paragraph whatever it contains.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

import pandas as pd

from isilbook.data.numbers import (
    DIGITS,
    FRACTION,
    VAGUE,
    WORDS,
    Convention,
    NumberSpan,
    detect_convention,
    find_numbers,
)

__all__ = ["QUALIFIERS", "Quantity", "extract_from_paragraphs", "extract_quantities"]

QUALIFIERS = ("exact", "around", "more than", "at least", "fewer than", "up to", "between")
MAX_CONTEXT_CHARS = 1_000  # the longest sentence of S/2016/501 has 683 characters
_WINDOW_CHARS = 200  # the context kept from a longer one
COLUMNS = ["document", "paragraph", "low", "high", "unit", "qualifier", "text", "sentence",
           "start", "end"]


@dataclass(frozen=True)
class Quantity:
    """One candidate figure found in a paragraph.

    Attributes
    ----------
    low, high : float or None
        The bounds the wording implies: equal for "exact" and "around", one of them ``None``
        for a one-sided bound ("more than 500": low 500, high None), both for a range.
    unit : str
        A short guess at what is counted ("fighters", "Member States", "per cent",
        "US dollars", "share" for fractions); empty when nothing sensible follows the number.
    qualifier : str
        One of :data:`QUALIFIERS`.
    text : str
        The matched span verbatim: qualifier, currency sign, number(s) and percent sign.
    start, end : int
        Offsets of ``text`` in the paragraph.
    sentence : str
        The sentence the span sits in, verbatim, for the curator to read the context.
    """

    low: float | None
    high: float | None
    unit: str
    qualifier: str
    text: str
    start: int
    end: int
    sentence: str


# --- Things that look like numbers but are not figures -------------------------------------

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?"
_NUMBER_REF = r"[0-9]+(?:[./][0-9]+)*(?:\([a-z]\))?(?:\s*\([0-9]{4}\))?"
_REFERENCE_NOUNS = (
    r"paragraphs?|paras?\.|resolutions?|annex(?:es)?|articles?|arts?\.|principles?|chapters?"
    r"|sections?|rules?|pages?|pp?\.|footnotes?|tables?|figures?|items?|decisions?|goals?"
    r"|targets?|phases?|nos?\.|volumes?|vol\.|UNSCR|Protocol|Recommendations?"
)
# Patterns whose matches are never figures, whatever the options.
_NEVER = [
    # Leading paragraph numbers and list numbering at the start of a line: "12. ", "(3) ".
    re.compile(r"(?m)^[ \t]*\(?[0-9]{1,3}[.)](?=\s|$)"),
    # "resolution 2178 (2014)", "resolutions 1267 (1999), 1989 (2011) and 2253 (2015)",
    # "para. 21", "paras. 19-22", "annex 9", "guiding principles 30-32".
    re.compile(
        rf"(?i:\b(?:{_REFERENCE_NOUNS}))\s+{_NUMBER_REF}"
        rf"(?:(?:\s*[,\u2013\u2014-]\s*|\s+(?:and|to|or)\s+){_NUMBER_REF})*"
    ),
    # Document symbols: "S/2016/92", "A/HRC/28/18", "S/PRST/2015/11", "E/CN.4/2006/98".
    re.compile(r"\b[A-Z]+(?:/[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*)+"),
    # Clock times: "6:34 PM".
    re.compile(r"\b[0-9]{1,2}:[0-9]{2}(?:\s*[AaPp]\.?[Mm]\.?)?"),
    # Numbers inside names: "Group of 77", "Group of Twenty".
    re.compile(r"\bGroup of (?:[0-9]+|Seven|Eight|Twenty)\b"),
    # Committees named by their resolutions: "the 1267/1989/2253 Committee", "the 1988
    # Committee", "the 1267 Monitoring Team".
    re.compile(r"\b[0-9]{3,4}(?:\s*/\s*[0-9]{3,4})+\b"),
    re.compile(r"\b[0-9]{3,4}(?=\s+(?:Committee|Monitoring\s+Team|[Ss]anctions)\b)"),
    # Sanctions-list entries: "QDi.326" (individuals), "QDe.142" (entities).
    re.compile(r"\b[A-Z][A-Za-z]{1,3}\.[0-9]{1,4}\b"),
]
# Dates, dropped unless include_dates is set: "29 January 2016", "7 and 8 April 2016",
# "Feb 06, 2017". Bare years are recognised number by number (see _is_year).
_DATES = [
    re.compile(
        rf"\b{_DAY}(?:(?:\s*[,\u2013\u2014-]\s*|\s+(?:and|to)\s+){_DAY}){{0,4}}\s+{_MONTHS}"
        r"(?:,?\s+[0-9]{4})?(?![A-Za-z])"
    ),
    re.compile(rf"\b{_MONTHS}\s+{_DAY}(?:,\s*[0-9]{{4}})?\b(?![0-9])"),
    # Dates in figures: "2024-11-08", "08/11/2024".
    re.compile(r"\b[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\b|\b[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}\b"),
]

# --- Words around a number ------------------------------------------------------------------

# Phrases before a number, mapped to a qualifier. Longer phrases come first.
_QUALIFIER_WORDS = {
    "no more than": "up to", "not more than": "up to", "no fewer than": "at least",
    "no less than": "at least", "not less than": "at least", "more than": "more than",
    "greater than": "more than", "higher than": "more than", "in excess of": "more than",
    "upwards of": "more than", "well over": "more than", "just over": "more than",
    "over": "more than", "above": "more than", "exceeding": "more than",
    "at least": "at least", "a minimum of": "at least", "fewer than": "fewer than",
    "less than": "fewer than", "lower than": "fewer than", "under": "fewer than",
    "below": "fewer than", "up to": "up to", "as many as": "up to", "as much as": "up to",
    "as high as": "up to", "rough": "around", "crude": "around",
    "at most": "up to", "a maximum of": "up to", "around": "around",
    "approximately": "around", "approx.": "around", "approximate": "around",
    "an approximate": "around", "about": "around", "some": "around",
    "nearly": "around", "almost": "around", "roughly": "around", "close to": "around",
    "an estimated": "around", "estimated": "around", "circa": "around", "between": "between",
    "from": "from", "ranging from": "from",
}
_QUALIFIER_BEFORE = re.compile(
    r"(?i)(?<![A-Za-z])(?P<q>"
    + "|".join(re.escape(p).replace(r"\ ", r"\s+")
               for p in sorted(_QUALIFIER_WORDS, key=len, reverse=True))
    + r")\s+(?:(?:another|a\s+further|an\s+additional|only|(?P<article>an?))\s+)?"
    # A word or two may stand between the qualifier and its number when they end in "of" or
    # "at": "estimated at $3 million", "under the age of 10", "rough starting figure of 25,000".
    + r"(?:(?:at|(?:[a-z]+\s+){1,2}of)\s+)?$"
)
# Verbs of change before "from": "grew from 12 to 19 per cent" states two figures, not a range.
_CHANGE_BEFORE = re.compile(
    r"(?i)\b(?:gr[eo]wn?|grows?|growing|r[io]s(?:e|en|es|ing)|f[ae]ll(?:en|s|ing)?"
    r"|drop(?:ped|s|ping)?|(?:in|de)creas(?:e|ed|es|ing)|declin(?:e|ed|es|ing)"
    r"|climb(?:ed|s|ing)?|jump(?:ed|s|ing)?|went|gone|go(?:es|ing)?|shr[aiu]nk|shrinks?"
    r"|surg(?:e|ed|es|ing)|soar(?:ed|s|ing)?|doubl(?:e|ed|es|ing)|tripl(?:e|ed|es|ing)"
    r"|halv(?:e|ed|es|ing)|plummet(?:ed|s|ing)?|expand(?:ed|s|ing)?|reduc(?:e|ed|es|ing)"
    r"|cut|moved?|chang(?:e|ed|es|ing)|swell(?:ed|s|ing)?|swollen)"
    r"(?:\s+[A-Za-z]+){0,2}\s+$"
)
# "fell by 6 per cent to 410": an amount of change, then where it ended; two figures.
_BY_BEFORE = re.compile(r"(?i)\bby\s+$")
# Hyphenated numbers that measure something ("five-year", "10-day", "a 12-member team");
# any other ("a two-star commander", "a three-way split") describes rather than counts.
_MEASURES = frozenset("""
    second minute hour day night week month year decade century kilometre kilometer km mile
    metre meter ton tonne kilogram kg litre liter storey story floor member person man men
    strong seat bed vehicle page point percent
""".split())
# A unit named before the number: "detained foreigners number about 6,000".
_UNIT_BEFORE = re.compile(r"(?i)(?P<u>[A-Za-z]+)\s+(?:now\s+)?"
                          r"(?:number(?:ed|s)?|total(?:led|ed|s)?)\s+$")
_CURRENCY_BEFORE = re.compile(r"(?P<c>US\s?\$|USD|\$|€|£|EUR)\s*$")
_CURRENCY_ENDS = "$€£DR"  # the last character of each sign
_CURRENCY_UNITS = {"€": "euros", "EUR": "euros", "£": "pounds sterling"}
_HYPHENS = "-\u2010\u2011"
_PERCENT_AFTER = re.compile(r"(?i)\s*(?:per\s*cent\b|percent\b|%)")
_MONEY_AFTER = re.compile(r"(?i)\s*(?P<m>US\s+dollars|dollars|USD|euros?)\b")
# Between two numbers of a range: "–", "to", "and" (after "between"), "or", and an optional
# qualifier or currency sign on the second number ("between several hundred to as many as").
_RANGE_JOIN = re.compile(
    r"(?i)(?:\s*(?:per\s*cent\b|percent\b|%))?\s*(?P<j>\u2013|\u2014|-|to\b|and\b|or\b)\s*"
    r"(?:(?:as\s+many\s+as|as\s+much\s+as|up\s+to|some|around|about|approximately|nearly)\s+)?"
    r"(?:US\s?\$|\$|€|£)?\s*"
)
_NOUN_WORD = r"[A-Za-z][A-Za-z'\u2019-]*"
_NOUN_AND = re.compile(rf"(?i)(?P<noun>\s+{_NOUN_WORD}(?:\s+{_NOUN_WORD}){{0,2}})\s+and\s+")
_ONE_SIDED = ("more than", "at least", "fewer than", "up to")
_PART_OF = re.compile(r"(?i)\s+(?:out\s+of|of|in)\s+(?:the\s+)?")
_OF_BETWEEN = re.compile(r"(?i)\s+(?:out\s+)?of\s+(?:the\s+)?$")
_TO_BETWEEN = re.compile(r"(?i)\s+to\s+")
# What may follow a number of a list that counts what the list's first figure counts.
_ELLIPTIC_AFTER = re.compile(
    r"(?i)\s*(?:[,;:)]|\.(?:\s|$)|$|(?:from|in|at|on|among|across|inside|outside|near)\b)")
# Between two numbers of one list: a few words (a place), then a comma or "and".
_LIST_BETWEEN = re.compile(r"(?i)(?:\s+[^\s,;.:0-9]+){0,6}?\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
_VERB_BETWEEN = re.compile(r"(?i)\b(?:are|is|was|were|be|been|being|has|have|had|will|would"
                           r"|may|might|can|could|[a-z]{3,}ed)\b")
_NOT_COUNTED = frozenset({"per cent", "US dollars", "euros", "pounds sterling", "share"})
_UNIT_WORD = re.compile(r"[ \t]*(?P<w>(?:[A-Za-z]\.){2,}|[A-Za-z]+(?:[-'\u2019][A-Za-z]+)*)")
_UNIT_STOP = frozenset("""
    a an the of in on at to from by with for into onto per over under since during within
    across through among between about around than as if not also and or but nor so yet
    after before near against toward towards following despite without beyond behind along
    upon via
    is are was were be been being has have had may might will would can could should must
    do does did which who whom whose that this these those it its their there here
    they them he she we you i when where while whereas because although though each every
    all both either neither no only even still already more most less least very
""".split())
_UNIT_SKIP_FIRST = frozenset({"such", "more", "other", "further"})
_COPULAS = frozenset({"are", "were", "is", "was"})
_IRREGULAR_PLURALS = frozenset({"people", "children", "women", "men", "personnel", "staff"})
_NOT_PLURAL = frozenset({"nations", "this", "his", "its", "was", "has", "does", "is", "us"})
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z])")
_ABBREVIATIONS = frozenset({
    "para", "paras", "e.g", "i.e", "no", "nos", "art", "arts", "vol", "p", "pp", "mr", "mrs",
    "ms", "dr", "st", "vs", "cf", "approx", "fig", "inc", "ltd", "co", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt", "rev",
})


def _mask(text: str, patterns: list[re.Pattern[str]]) -> bytearray:
    """A byte per character of ``text``: 1 where one of ``patterns`` matched."""
    mask = bytearray(len(text))
    for pattern in patterns:
        for match in pattern.finditer(text):
            mask[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    return mask


def _sentences(text: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of a paragraph (the leading paragraph number left out)."""
    numbering = re.match(r"[ \t]*[0-9]{1,3}\.[ \t]+", text)
    start = numbering.end() if numbering else 0
    bounds = []
    for match in _SENTENCE_END.finditer(text, start):
        before = text[max(start, match.start() - 12):match.start()]
        word = re.search(r"([A-Za-z.]+)$", before)
        last = word.group(1).lower() if word else ""
        if last.rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", last):
            continue  # "para. 8", "U.N. Secretary-General", initials
        bounds.append((start, match.start() + 1))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _before(pattern: re.Pattern[str], text: str, end: int, reach: int,
            can_end: str = "") -> re.Match[str] | None:
    """``pattern`` (anchored at ``$``) in the ``reach`` characters before ``end``.

    The patterns that read what stands before a number end in white space (or, for a
    currency, in its sign): when the character before ``end`` is neither, there is no match,
    and a hostile line of numbers after commas is read without trying every start of every
    window.
    """
    if end == 0 or not (text[end - 1].isspace() or text[end - 1] in can_end):
        return None
    return pattern.search(text[max(0, end - reach):end])


def _is_year(text: str, span: NumberSpan) -> bool:
    """A four-digit number from 1900 to 2100 written without a separator is read as a year,
    unless money, a percent sign or a quantity qualifier shows that it counts something."""
    if span.kind != DIGITS or span.scale != 1 or span.end - span.start != 4:
        return False
    if not 1900 <= span.value <= 2100:
        return False
    if _before(_CURRENCY_BEFORE, text, span.start, 4, _CURRENCY_ENDS):
        return False
    if _PERCENT_AFTER.match(text, span.end, min(len(text), span.end + 12)):
        return False
    before = _before(_QUALIFIER_BEFORE, text, span.start, 40)
    return not (before and _QUALIFIER_WORDS[_normal(before.group("q"))] not in ("from",
                                                                               "between"))


def _in_name(text: str, span: NumberSpan) -> bool:
    """Digits joined by a hyphen to a word ("COVID-19", "G-20") belong to a name."""
    return (span.kind == DIGITS and span.start >= 2 and text[span.start - 1] == "-"
            and text[span.start - 2].isalpha())


def _normal(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _guess_unit(text: str, end: int, number_starts: set[int], after_copula: bool = False) -> str:
    """A short noun phrase after a number: "individuals", "Member States", "such fighters"
    gives "fighters", "seven of the projects" gives "projects", "women and children" stays
    whole, "6,200 are children" gives "children". Empty when unclear: "600 surrendered after
    talks" names no unit, a verb follows the number."""
    if end < len(text) and text[end] in "-\u2010\u2011":  # "five-year programme"
        word = _UNIT_WORD.match(text, end + 1, min(len(text), end + 40))
        return word.group("w") if word else ""
    words: list[str] = []
    position, limit = end, min(len(text), end + 120)
    match = _UNIT_WORD.match(text, position, limit)
    if match and match.group("w").lower() == "of":  # "seven of the projects"
        position = match.end()
        match = _UNIT_WORD.match(text, position, limit)
        while match and match.group("w").lower() in ("the", "its", "their", "these", "those"):
            position = match.end()
            match = _UNIT_WORD.match(text, position, limit)
    if match and match.group("w").lower() in _COPULAS and not after_copula:
        named = _guess_unit(text, match.end(), number_starts, after_copula=True)
        return named if named and _counted(named.split()[-1]) else ""
    while match and len(words) < 4:
        word = match.group("w")
        lower = word.lower()
        if match.start("w") in number_starts:
            break
        if not words and lower in _UNIT_SKIP_FIRST:
            position = match.end()
            match = _UNIT_WORD.match(text, position, limit)
            continue
        following = _UNIT_WORD.match(text, match.end(), limit)
        if not words and word.islower() and lower.endswith(("ed", "ing")) and not (
                following and _counted(following.group("w"))
                and following.group("w").lower() not in _UNIT_STOP):
            return ""  # "600 surrendered": a verb, not what is counted ("armed men" is)
        if lower in ("and", "or") and words and not _plural(words[-1]):
            if following and following.group("w").lower() not in _UNIT_STOP:
                words.append(word)
                position = match.end()
                match = following
                continue
            break
        if lower in _UNIT_STOP or (words and lower.endswith(("ing", "ed"))):
            break
        words.append(word)
        if _counted(word):
            # "women and children", "boys or girls": one noun of two plurals
            if following and following.group("w").lower() in ("and", "or"):
                other = _UNIT_WORD.match(text, following.end(), limit)
                if other and other.start("w") not in number_starts and \
                        _counted(other.group("w")) and \
                        other.group("w").lower() not in _UNIT_STOP:
                    words += [following.group("w"), other.group("w")]
            break
        position = match.end()
        match = following
    while words and words[-1].lower() in ("and", "or"):
        words.pop()
    if len(words) == 1 and words[0].lower().endswith(("ed", "ing")):
        return ""  # "thousands fled": a verb, not what is counted
    return " ".join(words)


def _counted(word: str) -> bool:
    """Whether ``word`` is a plural noun, the kind of word that names what a number counts."""
    return _plural(word) or word.lower() in _IRREGULAR_PLURALS


def _plural(word: str) -> bool:
    lower = word.lower()
    return (len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is"))
            and lower not in _NOT_PLURAL)


def _bounds(qualifier: str, first: float, second: float | None) -> tuple[float | None,
                                                                          float | None]:
    if second is not None:
        return min(first, second), max(first, second)
    if qualifier in ("more than", "at least"):
        return first, None
    if qualifier in ("fewer than", "up to"):
        return None, first
    return first, first


class _Paragraph:
    """A paragraph with its numbers, the masks of non-figures and its sentences."""

    def __init__(self, text: str, include_dates: bool, convention: Convention | None) -> None:
        self.text = text
        self.include_dates = include_dates
        self.spans = find_numbers(text, convention)
        self.never = _mask(text, _NEVER)
        self.dates = _mask(text, _DATES)
        for span in self.spans:
            if _is_year(text, span) or (span.kind == DIGITS and self.in_date(span)):
                self.dates[span.start:span.end] = b"\x01" * (span.end - span.start)
            elif _in_name(text, span):
                self.never[span.start:span.end] = b"\x01" * (span.end - span.start)
        self.sentences = _sentences(text)
        self.sentence_starts = [start for start, _ in self.sentences]
        self.sentence_texts: dict[int, str] = {}
        self.number_starts = {span.start for span in self.spans}

    def in_date(self, span: NumberSpan) -> bool:
        return 1 in self.dates[span.start:span.end]

    def usable(self, index: int) -> bool:
        """Whether the number at ``index`` exists and may be (part of) a figure."""
        if index >= len(self.spans):
            return False
        span = self.spans[index]
        if 1 in self.never[span.start:span.end]:
            return False
        return self.include_dates or not self.in_date(span)

    def sentence(self, offset: int) -> str:
        """The sentence around ``offset``, for the curator to read the figure in context.

        A sentence longer than :data:`MAX_CONTEXT_CHARS` (no report has one; a text that lost
        its full stops does) is cut to a window around the figure: every candidate row carries
        its context, so an uncut sentence would make the candidates file grow with the square
        of the paragraph.
        """
        where = max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)
        start, end = self.sentences[where]
        if end - start > MAX_CONTEXT_CHARS:
            half = _WINDOW_CHARS // 2
            low, high = max(start, offset - half), min(end, offset + half)
            return self.text[low:high].strip()
        if where not in self.sentence_texts:
            self.sentence_texts[where] = self.text[start:end].strip()
        return self.sentence_texts[where]

    def quantity(self, index: int) -> tuple[Quantity | None, int]:
        """Read the figure that starts with number ``index``; return it and the next index."""
        text, span = self.text, self.spans[index]
        following = index + 1
        if not self.counts(span):
            return None, following
        start = span.start
        currency = _before(_CURRENCY_BEFORE, text, start, 6, _CURRENCY_ENDS)
        if currency:
            start = max(0, span.start - 6) + currency.start()
        number_start = start
        before = _before(_QUALIFIER_BEFORE, text, start, 40)
        if before and before.group("article") and (
                span.kind != DIGITS or text[span.end:span.end + 1] in _HYPHENS):
            before = None  # "over a five-year period" is a period, "over a 2,000" a bound
        qualifier = _QUALIFIER_WORDS[_normal(before.group("q"))] if before else "exact"
        if before:
            start = max(0, start - 40) + before.start()

        second, join, end = None, None, span.end
        if self.usable(following):
            join = _RANGE_JOIN.match(text, span.end, min(len(text), span.end + 60))
            if join and join.end() == self.spans[following].start and (
                    join.group("j").lower() != "and" or qualifier == "between") and \
                    not self.two_figures(join, qualifier, start, number_start):
                second, end = self.spans[following], self.spans[following].end
                following += 1
            elif qualifier == "between" and self.noun_told_twice(span, self.spans[following]):
                # "between 5,000 fighters and 10,000 fighters"
                second, end = self.spans[following], self.spans[following].end
                following += 1
        last = second or span
        first_value = span.value
        if second is None:
            if qualifier in ("between", "from"):
                qualifier, start = "exact", number_start  # "from 125 Member States"
            if last.kind == WORDS and last.value == 1 and last.scale == 1 and \
                    qualifier == "exact" and not self.part_of_whole(span, following):
                return None, following  # "one Member State": a pronoun more than a figure
            if qualifier == "exact" and last.kind == VAGUE:
                qualifier = "at least"  # "hundreds" is read as its floor
        else:
            if span.scale == 1 and second.scale > 1 and span.kind == DIGITS:
                first_value *= second.scale  # "between 1 and 2 million"
            if join and join.group("j").lower() == "or" and qualifier in _ONE_SIDED:
                # "at least another four or five years": a bound whose value is uncertain;
                # keep the bound and its cautious end (the lower one for a floor).
                pick = min if qualifier in ("more than", "at least") else max
                first_value, second = pick(first_value, second.value), None
            else:
                qualifier = "between"

        unit, end = self.unit(last, end, currency, alone=second is None)
        if not unit:
            named = _before(_UNIT_BEFORE, text, start, 50)
            if named and _plural(named.group("u")):
                unit = named.group("u")
        low, high = _bounds(qualifier, first_value, None if second is None else second.value)
        return Quantity(low, high, unit, qualifier, text[start:end], start, end,
                        self.sentence(span.start)), following

    def counts(self, span: NumberSpan) -> bool:
        """Whether a number joined by a hyphen to a word measures something ("a five-year
        programme") rather than describes it ("a two-star commander", "a three-way split")."""
        if self.text[span.end:span.end + 1] not in _HYPHENS:
            return True
        word = _UNIT_WORD.match(self.text, span.end + 1, min(len(self.text), span.end + 40))
        if word is None:
            return True  # "3,000-5,000": a range
        lower = word.group("w").lower()
        return lower in _MEASURES or lower.removesuffix("s") in _MEASURES

    def noun_told_twice(self, first: NumberSpan, second: NumberSpan) -> bool:
        """Whether two numbers are the ends of one range that names its noun after each:
        "between 5,000 fighters and 10,000 fighters" (not "between 12 States and 5 groups")."""
        between = _NOUN_AND.fullmatch(self.text, first.end, second.start)
        if between is None:
            return False
        noun = between.group("noun")
        return self.text.startswith(noun, second.end) and \
            not self.text[second.end + len(noun):second.end + len(noun) + 1].isalnum()

    def two_figures(self, join: re.Match[str], qualifier: str, start: int,
                    number_start: int) -> bool:
        """Whether "X to Y" states two figures rather than a range: a change ("grew from 12
        to 19 per cent") or an amount of change and where it ended ("fell by 6 to 41")."""
        if join.group("j").lower() != "to":
            return False
        if qualifier == "from" and _before(_CHANGE_BEFORE, self.text, start, 60):
            return True
        return _before(_BY_BEFORE, self.text, number_start, 8) is not None

    def part_of_whole(self, span: NumberSpan, following: int) -> bool:
        """Whether the number is followed by "of" or "in" and another number ("one in five")."""
        if following >= len(self.spans) or self.spans[following].start - span.end > 16:
            return False
        return _PART_OF.fullmatch(self.text, span.end, self.spans[following].start) is not None

    def unit(self, last: NumberSpan, end: int, currency: re.Match[str] | None,
             alone: bool) -> tuple[str, int]:
        """The unit of a figure whose numbers end at ``end``, and the end of its span."""
        text = self.text
        percent = _PERCENT_AFTER.match(text, end, min(len(text), end + 12))
        if percent:
            return "per cent", percent.end()
        if currency:
            return _CURRENCY_UNITS.get(currency.group("c"), "US dollars"), end
        money = _MONEY_AFTER.match(text, end, min(len(text), end + 16))
        if money:
            euros = money.group("m").lower().startswith("euro")
            return ("euros" if euros else "US dollars"), money.end()
        if last.kind == FRACTION and alone:
            return "share", end
        if self.include_dates and self.in_date(last):
            return ("year" if last.kind == DIGITS and last.end - last.start == 4 else "day"), end
        return _guess_unit(text, end, self.number_starts), end


def extract_quantities(paragraph: str, include_dates: bool = False,
                       convention: Convention | None = None) -> list[Quantity]:
    """Every candidate figure in a paragraph, in order of appearance.

    Parameters
    ----------
    paragraph : str
        The paragraph text, with or without its leading number ("12. ").
    include_dates : bool
        Keep dates and years as quantities (unit "year" or "day"); off by default because a
        date is context for a figure, not a figure.
    convention : Convention, optional
        How the paragraph's document writes digits (see
        :func:`~isilbook.data.numbers.detect_convention`); by default, as the paragraph shows.

    Returns
    -------
    list of Quantity
        One per figure: a range ("between 3,000 and 5,000") is one quantity, while "two of
        five regional workshops" gives two.
    """
    if not isinstance(paragraph, str) or not paragraph:
        return []
    reader = _Paragraph(paragraph, include_dates, convention)
    found: list[Quantity] = []
    index = 0
    while index < len(reader.spans):
        if not reader.usable(index):
            index += 1
            continue
        quantity, index = reader.quantity(index)
        if quantity is not None:
            found.append(quantity)
    return _share_units(paragraph, _lists(paragraph, found))


def _lists(paragraph: str, found: list[Quantity]) -> list[Quantity]:
    """Numbers listed after a figure share its noun and its "approximately".

    In "about 3,000 fighters in the north, 1,200 in the centre and 500 in the south" the two
    later numbers name no noun of their own (a place or a comma follows them): they count
    fighters, about as many. So does "the 330" in "75 of the 410 fighters from Kosovo and 60
    of the 330 from Albania". A number with its own noun ("some 250 men and 90 women") or
    after a verb ("around 700 were released and 300 transferred") keeps its own reading.
    """
    listed = list(found)
    head = list(range(len(found)))  # the first number of each "N of the M" chain
    for position in range(1, len(found)):
        current, previous = found[position], found[position - 1]
        if _OF_BETWEEN.fullmatch(paragraph, previous.end, current.start) and \
                current.start - previous.end < 16:
            head[position] = head[position - 1]
        if current.unit or head[position] == 0:
            continue
        earlier = listed[head[position] - 1]
        unit = earlier.unit if earlier.unit not in _NOT_COUNTED else ""
        qualifier = current.qualifier
        if qualifier == "exact" and earlier.qualifier == "around":
            qualifier = "around"
        if (unit, qualifier) == (current.unit, current.qualifier) or \
                earlier.qualifier == "between":
            continue  # nothing to lend (the cheap test first: a hostile list is long)
        first = found[head[position]]
        between = paragraph[earlier.end:first.start]
        if len(between) > 80 or earlier.sentence != current.sentence or \
                not _ELLIPTIC_AFTER.match(paragraph, current.end,
                                          min(len(paragraph), current.end + 12)) or \
                not _LIST_BETWEEN.fullmatch(between) or _VERB_BETWEEN.search(between):
            continue
        listed[position] = replace(current, unit=unit, qualifier=qualifier)
    return listed


def _share_units(paragraph: str, found: list[Quantity]) -> list[Quantity]:
    """ "two of five regional workshops": the first number counts what the second counts;
    "from 12 to 19 per cent": the first is in the unit of the second."""
    shared = list(found)
    for position in range(len(found) - 2, -1, -1):
        current, following = shared[position], shared[position + 1]
        if current.unit or current.qualifier == "between":
            continue
        if following.start - current.end < 16 and (_OF_BETWEEN.fullmatch(
                paragraph, current.end, following.start) or _TO_BETWEEN.fullmatch(
                paragraph, current.end, following.start)):
            shared[position] = Quantity(current.low, current.high, following.unit,
                                        current.qualifier, current.text, current.start,
                                        current.end, current.sentence)
    return shared


def extract_from_paragraphs(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Run the extractor over a paragraphs table.

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        With columns ``document``, ``paragraph`` and ``text`` (as in ``paragraphs.csv``).
        Each paragraph is read by its whole document's number convention.

    Returns
    -------
    pandas.DataFrame
        One row per candidate, with columns ``document, paragraph, low, high, unit,
        qualifier, text, sentence, start, end``; ``text`` is the matched span, not the
        paragraph, and ``start`` and ``end`` its offsets in the paragraph.
    """
    missing = [c for c in ("document", "paragraph", "text") if c not in paragraphs.columns]
    if missing:
        raise KeyError(f"paragraphs table lacks column(s): {', '.join(missing)}")
    texts = paragraphs["text"].where(paragraphs["text"].map(lambda t: isinstance(t, str)), "")
    conventions = {document: detect_convention(" ".join(group))
                   for document, group in texts.groupby(paragraphs["document"], sort=False)}
    rows = []
    for document, number, text in zip(paragraphs["document"], paragraphs["paragraph"],
                                      texts, strict=True):
        for quantity in extract_quantities(text, convention=conventions[document]):
            rows.append({
                "document": document, "paragraph": number, "low": quantity.low,
                "high": quantity.high, "unit": quantity.unit, "qualifier": quantity.qualifier,
                "text": quantity.text, "sentence": quantity.sentence,
                "start": quantity.start, "end": quantity.end,
            })
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"low": "float64", "high": "float64"})
