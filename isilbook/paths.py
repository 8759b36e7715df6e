"""Where things live in a project checkout.

Every command takes the project root (default: the current folder) so that tests can run the
whole pipeline inside a temporary copy without touching the real ``data/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProjectPaths:
    """The fixed layout: content (``book/``, ``data/``) apart from build output (``_build/``)."""

    root: Path

    @classmethod
    def at(cls, root: str | Path = ".") -> ProjectPaths:
        return cls(Path(root).resolve())

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def manifest(self) -> Path:
        return self.raw / "manifest.csv"

    @property
    def book(self) -> Path:
        return self.root / "book"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def site(self) -> Path:
        """The published site: replaced only after a whole build succeeded."""
        return self.build / "html"

    def table(self, name: str) -> Path:
        """Path of a tidy table such as ``paragraphs`` or ``figures``."""
        return self.data / f"{name}.csv"


def slug(symbol_or_id: str) -> str:
    """A fragment-safe form of a document symbol or source id.

    >>> slug("S/2016/501")
    's-2016-501'
    >>> slug("UN-SC13697")
    'un-sc13697'
    """
    return re.sub(r"[^a-z0-9]+", "-", symbol_or_id.lower()).strip("-")
