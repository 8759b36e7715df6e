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

_NUMBERED = re.compile(r"(\d{1,4})\.\s+(\S.*)")
_ROMAN = re.compile(r"([IVXLC]{1,7})\.\s+(\S.*)")
_LETTER = re.compile(r"([A-Z])\.\s+(\S.*)")
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


def parse_report(path: Path, document: str) -> pd.DataFrame:
    """Parse a report's plain text into one row per numbered paragraph.

    Raises
    ------
    ParseError
        On an empty or non-UTF-8 file, a paragraph before any heading, a gap or duplicate in the
        paragraph numbering, or a line that is neither a heading nor a paragraph; the message
        names the file and line.
    """
    return parse_text(read_text(path), path, document)


def parse_text(text: str, path: str | Path, document: str) -> pd.DataFrame:
    """:func:`parse_report` on text already read (``path`` names it in errors): the PDF intake
    derives the text in memory and parses it the same way as a text file."""
    lines = text.split("\n")
    at = _Position()
    for number, raw_line in enumerate(lines[1:], start=2):
        line = raw_line.strip()
        if line:
            _take_line(path, number, line, at)
    if not at.rows:
        raise ParseError(path, None, "at least one numbered paragraph",
                         found="headings only" if at.chapter else "no headings or paragraphs")
    frame = pd.DataFrame(at.rows, columns=PARAGRAPH_COLUMNS)
    frame["document"] = document
    frame["subsection"] = frame["subsection"].astype("Int64")
    return frame


def _take_line(path: Path, number: int, line: str, at: _Position) -> None:
    numbered = _NUMBERED.fullmatch(line)
    if numbered:
        _take_numbered(path, number, int(numbered.group(1)), numbered.group(2), at)
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


def _take_numbered(path: Path, number: int, value: int, text: str, at: _Position) -> None:
    if value == at.last_paragraph + 1:
        if not at.chapter:
            raise ParseError(path, number, "a chapter heading (e.g. 'I. Introduction') before "
                             "the first paragraph", found=f"{value}. {text}")
        at.last_paragraph = value
        at.rows.append({
            "paragraph": value, "chapter": at.chapter, "chapter_title": at.chapter_title,
            "section": at.section, "section_title": at.section_title,
            "subsection": at.subsection or None, "subsection_title": at.subsection_title,
            "line": number, "text": text,
        })
        return
    if at.section and value == at.subsection + 1:
        at.subsection, at.subsection_title = value, text
        return
    if value <= at.last_paragraph:
        problem = f"paragraph {at.last_paragraph + 1} (paragraph {value} is a duplicate)"
    else:
        problem = f"paragraph {at.last_paragraph + 1} (a gap in the numbering)"
    raise ParseError(path, number, problem, found=f"{value}. {text[:60]}")


def _int_to_roman(value: int) -> str:
    parts = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
             (4, "IV"), (1, "I")]
    out = ""
    for size, numeral in parts:
        while value >= size:
            out, value = out + numeral, value - size
    return out


def section_codes(frame: pd.DataFrame) -> pd.Series:
    """:func:`section_code` for every row of a paragraphs table at once.

    Works on the typed table (missing parts are NA) and on the raw CSV read as text (missing
    parts are empty strings) alike.
    """
    parts = frame[["chapter", "section", "subsection"]].astype("string").fillna("")
    code = parts["chapter"]
    for column in ("section", "subsection"):
        code = code.where(parts[column] == "", code + "." + parts[column])
    return code


def section_code(row: pd.Series) -> str:
    """The heading path of a paragraph, e.g. ``III.A.1`` or ``V``."""
    parts = [row["chapter"], row["section"], row["subsection"]]
    return ".".join(str(part) for part in parts if pd.notna(part) and part != "")
