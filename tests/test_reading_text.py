"""Readings are prose: what validation refuses in one, each refusal naming the file and line.

The facts a test reading names (an edition with a held text, one of its figures, words of one
of its paragraphs) are picked from the project's data, never typed, so that the tests hold for
whatever editions the book holds.
"""

from __future__ import annotations

import pandas as pd
import pytest

from isilbook.data.reading_text import check_reading, check_readings, edition_facts, read_reading
from isilbook.data.validate import load_tables
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def tables():
    return load_tables(ROOT / "data")


def _edition(tables, holding: str) -> pd.Series:
    editions = tables.editions[tables.editions["holding"] == holding]
    with_figures = editions[editions["ordinal"].isin(tables.figures["edition"])]
    return with_figures.iloc[0]


@pytest.fixture(scope="module")
def held(tables):
    """What a reading of an edition whose text is held may name, and one figure of each shape."""
    edition = _edition(tables, "text")
    facts = edition_facts(tables, int(edition["ordinal"]), ROOT / "data" / "raw")
    figures = facts.figures
    counts = figures["indicator"].value_counts()
    single = figures[figures["indicator"].map(counts) == 1]
    return {
        "facts": facts,
        "exact": single[single["qualifier"] == "exact"].iloc[0],
        "bound": single[single["qualifier"].isin(["more than", "at least"])].iloc[0],
        "range": single[single["qualifier"] == "between"].iloc[0],
        "paragraph": tables.paragraphs[tables.paragraphs["document"] == edition["symbol"]].iloc[0],
    }


def _write(tmp_path, text: str, name: str = "threat.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(tmp_path, facts, text: str) -> list[tuple[int | None, str, str | None]]:
    path = _write(tmp_path, text)
    problems = check_reading(path, facts)
    assert all(p.file == str(path) for p in problems)
    return [(p.row, p.expected, p.found) for p in problems]


def test_a_reading_of_held_figures_quotes_and_links_passes(tmp_path, held):
    figure, paragraph = held["range"], held["paragraph"]
    words = " ".join(paragraph["text"].split()[:6])
    text = (f"## A heading\n\nThe report puts it at {{fig}}`{figure['indicator']}` "
            f"({{period}}`{figure['indicator']}`), in its words "
            f"{{quote}}`{int(paragraph['paragraph'])}: {words}`; see {{para}}`"
            f"{int(paragraph['paragraph'])}` and the [chapter on funding](funding).\n\n"
            f"- Its span: {{difference}}`{figure['indicator']}.high - "
            f"{figure['indicator']}.low`.\n")
    assert _problems(tmp_path, held["facts"], text) == []


@pytest.mark.parametrize("role", ["fig", "value"])
def test_a_qualifier_written_before_a_figure_that_has_one_is_refused(tmp_path, held, role):
    figure = held["bound"]
    text = f"Intro.\n\nIt killed at least {{{role}}}`{figure['indicator']}` people.\n"
    (line, expected, found), = _problems(tmp_path, held["facts"], text)
    assert line == 3
    assert "no qualifier before" in expected
    assert found == f"{{{role}}}`{figure['indicator']}`"


def test_an_exact_figure_may_follow_a_qualifying_word(tmp_path, held):
    figure = held["exact"]
    text = f"It names some {{fig}}`{figure['indicator']}`.\n"
    assert _problems(tmp_path, held["facts"], text) == []


def test_an_unknown_figure_key_names_the_line(tmp_path, held):
    text = "One.\n\nTwo {fig}`no_such_measure_anywhere`.\n"
    (line, expected, found), = _problems(tmp_path, held["facts"], text)
    assert (line, found) == (3, "{fig}`no_such_measure_anywhere`")
    assert expected.startswith(f"a figure of {held['facts'].document}")


def test_another_editions_figure_is_refused(tmp_path, tables, held):
    facts = held["facts"]
    others = tables.figures[(tables.figures["edition"] != facts.ordinal)
                            & ~tables.figures["indicator"].isin(facts.figures["indicator"])]
    other = others.iloc[0]
    (line, expected, _), = _problems(tmp_path, facts, f"It is {{fig}}`{other['id']}`.\n")
    assert line == 1
    assert "a reading states only its own edition's figures" in expected


def test_a_misquote_and_a_quote_from_another_paragraph_are_refused(tmp_path, held):
    paragraph = held["paragraph"]
    number = int(paragraph["paragraph"])
    words = " ".join(paragraph["text"].split()[:5])
    elsewhere = max(held["facts"].paragraphs)
    assert words not in held["facts"].texts["paragraph"][str(elsewhere)]
    text = (f"A {{quote}}`{number}: {words} and more words no report prints`.\n\n"
            f"B {{quote}}`{elsewhere}: {words}`.\n\nC {{quote}}`{words}`.\n")
    problems = _problems(tmp_path, held["facts"], text)
    assert [p[0] for p in problems] == [1, 3, 5]
    assert "verbatim in paragraph" in problems[0][1]
    assert "verbatim in paragraph" in problems[1][1]
    assert "PLACE: words" in problems[2][1]


def test_a_quote_spanning_wrapped_blockquote_lines_is_read_whole(tmp_path, held):
    paragraph = held["paragraph"]
    words = paragraph["text"].split()[:10]
    text = (f"> {{quote}}`{int(paragraph['paragraph'])}: {' '.join(words[:5])}\n"
            f"> {' '.join(words[5:])}`\n")
    assert _problems(tmp_path, held["facts"], text) == []


def test_an_unknown_source_record_is_refused(tmp_path, held):
    (line, expected, found), = _problems(tmp_path, held["facts"],
                                          "Reported by {source}`NO-SUCH-RECORD`.\n")
    assert (line, found) == (1, "{source}`NO-SUCH-RECORD`")
    assert "the id of a source on" in expected


def test_arithmetic_needs_stated_ends_in_one_unit(tmp_path, held):
    bound, figure = held["bound"], held["range"]
    text = (f"A {{share}}`{figure['indicator']} / {figure['indicator']}.high`.\n\n"
            f"B {{difference}}`{bound['indicator']}.high - {bound['indicator']}.low`.\n")
    problems = _problems(tmp_path, held["facts"], text)
    assert [p[0] for p in problems] == [1, 3]
    assert "name the end you mean" in problems[0][1]
    assert "has no high end" in problems[1][1]


@pytest.mark.parametrize("text, line, expected", [
    ("Prose.\n\n<script>alert(1)</script>\n", 3, "raw HTML"),
    ("Prose with <img src=x onerror=alert(1)> inline.\n", 1, "raw HTML"),
    ("Prose.\n\n<iframe src=\"https://example.org\"></iframe>\n", 3, "raw HTML"),
    ("Prose.\n\n```{code-cell} ipython3\nimport os\n```\n", 3, "prose or a {chart}"),
    ("Prose.\n\n```{include} ../../../../etc/passwd\n```\n", 3, "prose or a {chart}"),
    ("Prose.\n\n:::{literalinclude} /etc/hostname\n:::\n", 3, "prose or a {chart}"),
    ("Prose.\n\n```{raw} html\n<b>x</b>\n```\n", 3, "prose or a {chart}"),
    ("See {download}`../../../../etc/passwd`.\n", 1, "a role of a reading"),
    ("Old {glue:md}`isil_fighters_libya`.\n", 1, "glue references are the build's own"),
    ("A [link](mailto:someone@example.org) here.\n", 1, "a link to a chapter of the book"),
    ("A [link](https://example.org) here.\n", 1, "a link to a chapter of the book"),
    ("A [link](../../../etc/passwd) here.\n", 1, "a link to a chapter of the book"),
    ("An ![image](https://example.org/x.png) here.\n", 1, "images are not a reading's"),
    ("Prose.\n\nIt says \u201cwhat it says\u201d plainly.\n", 3, "{quote}`PLACE: words`"),
    ("Intro.\n\n    indented code\n", 3, "an indented code block"),
])
def test_what_a_reading_may_not_hold_is_refused_at_its_line(tmp_path, held, text, line,
                                                           expected):
    problems = _problems(tmp_path, held["facts"], text)
    assert problems, text
    assert problems[0][0] == line
    assert expected in problems[0][1]


@pytest.mark.parametrize("chart, expected", [
    ("```{chart} pie\n:title: T\n:description: D\n```\n", "a chart kind"),
    ("```{chart} estimates\n:title: T\n:description: D\n```\n", "the option :indicator:"),
    ("```{chart} headings\n:title: T\n```\n", "the option :description:"),
    ("```{chart} headings\n:title: T\n:description: D\n:colour: red\n```\n", "an option of"),
    ("```{chart} estimates\n:indicator: no_such_measure\n:title: T\n:description: D\n```\n",
     "an indicator of"),
])
def test_a_chart_directive_is_checked(tmp_path, held, chart, expected):
    problems = _problems(tmp_path, held["facts"], "Prose.\n\n" + chart)
    assert [(p[0], expected in p[1]) for p in problems][:1] == [(3, True)]


def test_every_paragraph_of_a_reading_from_coverage_cites_a_source(tmp_path, tables):
    edition = _edition(tables, "coverage")
    facts = edition_facts(tables, int(edition["ordinal"]), ROOT / "data" / "raw")
    source = sorted(facts.sources)[0]
    text = (f"## Heading\n\nCited by {{source}}`{source}`.\n\nAn uncited paragraph.\n\n"
            "- an uncited item\n")
    problems = _problems(tmp_path, facts, text)
    assert [(p[0], "cites its source" in p[1]) for p in problems] == [(5, True), (7, True)]


def test_a_symbolic_link_and_a_bad_byte_are_refused_by_name(tmp_path, held):
    target = _write(tmp_path, "Prose.\n", "target.md")
    link = tmp_path / "threat.md"
    link.symlink_to(target)
    problems = check_reading(link, held["facts"])
    assert len(problems) == 1 and "symbolic link" in problems[0].expected
    bad = tmp_path / "funding.md"
    bad.write_bytes("Line one.\n\nLine \u00e9 three.\n".encode("latin-1"))
    problems = check_reading(bad, held["facts"])
    assert [(p.file, p.row, p.expected) for p in problems] == [(str(bad), 3, "UTF-8 text")]


def test_reading_folders_and_files_must_name_an_edition_and_a_chapter(tmp_path, tables):
    readings = tmp_path / "book" / "readings"
    symbol = _edition(tables, "text")["symbol"]
    (readings / "S-1999-1").mkdir(parents=True)
    (readings / symbol.replace("/", "-")).mkdir()
    (readings / symbol.replace("/", "-") / "notes.md").write_text("Prose.\n", encoding="utf-8")
    problems = check_readings(tables, tmp_path / "book", ROOT / "data" / "raw", {"threat"})
    assert [(p.file.removeprefix(str(readings)), p.found) for p in problems] == [
        ("/S-1999-1", "S-1999-1"), (f"/{symbol.replace('/', '-')}/notes.md", "notes.md")]


def test_roles_are_read_in_order_with_their_lines(tmp_path):
    path = _write(tmp_path, "# T\n\nA {fig}`a` and\n{value}`b`.\n\n> {quote}`3: x\n> y`\n")
    reading, problems = read_reading(path)
    assert problems == []
    assert [(r.name, r.content, r.line) for r in reading.roles] == [
        ("fig", "a", 3), ("value", "b", 4), ("quote", "3: x y", 6)]


def test_roles_render_whole_figures_quotes_and_links(held):
    """What a reader sees: the figure in words with its citation, the quote with its paragraph."""
    from isilbook.book.chapter import Chapter
    from isilbook.book.edition import Edition
    from isilbook.book.prose import describe
    from isilbook.book.reading_render import render_role
    from isilbook.data.validate import load_tables

    facts = held["facts"]
    page = Chapter(Edition(facts.ordinal, load_tables(ROOT / "data")), "threat", None)
    figure, paragraph = held["range"], held["paragraph"]
    key = figure["indicator"]
    whole = render_role(page, facts, "fig", key)
    assert describe(figure, with_unit=True) in whole
    assert f"para. {int(figure['paragraph'])}</a>" in whole
    bare = render_role(page, facts, "value", key)
    assert f'<span class="isil-num">{describe(figure)}</span>' in bare
    share = render_role(page, facts, "share", f"{key}.low / {key}.high")
    assert f"{100 * figure['low'] / figure['high']:.0f} per cent" in share
    words = " ".join(paragraph["text"].split()[:4])
    quote = render_role(page, facts, "quote", f"{int(paragraph['paragraph'])}: {words}")
    assert quote.startswith("“") and f"para. {int(paragraph['paragraph'])}</a>" in quote


def test_a_name_the_data_lost_fails_the_chapter_at_the_readings_line(held, monkeypatch):
    from isilbook.book import reading_render
    from isilbook.book.chapter import Chapter
    from isilbook.book.edition import Edition
    from isilbook.data.validate import load_tables

    monkeypatch.setattr(reading_render, "glue_markdown", lambda name, text: None)
    facts = held["facts"]
    page = Chapter(Edition(facts.ordinal, load_tables(ROOT / "data")), "threat", None)
    with pytest.raises(reading_render.ReadingError) as error:
        reading_render.glue_reading(page, str(ROOT / "data"), "book/readings/X/threat.md",
                                    [("fig", held["exact"]["indicator"], 3),
                                     ("fig", "gone_from_the_data", 7)])
    assert str(error.value).startswith("book/readings/X/threat.md, line 7: expected a figure of")
