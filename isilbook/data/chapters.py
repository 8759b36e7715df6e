"""The chapter registry: each report-section chapter defined once, in ``data/chapters.csv``.

A row names the chapter (its template is ``book/<chapter>.md``; its figures carry it as their
``theme``), its title, the part of the book it sits in, the words of the report heading its
section is found by, the topic its notice names, and the measures its landing card may show.
The themes figures and indicators may take, the chapter titles the pages print, the landing
page's headlines, the chapters' cache keys and the tests' chapter lists come from it; the table
of contents (``_toc.yml``, Jupyter Book's own file) lists the same chapters in the same order
under the same parts, which a test checks.

Headings are worded differently from one edition to the next ("ISIL funding" in 2016,
"Financing" later): ``data/sections.csv`` sets other heading words for one edition, and
:func:`section_matches` says, for every chapter, which heading an edition's text matched, so an
author sees at intake which chapters found no section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


def headlines(chapters: pd.DataFrame) -> dict[str, list[str]]:
    """The measures each chapter's landing card may show, in order of preference."""
    return {row.chapter: str(row.headlines).split() if isinstance(row.headlines, str) else []
            for row in chapters.itertuples(index=False)}


def titles(chapters: pd.DataFrame) -> dict[str, str]:
    """Chapter name to title, in the book's order."""
    return dict(zip(chapters["chapter"], chapters["title"]))


@dataclass(frozen=True)
class SectionMatch:
    """Where an edition's text holds a chapter's section."""

    chapter: str
    words: str  # the heading words searched for (the registry's, or the edition's own)
    heading: str | None  # as printed, e.g. "1. ISIL in Libya"; None when no heading matched
    code: str | None  # its place, e.g. "III.A.1"


def heading_words(chapters: pd.DataFrame, sections: pd.DataFrame, ordinal: int,
                  chapter: str) -> str:
    """The heading words a chapter's section is found by in edition ``ordinal``."""
    own = sections[(sections["edition"] == ordinal) & (sections["chapter"] == chapter)]
    if len(own):
        return str(own["heading"].iloc[0])
    return str(chapters.loc[chapters["chapter"] == chapter, "heading"].iloc[0])


def find_section(paragraphs: pd.DataFrame, words: str) -> tuple[str, str] | None:
    """The narrowest heading matching ``words`` (a regular expression): its label and code.

    ``paragraphs`` carry a ``code`` column (:func:`isilbook.data.parse.section_codes`).
    Headings are searched from the narrowest (sub-section) to the widest (chapter), so "Libya"
    finds "1. ISIL in Libya" wherever an edition numbers it.
    """
    pattern = re.compile(words, re.IGNORECASE)
    for level, title, code_parts in (("subsection", "subsection_title", 3),
                                     ("section", "section_title", 2),
                                     ("chapter", "chapter_title", 1)):
        titles_ = paragraphs[title].fillna("")
        hits = paragraphs[titles_.str.contains(pattern)]
        if hits.empty:
            continue
        first = hits.iloc[0]
        code = ".".join(first["code"].split(".")[:code_parts])
        number = first[level]
        label = f"{int(number) if level == 'subsection' else number}. {first[title]}"
        return label, code
    return None


def section_rows(paragraphs: pd.DataFrame, code: str) -> pd.DataFrame:
    """The paragraphs under the heading with ``code`` (and every heading below it)."""
    codes = paragraphs["code"]
    return paragraphs[(codes == code) | codes.str.startswith(code + ".")]


def section_matches(chapters: pd.DataFrame, sections: pd.DataFrame, ordinal: int,
                    paragraphs: pd.DataFrame) -> list[SectionMatch]:
    """For every chapter, the heading of edition ``ordinal``'s text it matched, or none."""
    matches = []
    for name in chapters["chapter"]:
        words = heading_words(chapters, sections, ordinal, name)
        found = find_section(paragraphs, words) if len(paragraphs) else None
        matches.append(SectionMatch(name, words, *(found or (None, None))))
    return matches


def read_registry(data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The registry and the editions' own heading words, schema-checked."""
    from isilbook.data.schema import load_dictionary, read_table

    dictionary = load_dictionary(data)
    return (read_table(data / "chapters.csv", dictionary["chapters"]),
            read_table(data / "sections.csv", dictionary["sections"]))


def document_matches(data: Path, document: str, paragraphs: pd.DataFrame) -> list[SectionMatch]:
    """:func:`section_matches` for one report's paragraphs (as parsed), by its symbol."""
    from isilbook.data.parse import section_codes

    chapters, sections = read_registry(data)
    editions = pd.read_csv(data / "editions.csv", dtype=str, keep_default_na=False)
    listed = editions.loc[editions["symbol"] == document, "ordinal"]
    ordinal = int(listed.iloc[0]) if len(listed) else 0
    own = paragraphs[paragraphs["document"] == document]
    return section_matches(chapters, sections, ordinal, own.assign(code=section_codes(own)))


def sections_markdown(matches: list[SectionMatch]) -> str:
    """The review report's list: for each chapter, the heading it reads, or none found."""
    lines = ["", "## Sections the chapters read", "",
             "Each chapter finds its section by the words of its heading (`data/chapters.csv`). "
             "Where this report words a heading otherwise, add a row to `data/sections.csv` "
             "with its own words, then run `isilbook tables` to see this list again.", "",
             "| chapter | heading words | section found |", "|---|---|---|"]
    for match in matches:
        found = f"{match.heading} ({match.code})" if match.heading else "**no section found**"
        lines.append(f"| {match.chapter} | `{match.words.replace('|', chr(92) + '|')}` | "
                     f"{found} |")
    return "\n".join(lines) + "\n"


def unmatched_warning(matches: list[SectionMatch]) -> str | None:
    """One line for the author naming the chapters that found no section, or ``None``."""
    missing = [m.chapter for m in matches if m.heading is None]
    if not missing:
        return None
    return (f"no section found for {len(missing)} chapter(s): {', '.join(missing)}; where the "
            "report words their headings otherwise, add rows to data/sections.csv")
