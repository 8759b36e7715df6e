"""Checks on the footnotes table beyond its schema: each footnote belongs where it says.

A footnote row names the paragraph that calls it and the offset of its marker in that
paragraph's text. If the paragraphs table is regenerated from a different text (or a row is
edited), those can drift apart silently; the source-text page would then print a marker in the
wrong place. These checks catch that with the file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from isilbook.errors import Problem


def check_footnotes(footnotes: pd.DataFrame, paragraphs: pd.DataFrame,
                    file: Path) -> list[Problem]:
    """Every footnote's paragraph exists and its marker position falls inside that text."""
    texts = {(d, int(p)): t for d, p, t in
             zip(paragraphs["document"], paragraphs["paragraph"], paragraphs["text"])}
    problems = []
    for row, note in enumerate(footnotes.itertuples(index=False), start=1):
        if pd.isna(note.paragraph):
            continue
        key = (note.document, int(note.paragraph))
        if key not in texts:
            problems.append(Problem(str(file), f"a paragraph of {note.document} in "
                                    "paragraphs.csv", row, "paragraph", str(note.paragraph)))
            continue
        if pd.isna(note.position) or not 0 <= int(note.position) <= len(texts[key]):
            problems.append(Problem(str(file), f"an offset from 0 to {len(texts[key])} (the "
                                    f"length of paragraph {key[1]})", row, "position",
                                    str(note.position)))
    return problems
