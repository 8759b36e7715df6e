"""Where an edition was presented to the Security Council, for its landing page.

The facts come from ``presentations.csv`` (curated from recorded public pages): the meeting's
date, its verbatim record and press release, the briefers and the mandate. Each group of facts
is followed by links to the source records that show it, on the book's source page. A fact the
table leaves empty is left out of the block, sentence and label together, and an edition with no
row gets no block at all: the landing never shows an empty slot.
"""

from __future__ import annotations

import html

import pandas as pd

from isilbook.book.cite import citation_href, html_text
from isilbook.book.edition import Edition, long_date, ordinal_words

HEADING_ID = "presented-to-the-council"


def presentation(edition: Edition) -> pd.Series | None:
    """The edition's row of the presentations table, or ``None`` where it has none."""
    table = edition.tables.presentations
    rows = table[table["edition"].astype(int) == edition.ordinal]
    return None if rows.empty else rows.iloc[0]


def briefers(row: pd.Series) -> list[tuple[str, str]]:
    """The briefers of a row as (name, post) pairs, in the order the table gives them.

    >>> briefers(pd.Series({"briefers": "A. Name (Post, Office); B. Other (Chair)"}))
    [('A. Name', 'Post, Office'), ('B. Other', 'Chair')]
    >>> briefers(pd.Series({"briefers": None}))
    []
    """
    if pd.isna(row["briefers"]):
        return []
    pairs = []
    for entry in str(row["briefers"]).split("; "):
        name, _, post = entry.partition(" (")
        pairs.append((name, post.removesuffix(")")))
    return pairs


def meeting_words(row: pd.Series) -> str | None:
    """The meeting in words: day, number and record, press release; ``None`` when none is known.

    >>> meeting_words(pd.Series({"meeting_date": "2016-02-09", "meeting_record": "S/PV.7618",
    ...                          "press_release": "SC/12236"}))
    "9 February 2016, at the Council's 7618th meeting (record S/PV.7618); press release SC/12236"
    >>> meeting_words(pd.Series({"meeting_date": None, "meeting_record": None,
    ...                          "press_release": "SC/15396"}))
    'press release SC/15396'
    >>> meeting_words(pd.Series({"meeting_date": None, "meeting_record": None,
    ...                          "press_release": None})) is None
    True
    """
    when = None if pd.isna(row["meeting_date"]) else long_date(str(row["meeting_date"]))
    record = None
    if pd.notna(row["meeting_record"]):
        number = int(str(row["meeting_record"]).removeprefix("S/PV."))
        record = (f"at the Council's {ordinal_words(number)} meeting "
                  f"(record {row['meeting_record']})")
    held = ", ".join(part for part in (when, record) if part)
    release = None if pd.isna(row["press_release"]) else f"press release {row['press_release']}"
    return "; ".join(part for part in (held, release) if part) or None


def sources_html(edition: Edition, ids: object) -> str:
    """Links to the source records (``a;b``) on the source page, each named by its publisher."""
    ids = "" if pd.isna(ids) else str(ids)
    links = [f'<a class="isil-cite" href="{html.escape(citation_href(edition.document, None, i))}">'
             f"{html_text(edition.source_label(i))}</a>" for i in ids.split(";") if i]
    return f' <span class="isil-seen-in">(seen in: {"; ".join(links)})</span>' if links else ""


def block_html(edition: Edition) -> str | None:
    """The "Presented to the Council" block, or ``None`` for an edition without a row."""
    row = presentation(edition)
    if row is None:
        return None
    items = []
    meeting = meeting_words(row)
    if meeting:
        items.append(("Meeting",
                      html_text(meeting) + sources_html(edition, row["meeting_seen_in"])))
    people = briefers(row)
    if people:
        names = "".join(f"<li>{html_text(name)}, {html_text(post)}</li>" for name, post in people)
        items.append(("Briefed by" if len(people) > 1 else "Briefer",
                      f'<ul class="isil-briefers">{names}</ul>'
                      + sources_html(edition, row["briefers_seen_in"])))
    if pd.notna(row["mandate"]):
        items.append(("Mandate", f"resolution {html_text(str(row['mandate']))}"
                      + sources_html(edition, row["mandate_seen_in"])))
    if not items:
        return None
    rows = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in items)
    note = "" if pd.isna(row["note"]) else f'<p class="isil-note">{html_text(str(row["note"]))}</p>'
    return (f'<section class="isil-presentation" aria-labelledby="{HEADING_ID}">'
            f'<h2 id="{HEADING_ID}">Presented to the Council</h2>'
            f'<dl class="isil-presentation-facts">{rows}</dl>{note}</section>')
