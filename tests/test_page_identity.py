"""What the Sphinx extension adds to every page: the data's date, the edition line, the cite
block and the browser title (the browser tests check them on the built site)."""

from __future__ import annotations

import datetime
import os
import subprocess
from types import SimpleNamespace

from isilbook.publish import sphinx_offline


def _project(root, days_ago: int):
    (root / "data").mkdir(parents=True)
    figures = root / "data" / "figures.csv"
    figures.write_text("id\n", encoding="utf-8")
    when = datetime.datetime(2026, 3, 14, 12, tzinfo=datetime.UTC) \
        - datetime.timedelta(days=days_ago)
    os.utime(figures, (when.timestamp(), when.timestamp()))
    return when.date().isoformat()


def test_outside_git_the_date_is_the_newest_data_files(tmp_path):
    expected = _project(tmp_path / "copy", days_ago=3)
    stage = tmp_path / "copy" / "_build" / "stage" / "S-2016-501"
    stage.mkdir(parents=True)
    assert sphinx_offline.data_as_of(stage) == expected == "2026-03-11"
    assert sphinx_offline.data_as_of(tmp_path) is None  # no project above: no date, no hole


def test_in_git_the_date_is_the_last_commit_touching_the_data(tmp_path):
    root = tmp_path / "repo"
    _project(root, days_ago=400)
    env = {**os.environ, "GIT_COMMITTER_DATE": "2025-06-01T10:00:00Z",
           "GIT_AUTHOR_DATE": "2025-06-01T10:00:00Z"}
    for command in (["init", "-q"], ["add", "data"],
                    ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "data"]):
        subprocess.run(["git", "-C", str(root), *command], check=True, env=env)
    assert sphinx_offline.data_as_of(root) == "2025-06-01"
    # a data file changed since the commit counts from its own time
    changed = root / "data" / "figures.csv"
    changed.write_text("id\nx\n", encoding="utf-8")
    later = datetime.datetime(2025, 9, 2, 8, tzinfo=datetime.UTC).timestamp()
    os.utime(changed, (later, later))
    assert sphinx_offline.data_as_of(root) == "2025-09-02"


def _context(title: str) -> dict:
    return {"title": title, "docstitle": "The book", "isil_edition_label": "S/1/2 (May 2016)",
            "body": "<section><h1>Funding</h1><p>Text</p></section>"}


def test_each_page_says_its_edition_and_date_and_ends_with_its_citation():
    app = SimpleNamespace(isil_as_of="2026-03-11")
    context = _context("Funding")
    sphinx_offline.page_identity(app, "book/funding", "page.html", context, None)
    body = context["body"]
    assert body.index("</h1>") < body.index('class="isil-page-edition"') < body.index("Text")
    assert "Edition: <strong>S/1/2 (May 2016)</strong>" in body
    assert '<time datetime="2026-03-11">11 March 2026</time>' in body
    cite = body[body.index('<pre class="isil-cite-text'):]
    assert ("Funding — The book. Edition: S/1/2 (May 2016). book/funding.html "
            "(data as of 11 March 2026).") in cite
    assert context["isil_page_title"] == "Funding — The book (S/1/2 (May 2016))"
    landing = _context("The book")
    sphinx_offline.page_identity(app, "book/index", "page.html", landing, None)
    assert landing["isil_page_title"] == "The book (S/1/2 (May 2016))"  # the title once
