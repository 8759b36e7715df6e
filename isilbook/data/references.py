"""What each paragraph cites: United Nations documents and Security Council resolutions.

Document symbols (``S/2016/92``, ``A/HRC/28/18``, ``S/PRST/2015/11``) are found with their
pinpoint where one follows ("para. 21", "paras. 19-22", "annex II"); "ibid." is resolved to the
document cited last before it. Resolutions are read from phrases such as "resolution 2178 (2014)"
or "resolutions 1267 (1999), 1989 (2011) and 2253 (2015)", one row per resolution.

Footnotes are read too, where UN reports put many of their citations: each footnote is read at
the place its marker stands in the paragraph, so "Ibid." in a footnote resolves to what was
cited just before the marker; its rows name the footnote's marker.
"""

from __future__ import annotations

import re

import pandas as pd

REFERENCE_COLUMNS = [
    "document", "paragraph", "kind", "target", "pinpoint", "via_ibid", "text", "footnote",
]

_SYMBOL = r"(?:S|A|E)/(?:[A-Z]{2,5}/)?\d{1,4}(?:/\d{1,4})?"
_PINPOINT = r"(?:paras?\.\s*\d+(?:\s*[-–]\s*\d+)?(?:\s*(?:,|and)\s*\d+)*|annex\s+[IVX]+)"
_DOCUMENT = re.compile(rf"(?P<symbol>{_SYMBOL}|[Ii]bid\.)(?:,\s*(?P<pinpoint>{_PINPOINT}))?")
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
        via_ibid = symbol.lower() == "ibid."
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


def _segments(text: str, notes: pd.DataFrame | None) -> list[tuple[str, str]]:
    """A paragraph's text cut at its footnote markers, each footnote read where it is called:
    pairs of (text, marker of the footnote or "")."""
    if notes is None or not len(notes):
        return [(text, "")]
    out, start = [], 0
    for position, marker, note in sorted(zip(notes["position"].astype(int), notes["marker"],
                                             notes["text"])):
        out += [(text[start:position], ""), (note, str(marker))]
        start = position
    return out + [(text[start:], "")]


def references_table(paragraphs: pd.DataFrame,
                     footnotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per reference, in reading order, for every paragraph of every document (and
    every footnote a paragraph calls)."""
    rows: list[dict] = []
    notes = {}
    if footnotes is not None and len(footnotes):
        called = footnotes.dropna(subset=["paragraph"])
        notes = {key: group for key, group in called.groupby(["document", "paragraph"])}
    for document, group in paragraphs.groupby("document", sort=False):
        last = None
        for paragraph, text in zip(group["paragraph"], group["text"]):
            for segment, marker in _segments(text, notes.get((document, paragraph))):
                found, last = find_references(segment, last)
                rows += [{"document": document, "paragraph": paragraph, **row,
                          "footnote": marker} for row in found]
    return pd.DataFrame(rows, columns=REFERENCE_COLUMNS)
