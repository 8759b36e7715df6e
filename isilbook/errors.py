"""Errors that name where bad input is, so an author can fix it without a debugger."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Problem:
    """One thing wrong with one place in one file.

    ``page`` is the page of a PDF (then ``row`` is the line on that page);
    ``row`` is the 1-based data row of a table (the header is row 0) or, for a
    text file (or a table problem no column holds, such as a byte-order mark), the 1-based line
    number; ``column`` is a table column name.
    """

    file: str
    expected: str
    row: int | None = None
    column: str | None = None
    found: str | None = None
    page: int | None = None  # page of a PDF, named before the line

    def __str__(self) -> str:
        where = self.file
        if self.page is not None:
            where += f", page {self.page}"
        if self.row == 0 and self.column is None:
            where += ", header row"
        elif self.row is not None:
            where += f", row {self.row}" if self.column is not None else f", line {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}"
        text = f"{where}: expected {self.expected}"
        if self.found is not None:
            found = self.found if len(self.found) <= 120 else self.found[:117] + "..."
            text += f"; found {found!r}"
        return text


class BookError(Exception):
    """Base of every error the pipeline raises on purpose (printed without a traceback)."""


class DataError(BookError):
    """Bad input data: carries every problem found, each with file, row/line and column."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ParseError(DataError):
    """A report text that cannot be turned into paragraphs."""

    def __init__(self, file: str | Path, line: int | None, expected: str, found: str | None = None):
        super().__init__([Problem(str(file), expected, row=line, found=found)])


class BuildError(BookError):
    """A chapter or the site failed to build; the last good site is left untouched."""
