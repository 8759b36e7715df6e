"""What a reading's roles and charts become on the page, inside the chapter's kernel.

The build splices a reading into its chapter as Markdown whose roles are replaced by glue
references (``reading_1``, ``reading_2`` …), one hidden cell calling :func:`glue_reading` with
the roles in order, and one cell per ``{chart}`` calling :func:`draw_chart`. Names are resolved by
the same functions validation used (:mod:`isilbook.data.reading_text`), so a reading that
validated renders; should the data change under it, the chapter fails naming the reading's file
and line rather than publishing a sentence with a hole.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from isilbook.book import charts
from isilbook.book.chapter import (
    Chapter,
    count_chart,
    figure_words,
    heading_chart,
    heading_summary,
    paragraph_citations,
    show_html,
)
from isilbook.book.cite import citation_html
from isilbook.book.prose import describe, escape_markdown, format_value, glue_markdown, number_html
from isilbook.book.readings import glue_name
from isilbook.data import reading_text
from isilbook.data.reading_text import UnknownName
from isilbook.errors import BookError


class ReadingError(BookError):
    """A reading names something its edition does not hold (file and line in the message)."""


def glue_reading(page: Chapter, data_dir: str, reading: str,
                 roles: list[tuple[str, str, int]]) -> None:
    """Glue every role of a reading, in order, under :func:`glue_name`."""
    facts = reading_text.edition_facts(page.edition.tables, page.edition.ordinal,
                                       Path(data_dir) / "raw")
    for number, (name, content, line) in enumerate(roles, start=1):
        try:
            text = render_role(page, facts, name, content)
        except UnknownName as error:
            raise ReadingError(f"{reading}, line {line}: expected {error}; found "
                               f"{{{name}}}`{content}`") from None
        glue_markdown(glue_name(number), text)


def _cited(page: Chapter, *figures: pd.Series) -> str:
    citations = list(dict.fromkeys(page.edition.cite(f) for f in figures))
    return "; ".join(citations)


def render_role(page: Chapter, facts: reading_text.EditionFacts, name: str, content: str) -> str:
    """The Markdown (with glued-number spans and citation links) one role renders to."""
    edition = page.edition
    if name in ("fig", "value", "period"):
        figure = reading_text.resolve_figure(facts.figures, content, facts.document)
        if name == "period":
            return number_html(figure["period"])
        return figure_words(edition, figure, with_unit=name == "fig")
    if name == "quote":
        place, words = reading_text.resolve_quote(facts.texts, content, facts.document)
        cite = (citation_html(edition.document, int(place)) if place.isdigit()
                else edition.cite_source(place))
        return f"“{escape_markdown(words)}” ({cite})"
    if name == "para":
        return citation_html(edition.document, reading_text.resolve_paragraph(facts, content))
    if name == "source":
        return edition.cite_source(reading_text.resolve_source(facts.sources, content,
                                                               facts.document))
    first, second, result = reading_text.arithmetic(facts.figures, name, content, facts.document)
    if name == "share":
        words = f"{100 * result:.0f} per cent"
    elif first["unit"] == "per cent":
        words = f"{result:g} percentage points"
    else:
        words = format_value(result, first["unit"])
        if first["unit"] not in ("share",) and not first["unit"].startswith("US dollars"):
            words += f" {first['unit']}"
    return f"{number_html(words)} ({_cited(page, first, second)})"


# --- charts -----------------------------------------------------------------------------------

def draw_chart(page: Chapter, data_dir: str, reading: str, line: int, kind: str,
               options: dict[str, str]) -> object:
    """Draw one ``{chart}`` of a reading; a chart its data cannot support fails the chapter."""
    edition = page.edition
    where = f"{reading}, line {line}"
    name = f"{page.theme}-{kind}-{line}"
    title, description = options["title"], options["description"]
    if kind in ("estimates", "trend"):
        rows = edition.figures[edition.figures["indicator"] == options["indicator"]]
        draw = charts.estimates_over_time if kind == "estimates" else charts.counts_over_time
        chart = draw(rows, value_title=rows["label"].iloc[0] if len(rows) else "",
                     words=rows.apply(describe, axis=1))
        return _show(charts.figure_html(
            chart, name=name, title=title, description=description,
            data=charts.figure_table(rows), citations=[edition.cite(r) for _, r in rows.iterrows()]
        ) if len(rows) else None, where)
    if kind == "shares":
        shares = page.figures[page.figures["unit"] == options.get("unit", "share")]
        strip = options.get("strip", "")
        chart = charts.approximate_shares(
            shares, words=shares.apply(describe, axis=1),
            labels=shares["label"].str.replace(strip, "", regex=False).str.strip() if strip
            else shares["label"], group=options.get("group", ""))
        return _show(charts.figure_html(
            chart, name=name, title=title, description=description,
            data=charts.figure_table(shares),
            citations=[edition.cite(r) for _, r in shares.iterrows()]) if len(shares) else None,
            where)
    if kind == "counts":
        wanted = options["indicators"].split()
        rows = page.figures[page.figures["indicator"].isin(wanted)]
        strip = options.get("strip", "")
        counts = rows.assign(count=rows["low"].astype(float), label=rows["label"].str.replace(
            strip, "", regex=False).str.strip() if strip else rows["label"])[
            ["label", "count", "unit", "qualifier", "period", "paragraph", "quote"]]
        return _show(count_chart(counts, category="label", value="count", color="unit",
                                 name=name, title=title, description=description,
                                 citations=[edition.cite(r) for _, r in rows.iterrows()])
                     if len(rows) else None, where)
    section = page.section
    if section is None:
        return _show(None, where)
    paragraphs = section.paragraphs
    if kind == "headings":
        return _show(heading_chart(heading_summary(edition, section), name=name, title=title,
                                   description=description,
                                   citations=paragraph_citations(edition,
                                                                 paragraphs["paragraph"])),
                     where)
    if kind == "mentions":
        names = [n.strip() for n in options["names"].split(",") if n.strip()]
        text = paragraphs["text"]
        named = pd.DataFrame({"name": names, "paragraphs naming it": [
            int(text.str.contains(rf"\b{re.escape(n)}\b").sum()) for n in names]})
        named = named[named["paragraphs naming it"] > 0].sort_values(
            ["paragraphs naming it", "name"], ascending=[False, True], ignore_index=True)
        return _show(count_chart(named, category="name", value="paragraphs naming it",
                                 name=name, title=title, description=description,
                                 citations=paragraph_citations(edition, paragraphs["paragraph"]))
                     if len(named) else None, where)
    from isilbook.book import maps  # the map's topology is read only by the chapters that draw it

    return _show(maps.attack_map_html(edition, data_dir, section, name=name, title=title), where)


def _show(fragment: str | None, where: str) -> object:
    if fragment is None:
        raise ReadingError(f"{where}: expected a chart the edition's data can draw; found "
                           "nothing to draw (revise the reading)")
    return show_html(fragment, "")
