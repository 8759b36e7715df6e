"""One edition of the report, as a chapter sees it: its paragraphs, figures and sources.

Chapters call :func:`load_edition` with their two parameters (document symbol, data folder) and
then only pick rows; everything about reading and checking the tables stays here.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from isilbook.book.cite import citation_html
from isilbook.data.parse import section_codes
from isilbook.data.validate import Tables, load_tables
from isilbook.errors import DataError, Problem


@dataclass
class Edition:
    """The tables of one document symbol, plus the whole tables for comparisons."""

    document: str
    tables: Tables

    @property
    def paragraphs(self) -> pd.DataFrame:
        frame = self.tables.paragraphs
        frame = frame[frame["document"] == self.document].copy()
        frame["code"] = section_codes(frame)
        return frame

    @property
    def figures(self) -> pd.DataFrame:
        figures = self.tables.figures
        return figures[figures["document"] == self.document]

    @property
    def references(self) -> pd.DataFrame:
        return self.tables.references[self.tables.references["document"] == self.document]

    @property
    def places(self) -> pd.DataFrame:
        return self.tables.places[self.tables.places["document"] == self.document]

    @property
    def sources(self) -> pd.DataFrame:
        return self.tables.manifest[self.tables.manifest["document"] == self.document]

    @property
    def has_text(self) -> bool:
        """Whether the project holds the report's own text (paragraph-level data)."""
        return bool(len(self.paragraphs))

    def theme_figures(self, theme: str) -> pd.DataFrame:
        """The figures of one chapter, in paragraph order."""
        return self.figures[self.figures["theme"] == theme]

    def section_paragraphs(self, code: str) -> pd.DataFrame:
        """Paragraphs under a heading code and its sub-headings (``III.A`` includes ``III.A.1``)."""
        paragraphs = self.paragraphs
        codes = paragraphs["code"]
        return paragraphs[(codes == code) | codes.str.startswith(code + ".")]

    def source_label(self, source_id: str) -> str:
        manifest = self.tables.manifest.set_index("id")
        row = manifest.loc[source_id]
        if row["kind"] == "primary":
            return row["document"]
        return f"{row['publisher']}, {row['date']}"

    def cite_document(self) -> str:
        """A link to the edition as a whole: its text if held, else the press report on it."""
        if self.has_text:
            return citation_html(self.document, None)
        secondary = self.sources[self.sources["kind"] == "secondary"]
        if len(secondary):
            row = secondary.iloc[0]
            return citation_html(self.document, None, row["id"], self.source_label(row["id"]))
        return html.escape(self.document)

    def cite(self, figure: pd.Series) -> str:
        """The HTML citation of one figure row."""
        paragraph = None if pd.isna(figure["paragraph"]) else int(figure["paragraph"])
        return citation_html(figure["document"], paragraph, figure["source"],
                             self.source_label(figure["source"]))


def known_documents(tables: Tables) -> list[str]:
    """Every document symbol the project holds a source or figures for."""
    symbols = set(tables.manifest["document"].dropna()) | set(tables.figures["document"])
    return sorted(symbols)


def require_document(tables: Tables, document: str,
                     where: str = "parameter document_symbol") -> None:
    """Refuse a document symbol the project holds nothing for, naming the known ones."""
    known = known_documents(tables)
    if document not in known:
        raise DataError([Problem(where, f"one of {known}", found=document)])


def load_edition(data_dir: str | Path, document: str) -> Edition:
    """Load the tables (typed; the build has validated them already) and select one edition.

    Raises
    ------
    DataError
        If the data folder is missing, a table is bad, or the symbol is unknown to the project.
    """
    tables = load_tables(Path(data_dir), check=False)
    require_document(tables, document)
    return Edition(document, tables)
