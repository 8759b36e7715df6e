"""An author takes in a new edition as the README says, from its PDF to its pages.

In a copy of the project: a made-up report (under a symbol and a date no real edition can
have) is printed as a UN PDF whose headings are worded otherwise than the registry's words and
whose sub-section heading falls at the foot of a page; add-edition takes it in and names the
chapters that found no section; the author gives the edition its own heading words, curates
two candidates with `isilbook curate`, writes a prose reading with a figure, a quotation and a
source, and builds that edition's book.
"""

from __future__ import annotations

import re

import pandas as pd
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from isilbook.cli import app
from isilbook.data.candidates import candidates_path
from isilbook.data.identifiers import edition_folder
from isilbook.publish.site import build_book
from tests.conftest import BUILD_JOBS, copy_project, keep_only
from tests.un_pdf import Text, page_drawing, report_page, write_pdf

SYMBOL, DATE = "S/2099/77", "2099-06-30"
TITLE = "Report of the Secretary-General on a made-up threat"
PAGE_ONE = [
    ("I. Introduction", True),
    ("1. The present report is submitted pursuant to resolution 2253 (2015).", False),
    ("II. The threat in numbers", True),
    ("A. Financing of the group", True),
    ("2. Member States estimate that the group holds between 10 and 30 million dollars.", False),
    ("B. Fighters abroad", True),
    ("3. Around 2,500 fighters remain in the border area, according to one Member State.", False),
    ("III. Regional affiliates", True),
    ("A. Branches", True),
    ("1. The branch in Libya", True),  # a sub-section heading at the foot of the page
]
PAGE_TWO = [
    ("4. Between 500 and 700 fighters remain near Sirte.", False),
]


def _run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def _spaced(lines: list[Text]) -> list[Text]:
    """The page's blocks set as a report sets them: a paragraph wrapped over two lines 12
    points apart, a wider gap before each block, so that lines and blocks are told apart."""
    top, spaced = None, []
    for line in lines:
        if not 100 < line.top < 790:  # masthead, running header, footer: as drawn
            spaced.append(line)
            continue
        top = line.top if top is None else top + 30
        words = line.text.split()
        if line.bold or len(words) < 6:
            spaced.append(Text(line.x, top, line.size, line.text, bold=line.bold))
            continue
        half = len(words) // 2
        spaced += [Text(line.x, top, line.size, " ".join(words[:half]), bold=line.bold),
                   Text(line.x, top + 12, line.size, " ".join(words[half:]), bold=line.bold)]
        top += 12
    return spaced


def _pdf(tmp_path):
    path = tmp_path / "made-up-report.pdf"
    path.write_bytes(write_pdf([
        page_drawing(_spaced(report_page(SYMBOL, TITLE, PAGE_ONE))),
        page_drawing(_spaced(report_page(SYMBOL, "", PAGE_TWO, first=False)))]))
    return path


def test_an_author_takes_in_an_edition_and_builds_its_book(tmp_path, warm_kernels):
    project = copy_project(tmp_path / "project")
    root = str(project.root)
    added = _run("add-edition", str(_pdf(tmp_path)), "--symbol", SYMBOL, "--date", DATE,
                 "--confirm-date", "--root", root)

    # The sub-section heading at the foot of page one stayed a heading of paragraph 4.
    paragraphs = pd.read_csv(project.table("paragraphs"))
    own = paragraphs[paragraphs["document"] == SYMBOL].set_index("paragraph")
    assert list(own.index) == [1, 2, 3, 4]
    assert own.loc[4, "subsection_title"] == "The branch in Libya"
    assert own.loc[4, "text"] == "Between 500 and 700 fighters remain near Sirte."

    # Funding's words ("ISIL funding|funding sources") find nothing here: the author is told.
    warning = re.search(r"warning: no section found for \d+ chapter\(s\): ([a-z_, ]+);",
                        added.output)
    assert warning and "funding" in warning.group(1).split(", ")
    review = next((project.data / "derived").glob("*.review.md")).read_text(encoding="utf-8")
    assert re.search(r"\| funding \| .* \| \*\*no section found\*\* \|", review)

    # The author gives this edition its own heading words, and the review finds the section.
    ordinal = int(pd.read_csv(project.table("editions")).set_index("symbol").loc[SYMBOL,
                                                                                 "ordinal"])
    with project.table("sections").open("a", encoding="utf-8") as sections:
        sections.write(f"{ordinal},funding,^Financing of the group$,Heading B of chapter II\n")
    _run("tables", "--root", root)
    review = next((project.data / "derived").glob("*.review.md")).read_text(encoding="utf-8")
    assert "| funding | `^Financing of the group$` | A. Financing of the group (II.A) |" in review

    # Two candidates kept, given the catalogue's keys, appended by `isilbook curate`.
    source = candidates_path(project, SYMBOL)
    candidates = pd.read_csv(source, dtype=str, keep_default_na=False)
    [money] = candidates.index[candidates["quote"].str.contains("between 10 and 30 million")]
    [libya] = candidates.index[candidates["quote"].str.contains("Between 500 and 700")]
    for row, cells in ((money, {"keep": "yes", "theme": "funding", "attribution": "Member States",
                                "indicator": "isil_funds_reserves",
                                "label": "Money the group holds"}),
                       (libya, {"keep": "yes", "theme": "libya", "indicator": "isil_fighters_libya",
                                "label": "ISIL fighters in Libya"})):
        for column, value in cells.items():
            candidates.at[row, column] = value
    candidates.to_csv(source, index=False)
    _run("curate", SYMBOL, "--root", root)
    figures = pd.read_csv(project.table("figures"), dtype=str, keep_default_na=False)
    kept = figures[figures["document"] == SYMBOL].set_index("indicator")
    assert set(kept.index) == {"isil_funds_reserves", "isil_fighters_libya"}

    # A prose reading: a figure, a quotation and a source, each by name.
    readings = project.book / "readings" / edition_folder(SYMBOL)
    readings.mkdir(parents=True)
    (readings / "funding.md").write_text(
        "## What the edition says\n\n"
        "Member States put the group's money at {fig}`isil_funds_reserves`. The report calls "
        "the holders of that money {quote}`2: Member States estimate`, and the text itself is "
        f"recorded as {{source}}`{SYMBOL.replace('/', '-')}`.\n", encoding="utf-8")
    _run("validate", "--root", root)

    keep_only(project.root / "_toc.yml", ["funding", "methods", "source", "data"])
    built = build_book(project, document=SYMBOL, jobs=BUILD_JOBS, kernels=warm_kernels)
    page = BeautifulSoup((built.site / "book" / "funding.html").read_text(encoding="utf-8"),
                         "html.parser")
    article = " ".join(page.select_one("article").get_text(" ").split())
    money_row = kept.loc["isil_funds_reserves"]
    assert "between $10 million and $30 million" in article
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select("article a.isil-cite")}
    assert links[f"{SYMBOL}, para. {money_row['paragraph']}"].endswith(
        f"#s-2099-77-para-{money_row['paragraph']}")
    assert f"“Member States estimate” ( {SYMBOL}, para. 2 )" in article
    # The notice names the section the edition's own words found.
    assert "Financing of the group" in article
