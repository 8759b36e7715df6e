"""A new edition end to end: text in, manifest, paragraphs, candidates, a book built for it."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from isilbook.data.intake import add_edition
from isilbook.data.sources import sha256_of
from isilbook.errors import ParseError
from isilbook.paths import ProjectPaths
from isilbook.publish.site import build_book
from tests.conftest import BUILD_JOBS, copy_project

NEW_REPORT = """Report of the Secretary-General on the threat posed by ISIL (Da’esh)
I. Introduction
1. The present report is submitted pursuant to resolution 2253 (2015) (see S/2016/501, para. 4).
II. The gravity of the threat
A. The threat posed by ISIL and associated groups and entities
2. Attacks claimed by ISIL in Bangladesh and Türkiye killed more than 300 people.
B. ISIL funding sources
3. Member States estimate that oil revenue fell by between 40 and 60 per cent, to around $250 million.
C. Foreign terrorist fighters
4. Around 40,000 individuals may have attempted to travel to the region.
III. Evolving aspects of the threat
A. Geographical evolution of the threat posed by ISIL
1. ISIL in Libya
5. Member States estimate that between 1,000 and 2,000 fighters remain near Sirte.
2. ISIL in Afghanistan
6. Fewer than 700 fighters remain in Nangarhar.
"""


@pytest.fixture
def fresh(tmp_path) -> ProjectPaths:
    return copy_project(tmp_path / "project")


#: A made-up edition: a symbol of a year no real edition can have.
SYMBOL, SOURCE = "S/2099/830", "S-2099-830"


def _next_date(project: ProjectPaths) -> str:
    """Half a year after the newest edition listed: a date add-edition takes without asking."""
    newest = pd.read_csv(project.table("editions"))["date"].max()
    return (pd.Timestamp(newest) + pd.Timedelta(days=180)).strftime("%Y-%m-%d")


def test_add_edition_end_to_end(fresh, tmp_path, warm_kernels):
    text = tmp_path / "next-report.txt"
    text.write_text(NEW_REPORT, encoding="utf-8")
    before = pd.read_csv(fresh.table("paragraphs"))
    report = add_edition(fresh, text, SYMBOL, _next_date(fresh), "Next report on ISIL")

    with fresh.manifest.open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows[SOURCE]["document"] == SYMBOL
    assert rows[SOURCE]["sha256"] == sha256_of(text)
    assert (fresh.raw / f"{SOURCE}.txt").read_bytes() == text.read_bytes()

    paragraphs = pd.read_csv(fresh.table("paragraphs"))
    new = paragraphs[paragraphs["document"] == SYMBOL]
    assert new["paragraph"].tolist() == [1, 2, 3, 4, 5, 6]
    assert new.set_index("paragraph").loc[5, "subsection_title"] == "ISIL in Libya"
    others = paragraphs[paragraphs["document"] != SYMBOL].reset_index(drop=True)
    pd.testing.assert_frame_equal(others, before)  # every other text kept as it was

    candidates = pd.read_csv(report.candidates_file)
    found = {(r.paragraph, r.qualifier, r.low if pd.notna(r.low) else None,
              r.high if pd.notna(r.high) else None) for r in candidates.itertuples()}
    assert (2, "more than", 300, None) in found
    assert (3, "between", 40, 60) in found
    assert (3, "around", 250_000_000, 250_000_000) in found
    assert (5, "between", 1000, 2000) in found
    assert (6, "fewer than", None, 700) in found
    assert not any(low in (2253, 2015, 2016) for _, _, low, _ in found)

    built = build_book(fresh, document=SYMBOL, jobs=BUILD_JOBS, kernels=warm_kernels)
    libya = (built.site / "book" / "libya.html").read_text(encoding="utf-8")
    assert SYMBOL in libya and "Sirte" in libya
    source = (built.site / "book" / "source.html").read_text(encoding="utf-8")
    assert 'id="s-2099-830-para-6"' in source


def test_a_broken_text_is_refused_before_anything_is_written(fresh, tmp_path):
    text = tmp_path / "broken.txt"
    text.write_text(NEW_REPORT.replace("\n4. Around", "\n5. Around"), encoding="utf-8")
    manifest = fresh.manifest.read_bytes()
    tables = {p.name: p.read_bytes() for p in fresh.data.glob("*.csv")}
    with pytest.raises(ParseError, match="broken.txt, line 10: expected paragraph 4"):
        add_edition(fresh, text, SYMBOL, _next_date(fresh), "Next report")
    assert fresh.manifest.read_bytes() == manifest
    assert {p.name: p.read_bytes() for p in fresh.data.glob("*.csv")} == tables
    assert not (fresh.raw / f"{SOURCE}.txt").exists()
