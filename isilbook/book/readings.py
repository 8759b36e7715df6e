"""Per-edition readings: the analyst's prose for one edition and one chapter.

A chapter template says only what holds for every edition. What one edition says is read by an
analyst and written down in ``book/readings/<edition>/<chapter>.md``: prose with roles that name
the edition's figures, quotations and sources (see :mod:`isilbook.data.reading_text`), which the
build splices into the chapter in place of the template's marker cell. The book is published
once per edition that has a reading; the newest of them is the default edition, decided here and
nowhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from isilbook.data.identifiers import edition_folder

if TYPE_CHECKING:  # the build splices readings; a chapter's kernel never needs nbformat
    import nbformat

#: The template's marker cell (a Markdown cell holding only this comment).
MARKER = "<!-- isilbook: reading -->"
__all__ = ["MARKER", "NO_READING", "default_document", "edition_folder",
           "editions_with_readings", "glue_name", "reading_path", "splice_reading"]
#: What the chapter says in place of a reading the edition does not have.
NO_READING = ("*The book holds no analyst's reading of this chapter for this edition: what "
              "follows is drawn from the edition's data alone.*")


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


def splice_reading(notebook: nbformat.NotebookNode, reading: Path | None,
                   label: str | None = None) -> bool:
    """Put the reading where the template's marker cell is; ``True`` if one was put.

    The reading's prose becomes Markdown cells whose roles are glue references, preceded by one
    hidden cell that glues them (:func:`isilbook.book.reading_render.glue_reading`); each
    ``{chart}`` becomes a cell that draws it. ``label`` names the reading in messages (its path
    from the project root). Without a reading the marker becomes one sentence saying so, so the
    page never has a gap.

    Raises
    ------
    DataError
        If the reading holds what a reading may not (validation reports the same problems first).
    """
    import nbformat

    from isilbook.data.reading_text import ChartUse, read_reading, replace_roles
    from isilbook.errors import DataError

    cells = []
    spliced = False
    for cell in notebook.cells:
        if not (cell.cell_type == "markdown" and cell.source.strip() == MARKER):
            cells.append(cell)
            continue
        if reading is None or not reading.is_file():
            cells.append(nbformat.v4.new_markdown_cell(NO_READING))
            continue
        parsed, problems = read_reading(reading)
        if problems:
            raise DataError(problems)
        label = label or reading.name
        roles = [(role.name, role.content, role.line) for role in parsed.roles]
        imports = "draw_chart, glue_reading" if any(
            isinstance(block, ChartUse) for block in parsed.blocks) else "glue_reading"
        glue = (f"from isilbook.book.reading_render import {imports}\n\n"
                f"glue_reading(page, data_dir, {label!r}, [\n"
                + "".join(f"    {role!r},\n" for role in roles) + "])")
        cells.append(nbformat.v4.new_code_cell(glue, metadata={"tags": ["remove-cell"]}))
        number = 1
        for block in parsed.blocks:
            if isinstance(block, ChartUse):
                cells.append(nbformat.v4.new_code_cell(
                    f"draw_chart(page, data_dir, {label!r}, {block.line}, {block.kind!r}, "
                    f"{block.options!r})", metadata={"tags": ["remove-input"]}))
                continue
            text, _, number = replace_roles(block, lambda n: f"{{glue:md}}`{glue_name(n)}`",
                                            number)
            cells.append(nbformat.v4.new_markdown_cell(text.strip("\n")))
        spliced = True
    notebook.cells = cells
    return spliced


def glue_name(number: int) -> str:
    """The glue name of a reading's ``number``-th role (1-based)."""
    return f"reading_{number}"
