"""Report text to a tidy table of paragraphs, each placed in the heading hierarchy.

A report text has the title on line 1, then one heading or numbered paragraph per line.
Sub-section headings ("1. ISIL in Libya") look exactly like paragraphs; they are told apart by
the paragraph sequence: paragraphs run 1, 2, 3 ... across the whole report, so a numbered line
that breaks that run but continues the sub-section run is a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from isilbook.data.sources import read_text
from isilbook.errors import ParseError

PARAGRAPH_COLUMNS = [
    "document", "paragraph", "chapter", "chapter_title", "section", "section_title",
    "subsection", "subsection_title", "line", "text",
]

_NUMBERED = re.compile(r"([0-9]{1,4})\.\s+(\S.*)")  # ASCII digits only
_ROMAN = re.compile(r"([IVXLC]{1,7})\.\s+(\S.*)")
_LETTER = re.compile(r"([A-Z])\.\s+(\S.*)")
# A paragraph of S/2016/501 runs to 1,500 characters; a line far beyond that is not a paragraph
# but a file that lost its line ends, and every later stage would pay for it.
MAX_LINE_CHARS = 20_000
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(numeral: str) -> int:
    """Value of a Roman numeral (subtractive notation), e.g. ``IV`` -> 4."""
    total = 0
    for here, after in zip(numeral, numeral[1:] + " "):
        value = _ROMAN_VALUES[here]
        total += -value if _ROMAN_VALUES.get(after, 0) > value else value
    return total


@dataclass
class _Position:
    """Where the parser stands in the heading hierarchy."""

    chapter: str = ""
    chapter_value: int = 0
    chapter_title: str = ""
    section: str = ""
    section_title: str = ""
    subsection: int = 0
    subsection_title: str = ""
    last_paragraph: int = 0
    rows: list[dict] = field(default_factory=list)
    texts: dict[int, str] = field(default_factory=dict)  # paragraph -> text, to spot repeats
    lines: dict[int, int] = field(default_factory=dict)  # paragraph -> line it is on


def parse_report(path: Path, document: str) -> pd.DataFrame:
    """Parse a report's plain text into one row per numbered paragraph.

    Raises
    ------
    ParseError
        On an empty, oversized or non-UTF-8 file, a line longer than any paragraph can be, a
        paragraph before any heading, a gap or duplicate in the paragraph numbering, a numbered
        line the sequence cannot explain, or a line that is neither a heading nor a paragraph;
        the message names the file and line.
    """
    return parse_text(read_text(path), path, document)


def parse_text(text: str, path: str | Path, document: str) -> pd.DataFrame:
    """:func:`parse_report` on text already read (``path`` names it in errors): the PDF intake
    derives the text in memory and parses it the same way as a text file."""
    lines = text.split("\n")
    for number, raw_line in enumerate(lines, start=1):
        if len(raw_line) > MAX_LINE_CHARS:
            raise ParseError(path, number, f"a line of at most {MAX_LINE_CHARS:,} characters "
                             "(one heading or paragraph a line)", found=f"{len(raw_line):,} "
                             "characters")
    # Non-blank lines after the title, as (line number, text): a heading is judged by the
    # numbered line after it, so the parser looks one line ahead.
    body = [(number, line.strip()) for number, line in enumerate(lines[1:], start=2)
            if line.strip()]
    at = _Position()
    for index, (number, line) in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        _take_line(path, number, line, following, at)
    if not at.rows:
        raise ParseError(path, None, "at least one numbered paragraph",
                         found="headings only" if at.chapter else "no headings or paragraphs")
    frame = pd.DataFrame(at.rows, columns=PARAGRAPH_COLUMNS)
    frame["document"] = document
    frame["subsection"] = frame["subsection"].astype("Int64")
    return frame


def _take_line(path: Path, number: int, line: str, following: tuple[int, str] | None,
               at: _Position) -> None:
    numbered = _NUMBERED.fullmatch(line)
    if numbered:
        _take_numbered(path, number, int(numbered.group(1)), numbered.group(2), following, at)
        return
    letter, roman = _LETTER.fullmatch(line), _ROMAN.fullmatch(line)
    next_letter = chr(ord(at.section) + 1) if at.section else "A"
    if letter and at.chapter and letter.group(1) == next_letter:
        at.section, at.section_title = letter.group(1), letter.group(2)
        at.subsection, at.subsection_title = 0, ""
        return
    if roman and roman_to_int(roman.group(1)) == at.chapter_value + 1:
        at.chapter, at.chapter_value = roman.group(1), at.chapter_value + 1
        at.chapter_title = roman.group(2)
        at.section = at.section_title = at.subsection_title = ""
        at.subsection = 0
        return
    expected = f"chapter heading {_int_to_roman(at.chapter_value + 1)}."
    if at.chapter:
        expected += f", section heading {next_letter}., sub-section heading {at.subsection + 1}."
        expected += f" or paragraph {at.last_paragraph + 1}."
    raise ParseError(path, number, expected, found=line)


def _take_numbered(path: Path, number: int, value: int, text: str,
                   following: tuple[int, str] | None, at: _Position) -> None:
    """Read a numbered line as the next paragraph or as a sub-section heading, or refuse it.

    A heading is accepted only when the sequence explains it: it continues the sub-section run
    of its section *and* the next line is the paragraph the run of paragraphs expects. Anything
    else (a repeated line, a mistyped number that happens to fit the sub-section run, a heading
    with no paragraph under it) is refused with its line, so no paragraph is silently lost.
    """
    expected = at.last_paragraph + 1
    found = f"{value}. {text[:60]}"
    if value <= at.last_paragraph and at.texts.get(value) == text:
        raise ParseError(path, number, f"paragraph {expected} (this line repeats paragraph "
                         f"{value} of line {at.lines[value]})", found=found)
    next_value = _number_of(following)
    fits_paragraph = value == expected
    fits_heading = bool(at.section) and value == at.subsection + 1
    if fits_paragraph and fits_heading and next_value == value:
        # Before paragraph 1 (or wherever as many paragraphs as sub-sections have passed),
        # "1. X" then "1. Y" reads as heading-then-paragraph and as paragraph-then-heading
        # alike: the sequence cannot tell, so neither is guessed.
        assert following is not None
        if following[1].split(None, 1)[1:] == [text]:
            raise ParseError(path, following[0], f"paragraph {expected} (this line repeats "
                             f"line {number})", found=following[1][:64])
        raise ParseError(path, number, f"a numbering the sequence reads one way only (this "
                         f"line and line {following[0]} are both numbered {value}., and either "
                         f"could be paragraph {value} or sub-section heading {value}.)",
                         found=found)
    if fits_heading and next_value == expected and not fits_paragraph:
        at.subsection, at.subsection_title = value, text  # e.g. "1. ISIL in Libya", then 26
        return
    if fits_paragraph:
        if not at.chapter:
            raise ParseError(path, number, "a chapter heading (e.g. 'I. Introduction') before "
                             "the first paragraph", found=found)
        at.last_paragraph = value
        at.texts[value], at.lines[value] = text, number
        at.rows.append({
            "paragraph": value, "chapter": at.chapter, "chapter_title": at.chapter_title,
            "section": at.section, "section_title": at.section_title,
            "subsection": at.subsection or None, "subsection_title": at.subsection_title,
            "line": number, "text": text,
        })
        return
    if fits_heading:  # a heading here would need the expected paragraph right after it
        if next_value is not None:
            raise ParseError(path, following[0], f"paragraph {expected} (after line {number}, "
                             f"'{value}. {text[:40]}', read as sub-section heading {value}.)",
                             found=following[1][:64])
        after = "the end of the text" if following is None else f"line {following[0]}"
        raise ParseError(path, number, f"paragraph {expected} (read as sub-section heading "
                         f"{value}., it would need paragraph {expected} next, not {after})",
                         found=found)
    if value <= at.last_paragraph:
        problem = f"paragraph {expected} (paragraph {value} is a duplicate)"
    else:
        problem = f"paragraph {expected} (a gap in the numbering)"
    raise ParseError(path, number, problem, found=found)


def _number_of(line: tuple[int, str] | None) -> int | None:
    """The number a line starts with, if it is a numbered line."""
    numbered = _NUMBERED.fullmatch(line[1]) if line is not None else None
    return int(numbered.group(1)) if numbered else None


def _int_to_roman(value: int) -> str:
    parts = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
             (4, "IV"), (1, "I")]
    out = ""
    for size, numeral in parts:
        while value >= size:
            out, value = out + numeral, value - size
    return out


def section_codes(frame: pd.DataFrame) -> pd.Series:
    """The heading path of every paragraph of a table, e.g. ``III.A.1`` or ``V``.

    Works on the typed table (missing parts are NA) and on the raw CSV read as text (missing
    parts are empty strings) alike.
    """
    parts = frame[["chapter", "section", "subsection"]].astype("string").fillna("")
    code = parts["chapter"]
    for column in ("section", "subsection"):
        code = code.where(parts[column] == "", code + "." + parts[column])
    return code
