"""The PDF route: the held S/2016/501 text printed as UN PDFs must come back exactly.

The expected values come from the held text (``data/raw/S-2016-501.txt``) and from the
footnotes the test itself adds (``UN_FOOTNOTES`` in conftest), never from the extractor.
"""

from __future__ import annotations

import csv
import re
import subprocess

import pandas as pd
import pytest

from isilbook.data.hyphenation import join_hyphenated, vocabulary
from isilbook.data.intake import add_edition
from isilbook.data.parse import parse_report
from isilbook.data.sources import sha256_of
from isilbook.data.validate import validate_data
from tests.conftest import REPORT, UN_FOOTNOTES, copy_project

LAYOUTS = ["gutter", "indented"]


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


@pytest.fixture(scope="module")
def editions(un_pdfs, read_pdf_once):
    return {name: read_pdf_once(un_pdfs[name], "S/2016/501") for name in LAYOUTS}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdf_route_gives_the_text_route_exactly(editions, paragraphs, layout):
    edition = editions[layout]
    assert _lines(edition.text) == _lines(REPORT.read_text(encoding="utf-8"))
    assert edition.paragraphs["paragraph"].tolist() == list(range(1, 92))
    columns = ["chapter", "chapter_title", "section", "section_title", "subsection",
               "subsection_title", "line", "text"]
    pd.testing.assert_frame_equal(edition.paragraphs[columns], paragraphs[columns])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_layouts_really_are_hard(un_pdfs, editions, layout):
    """The PDFs carry what the intake must undo: hyphenated line ends, a paragraph over a page
    break, a heading at the foot of a page, running headers and footers on every page."""
    edition = editions[layout]
    assert edition.pages >= 12
    blocks = edition.blocks
    assert any(b.last_page != b.page and re.match(r"\d+\. ", b.text) for b in blocks)
    heading_at_foot = [b for b, after in zip(blocks, blocks[1:])
                       if b.bold and after.page == b.page + 1]
    assert heading_at_foot
    raw = subprocess.run(["pdftotext", str(un_pdfs[layout]), "-"], capture_output=True,
                         check=True, text=True).stdout  # poppler, not the code under test
    assert len(re.findall(r"[a-z\u00ad][-\u2010]\n[a-z]", raw)) >= 30  # words cut at line ends
    assert raw.count("S/2016/501") >= edition.pages  # masthead + one header a page
    assert f"{edition.pages}/{edition.pages}" in raw


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_footnote_is_in_its_table(editions, paragraphs, layout):
    notes = editions[layout].footnotes
    expected = [(str(i), int(p), text) for i, (p, _, text) in enumerate(UN_FOOTNOTES, start=1)]
    assert list(zip(notes["marker"], notes["paragraph"].astype(int), notes["text"])) == expected
    texts = dict(zip(paragraphs["paragraph"], paragraphs["text"]))
    for (_, after, _), paragraph, position in zip(UN_FOOTNOTES, notes["paragraph"],
                                                  notes["position"]):
        assert texts[paragraph][:position].endswith(after)
    assert notes["page"].is_monotonic_increasing and notes["page"].iloc[0] == 1


def test_review_lists_what_was_dropped_and_where_each_paragraph_is(editions):
    from isilbook.data.pdf_report import review_markdown

    edition = editions["gutter"]
    review = review_markdown(edition, "data/derived/S-2016-501.txt")
    dropped = {(line.kind, line.text) for line in edition.dropped}
    assert ("masthead", "United Nations") in dropped
    assert ("masthead", "Distr.: General") in dropped
    assert ("masthead", "S/2016/501") in dropped
    assert ("header", "S/2016/501") in dropped
    assert ("footer", f"16-08800 {edition.pages}/{edition.pages}") in dropped or \
        ("footer", f"{edition.pages}/{edition.pages} 16-08800") in dropped
    assert any(kind == "footer" and "(E)" in text and "Please recycle" in text
               for kind, text in dropped)
    headers = [line for line in edition.dropped if line.kind == "header"]
    assert sorted({line.page for line in headers}) == list(range(2, edition.pages + 1))
    assert "| 1 | 1 | 11 |" in review  # paragraph 1: page 1, line 11 (masthead 6, title 3)
    assert review.count("| header |") == edition.pages - 1
    rows = re.findall(r"^\| (\d+) \| [\d–]+ \| \d+ \|$", review, re.M)
    assert [int(r) for r in rows] == list(range(1, 92))


@pytest.mark.parametrize(("left", "right", "expected", "sure"), [
    ("inter-", "governmental talks", "intergovernmental talks", False),  # both are words
    ("peace-", "keeping forces", "peacekeeping forces", False),
    ("cross-", "border raids", "cross-border raids", True),
    ("pro-", "gramme funds", "programme funds", True),
    ("long-", "range drones", "long-range drones", True),
    ("Al-", "Shabaab", "Al-Shabaab", True),
    ("COVID-", "19 cases", "COVID-19 cases", True),
    ("ter-", "rorism", "terrorism", True),
])
def test_a_line_end_hyphen_is_undone_only_for_a_word(left, right, expected, sure):
    joined = join_hyphenated(left, right, frozenset())
    assert (joined.text, joined.sure) == (expected, sure)


def test_the_report_s_own_words_settle_a_hyphen():
    known = vocabulary(["Counter-terrorism is a priority.", "We cooperate closely."])
    assert join_hyphenated("counter-", "terrorism", known).text == "counter-terrorism"
    assert join_hyphenated("co-", "operate", known).text == "cooperate"


@pytest.mark.usefixtures("reading_pdfs_once")  # the same read as the checks above
def test_add_edition_from_the_pdf_end_to_end(un_pdfs, tmp_path):
    """The held edition removed from a project copy and taken in again from its PDF: the
    generated paragraphs come back byte for byte, figures still validate, and footnotes land."""
    fresh = copy_project(tmp_path / "project")
    with fresh.manifest.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    kept = [row for row in rows if row[0] != "S-2016-501"]
    with fresh.manifest.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)
    (fresh.raw / "S-2016-501.txt").unlink()
    paragraphs_before = fresh.table("paragraphs").read_bytes()

    report = add_edition(fresh, un_pdfs["gutter"], "S/2016/501", "2016-05-31")

    assert report.source.file == "S-2016-501.pdf" and report.paragraphs == 91
    assert (fresh.raw / "S-2016-501.pdf").read_bytes() == un_pdfs["gutter"].read_bytes()
    with fresh.manifest.open(encoding="utf-8") as handle:
        row = {r["id"]: r for r in csv.DictReader(handle)}["S-2016-501"]
    assert row["sha256"] == sha256_of(un_pdfs["gutter"]) and row["title"].startswith(
        "Report of the Secretary-General on the threat posed by ISIL (Da’esh) to international")
    assert fresh.table("paragraphs").read_bytes() == paragraphs_before
    derived = fresh.data / "derived" / "S-2016-501.txt"
    assert _lines(derived.read_text(encoding="utf-8")) == _lines(REPORT.read_text("utf-8"))
    assert parse_report(derived, "S/2016/501")["paragraph"].tolist() == list(range(1, 92))
    assert report.review_file.read_text(encoding="utf-8").startswith("# Review of gutter.pdf")

    footnotes = pd.read_csv(fresh.table("footnotes"))
    assert footnotes["marker"].tolist() == list(range(1, 10))
    references = pd.read_csv(fresh.table("references"), dtype=str)
    in_notes = references[references["footnote"].notna()]
    assert list(zip(in_notes["footnote"], in_notes["target"], in_notes["pinpoint"].fillna(""),
                    in_notes["via_ibid"])) == [
        ("1", "S/2016/92", "", "False"),
        ("3", "S/2015/975", "para. 21", "False"),
        ("4", "S/2015/975", "paras. 19-22", "True"),
        ("6", "resolution 2178 (2014)", "", "False"),
        ("7", "S/2015/683", "", "False"),
    ]
    tables = validate_data(fresh.data)
    assert len(tables.footnotes) == 9 and len(tables.figures) > 40
    assert report.candidates_file.exists()


def test_the_source_page_shows_footnotes_under_their_paragraph(editions, project):
    from isilbook.book.source_page import reports_html
    from isilbook.data.validate import load_tables

    tables = load_tables(project.data, check=False)
    tables.paragraphs = editions["gutter"].paragraphs
    tables.footnotes = editions["gutter"].footnotes
    page = reports_html(tables)
    para10 = page[page.index('id="s-2016-501-para-10"'):page.index('id="s-2016-501-para-11"')]
    assert para10.count('class="isil-footnote-ref"') == 2
    assert "between 30 and 50 per cent<sup" in para10
    assert '<li id="s-2016-501-para-10-fn-3" value="3">Estimates shared with the Monitoring ' \
        "Team; see S/2015/975, para. 21." in para10
    assert para10.index("“balloon effect”<sup") < para10.index("fn-4")
    para11 = page[page.index('id="s-2016-501-para-11"'):page.index('id="s-2016-501-para-12"')]
    assert "isil-footnote" not in para11


def test_characters_are_read_as_pdfplumber_reads_them(un_pdfs):
    """The reader takes characters from pdfminer's layout itself (for speed): the values it
    keeps are pdfplumber's own, superscript markers and the footer's small print included."""
    import pdfplumber

    from isilbook.data.pdf_text import _page_chars

    keys = ["text", "x0", "x1", "top", "bottom", "size", "fontname", "upright"]
    with pdfplumber.open(un_pdfs["indented"]) as pdf:
        for page in pdf.pages[:3]:
            ours = _page_chars(page)
            assert len(ours) > 1000 and any(c["size"] < 8 for c in ours)
            assert ours == [{key: char[key] for key in keys} for char in page.chars]
