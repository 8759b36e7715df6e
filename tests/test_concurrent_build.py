"""Two builds at once: one stops at once with a clear message, the other publishes a whole site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import book_pages, copy_project

ISILBOOK = str(Path(sys.executable).with_name("isilbook"))


def test_a_second_concurrent_build_stops_and_the_first_publishes_a_whole_site(tmp_path):
    root = copy_project(tmp_path / "project").root
    command = [ISILBOOK, "build", "--root", str(root), "--force"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [process.communicate(timeout=900) for process in (first, second)]
    codes = [first.returncode, second.returncode]
    assert sorted(codes) == [0, 1], (codes, [err[-2000:] for _, err in outputs])

    winner, loser = (outputs[0], outputs[1]) if codes[0] == 0 else (outputs[1], outputs[0])
    lock = root / "_build" / "build.lock"
    assert loser[1].strip() == (f"error: another build is running in {root} (lock {lock}); "
                                "wait for it to finish")
    assert "Traceback" not in loser[1] and loser[0] == ""
    assert winner[0].startswith("executed 14 chapter(s)"), winner
    assert "site rebuilt" in winner[0]

    site = root / "_build" / "html"
    key = (root / "_build" / "site.key").read_text(encoding="utf-8")
    assert site.is_symlink() and os.readlink(site) == f"sites/{key[:16]}"
    assert [p.name for p in (root / "_build" / "sites").iterdir()] == [key[:16]]
    assert (site / "index.html").is_file()
    for page in book_pages():
        html = (site / page).read_text(encoding="utf-8")
        assert html.rstrip().endswith("</html>"), page
        assert 'class="bd-article"' in html or "<article" in html, page

    again = subprocess.run([ISILBOOK, "build", "--root", str(root)], capture_output=True,
                           text=True, timeout=900)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "reused 14; site unchanged" in again.stdout  # the lock was released, state is whole
