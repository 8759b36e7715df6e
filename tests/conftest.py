"""Shared fixtures: the real project, and throw-away copies of it for tests that break things."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from isilbook.paths import ProjectPaths

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "raw" / "S-2016-501.txt"


@pytest.fixture(scope="session")
def project() -> ProjectPaths:
    return ProjectPaths.at(ROOT)


@pytest.fixture
def project_copy(tmp_path: Path) -> ProjectPaths:
    """A copy of the project's content (data, book, config) to damage freely."""
    target = tmp_path / "project"
    target.mkdir()
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(ROOT / "book", target / "book")
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, target / name)
    return ProjectPaths.at(target)


@pytest.fixture(scope="session")
def paragraphs(project: ProjectPaths):
    from isilbook.parse import parse_report

    return parse_report(REPORT, "S/2016/501")
