"""Readings as prose: what a reading may hold, and what each of its roles names in the data.

A reading (``book/readings/<edition>/<chapter>.md``) is the analyst's prose about one edition.
It holds MyST text and a few roles and one directive, and nothing that runs or reaches outside
the project: no code cells, no raw HTML, no includes, no links off the book. Each role names a
fact the project holds, so that validation can check it before any kernel starts and the build
can render it whole (value, qualifier, unit and citation link):

========================  ======================================================================
``{fig}`KEY```            a figure of this edition in full: "between 3,000 and 5,000 people
                          (S/2016/501, para. 28)"
``{value}`KEY```          the same without its unit, for a sentence that names what is counted
``{period}`KEY```         the period the figure refers to ("as of May 2016")
``{quote}`PLACE: words``  a quotation, checked word for word in paragraph PLACE of the edition's
                          held text (or in the held source with that record id), with its citation
``{para}`N```             a link to paragraph N of the edition's held text
``{source}`RECORD```      a link to a recorded public source on this edition (manifest id)
``{share}`A / B```        A as a share of B, in per cent
``{difference}`A - B```   A minus B, in A's unit
========================  ======================================================================

KEY is an indicator of the edition's figures (``isil_fighters_libya``) when the edition has one
figure of it, ``indicator@period`` when it has several, or the figure's id. An operand of
``share`` and ``difference`` is a KEY whose figure is one value, or ``KEY.low`` / ``KEY.high`` to
name one stated end of a range or bound. A chart is the directive ``{chart}`` with the chart's
kind as its argument and options (see :data:`CHART_KINDS`).

This module reads and checks; :mod:`isilbook.book.reading_render` renders. Both resolve names
through :func:`resolve_figure`, :func:`resolve_quote` and :func:`resolve_source`, so a name that
validates is a name the build can render, and the same wording reports a bad one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from isilbook.data.numbers import VAGUE, find_numbers
from isilbook.data.sources import read_text
from isilbook.errors import DataError, Problem

#: The roles a reading may use, each with what its content must be.
ROLES = {
    "fig": "a figure key", "value": "a figure key", "period": "a figure key",
    "quote": "PLACE: words", "para": "a paragraph number", "source": "a source record id",
    "share": "A / B", "difference": "A - B",
}
#: The chart kinds of the ``{chart}`` directive and the options each takes (``title`` and
#: ``description`` are the reading's own words, required for every kind).
CHART_KINDS = {
    "estimates": {"indicator"},  # one measure's estimates in this edition, in time order
    "trend": {"indicator"},  # one count at several moments of this edition, untruncated axis
    "shares": {"unit", "strip", "group"},  # approximate shares of a group, on a bar for the whole
    "counts": {"indicators", "strip"},  # exact counts of one chapter, one bar each
    "headings": set(),  # paragraphs and figures under each heading of the section
    "attack-map": set(),  # countries of the paragraph listing attacks outside conflict zones
    "mentions": {"names"},  # paragraphs of the section naming each of the given names
}
_CHART_REQUIRED = {"title", "description"}
#: Words that already qualify a number: written before a role that renders its own qualifier,
#: they would double it ("at least at least 500").
QUALIFYING_WORDS = ("at least", "at most", "more than", "fewer than", "less than", "up to",
                    "over", "under", "some", "about", "around", "approximately", "roughly",
                    "nearly", "almost", "between", "as many as", "an estimated", "estimated")
_FIGURE_ROLES = {"fig", "value"}
_CITING_ROLES = {"fig", "value", "quote", "source", "para"}
_ROLE = re.compile(r"\{(?P<name>[^{}`\s]+)\}`(?P<content>[^`]*)`")
_LINK_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_TYPED_QUOTE = re.compile(r"[“”\"]")
_OPERAND = re.compile(r"^(?P<key>[^\s.]+(?:@[^.]+)?)(?:\.(?P<end>low|high))?$")


@dataclass(frozen=True)
class RoleUse:
    """One role in a reading: its name, its content (white space folded) and its line."""

    name: str
    content: str
    line: int
    before: str = ""  # the prose right before it, for the doubled-qualifier check


@dataclass(frozen=True)
class ChartUse:
    """One ``{chart}`` directive: its kind, its options and its line."""

    kind: str
    options: dict[str, str]
    line: int


@dataclass
class Reading:
    """A reading split into what the build renders: Markdown with roles, and charts."""

    path: Path
    blocks: list[str | ChartUse] = field(default_factory=list)  # Markdown text or a chart
    roles: list[RoleUse] = field(default_factory=list)
    paragraphs: list[tuple[int, set[str]]] = field(default_factory=list)  # line, roles in it


@lru_cache(maxsize=1)
def _parser():
    """MyST's own Markdown parser, with the extensions the book enables (made once)."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}),
                            RendererHTML)


def read_reading(path: Path) -> tuple[Reading, list[Problem]]:
    """Split a reading into blocks and roles, and list what a reading may not hold.

    The text is read strictly (UTF-8, no control characters, naming the line of a bad byte);
    a reading that is a symbolic link is refused, since it could publish any file on the machine.
    """
    file = str(path)
    if path.is_symlink():
        return Reading(path), [Problem(file, "a reading that is a file of its own, not a "
                                       "symbolic link", found=f"a link to {path.readlink()}")]
    try:
        text = read_text(path)
    except DataError as error:
        return Reading(path), error.problems
    reading = Reading(path)
    problems: list[Problem] = []
    lines = text.split("\n")
    tokens = _parser().parse(text)
    fenced: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else None
        if token.type in ("fence", "colon_fence"):
            fenced.append((token.map[0], token.map[1]))
            chart = _chart(token, file, problems)
            if chart is not None:
                reading.blocks.append(chart)
        elif token.type == "html_block":
            problems.append(Problem(file, "prose (raw HTML runs in the reader's browser; a "
                                    "reading holds none)", line, found=token.content.strip()))
        elif token.type in ("code_block",):
            problems.append(Problem(file, "prose (an indented code block is not a reading's)",
                                    line, found=token.content.strip()))
        elif token.type == "inline":
            cites = _inline_problems(token, file, line, problems)
            opener = tokens[index - 1].type if index else ""
            if opener == "paragraph_open":
                reading.paragraphs.append((line, cites))
    problems += _markdown_blocks(reading, lines, fenced)
    return reading, problems


def _chart(token, file: str, problems: list[Problem]) -> ChartUse | None:
    """A ``{chart}`` directive as a :class:`ChartUse`; any other fence is a problem."""
    line = token.map[0] + 1
    info = token.info.strip()
    name, _, argument = info.partition(" ")
    if name != "{chart}":
        problems.append(Problem(file, "prose or a {chart} directive (code, includes, downloads "
                                "and raw output are not a reading's)", line,
                                found=f"```{info}" if info else "a code block"))
        return None
    kind = argument.strip()
    options, body = {}, []
    for text in token.content.split("\n"):
        match = re.match(r"^:([a-z-]+):\s*(.*)$", text)
        if match and not body:
            options[match.group(1)] = match.group(2).strip()
        elif text.strip():
            body.append(text)
    if kind not in CHART_KINDS:
        problems.append(Problem(file, f"a chart kind, one of {sorted(CHART_KINDS)}", line,
                                found=kind or "no kind"))
        return None
    allowed = CHART_KINDS[kind] | _CHART_REQUIRED
    for option in options:
        if option not in allowed:
            problems.append(Problem(file, f"an option of a {kind} chart, one of "
                                    f"{sorted(allowed)}", line, found=f":{option}:"))
    for option in sorted(_CHART_REQUIRED | ({"indicator"} & CHART_KINDS[kind])
                         | ({"names"} & CHART_KINDS[kind]) | ({"indicators"} & CHART_KINDS[kind])):
        if not options.get(option):
            problems.append(Problem(file, f"the option :{option}: of a {kind} chart", line,
                                    found="none"))
    if body:
        problems.append(Problem(file, "a chart directive holding options only", line,
                                found=body[0]))
    return ChartUse(kind, options, line)


def _inline_problems(token, file: str, line: int | None, problems: list[Problem]) -> set[str]:
    """Raw HTML, links off the book, images and typed quotations in one run of prose.

    Returns the names of the roles the run holds (for the rule that every paragraph of a
    reading from coverage cites its source).
    """
    roles = set()
    offset = 0
    for child in token.children or []:
        at = line + token.content[:offset].count("\n") if line else None
        if child.type == "myst_role":
            roles.add(child.meta.get("name", ""))
        elif child.type == "html_inline":
            problems.append(Problem(file, "prose (raw HTML runs in the reader's browser; a "
                                    "reading holds none)", at, found=child.content))
        elif child.type == "image":
            problems.append(Problem(file, "prose (images are not a reading's; charts are "
                                    "drawn from data with {chart})", at,
                                    found=child.attrs.get("src", "")))
        elif child.type == "link_open":
            target = str(child.attrs.get("href", ""))
            if _LINK_SCHEME.match(target) or target.startswith(("//", "/")) or ".." in target:
                problems.append(Problem(file, "a link to a chapter of the book (public sources "
                                        "are cited with {source}`RECORD`)", at, found=target))
        elif child.type == "text" and _TYPED_QUOTE.search(child.content):
            problems.append(Problem(file, "a quotation written as {quote}`PLACE: words` (typed "
                                    "quotation marks are not checked against the text)", at,
                                    found=child.content.strip()))
        if child.content:
            found = token.content.find(child.content, offset)
            if found >= 0:
                offset = found
    return roles


def _markdown_blocks(reading: Reading, lines: list[str], fenced: list[tuple[int, int]]
                     ) -> list[Problem]:
    """Cut the text around the charts into Markdown blocks and collect their roles in order."""
    problems: list[Problem] = []
    charts = {b.line: b for b in reading.blocks if isinstance(b, ChartUse)}
    blocks: list[str | ChartUse] = []
    start = 0
    for begin, end in fenced + [(len(lines), len(lines))]:
        text = "\n".join(lines[start:begin])
        for match in _ROLE.finditer(text):
            line = start + text[: match.start()].count("\n") + 1
            name, content = match.group("name"), _fold(match.group("content"))
            if name not in ROLES:
                expected = ("a role of a reading: " + ", ".join(f"{{{r}}}" for r in ROLES)
                            + (" (glue references are the build's own: write {fig}`KEY`)"
                               if name.startswith("glue") else ""))
                problems.append(Problem(str(reading.path), expected, line,
                                        found=match.group(0)))
                continue
            prefix = text[: match.start()].split("\n")[-1]
            reading.roles.append(RoleUse(name, content, line, prefix[-40:]))
        if text.strip():
            blocks.append(text)
        start = end
        if begin < len(lines):
            if begin + 1 in charts:
                blocks.append(charts[begin + 1])
    reading.blocks = blocks
    return problems


def _fold(content: str) -> str:
    """A role's content on one line: wrapped lines joined, blockquote markers dropped."""
    return " ".join(re.sub(r"\n[ \t]*(?:>[ \t]*)*", " ", content).split())


def replace_roles(text: str, name_of, start: int = 1) -> tuple[str, list[tuple[str, str]], int]:
    """Replace each role of ``text`` by ``name_of(number)``, numbering from ``start``.

    Returns the new text, the roles replaced (name, content with white space folded) in order,
    and the next number. Unknown roles are left as they are (validation refuses them).
    """
    found: list[tuple[str, str]] = []

    def replace(match: re.Match) -> str:
        if match.group("name") not in ROLES:
            return match.group(0)
        found.append((match.group("name"), _fold(match.group("content"))))
        return name_of(start + len(found) - 1)

    return _ROLE.sub(replace, text), found, start + len(found)


# --- what the names mean in the data ---------------------------------------------------------

class UnknownName(LookupError):
    """A role's content names nothing the edition holds (the message says what was expected)."""


def resolve_figure(figures: pd.DataFrame, key: str, document: str,
                   every_figure: pd.DataFrame | None = None) -> pd.Series:
    """The one figure of an edition that ``key`` names (indicator, ``indicator@period`` or id).

    ``figures`` are the edition's own rows; ``every_figure`` (the whole table) lets the message
    say when the key is another edition's figure.
    """
    indicator, _, period = key.partition("@")
    # Positions found on the columns' arrays: a reading names many figures, and selecting rows
    # of a frame for each name would cost more than all the rest of validation.
    ids, indicators, periods = (figures[c].to_numpy() for c in ("id", "indicator", "period"))
    hits = np.flatnonzero(ids == key)
    if not len(hits):
        hits = np.flatnonzero((indicators == indicator) & ((periods == period) if period
                                                           else True))
    if len(hits) == 1:
        return figures.iloc[int(hits[0])]
    if len(hits) > 1:
        named = "; ".join(f"{key}@{periods[i]}" for i in hits)
        raise UnknownName(f"one figure, but {document} has {len(hits)} figures of {indicator!r}: "
                         f"name one by period ({named}) or by id "
                         f"({', '.join(ids[i] for i in hits)})")
    elsewhere = None if every_figure is None else every_figure[
        (every_figure["id"] == key) | (every_figure["indicator"] == indicator)]
    if elsewhere is not None and len(elsewhere):
        raise UnknownName(f"a figure of {document} (a reading states only its own edition's "
                         f"figures; {key!r} is a figure of edition "
                         f"{int(elsewhere['edition'].iloc[0])} only)")
    raise UnknownName(f"a figure of {document}: an indicator, indicator@period or id of "
                     "figures.csv")


def resolve_operand(figures: pd.DataFrame, operand: str, document: str) -> tuple[pd.Series, float]:
    """A figure and the one value an arithmetic role takes from it."""
    match = _OPERAND.match(operand.strip())
    if not match:
        raise UnknownName(f"a figure key, or KEY.low / KEY.high, as an operand; found {operand!r}")
    figure = resolve_figure(figures, match.group("key"), document)
    end = match.group("end")
    if end is None:
        if pd.isna(figure["low"]) or pd.isna(figure["high"]) or figure["low"] != figure["high"]:
            raise UnknownName(f"one value, but {match.group('key')} is a range or a bound: name "
                             "the end you mean (KEY.low or KEY.high)")
        end = "low"
    value = figure[end]
    if pd.isna(value):
        raise UnknownName(f"an end the figure states, but {match.group('key')} has no {end} end "
                         f"(it is '{figure['qualifier']}')")
    if is_vague_end(figure, float(value)):
        raise UnknownName(f"an end stated as a number, but the {end} end of "
                         f"{match.group('key')} reads a vague word: it is no value to count with")
    return figure, float(value)


def arithmetic(figures: pd.DataFrame, role: str, content: str, document: str
               ) -> tuple[pd.Series, pd.Series, float]:
    """Both operands of ``share`` (``A / B``) or ``difference`` (``A - B``) and the result."""
    sign = "/" if role == "share" else "-"
    parts = content.split(f" {sign} ")
    if len(parts) != 2:
        raise UnknownName(f"two operands written 'A {sign} B' (with spaces round {sign!r})")
    (first, a), (second, b) = (resolve_operand(figures, p, document) for p in parts)
    if first["unit"] != second["unit"]:
        raise UnknownName(f"two figures in one unit, but they count {first['unit']!r} and "
                         f"{second['unit']!r}")
    if role == "share":
        if b == 0:
            raise UnknownName("a share of a non-zero value")
        return first, second, a / b
    return first, second, a - b


def is_vague_end(figure: pd.Series, value: float) -> bool:
    """Whether ``value`` is a reading of a vague word ("several hundred") in the figure's quote."""
    quote = figure.get("quote")
    if isinstance(quote, str):
        return any(span.kind == VAGUE and span.value == value for span in find_numbers(quote))
    note = figure.get("note")
    return isinstance(note, str) and note.lower().startswith("vague word")


def resolve_quote(texts: dict[str, dict[str, str]], content: str, document: str
                  ) -> tuple[str, str]:
    """The place (a paragraph number or a source id) and the words of a checked quotation.

    ``texts`` maps a place to the held words there: ``{"paragraph": {"28": text}, "source":
    {record: text}}``.
    """
    place, sep, words = content.partition(":")
    place, words = place.strip(), words.strip()
    if not sep or not place or not words:
        raise UnknownName("a quotation written 'PLACE: words' (PLACE a paragraph number or a "
                         "held source's record id)")
    if place.isdigit():
        held = texts["paragraph"].get(place)
        if held is None:
            raise UnknownName(f"a paragraph of the text held for {document}; paragraph {place} "
                             "is not held")
    else:
        held = texts["source"].get(place)
        if held is None:
            raise UnknownName(f"a paragraph number, or the id of a source on {document} whose "
                             f"words the project holds; {place!r} is neither")
    if words not in held:
        where = f"paragraph {place}" if place.isdigit() else place
        raise UnknownName(f"words found verbatim in {where} of {document} (a reading quotes "
                          "only its own edition's held text)")
    return place, words


def resolve_paragraph(facts: EditionFacts, content: str) -> int:
    """The number of a paragraph of the edition's held text that ``content`` names."""
    if not content.isdigit() or int(content) not in facts.paragraphs:
        raise UnknownName(f"a paragraph of the text held for {facts.document}")
    return int(content)


def resolve_source(sources: set[str], record: str, document: str) -> str:
    """A source record of this edition (one the manifest holds for it)."""
    if record not in sources:
        raise UnknownName(f"the id of a source on {document} in the manifest, one of "
                         f"{sorted(sources)}")
    return record


# --- the checks validation runs --------------------------------------------------------------

@dataclass
class EditionFacts:
    """What a reading of one edition may name: its figures, held words and sources."""

    ordinal: int
    document: str
    has_text: bool
    figures: pd.DataFrame
    every_figure: pd.DataFrame
    texts: dict[str, dict[str, str]]
    sources: set[str]
    paragraphs: set[int]


def edition_facts(tables, ordinal: int, raw: Path) -> EditionFacts:
    """Gather what a reading of edition ``ordinal`` may name, from the validated tables."""
    row = tables.editions[tables.editions["ordinal"] == ordinal].iloc[0]
    symbol = row["symbol"] if pd.notna(row["symbol"]) else None
    document = symbol or f"edition {ordinal}"
    figures = tables.figures[tables.figures["edition"] == ordinal]
    own_text = tables.paragraphs[tables.paragraphs["document"] == symbol]
    manifest = tables.manifest
    seen = set(filter(None, str(row["seen_in"]).split(";")))
    on_edition = manifest[((manifest["document"] == symbol) if symbol else False)
                          | manifest["id"].isin(seen) | manifest["id"].isin(figures["source"])]
    held = {}
    for source in on_edition.itertuples(index=False):
        if isinstance(source.file, str) and source.file and source.kind != "primary" \
                and source.kind != "reference":
            held[source.id] = read_text(raw / source.file)
    return EditionFacts(
        ordinal=ordinal, document=document, has_text=bool(len(own_text)), figures=figures,
        every_figure=tables.figures,
        texts={"paragraph": {str(int(p)): t for p, t in zip(own_text["paragraph"],
                                                             own_text["text"])},
               "source": held},
        sources=set(on_edition["id"]) - set(manifest.loc[manifest["kind"] == "reference", "id"]),
        paragraphs={int(p) for p in own_text["paragraph"]})


def check_role(facts: EditionFacts, role: RoleUse) -> None:
    """Raise :class:`UnknownName` if ``role`` names nothing this edition holds."""
    name, content, document = role.name, role.content, facts.document
    if name in ("fig", "value", "period"):
        figure = resolve_figure(facts.figures, content, document, facts.every_figure)
        if name in _FIGURE_ROLES and figure["qualifier"] != "exact":
            _check_single_qualifier(role)
    elif name == "quote":
        resolve_quote(facts.texts, content, document)
    elif name == "para":
        resolve_paragraph(facts, content)
    elif name == "source":
        resolve_source(facts.sources, content, document)
    else:
        arithmetic(facts.figures, name, content, document)


def _check_single_qualifier(role: RoleUse) -> None:
    before = " ".join(role.before.lower().split())
    for words in QUALIFYING_WORDS:
        if before.endswith(" " + words) or before == words:
            raise UnknownName(f"no qualifier before {{{role.name}}}, which renders the figure's "
                             f"own (here it would read '{words} {words}…'); the role already "
                             "says how the source qualifies the number")


def check_reading(path: Path, facts: EditionFacts) -> list[Problem]:
    """Every problem of one reading: what it may not hold, and every name it cannot resolve."""
    reading, problems = read_reading(path)
    file = str(path)
    for role in reading.roles:
        try:
            check_role(facts, role)
        except UnknownName as error:
            problems.append(Problem(file, str(error), role.line,
                                    found=f"{{{role.name}}}`{role.content}`"))
    for chart in (b for b in reading.blocks if isinstance(b, ChartUse)):
        for key in filter(None, [chart.options.get("indicator")]
                          + chart.options.get("indicators", "").split()):
            if key not in set(facts.figures["indicator"]):
                problems.append(Problem(file, f"an indicator of {facts.document}'s figures",
                                        chart.line, found=key))
    if not facts.has_text:
        for line, roles in reading.paragraphs:
            if not roles & _CITING_ROLES:
                problems.append(Problem(file, "a paragraph that cites its source (this edition "
                                        "is known from coverage: each paragraph names a figure "
                                        "or a {source})", line, found="no citing role"))
    return problems


_OUTSIDE = re.compile(r"\{(?:include|literalinclude|download)\}`?\s*(?P<path>[^`\n]*)")


def check_templates(book: Path) -> list[Problem]:
    """Chapter templates are files of their own and include nothing from outside ``book/``."""
    problems = []
    for path in sorted(book.glob("*.md")):
        if path.is_symlink():
            problems.append(Problem(str(path), "a template that is a file of its own, not a "
                                    "symbolic link", found=f"a link to {path.readlink()}"))
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _OUTSIDE.finditer(text):
            target = (path.parent / match.group("path").strip()).resolve()
            if not target.is_relative_to(book.resolve()) or target.is_symlink():
                problems.append(Problem(str(path), "an include or download of a file inside "
                                        "book/", text[: match.start()].count("\n") + 1,
                                        found=match.group(0)))
    return problems


def check_readings(tables, book: Path, raw: Path, chapters: set[str]) -> list[Problem]:
    """Every reading under ``book/readings``: its folder an edition's, its file a chapter's,
    its text prose, and every name it uses one its edition holds."""
    from isilbook.data.identifiers import edition_folder

    folder = book / "readings"
    if not folder.is_dir():
        return []
    editions = {edition_folder(s): int(o) for s, o in
                zip(tables.editions["symbol"], tables.editions["ordinal"]) if isinstance(s, str)}
    problems: list[Problem] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir() or entry.is_symlink() or entry.name not in editions:
            problems.append(Problem(str(entry), "a folder named after an edition of "
                                    "editions.csv (S-2016-501 for S/2016/501)",
                                    found=entry.name))
            continue
        facts = edition_facts(tables, editions[entry.name], raw)
        for path in sorted(entry.iterdir()):
            if path.suffix != ".md" or path.stem not in chapters:
                problems.append(Problem(str(path), "a reading named after a report-section "
                                        f"chapter ({', '.join(sorted(chapters))}), ending .md",
                                        found=path.name))
                continue
            problems += check_reading(path, facts)
    return problems
