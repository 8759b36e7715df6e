"""Per-edition readings: the analyst's prose for one edition and one chapter.

A chapter template says only what holds for every edition. What one edition says is read by an
analyst and written down in ``book/readings/<edition>/<chapter>.md`` (MyST, with glue
references and, where needed, hidden code cells), which the build splices into the chapter in
place of the template's marker cell. The book is published once per edition that has a
reading; the newest of them is the default edition, decided here and nowhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the build splices readings; a chapter's kernel never needs these two
    import nbformat

#: The template's marker cell (a Markdown cell holding only this comment).
MARKER = "<!-- isilbook: reading -->"
#: What the chapter says in place of a reading the edition does not have.
NO_READING = ("*The book holds no analyst's reading of this chapter for this edition: what "
              "follows is drawn from the edition's data alone.*")


def edition_folder(symbol: str) -> str:
    """The folder name of an edition's readings.

    >>> edition_folder("S/2016/501")
    'S-2016-501'
    """
    return symbol.replace("/", "-")


def reading_path(book: Path, symbol: str, chapter: str) -> Path:
    """Where the reading of ``chapter`` for edition ``symbol`` lives (it may not exist)."""
    return book / "readings" / edition_folder(symbol) / f"{chapter}.md"


def editions_with_readings(book: Path, tables) -> list[str]:
    """Symbols of the editions that have a readings folder, newest first."""
    editions = tables.editions.dropna(subset=["symbol"])
    folders = {p.name for p in (book / "readings").iterdir() if p.is_dir()} \
        if (book / "readings").is_dir() else set()
    held = editions[editions["symbol"].map(edition_folder).isin(folders)]
    return list(held.sort_values("ordinal", ascending=False)["symbol"])


def default_document(book: Path, tables) -> str:
    """The default edition: the newest with a reading, else the newest whose text is held.

    Raises
    ------
    ValueError
        If the project has neither (no edition could be read closely).
    """
    with_readings = editions_with_readings(book, tables)
    if with_readings:
        return with_readings[0]
    held = tables.editions[tables.editions["holding"] == "text"]
    if held.empty:
        raise ValueError("no edition has a reading or a held text: nothing to read closely")
    return str(held.sort_values("ordinal")["symbol"].iloc[-1])


def splice_reading(notebook: nbformat.NotebookNode, reading: Path | None) -> bool:
    """Put the reading's cells where the template's marker cell is; ``True`` if one was put.

    Without a reading the marker becomes one sentence saying so, so the page never has a gap.
    """
    import jupytext
    import nbformat

    cells = []
    spliced = False
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.strip() == MARKER:
            if reading is not None and reading.is_file():
                cells.extend(jupytext.read(reading, fmt="md:myst").cells)
                spliced = True
            else:
                cells.append(nbformat.v4.new_markdown_cell(NO_READING))
            continue
        cells.append(cell)
    notebook.cells = cells
    return spliced

