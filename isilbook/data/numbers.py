"""Read numbers written in English prose.

The Secretary-General's reports state their figures in every register English allows: digits
with thousands separators ("38,000"), scale words ("$2 billion"), number words ("seven of the
projects", "seventy-seven"), fractions ("around one third") and vague quantities ("several
hundred", "hundreds of thousands"). Two consumers need them read the same way:

* the data validator checks that a curated figure's low and high can be read back from its
  quote (:func:`numbers_in`, :func:`reads_value`), so reading must be generous;
* the quantity extractor (:mod:`isilbook.data.extract`) needs each number with its position in the
  paragraph (:func:`find_numbers`) to decide what surrounds it.

Vague words are read as the floor a careful reader would defend, matching the curation rules
of ``figures.csv``: "hundreds" is 100, "several hundred" is 200 (several is at least two),
"dozens" is 24, "thousands" is 1,000 and "hundreds of thousands" is 100,000.

Digits are read by the text's own convention (:class:`Convention`): "38,000" and "3.5" in an
English text, "12.500" and "3,4" in one that writes numbers the continental way, and "4 310"
(digits grouped by a space) in either. :func:`detect_convention` decides it from the whole
document, so that one paragraph's "1.250" is read as the rest of its report reads numbers.

The reader works on a flat list of tokens and only ever looks a bounded number of tokens ahead,
so its time is linear in the length of the text whatever the input.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["CONTINENTAL", "ENGLISH", "Convention", "NumberSpan", "detect_convention",
           "find_numbers", "numbers_in", "reads_value"]

# Kinds of number a span can hold.
DIGITS = "digits"
WORDS = "words"
FRACTION = "fraction"
VAGUE = "vague"

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Abbreviated scales glued to digits or written after them ("$2bn", "2 bn").
_SCALE_ABBREVIATIONS = {"bn": 1e9, "mn": 1e6}
# "m" for million only after a currency sign ("$12m"): elsewhere "12m" is a length.
_MONEY_ONLY_ABBREVIATIONS = {"m": 1e6}
_CURRENCY_END = re.compile(r"(?:US\s?\$|USD|\$|€|£|EUR)\s*$")
_ORDINALS = frozenset({
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth",
    "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth", "hundredth", "thousandth",
    "millionth", "billionth",
})
# Denominators of fractions in words, singular and plural.
_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}
# Words that make "half" a part of a period rather than a share ("the first half of 2016").
_HALF_OF_A_PERIOD = frozenset({"first", "second", "latter", "former", "other", "last"})
# Vague plurals and the floor each one is read as.
_VAGUE_PLURALS = {
    "dozens": 24.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
}



@dataclass(frozen=True)
class Convention:
    """How a text writes digits: its decimal mark and the mark grouping thousands.

    Digits grouped by a space ("4 310", also a no-break or thin space) are read in either
    convention: neither writes a decimal that way.
    """

    decimal: str
    group: str

    def token(self) -> re.Pattern[str]:
        """The tokenizer for texts written in this convention."""
        decimal, group = re.escape(self.decimal), re.escape(self.group)
        return re.compile(
            rf"(?P<num>[0-9]{{1,3}}(?:{group}[0-9]{{3}})+(?:{decimal}[0-9]+)?(?![0-9])"
            rf"|(?<![0-9])[1-9][0-9]{{0,2}}(?:{_SPACES}[0-9]{{3}})+(?![0-9]|[.,][0-9])"
            rf"(?:{decimal}[0-9]+)?"
            rf"|[0-9]+(?:{decimal}[0-9]+)?)"
            r"|(?P<word>[A-Za-z]+(?:[-\u2010\u2011][A-Za-z]+)*)"
            r"|(?P<other>\S)"
        )

    def value(self, digits: str) -> float:
        """The number written as ``digits`` (one token of :meth:`token`)."""
        plain = re.sub(_SPACES, "", digits).replace(self.group, "")
        return float(plain.replace(self.decimal, "."))


_SPACES = "[ \u00a0\u2009\u202f]"
ENGLISH = Convention(decimal=".", group=",")
CONTINENTAL = Convention(decimal=",", group=".")
_TOKENS = {ENGLISH: ENGLISH.token(), CONTINENTAL: CONTINENTAL.token()}

# Evidence of a convention: a decimal mark followed by one or two digits ("3.5", "3,4"), or a
# number with both marks, is sure; a single group of three digits ("38,000", "12.500") leans.
_SURE = {
    ENGLISH: re.compile(r"(?<![0-9.,])(?:[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+|[0-9]+\.[0-9]{1,2}"
                        r"(?![0-9]|[.,][0-9])|[0-9]{1,3},[0-9]{3},[0-9]{3})"),
    CONTINENTAL: re.compile(r"(?<![0-9.,])(?:[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+|[0-9]+,[0-9]{1,2}"
                            r"(?![0-9]|[.,][0-9])|[0-9]{1,3}\.[0-9]{3}\.[0-9]{3})"),
}
_LEANS = {
    ENGLISH: re.compile(r"(?<![0-9.,])[0-9]{1,3},[0-9]{3}(?![0-9]|[.,][0-9])"),
    CONTINENTAL: re.compile(r"(?<![0-9.,])[0-9]{1,3}\.[0-9]{3}(?![0-9]|[.,][0-9])"),
}


def detect_convention(text: str) -> Convention:
    """The convention a document writes its digits in, from all of its numbers.

    A sure sign counts three times a leaning one; English wins a tie (the series is written
    in English, so an ambiguous "1,250" alone is one thousand two hundred and fifty).

    >>> detect_convention("It held 12.500 detainees, 3,4 per cent more.") == CONTINENTAL
    True
    >>> detect_convention("around 38,000 individuals, up 3.5 per cent") == ENGLISH
    True
    """
    if not isinstance(text, str):
        return ENGLISH
    weight = {convention: 3 * len(_SURE[convention].findall(text))
              + len(_LEANS[convention].findall(text)) for convention in _SURE}
    return CONTINENTAL if weight[CONTINENTAL] > weight[ENGLISH] else ENGLISH

_HYPHENS = re.compile(r"[-\u2010\u2011]")


@dataclass(frozen=True)
class NumberSpan:
    """One number read from a text, with where it was written.

    Attributes
    ----------
    start, end : int
        Offsets of the words that state the number (``text[start:end]``), including any scale
        word ("2 billion") but no currency sign, qualifier or unit.
    value : float
        The number, with the scale applied ("2 billion" is ``2e9``).
    kind : str
        ``"digits"``, ``"words"``, ``"fraction"`` (a share between 0 and 1) or ``"vague"``
        ("several hundred"). The extractor uses it to pick a unit and a qualifier.
    scale : float
        The multiplier of a trailing scale word (1 when there is none), so that a range such as
        "between 1 and 2 million" can lend the scale of its second number to the first.
    """

    start: int
    end: int
    value: float
    kind: str
    scale: float = 1.0


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "word" or "other"
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def _tokens(text: str, convention: Convention) -> list[_Token]:
    return [_Token(m.lastgroup or "other", m.group(), m.start(), m.end())
            for m in _TOKENS[convention].finditer(text)]


def _glued_suffix(text: str, token: _Token) -> str | None:
    """The letters glued to a run of digits, or ``None`` when the digits stand alone.

    Digits written inside a word ("G7", "ICT4Peace", "21st", "1990s") are not quantities; the
    caller only accepts the scale suffixes ("$2bn", "$12mn", "$12m").
    """
    if token.start > 0 and text[token.start - 1].isalpha():
        return text[token.start - 1]
    end = token.end
    while end < len(text) and end - token.end < 3 and text[end].isalpha():
        end += 1
    return text[token.end:end] if end > token.end else None


def _word_value(word: str) -> tuple[str, float] | None:
    """Classify a single (unhyphenated) word: ("unit", 7), ("teen", 12), ("tens", 70), ..."""
    if word in _UNITS:
        return "unit", _UNITS[word]
    if word in _TEENS:
        return "teen", _TEENS[word]
    if word in _TENS:
        return "tens", _TENS[word]
    if word == "hundred":
        return "hundred", 100
    if word in _SCALES:
        return "scale", _SCALES[word]
    if word == "dozen":
        return "dozen", 12
    return None


def _starts_cardinal(word: str) -> bool:
    """Whether ``word`` can follow "and" inside a number ("two hundred and five")."""
    read = _word_value(_HYPHENS.split(word)[0]) if word else None
    return read is not None and read[0] in ("unit", "teen", "tens")


def _hyphenated(word: str) -> tuple[str, float, int] | None:
    """Read a hyphenated token such as "seventy-seven", "one-third" or "five-year".

    Returns ``(kind, value, length)`` where ``length`` is how many characters of the token
    state the number ("five-year" -> 4), or ``None`` when the token is not a number. Ordinals
    ("fifty-fifth", "twenty-first") are not numbers.
    """
    parts = _HYPHENS.split(word.lower())
    first = _word_value(parts[0])
    if first is None or first[0] not in ("unit", "teen", "tens"):
        return None
    value, used = first[1], 1
    if first[0] == "tens" and len(parts) > 1 and parts[1] in _UNITS and parts[1] != "zero":
        value, used = value + _UNITS[parts[1]], 2
    if used == len(parts):
        return WORDS, value, len(word)
    following = parts[used]
    if following in _DENOMINATORS and used == 1 and 1 <= value <= 10:
        return FRACTION, value / _DENOMINATORS[following], len(word)
    if following in _ORDINALS or following == "th":
        return None
    length = sum(len(p) for p in parts[:used]) + used - 1
    return WORDS, value, length


class _Reader:
    """A single left-to-right pass over the tokens of a text."""

    def __init__(self, text: str, convention: Convention) -> None:
        self.text = text
        self.convention = convention
        self.tokens = _tokens(text, convention)
        self.spans: list[NumberSpan] = []

    def word(self, index: int) -> str:
        """The lower-cased word at ``index``, or "" when it is not a word."""
        if 0 <= index < len(self.tokens) and self.tokens[index].kind == "word":
            return self.tokens[index].lower
        return ""

    def read(self) -> list[NumberSpan]:
        index = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            if token.kind == "num":
                index = self.digits(index)
            elif token.kind == "word":
                index = self.words(index)
            else:
                index += 1
        return self.spans

    def emit(self, first: int, last: int, value: float, kind: str, scale: float = 1.0,
             end: int | None = None) -> int:
        start = self.tokens[first].start
        self.spans.append(NumberSpan(start, self.tokens[last].end if end is None else end,
                                     value, kind, scale))
        return last + 1

    def digits(self, index: int) -> int:
        token = self.tokens[index]
        suffix = _glued_suffix(self.text, token)
        if suffix is not None:
            scale = self.abbreviation(token, suffix.lower())
            if scale:
                value = self.convention.value(token.text) * scale
                self.spans.append(NumberSpan(token.start, token.end + len(suffix), value, DIGITS,
                                             scale))
            return index + 1
        value = self.convention.value(token.text)
        scale, last = 1.0, index
        following = self.word(index + 1)
        abbreviated = self.abbreviation(token, following)
        if following in _SCALES or abbreviated:
            scale = _SCALES.get(following) or abbreviated
            last = index + 1
        elif following in ("hundred", "dozen"):
            scale, last = (100.0 if following == "hundred" else 12.0), index + 1
            if self.word(index + 2) in _SCALES:
                scale, last = scale * _SCALES[self.word(index + 2)], index + 2
        return self.emit(index, last, value * scale, DIGITS, scale)

    def abbreviation(self, token: _Token, suffix: str) -> float | None:
        """The scale of "bn", "mn" (anywhere) or "m" (after money) written after digits."""
        if suffix in _SCALE_ABBREVIATIONS:
            return _SCALE_ABBREVIATIONS[suffix]
        if suffix in _MONEY_ONLY_ABBREVIATIONS and \
                _CURRENCY_END.search(self.text[max(0, token.start - 5):token.start]):
            return _MONEY_ONLY_ABBREVIATIONS[suffix]
        return None

    def words(self, index: int) -> int:
        word = self.word(index)
        for reader in (self.vague, self.fraction, self.cardinal):
            after = reader(index, word)
            if after is not None:
                return after
        return index + 1

    def vague(self, index: int, word: str) -> int | None:
        """ "several hundred", "a few thousand", "hundreds", "hundreds of thousands", "dozens"."""
        if word == "several" or (word == "a" and self.word(index + 1) == "few"):
            first = index + (1 if word == "several" else 2)
            scale_word = self.word(first)
            if scale_word not in ("hundred", "dozen") and scale_word not in _SCALES:
                return None
            value = {"hundred": 100.0, "dozen": 12.0}.get(scale_word) or _SCALES[scale_word]
            last = first
            if scale_word == "hundred" and self.word(first + 1) in _SCALES:
                last = first + 1
                value *= _SCALES[self.word(last)]
            return self.emit(index, last, 2 * value, VAGUE, value)
        if word == "tens" and self.word(index + 1) == "of" and self.word(index + 2) in (
                "thousands", "millions", "billions"):
            value = 10 * _VAGUE_PLURALS[self.word(index + 2)]
            return self.emit(index, index + 2, value, VAGUE, value)
        if word not in _VAGUE_PLURALS:
            return None
        value, last = _VAGUE_PLURALS[word], index
        if self.word(index + 1) == "of" and self.word(index + 2) in (
                "thousands", "millions", "billions"):
            last = index + 2
            value *= _VAGUE_PLURALS[self.word(last)]
        return self.emit(index, last, value, VAGUE, value)

    def second_number(self, index: int, previous_scale: float) -> bool:
        """Whether the number words from ``index`` reach a scale as large as the one already
        read: "eleven thousand and fifteen thousand" is two numbers, not 11,015."""
        for position in range(index, min(index + 6, len(self.tokens))):
            word = self.word(position)
            if word in _SCALES:
                return _SCALES[word] >= previous_scale
            if not word or _word_value(_HYPHENS.split(word)[0]) is None:
                return False
        return False

    def fraction(self, index: int, word: str) -> int | None:
        """ "one third", "two thirds", "a quarter", "half", "half a million", "one-third"."""
        if "-" in word or "\u2010" in word or "\u2011" in word:
            return None  # hyphenated fractions are read by cardinal()
        if word == "half":
            if self.word(index + 1) == "a" and self.word(index + 2) in _SCALES:
                value = _SCALES[self.word(index + 2)]
                return self.emit(index, index + 2, 0.5 * value, WORDS, value)
            if self.word(index - 1) == "a" and self.word(index - 2) == "and":
                return index + 1  # "... and a half" was read with the number before it
            if self.word(index - 1) in _HALF_OF_A_PERIOD:
                return index + 1  # "in the first half of 2016" names a period
            return self.emit(index, index, 0.5, FRACTION)
        numerator = {"a": 1, "an": 1}.get(word) or _UNITS.get(word) or _TEENS.get(word)
        denominator = self.word(index + 1)
        if not numerator or denominator not in _DENOMINATORS or numerator > 10:
            return None
        if word in ("a", "an") and denominator not in ("half", "quarter") and \
                self.word(index + 2) != "of":
            return None  # "a third report" is an ordinal, "a third of" a fraction
        return self.emit(index, index + 1, numerator / _DENOMINATORS[denominator], FRACTION)

    def cardinal(self, index: int, word: str) -> int | None:
        """Number words: "seven", "seventy-seven", "two hundred and fifty", "a million"."""
        total, current, state, last, scale = 0.0, 0.0, "start", -1, 1.0
        previous_scale = math.inf
        position = index
        while position < len(self.tokens):
            token = self.tokens[position]
            if token.kind != "word":
                break
            lower = token.lower
            if _HYPHENS.search(lower):
                read = _hyphenated(lower)
                if read is None or state not in ("start", "hundred", "scale", "and"):
                    break
                kind, value, length = read
                if kind == FRACTION:
                    if state != "start":
                        break
                    return self.emit(position, position, value, FRACTION)
                current += value
                last, state = position, "teen"
                if length < len(token.text):  # "five-year": the number ends inside the word
                    return self.emit(index, position, total + current, WORDS,
                                     end=token.start + length)
                position += 1
                continue
            if lower in ("a", "an") and state == "start":
                if self.word(position + 1) not in ("hundred", "dozen") and \
                        self.word(position + 1) not in _SCALES:
                    return None
                current, state = 1.0, "a"
                position += 1
                continue
            read = _word_value(lower)
            if lower == "and" and state in ("hundred", "scale"):
                if not _starts_cardinal(self.word(position + 1)) or \
                        self.second_number(position + 1, previous_scale):
                    break
                state = "and"
                position += 1
                continue
            if read is None:
                break
            kind, value = read
            allowed = {
                "unit": ("start", "tens", "hundred", "scale", "and"),
                "teen": ("start", "hundred", "scale", "and"),
                "tens": ("start", "hundred", "scale", "and"),
                "hundred": ("unit", "teen", "tens", "a"),
                "scale": ("unit", "teen", "tens", "hundred", "a"),
                "dozen": ("unit", "teen", "tens", "a"),
            }[kind]
            if state not in allowed:
                break
            if kind == "hundred":
                current, scale = (current or 1) * 100, 100.0
            elif kind == "scale":
                if value >= previous_scale:
                    break
                total += (current or 1) * value
                current, previous_scale, scale = 0.0, value, value
            elif kind == "dozen":
                current, scale = current * 12, 12.0
            else:
                current += value
            last, state = position, kind
            position += 1
            if kind == "dozen":
                break
        if last < 0:
            return None
        value = total + current
        if self.word(last + 1) == "and" and self.word(last + 2) == "a" and \
                self.word(last + 3) == "half":
            return self.emit(index, last + 3, value + 0.5, WORDS)
        return self.emit(index, last, value, WORDS, scale)


def find_numbers(text: str, convention: Convention | None = None) -> list[NumberSpan]:
    """Every number written in ``text``, with its offsets, in order of appearance.

    Parameters
    ----------
    text : str
        Any text; non-string input is treated as empty so that callers can pass table cells.
    convention : Convention, optional
        How the document writes digits (:func:`detect_convention` of the whole document);
        by default the convention ``text`` itself shows.

    Returns
    -------
    list of NumberSpan
        Digits (scale words applied), number words, fractions and vague quantities. Ordinals
        ("fifty-fifth", "21st") and digits inside words ("G7") are skipped; everything else is
        kept, including years and document numbers, which only the extractor knows to drop.
    """
    if not isinstance(text, str) or not text:
        return []
    return _Reader(text, convention or detect_convention(text)).read()


#: What stands between the two ends of a range that writes its scale once ("10 and 30 million").
_SHARED_SCALE = re.compile(r"\s*(?:and|to|or|-|\u2013)\s*(?:\$|US\$)?\s*")


def numbers_in(text: str, convention: Convention | None = None) -> list[float]:
    """Every numeric value readable in ``text``, in order.

    Ranges ("1,400–2,000", "19-22") give both ends because a dash is never read as a minus
    sign. The list is generous on purpose: it answers "can this value be read here?", so an
    extra value costs nothing while a missing one would reject a correct figure.

    Examples
    --------
    >>> numbers_in("between 1,400 and 2,000 fighters")
    [1400.0, 2000.0]
    >>> numbers_in("around one third of the 77 Member States")
    [0.3333333333333333, 77.0]
    >>> numbers_in("$2 billion per year")
    [2000000000.0]
    >>> numbers_in("between 10 and 30 million dollars")
    [10.0, 10000000.0, 30000000.0]
    """
    spans = find_numbers(text, convention)
    values = []
    for index, span in enumerate(spans):
        values.append(span.value)
        later = spans[index + 1] if index + 1 < len(spans) else None
        if (later is not None and span.kind == DIGITS and span.scale == 1 and later.scale > 1
                and _SHARED_SCALE.fullmatch(text[span.end:later.start])):
            values.append(span.value * later.scale)  # "between 10 and 30 million": 10 million
    return values


def reads_value(text: str, value: float, rel_tol: float = 1e-3) -> bool:
    """Whether ``value`` can be read from ``text``, within a relative tolerance.

    The tolerance lets a curated share such as 0.3333 match "one third". A quote is short, so
    both conventions are tried: "12.500" states 12,500 in a report written the continental way.
    """
    try:
        value = float(value)
    except (TypeError, ValueError):
        return False
    if math.isnan(value):
        return False
    return any(math.isclose(found, value, rel_tol=rel_tol)
               for convention in (ENGLISH, CONTINENTAL) for found in numbers_in(text, convention))
