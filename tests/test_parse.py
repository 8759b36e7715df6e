"""Report text to paragraphs: all 91 of S/2016/501, each under the right headings."""

from __future__ import annotations

import pytest

from isilbook.data.parse import parse_report, roman_to_int, section_codes
from isilbook.errors import ParseError
from tests.conftest import REPORT


def test_all_ninety_one_paragraphs_in_order(paragraphs):
    assert len(paragraphs) == 91
    assert paragraphs["paragraph"].tolist() == list(range(1, 92))


@pytest.mark.parametrize(("paragraph", "code", "title"), [
    (1, "I", "Introduction"),
    (4, "II.A", "The threat posed by ISIL and associated groups and entities"),
    (9, "II.B", "ISIL funding sources"),
    (24, "III", "Evolving aspects of the threat"),
    (26, "III.A.1", "ISIL in Libya"),
    (31, "III.A.1", "ISIL in Libya"),
    (32, "III.A.2", "ISIL in Afghanistan"),
    (37, "III.B.1", "Use of information communications technology platforms by ISIL"),
    (40, "III.B.1", "Use of information communications technology platforms by ISIL"),
    (41, "III.B.2", "Enhancing cooperation with private information and communications "
                    "technology companies"),
    (44, "III.C", "Conflict-related sexual violence"),
    (60, "IV.D.1", "Law enforcement"),
    (62, "IV.D.1", "Law enforcement"),
    (63, "IV.D.2", "Border control"),
    (72, "V", None),
    (91, "V.H", "United Nations bodies and field missions"),
])
def test_paragraphs_sit_in_the_heading_hierarchy(paragraphs, paragraph, code, title):
    row = paragraphs[paragraphs["paragraph"] == paragraph].iloc[0]
    assert section_codes(paragraphs[paragraphs["paragraph"] == paragraph]).iloc[0] == code
    if title is not None:
        heading = row["subsection_title"] if code.count(".") == 2 else (
            row["section_title"] if "." in code else row["chapter_title"])
        assert heading == title


def test_paragraph_text_is_verbatim(paragraphs):
    text = paragraphs.set_index("paragraph").loc[28, "text"]
    assert "between 3,000 and 5,000 fighters" in text
    assert not text.startswith("28.")
    assert "Da’esh" in paragraphs.set_index("paragraph").loc[1, "text"]


def test_roman_numerals():
    assert [roman_to_int(n) for n in ("I", "IV", "V", "IX", "XIV")] == [1, 4, 5, 9, 14]


def _broken(tmp_path, replace_line: int | None = None, new: str | None = None, drop: int | None = None):
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    if drop is not None:
        del lines[drop - 1]
    if replace_line is not None:
        lines[replace_line - 1] = new
    path = tmp_path / "broken.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_gap_in_the_numbering_names_the_line(tmp_path):
    line = next(i for i, text in enumerate(REPORT.read_text().split("\n"), 1)
                if text.startswith("47. "))
    path = _broken(tmp_path, drop=line)  # paragraph 47 is missing: 48 follows 46
    with pytest.raises(ParseError) as error:
        parse_report(path, "S/2016/501")
    assert f"broken.txt, line {line + 2}" in str(error.value)  # 48 moved up to line + 2
    assert "expected paragraph 47 (a gap in the numbering)" in str(error.value)


def test_a_duplicate_number_names_the_line(tmp_path):
    line = next(i for i, text in enumerate(REPORT.read_text().split("\n"), 1)
                if text.startswith("11. "))
    path = _broken(tmp_path, replace_line=line, new="10. A repeated paragraph.")
    with pytest.raises(ParseError, match=rf"line {line}: expected paragraph 11 \(paragraph 10 "
                                         "is a duplicate\\)"):
        parse_report(path, "S/2016/501")


@pytest.mark.parametrize(("text", "message"), [
    ("Title\n1. A paragraph before any heading.\n", "line 2: expected a chapter heading"),
    ("Title\nI. Introduction\nA. Section\n", "expected at least one numbered paragraph"),
    ("Title\n", "found 'no headings or paragraphs'"),
    ("Title\nI. Introduction\n1. Fine.\nStray continuation line\n", "line 4: expected"),
])
def test_structurally_broken_texts_fail_clearly(tmp_path, text, message):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError, match=message):
        parse_report(path, "S/X")
