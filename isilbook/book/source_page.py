"""The source-text page: every paragraph with its anchor (its footnotes under it, markers in
place), and the cited press passages.

Every citation link in the book points at an anchor made here with :mod:`isilbook.book.cite`, so the
two cannot drift apart. All text is escaped: a source carrying markup shows it as inert text.
"""

from __future__ import annotations

import html

import pandas as pd

from isilbook.book.cite import paragraph_anchor, slug, source_anchor
from isilbook.book.prose import number_html
from isilbook.data.validate import Tables


def coverage_note(tables: Tables) -> str:
    """What the project holds of each report text: how many paragraphs, and where the copy ends.

    Computed from the paragraphs held, never typed: the book says nothing of what lies after
    the last held paragraph, and does not claim to know what is there.
    """
    notes = []
    for document, group in tables.paragraphs.groupby("document", sort=False):
        last = group.iloc[-1]
        where = ".".join(p for p in (last["chapter"], last["section"]) if pd.notna(p) and p)
        notes.append(
            f"The copy of {html.escape(document)} held here has "
            f"{number_html(str(len(group)))} numbered paragraphs and ends at paragraph "
            f"{number_html(str(int(last['paragraph'])))}, under heading {html.escape(where)}. "
            "The book holds nothing of the report after that paragraph and says nothing about "
            "it.")
    return " ".join(notes) or "The project holds no report text."


def records_note(tables: Tables) -> str:
    """Which editions the book knows only through pages recorded by address (Markdown)."""
    from isilbook.book.edition import ordinal_words
    from isilbook.book.prose import and_list

    editions = tables.editions
    coverage = editions[editions["holding"] == "coverage"]["ordinal"].astype(int).tolist()
    records = tables.manifest[tables.manifest["file"].isna()]
    if not len(records):
        return "The book records no public page by address."
    if not coverage:
        return (f"The book records {number_html(str(len(records)))} public pages by address.")
    many = len(coverage) > 1
    return (f"The book records {number_html(str(len(records)))} public pages by address. For "
            f"the {and_list([ordinal_words(o) for o in coverage])} "
            f"edition{'s' if many else ''}, they and any press story held are all it knows: it "
            f"holds no text of {'these reports' if many else 'that report'}.")


def tracing_note(tables: Tables) -> str:
    """Where a reader can trace each figure to, counted from the figures (Markdown).

    Only figures read in a held report text have a paragraph; a figure from a held press story
    has its quoted words but no paragraph; a figure from a page recorded by address has neither,
    only the page's address.
    """
    figures = tables.figures
    files = tables.manifest.set_index("id")["file"]
    held = figures["source"].map(files).notna()
    paragraph = int((held & figures["paragraph"].notna()).sum())
    story = int((held & figures["paragraph"].isna()).sum())
    recorded = int((~held).sum())
    parts = []
    if paragraph:
        parts.append(f"{number_html(str(paragraph))} to the paragraph of a held report text "
                     "that states them")
    if story:
        parts.append(f"{number_html(str(story))} to the words of a held press story (which "
                     "gives no paragraph)")
    if recorded:
        parts.append(f"{number_html(str(recorded))} only to a public page recorded by its "
                     "address, whose words the project does not hold")
    if not parts:
        return "The book holds no figure."
    return ("Of the figures the book holds, a reader can trace " + "; ".join(parts) + ".")


def reports_html(tables: Tables) -> str:
    """Each report's title, headings and anchored paragraphs."""
    manifest = tables.manifest
    parts = []
    footnotes = getattr(tables, "footnotes", None)
    called = {} if footnotes is None or not len(footnotes) else {
        (d, int(p)): group.sort_values("position")
        for (d, p), group in footnotes.dropna(subset=["paragraph"]).groupby(
            ["document", "paragraph"])}
    for document, group in tables.paragraphs.groupby("document", sort=False):
        source = manifest[(manifest["document"] == document) & (manifest["kind"] == "primary")]
        title = source.iloc[0]["title"] if len(source) else document
        parts.append(f'<section class="isil-source" id="{source_anchor(slug(document))}">')
        parts.append(f"<h3>{html.escape(document)}: {html.escape(title)}</h3>")
        heading = (None, None, None)
        for row in group.itertuples(index=False):
            here = tuple(None if pd.isna(v) else v for v in (row.chapter, row.section,
                                                              row.subsection))
            if here[0] != heading[0]:
                parts.append(f"<h4>{html.escape(row.chapter)}. "
                             f"{html.escape(row.chapter_title)}</h4>")
            if here[:2] != heading[:2] and here[1] is not None:
                parts.append(f"<h5>{html.escape(row.section)}. "
                             f"{html.escape(row.section_title)}</h5>")
            if here != heading and here[2] is not None:
                parts.append(f"<h6>{int(row.subsection)}. {html.escape(row.subsection_title)}</h6>")
            heading = here
            anchor = paragraph_anchor(document, row.paragraph)
            notes = called.get((document, int(row.paragraph)))
            parts.append(
                f'<p class="isil-paragraph" id="{anchor}"><a class="isil-para-number" '
                f'href="#{anchor}" aria-label="{html.escape(document)} paragraph '
                f'{int(row.paragraph)}">{int(row.paragraph)}.</a> '
                f"{_text_with_markers(row.text, notes, anchor)}</p>")
            if notes is not None:
                parts.append(_footnotes_html(notes, anchor))
        parts.append("</section>")
    return "\n".join(parts)


def _text_with_markers(text: str, notes: pd.DataFrame | None, anchor: str) -> str:
    """A paragraph's escaped text with each footnote marker where the report prints it."""
    if notes is None:
        return html.escape(text)
    out, start = [], 0
    for position, marker in zip(notes["position"].astype(int), notes["marker"]):
        out.append(html.escape(text[start:position]))
        out.append(f'<sup class="isil-footnote-ref"><a href="#{anchor}-fn-{slug(str(marker))}" '
                   f'aria-label="footnote {html.escape(str(marker))}">'
                   f"{html.escape(str(marker))}</a></sup>")
        start = position
    return "".join(out) + html.escape(text[start:])


def _footnotes_html(notes: pd.DataFrame, anchor: str) -> str:
    """The footnotes a paragraph calls, printed under it as the report prints them at the foot
    of the page."""
    items = "".join(
        f'<li id="{anchor}-fn-{slug(str(marker))}" value="{html.escape(str(marker))}">'
        f"{html.escape(text)} <span class=\"isil-footnote-page\">(page {int(page)})</span></li>"
        if str(marker).isdigit() else
        f'<li id="{anchor}-fn-{slug(str(marker))}">{html.escape(str(marker))} '
        f"{html.escape(text)}</li>"
        for marker, text, page in zip(notes["marker"], notes["text"], notes["page"]))
    return f'<ol class="isil-footnotes" aria-label="Footnotes to the paragraph above">{items}</ol>'


def press_html(tables: Tables) -> str:
    """Each held coverage file (a press story) with the passages the book quotes from it."""
    manifest = tables.manifest
    held = manifest[(manifest["kind"] != "primary") & (manifest["kind"] != "reference")
                    & manifest["file"].notna()]
    parts = []
    for source in held.itertuples(index=False):
        quotes = tables.figures[tables.figures["source"] == source.id]["quote"].dropna()
        parts.append(f'<section class="isil-source" id="{source_anchor(source.id)}">')
        parts.append(f"<h3>{html.escape(source.publisher)}: “{html.escape(source.title)}”</h3>")
        parts.append(f"<p>Published {html.escape(source.date)}, reporting on "
                     f"{html.escape(source.document)}. {html.escape(source.origin)}.</p>")
        for quote in quotes.drop_duplicates():
            parts.append(f'<blockquote class="isil-quote"><p>“{html.escape(quote)}”</p>'
                         f"<footer>{html.escape(source.publisher)}, {html.escape(source.date)}"
                         "</footer></blockquote>")
        parts.append("</section>")
    return "\n".join(parts) or "<p>No press reports are held.</p>"


def records_html(tables: Tables) -> str:
    """Every public page recorded by address, by edition, with what the book took from it.

    The project holds no copy of these pages: only the facts listed (figures, symbols, dates).
    Each has the anchor its citations link to, and a link to the page itself.
    """
    manifest = tables.manifest
    records = manifest[manifest["file"].isna()]
    figures = tables.figures.groupby("source").size()
    editions = tables.editions
    seen_in: dict[str, list[int]] = {}
    for ordinal, ids in zip(editions["ordinal"], editions["seen_in"]):
        for source in str(ids).split(";"):
            seen_in.setdefault(source, []).append(int(ordinal))
    presented = presented_in(tables)
    parts = ['<ul class="isil-records">']
    for source in records.itertuples(index=False):
        used = []
        if figures.get(source.id, 0):
            count = int(figures[source.id])
            used.append(f"{number_html(str(count))} figure{'s' if count != 1 else ''}")
        if source.id in seen_in:
            used.append("the symbol or date of edition"
                        + ("s " if len(seen_in[source.id]) > 1 else " ")
                        + ", ".join(number_html(str(o)) for o in seen_in[source.id]))
        if source.id in presented:
            used.append("the presentation to the Council of edition"
                        + ("s " if len(presented[source.id]) > 1 else " ")
                        + ", ".join(number_html(str(o)) for o in presented[source.id]))
        date = "" if pd.isna(source.date) else f", {html.escape(source.date)}"
        about = "" if pd.isna(source.document) else f" On {html.escape(source.document)}."
        parts.append(
            f'<li id="{source_anchor(source.id)}"><a href="{html.escape(source.address)}">'
            f"{html.escape(source.title)}</a> ({html.escape(source.publisher)}{date}; "
            f"{html.escape(source.kind)}).{about} Used for: {'; '.join(used) or 'context'}."
            "</li>")
    parts.append("</ul>")
    return "\n".join(parts) if len(records) else "<p>No public pages are recorded.</p>"


def presented_in(tables: Tables) -> dict[str, list[int]]:
    """For each source record, the editions whose presentation to the Council it vouches for."""
    found: dict[str, list[int]] = {}
    frame = tables.presentations
    for column in ("meeting_seen_in", "briefers_seen_in", "mandate_seen_in"):
        for ordinal, ids in zip(frame["edition"].astype(int), frame[column]):
            for source in ("" if pd.isna(ids) else str(ids)).split(";"):
                if source and ordinal not in found.setdefault(source, []):
                    found[source].append(ordinal)
    return {source: sorted(ordinals) for source, ordinals in found.items()}
