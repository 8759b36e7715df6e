"""What each paragraph cites: United Nations documents and Security Council resolutions.

Document symbols (``S/2016/92``, ``A/HRC/28/18``, ``S/PRST/2015/11``) are found with their
pinpoint where one follows ("para. 21", "paras. 19-22", "annex II"); "ibid." is resolved to the
document cited last before it. Resolutions are read from phrases such as "resolution 2178 (2014)"
or "resolutions 1267 (1999), 1989 (2011) and 2253 (2015)", one row per resolution.
"""

from __future__ import annotations

import re

import pandas as pd

REFERENCE_COLUMNS = [
    "document", "paragraph", "kind", "target", "pinpoint", "via_ibid", "text",
]

_SYMBOL = r"(?:S|A|E)/(?:[A-Z]{2,5}/)?\d{1,4}(?:/\d{1,4})?"
_PINPOINT = r"(?:paras?\.\s*\d+(?:\s*[-–]\s*\d+)?(?:\s*(?:,|and)\s*\d+)*|annex\s+[IVX]+)"
_DOCUMENT = re.compile(rf"(?P<symbol>{_SYMBOL}|ibid\.)(?:,\s*(?P<pinpoint>{_PINPOINT}))?")
_RESOLUTION_PHRASE = re.compile(
    r"resolutions?\s+(?P<list>\d{3,4}\s*\(\d{4}\)(?:\s*(?:,|and|,\s*and)\s*\d{3,4}\s*\(\d{4}\))*)"
)
_ONE_RESOLUTION = re.compile(r"(\d{3,4})\s*\((\d{4})\)")


def find_references(text: str, last_document: str | None = None) -> tuple[list[dict], str | None]:
    """References in one paragraph, plus the last document cited (for a following "ibid.").

    Returns rows with ``kind`` (``document`` or ``resolution``), ``target`` (the symbol, or
    "resolution 2178 (2014)"), ``pinpoint`` (or empty), ``via_ibid`` and the matched ``text``.
    """
    found: list[tuple[int, dict]] = []
    for match in _DOCUMENT.finditer(text):
        symbol = match.group("symbol")
        via_ibid = symbol == "ibid."
        if via_ibid:
            if last_document is None:
                continue
            symbol = last_document
        last_document = symbol
        found.append((match.start(), {
            "kind": "document", "target": symbol,
            "pinpoint": _normalise_pinpoint(match.group("pinpoint") or ""),
            "via_ibid": via_ibid, "text": match.group(0),
        }))
    for phrase in _RESOLUTION_PHRASE.finditer(text):
        for one in _ONE_RESOLUTION.finditer(phrase.group("list")):
            found.append((phrase.start("list") + one.start(), {
                "kind": "resolution", "target": f"resolution {one.group(1)} ({one.group(2)})",
                "pinpoint": "", "via_ibid": False, "text": one.group(0),
            }))
    found.sort(key=lambda item: item[0])
    return [row for _, row in found], last_document


def _normalise_pinpoint(pinpoint: str) -> str:
    return re.sub(r"\s+", " ", pinpoint.replace("–", "-")).strip()


def references_table(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per reference, in reading order, for every paragraph of every document."""
    rows: list[dict] = []
    for document, group in paragraphs.groupby("document", sort=False):
        last = None
        for paragraph, text in zip(group["paragraph"], group["text"]):
            found, last = find_references(text, last)
            rows += [{"document": document, "paragraph": paragraph, **row} for row in found]
    return pd.DataFrame(rows, columns=REFERENCE_COLUMNS)
