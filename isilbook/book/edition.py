"""One edition of the report series, as a chapter sees it: its own text, figures and sources.

Chapters call :func:`load_edition` with their two parameters (document symbol, data folder) and
then only pick rows. Everything an edition says comes from its own rows: a chapter built for one
edition can never quote another's paragraphs as its own, because :class:`Edition` hands out only
the rows of its ordinal.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from isilbook.book.cite import citation_html
from isilbook.book.readings import default_document
from isilbook.data.chapters import find_section, heading_words, section_rows
from isilbook.data.parse import section_codes
from isilbook.data.validate import Tables, load_tables
from isilbook.errors import DataError, Problem

#: The order of trust, best first: what vouches for a figure (figures.csv ``vouched_by``).
VOUCHING = ("report text", "coverage of the report", "briefer")
_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def ordinal_words(number: int) -> str:
    """The ordinal as the book prints it.

    >>> [ordinal_words(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 111)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '111th']
    """
    suffix = "th" if 10 <= number % 100 <= 20 else _ORDINAL_SUFFIX.get(number % 10, "th")
    return f"{number}{suffix}"


def long_date(iso: str) -> str:
    """A date in the UN's own style.

    >>> long_date("2016-05-31")
    '31 May 2016'
    >>> long_date("2026-01-09")
    '9 January 2026'
    """
    return pd.Timestamp(iso).strftime("%-d %B %Y")


@dataclass
class Section:
    """The part of an edition's text a chapter reads, found by the words of its heading."""

    heading: str  # as printed, e.g. "1. ISIL in Libya"
    code: str  # its place, e.g. "III.A.1"
    paragraphs: pd.DataFrame


@dataclass
class Edition:
    """The rows of one edition of the series, plus the whole tables for the series views."""

    ordinal: int
    tables: Tables

    @property
    def row(self) -> pd.Series:
        editions = self.tables.editions
        return editions[editions["ordinal"] == self.ordinal].iloc[0]

    @property
    def symbol(self) -> str | None:
        symbol = self.row["symbol"]
        return None if pd.isna(symbol) else str(symbol)

    @property
    def document(self) -> str:
        """The symbol, or a name by ordinal where no public source shows the symbol."""
        return self.symbol or f"the {ordinal_words(self.ordinal)} report (symbol not known)"

    @property
    def date(self) -> str:
        return str(self.row["date"])

    @property
    def title(self) -> str:
        """How every page names the edition: ``S/2016/501, the 2nd report (31 May 2016)``."""
        kind = "circulated " if self.row["date_kind"] == "circulated" else ""
        name = self.symbol or "symbol not known"
        return (f"{name}, the {ordinal_words(self.ordinal)} report "
                f"({kind}{long_date(self.date)})")

    @property
    def paragraphs(self) -> pd.DataFrame:
        frame = self.tables.paragraphs
        frame = frame[frame["document"] == self.symbol].copy()
        frame["code"] = section_codes(frame)
        return frame

    @property
    def figures(self) -> pd.DataFrame:
        figures = self.tables.figures
        return figures[figures["edition"] == self.ordinal]

    @property
    def references(self) -> pd.DataFrame:
        return self.tables.references[self.tables.references["document"] == self.symbol]

    @property
    def places(self) -> pd.DataFrame:
        return self.tables.places[self.tables.places["document"] == self.symbol]

    @property
    def sources(self) -> pd.DataFrame:
        """The sources of this edition: its text, and every source its figures cite."""
        manifest = self.tables.manifest
        cited = set(self.figures["source"])
        own = (manifest["document"] == self.symbol) & (manifest["kind"] == "primary")
        return manifest[own | manifest["id"].isin(cited)]

    @property
    def has_text(self) -> bool:
        """Whether the project holds the report's own text (paragraph-level data)."""
        return bool(len(self.paragraphs))

    def theme_figures(self, theme: str) -> pd.DataFrame:
        """The figures of one chapter, in the order they were curated."""
        return self.figures[self.figures["theme"] == theme]

    def section(self, words: str) -> Section | None:
        """The section whose heading matches the regular expression ``words``, or ``None``
        when the edition's held text has no such heading (or no text at all); see
        :func:`isilbook.data.chapters.find_section`."""
        paragraphs = self.paragraphs
        found = find_section(paragraphs, words) if len(paragraphs) else None
        if found is None:
            return None
        label, code = found
        return Section(heading=label, code=code, paragraphs=section_rows(paragraphs, code))

    def chapter_section(self, chapter: str) -> Section | None:
        """The section a chapter of the registry reads in this edition (its heading words, or
        the edition's own in ``data/sections.csv``)."""
        return self.section(heading_words(self.tables.chapters, self.tables.sections,
                                          self.ordinal, chapter))

    def source_label(self, source_id: str) -> str:
        manifest = self.tables.manifest.set_index("id")
        row = manifest.loc[source_id]
        if row["kind"] == "primary":
            return row["document"]
        date = "" if pd.isna(row["date"]) else f", {long_date(row['date'])}"
        return f"{row['publisher']}{date}"

    def cite_document(self) -> str:
        """A link to the edition as a whole: its text if held, else the sources on it."""
        if self.has_text:
            return citation_html(self.document, None)
        links = [citation_html(self.document, None, row.id, self.source_label(row.id))
                 for row in self.sources.itertuples(index=False)]
        return "; ".join(links) or html.escape(self.document)

    def cite_source(self, source_id: str) -> str:
        """A link to one source about this edition (for a reading's statements in words)."""
        return citation_html(self.document, None, source_id, self.source_label(source_id))

    def cite(self, figure: pd.Series) -> str:
        """The HTML citation of one figure row (of any edition)."""
        paragraph = None if pd.isna(figure["paragraph"]) else int(figure["paragraph"])
        document = figure["document"] if pd.notna(figure["document"]) else \
            Edition(int(figure["edition"]), self.tables).document
        return citation_html(document, paragraph, figure["source"],
                             self.source_label(figure["source"]))


def find_edition(tables: Tables, document: str, where: str = "parameter document_symbol") -> int:
    """The ordinal of the edition with this symbol; refuse an unknown one, naming the known."""
    editions = tables.editions
    hits = editions[editions["symbol"] == document]
    if hits.empty:
        known = [s for s in editions["symbol"].dropna()]
        raise DataError([Problem(where, f"the symbol of an edition in editions.csv, one of "
                                 f"{known}", found=document)])
    return int(hits["ordinal"].iloc[0])


def load_edition(data_dir: str | Path, document: str = "") -> Edition:
    """Load the tables (typed; the build has validated them already) and select one edition.

    An empty ``document`` means the default edition: the newest one the book has a reading
    for (see :func:`isilbook.book.readings.default_document`).

    Raises
    ------
    DataError
        If the data folder is missing, a table is bad, or the symbol is unknown to the project.
    """
    data = Path(data_dir)
    tables = load_tables(data, check=False)
    symbol = document or default_document(data.parent / "book", tables)
    return Edition(find_edition(tables, symbol), tables)
