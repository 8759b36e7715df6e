"""Documents and resolutions each paragraph cites, with pinpoints and ibid. resolved."""

from __future__ import annotations

from isilbook.data.references import find_references, references_table


def _rows(references, paragraph):
    rows = references[references["paragraph"] == paragraph]
    return [(r.kind, r.target, r.pinpoint, r.via_ibid) for r in rows.itertuples()]


def test_paragraph_two_cites_the_initial_report(paragraphs):
    assert _rows(references_table(paragraphs), 2) == [("document", "S/2016/92", "", False)]


def test_paragraph_twenty_eight_pinpoints_and_ibid(paragraphs):
    assert _rows(references_table(paragraphs), 28) == [
        ("document", "S/2015/891", "para. 21", False),
        ("document", "S/2015/891", "para. 8", True),
    ]


def test_ibid_range_pinpoint_in_paragraph_forty_four(paragraphs):
    assert _rows(references_table(paragraphs), 44) == [
        ("document", "S/2016/361", "", False),
        ("document", "S/2016/361", "paras. 19-22", True),
    ]


def test_resolution_lists_give_one_row_each(paragraphs):
    targets = [t for _, t, _, _ in _rows(references_table(paragraphs), 80)]
    assert targets == ["resolution 1267 (1999)", "resolution 1989 (2011)",
                       "resolution 2253 (2015)"]


def test_other_symbol_shapes(paragraphs):
    table = references_table(paragraphs)
    assert _rows(table, 74) == [("document", "S/PRST/2015/11", "", False)]
    assert ("document", "A/HRC/28/18", "", False) in _rows(table, 46)
    assert ("document", "A/70/674", "", False) in _rows(table, 86)
    assert ("document", "S/2015/939", "annex II", False) in _rows(table, 51)


def test_ibid_without_an_earlier_document_is_not_invented():
    rows, last = find_references("As noted (ibid., para. 3), resolution 2178 (2014) applies.")
    assert [(r["kind"], r["target"]) for r in rows] == [("resolution", "resolution 2178 (2014)")]
    assert last is None
