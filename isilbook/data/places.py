"""Places named in each paragraph: countries as ISO 3166-1 alpha-3, regions kept as regions.

Country names come from pycountry (names, official and common names) plus the few short forms
reports and the press use that ISO does not list ("Turkey", "Syria"). Regions have no ISO code
and are kept by name. Cities and provinces are tagged with the country they lie in, so a map can
place them. The group's own name ("Islamic State in Iraq and the Levant") is masked first so that
it does not count as naming Iraq or the Levant.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import pandas as pd
import pycountry

PLACE_COLUMNS = ["document", "paragraph", "kind", "name", "iso3", "text", "sentence"]

# Short forms in common use that ISO 3166-1 does not list as a name of the country.
COUNTRY_ALIASES = {
    "Turkey": "TUR", "Syria": "SYR", "Russia": "RUS", "United States": "USA", "Iran": "IRN",
    "Britain": "GBR", "United Kingdom": "GBR", "Palestine": "PSE",
}
# Regions named in the reports: no ISO code exists, so they stay regions.
REGIONS = (
    "South-East Asia", "Southeast Asia", "South Asia", "Central Asia", "Horn of Africa",
    "North Africa", "West Africa", "East Africa", "Middle East", "Sahel", "Maghreb", "Balkans",
    "Caucasus", "Western Europe", "Europe", "Americas", "Lake Chad Basin", "Arabian Peninsula",
)
# Cities, provinces and districts named in the reports, with the country they lie in.
SUBNATIONAL = {
    "Sirte": "LBY", "Tripoli": "LBY", "Benghazi": "LBY", "Sabratha": "LBY", "Ajdabiya": "LBY",
    "Darnah": "LBY", "Derna": "LBY", "Kabul": "AFG", "Jalalabad": "AFG", "Nangarhar": "AFG",
    "Achin": "AFG", "Deh Bala": "AFG", "Kot": "AFG", "Nazyan": "AFG", "Waziristan": "PAK",
    "Raqqah": "SYR", "Deir el-Zour": "SYR", "Paris": "FRA", "Brussels": "BEL",
    "Zaventem": "BEL", "Molenbeek": "BEL", "Bangkok": "THA", "Geneva": "CHE", "Amman": "JOR",
    "Nairobi": "KEN", "Abu Dhabi": "ARE",
}
# Names of organisations that contain place names without naming the place.
_MASKED = re.compile(r"Islamic State in Iraq and the Levant|Madrid guiding principles")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z“\"(])")


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[re.Pattern, dict[str, tuple[str, str, str]]]:
    """One alternation of every known name (longest first) and what each name stands for."""
    names: dict[str, tuple[str, str, str]] = {}
    for country in pycountry.countries:
        canonical = country.name
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                names[value] = ("country", canonical, country.alpha_3)
    for alias, code in COUNTRY_ALIASES.items():
        names[alias] = ("country", pycountry.countries.get(alpha_3=code).name, code)
    for region in REGIONS:
        names[region] = ("region", region, "")
    for place, code in SUBNATIONAL.items():
        names[place] = ("subnational", place, code)
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w-])")
    return pattern, names


def find_places(text: str) -> list[dict]:
    """Places named in a text, in reading order, with the sentence each stands in.

    Linear in the text: sentence numbers come from one bisection into the sentence starts,
    not from a scan of every sentence for every name found.
    """
    pattern, names = _gazetteer()
    masked = _MASKED.sub(lambda match: " " * len(match.group(0)), text)
    starts = _sentence_starts(text)
    rows = []
    for match in pattern.finditer(masked):
        kind, name, iso3 = names[match.group(0)]
        rows.append({"kind": kind, "name": name, "iso3": iso3, "text": match.group(0),
                     "sentence": bisect.bisect_right(starts, match.start())})
    return rows


def _sentence_starts(text: str) -> list[int]:
    """Offsets where each sentence begins (the first at 0), in order."""
    return [0] + [match.end() for match in _SENTENCE_END.finditer(text)]


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, numbered as :func:`find_places` numbers them (the maps
    chapter highlights the sentence a place stands in)."""
    starts = _sentence_starts(text)
    return list(zip(starts, starts[1:] + [len(text) + 1]))


def places_table(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per place named, for every paragraph of every document."""
    rows = [
        {"document": document, "paragraph": paragraph, **place}
        for document, paragraph, text in paragraphs[["document", "paragraph", "text"]].itertuples(
            index=False)
        for place in find_places(text)
    ]
    return pd.DataFrame(rows, columns=PLACE_COLUMNS)
