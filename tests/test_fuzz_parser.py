"""The report parser under random and hostile text: only its declared errors, in bounded time.

``parse_report`` promises a table of paragraphs or a :class:`~isilbook.errors.ParseError` naming
the file and line. Hypothesis feeds it arbitrary bytes, arbitrary Unicode, very long lines, and
reports assembled from headings and numbered lines in odd orders; any other exception, or an
example slower than the deadline, fails. When a text does parse, the result must keep the
parser's own promises (paragraphs numbered 1, 2, 3 ... each under a chapter, text verbatim).
(The quantity extractor's fuzzing lives in tests/test_extract.py.)
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from isilbook.data.parse import PARAGRAPH_COLUMNS, parse_report
from isilbook.data.tables import write_table
from isilbook.errors import DataError, ParseError

FUZZ = settings(deadline=2000, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
# Every Unicode character except lone surrogates (which no UTF-8 file can hold).
ANY_CHAR = st.characters(exclude_categories=["Cs"])
NUMBERS = st.integers(min_value=0, max_value=12)
TEXT = st.text(ANY_CHAR, max_size=40)
LINE = st.one_of(
    st.builds("{}. {}".format, NUMBERS, TEXT),  # paragraph or sub-section, any number
    st.builds("{}. {}".format, st.sampled_from(["I", "II", "III", "IV", "V", "IX", "XL", "C",
                                                 "IIII", "VX", "MMM", "i"]), TEXT),
    st.builds("{}. {}".format, st.sampled_from(list("ABCDEZ") + ["a", "AA"]), TEXT),
    st.builds("{}.{}".format, NUMBERS, TEXT),  # stray numbering: no space after the full stop
    st.sampled_from(["", " ", "\t", "1.", "I.", "A. ", ". x", "\u00a0", "\u2028", "\x0b",
                     "1. 2. 3.", "٣. Arabic-Indic digit", "１. fullwidth digit", "\ufeff1. x"]),
    TEXT,
)


def _parse(content: bytes) -> pd.DataFrame | None:
    """Parse bytes written to a temporary file; ``None`` when the parser refused them cleanly."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_bytes(content)
        try:
            frame = parse_report(path, "S/2016/501")
        except ParseError as error:
            assert error.problems and error.problems[0].file == str(path)
            line = error.problems[0].row
            assert line is None or 1 <= line <= content.count(b"\n") + 1
            return None
    _check_promises(frame, content)
    return frame


def _check_promises(frame: pd.DataFrame, content: bytes) -> None:
    assert list(frame.columns) == PARAGRAPH_COLUMNS and len(frame) >= 1
    assert frame["paragraph"].tolist() == list(range(1, len(frame) + 1))
    assert (frame["chapter"] != "").all()
    lines = content.decode("utf-8").split("\n")
    for row in frame.itertuples(index=False):
        line = lines[row.line - 1].strip()
        assert line.endswith(row.text)  # verbatim, on the line it names
        number = re.match(r"\d+", line)
        assert number and int(number.group()) == row.paragraph


@FUZZ
@given(st.binary(max_size=2000))
@example(b"\xff\xfe\x00T\x00i\x00t")  # UTF-16
@example(b"Title\nI. Intro\n1. ok\n\x00")
def test_arbitrary_bytes_raise_only_parse_errors(content):
    _parse(content)


@FUZZ
@given(st.text(ANY_CHAR, max_size=2000))
def test_arbitrary_unicode_raises_only_parse_errors(text):
    _parse(text.encode("utf-8"))


@FUZZ
@given(st.lists(LINE, max_size=60), st.sampled_from(["\n", "\r\n", "\n\n"]))
@example(["I. Introduction", "1. One.", "A. Section", "1. Sub-section", "2. Two.", "2. Sub"], "\n")
@example(["I. One", "III. Three", "1. x"], "\n")
@example(["I. Introduction", "1. One.", "A. Section", "C. Skipped a letter"], "\n")
def test_headings_and_numbers_in_odd_orders(lines, newline):
    _parse(newline.join(["Title", *lines]).encode("utf-8"))


@FUZZ
@given(st.integers(min_value=1, max_value=20), st.integers(min_value=10_000, max_value=100_000),
       st.sampled_from(["x", "5,000 ", "\u00e9", "word ", "1. ", "\u202e"]))
def test_very_long_lines_parse_in_bounded_time(paragraphs, width, filler):
    body = [f"{n}. " + filler * (width // len(filler)) for n in range(1, paragraphs + 1)]
    frame = _parse("\n".join(["Title", "I. Introduction", *body]).encode("utf-8"))
    assert frame is not None and len(frame) == paragraphs


@settings(deadline=5000, max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, min_size=1, max_size=30))
def test_a_parsed_fuzz_report_round_trips_through_its_table(lines):
    """Whatever parses can be written as a table and read back unchanged (no lost text)."""
    content = "\n".join(["Title", "I. Introduction", "1. First.", *lines]).encode("utf-8")
    frame = _parse(content)
    if frame is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "paragraphs.csv"
        write_table(frame, path)
        back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back["text"].tolist() == frame["text"].tolist()


def test_declared_errors_are_data_errors():
    # The CLI prints any DataError without a traceback; ParseError must be one.
    assert issubclass(ParseError, DataError)
