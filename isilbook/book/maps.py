"""World maps for the book: the countries a paragraph names, coloured by what the text says of them.

The map is drawn offline. The Natural Earth outlines the project ships (world-atlas TopoJSON, in
``data/raw``) are embedded in the Vega-Lite spec, so a page never fetches a map over the network,
and every outline is coloured through a lookup on its ISO 3166-1 numeric id, so the map and the
data table under it are drawn from the same rows. Which country gets which colour is read from
``places.csv`` and the paragraph text, never typed in: a country counts as a conflict zone because
the sentence naming it is the one that speaks of conflict zones.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Final

import altair as alt
import pandas as pd
import pycountry

from isilbook.book import charts
from isilbook.book.cite import citation_html, citation_text
from isilbook.book.edition import Edition, Section
from isilbook.data.places import _sentence_spans

#: The topology the project ships, relative to the data folder (see the manifest).
TOPOLOGY_FILE: Final = "raw/world-atlas-2.0.2-countries-110m.json"
#: The TopoJSON object holding one geometry per country.
TOPOLOGY_OBJECT: Final = "countries"
#: The phrase that marks the sentence listing the conflict zones a list of attacks leaves out.
CONFLICT_PHRASE: Final = "conflict zones"
STATUS_ATTACK: Final = "Attack carried out, inspired or claimed"
STATUS_CONFLICT: Final = "Conflict zone, left out of the list"
STATUS_OTHER: Final = "Not named in the paragraph"
#: Status -> colour: reddish purple and sky blue from Okabe & Ito stay distinct for colour-blind
#: readers and are not the colours of what vouches for a figure (those mean only that, on every
#: chart); every country the paragraph does not name is a neutral grey.
STATUS_COLOURS: Final = {STATUS_ATTACK: "#CC79A7", STATUS_CONFLICT: "#56B4E9",
                         STATUS_OTHER: "#d9d9d9"}
#: Parts of a named country further than this from its main part (and from every part near
#: it) are not where the paragraph places anything: France's polygon holds French Guiana, the
#: United States' Hawaii. They are drawn grey, as land the paragraph does not name.
HOME_REACH_KM: Final = 1000.0


def sentence_mentioning(text: str, phrase: str) -> int | None:
    """The number (1 = first) of the first sentence of ``text`` that contains ``phrase``.

    The sentences are cut with the same splitter that numbered the ``sentence`` column of
    ``places.csv``, so the number found here and the numbers in that table always agree.
    """
    needle = phrase.lower()
    for number, (start, end) in enumerate(_sentence_spans(text), 1):
        if needle in text[start:end].lower():
            return number
    return None


def paragraph_mentioning(section: Section | None, phrase: str = CONFLICT_PHRASE) -> int | None:
    """The first paragraph of a section whose text contains ``phrase``; ``None`` if there is none.

    Chapters locate the paragraph by what it says rather than by its number, so the map follows
    the text if a later edition moves the list.
    """
    if section is None:
        return None
    rows = section.paragraphs.sort_values("paragraph")
    hits = rows[rows["text"].str.contains(phrase, case=False, regex=False)]
    return int(hits["paragraph"].iloc[0]) if len(hits) else None


def attack_countries(edition: Edition, paragraph: int,
                     phrase: str = CONFLICT_PHRASE) -> pd.DataFrame:
    """The countries one paragraph names, each marked as an attack country or a conflict zone.

    A country named in the sentence that mentions ``phrase`` is a conflict zone the paragraph
    excludes; a country named in any other sentence is one where attacks took place. Returns one
    row per country (``country`` as the text writes it, ``iso3``, ``numeric`` as a zero-padded
    string like the topology's ids, ``status``, ``citation``), conflict zones last, each group in
    alphabetical order; an empty frame when the paragraph is not held or names no country.
    """
    columns = ["country", "iso3", "numeric", "status", "citation"]
    text = edition.paragraphs.loc[edition.paragraphs["paragraph"] == paragraph, "text"]
    places = edition.places
    named = places[(places["paragraph"] == paragraph) & (places["kind"] == "country")
                   & places["iso3"].notna() & (places["iso3"] != "")]
    if text.empty or named.empty:
        return pd.DataFrame(columns=columns)
    conflict = sentence_mentioning(text.iloc[0], phrase)
    zones = set(named.loc[named["sentence"] == conflict, "iso3"])
    rows = named.drop_duplicates("iso3").assign(
        country=lambda f: f["text"],
        numeric=lambda f: f["iso3"].map(lambda code: pycountry.countries.get(alpha_3=code).numeric),
        status=lambda f: f["iso3"].map(
            lambda code: STATUS_CONFLICT if code in zones else STATUS_ATTACK),
        citation=citation_text(edition.document, paragraph),
    )
    order = {status: rank for rank, status in enumerate(STATUS_COLOURS)}
    rows = rows.assign(rank=rows["status"].map(order)).sort_values(["rank", "country"])
    return rows[columns].reset_index(drop=True)


def load_topology(data_dir: str | Path) -> dict:
    """The shipped world topology with only its countries object (the land outline is not drawn).

    The arcs stay whole: they are shared between the two objects and are what makes up the file.
    """
    topology = json.loads((Path(data_dir) / TOPOLOGY_FILE).read_text(encoding="utf-8"))
    return {**topology, "objects": {TOPOLOGY_OBJECT: topology["objects"][TOPOLOGY_OBJECT]}}


def _arc_points(topology: dict, index: int) -> list[tuple[float, float]]:
    """One arc of a quantized topology as longitude/latitude pairs (arcs are delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    x = y = 0
    points = []
    for dx, dy in topology["arcs"][index if index >= 0 else ~index]:
        x, y = x + dx, y + dy
        points.append((x * sx + tx, y * sy + ty))
    return points if index >= 0 else points[::-1]


def _area(ring: list[tuple[float, float]]) -> float:
    """A ring's area in squared degrees of longitude shrunk by latitude (an equal-area guess)."""
    scale = [math.cos(math.radians(y)) for _, y in ring]
    return abs(sum(x0 * c0 * y1 - x1 * c1 * y0 for (x0, y0), (x1, y1), c0, c1
                   in zip(ring, ring[1:] + ring[:1], scale, scale[1:] + scale[:1]))) / 2


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lon1, lat1), (lon2, lat2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _outer_rings(topology: dict, geometry: dict) -> list[list[tuple[float, float]]]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [[p for arc in polygon[0] for p in _arc_points(topology, arc)] for polygon in polygons]


def home_parts(topology: dict, geometry: dict, reach_km: float = HOME_REACH_KM) -> list[int]:
    """The polygons of a country that make up its main territory, by index.

    The largest polygon, and every polygon within ``reach_km`` of one already kept (so an
    archipelago stays whole, and Corsica stays with France while French Guiana does not).
    """
    rings = _outer_rings(topology, geometry)
    kept = [max(range(len(rings)), key=lambda i: _area(rings[i]))]
    # Every fifth vertex is plenty at the map's scale, and keeps the search quick.
    thin = [ring[::5] or ring for ring in rings]
    changed = True
    while changed:
        changed = False
        for index in range(len(rings)):
            if index not in kept and any(_distance_km(a, b) < reach_km for k in kept
                                         for a in thin[k] for b in thin[index]):
                kept.append(index)
                changed = True
    return sorted(kept)


def home_topology(topology: dict, numeric_ids: list[str]) -> dict:
    """The topology with each named country's far parts split off as land of no country.

    A far part keeps its outline but loses the country's id, so the lookup that colours the
    named countries cannot reach it; its name says whose it is.
    """
    wanted = set(numeric_ids)
    geometries = []
    for geometry in topology["objects"][TOPOLOGY_OBJECT]["geometries"]:
        if geometry.get("id") not in wanted or geometry["type"] != "MultiPolygon":
            geometries.append(geometry)
            continue
        home = home_parts(topology, geometry)
        far = [arcs for index, arcs in enumerate(geometry["arcs"]) if index not in home]
        geometries.append({**geometry, "arcs": [geometry["arcs"][i] for i in home]})
        if far:
            name = geometry.get("properties", {}).get("name", geometry["id"])
            geometries.append({"type": "MultiPolygon", "arcs": far,
                               "properties": {"name": f"{name} (a part far from its main "
                                                      "territory)"}})
    objects = {**topology["objects"], TOPOLOGY_OBJECT: {
        **topology["objects"][TOPOLOGY_OBJECT], "geometries": geometries}}
    return {**topology, "objects": objects}


def marker_points(topology: dict, numeric_ids: list[str]) -> pd.DataFrame:
    """A point inside the largest polygon of each country, to mark countries too small to see.

    Lebanon or Belgium cover a few pixels on a world map; a dot at the mean of the vertices of
    the country's largest outer ring keeps them findable. Columns: ``numeric``, ``longitude``,
    ``latitude``.
    """
    wanted = set(numeric_ids)
    rows = []
    for geometry in topology["objects"][TOPOLOGY_OBJECT]["geometries"]:
        if geometry.get("id") not in wanted:
            continue
        ring = max(_outer_rings(topology, geometry), key=_area)
        rows.append({"numeric": geometry["id"],
                     "longitude": round(sum(p[0] for p in ring) / len(ring), 3),
                     "latitude": round(sum(p[1] for p in ring) / len(ring), 3)})
    return pd.DataFrame(rows, columns=["numeric", "longitude", "latitude"])


def status_map(countries: pd.DataFrame, topology: dict, *, height: int = 330) -> alt.LayerChart:
    """Every country outline, coloured by status through a lookup on its numeric id.

    Countries not in ``countries`` (and the few outlines with no id) fall back to the grey
    "not named" status, so the legend always explains every colour on the map.
    """
    statuses = list(STATUS_COLOURS)
    colour = alt.Color("status:N", title="What the paragraph says",
                       scale=alt.Scale(domain=statuses, range=list(STATUS_COLOURS.values())),
                       legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0))
    topology = home_topology(topology, list(countries["numeric"]))
    lookup = alt.LookupData(alt.InlineData(values=countries.to_dict("records")), key="numeric",
                            fields=["country", "iso3", "status"])
    outlines = alt.Chart(alt.InlineData(
        values=topology, format=alt.DataFormat(type="topojson", feature=TOPOLOGY_OBJECT))
    ).transform_lookup(lookup="id", from_=lookup).transform_calculate(
        status=f"datum.status || {json.dumps(STATUS_OTHER)}",
        country="datum.country || datum.properties.name",
    ).mark_geoshape(stroke="white", strokeWidth=0.4).encode(
        color=colour,
        tooltip=[alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("status:N", title="Status")],
    )
    points = countries.merge(marker_points(topology, list(countries["numeric"])), on="numeric")
    markers = alt.Chart(points).mark_circle(size=45, opacity=1, stroke="white",
                                            strokeWidth=1).encode(
        longitude="longitude:Q", latitude="latitude:Q", color=colour,
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("iso3:N", title="ISO3"),
                 alt.Tooltip("status:N", title="Status")])
    sphere = alt.Chart(alt.sphere()).mark_geoshape(fill="#f4f7fa", stroke="#c8c8c8",
                                                   strokeWidth=0.6)
    return alt.layer(sphere, outlines, markers).project(type="equalEarth").properties(
        width="container", height=height)


def attack_map_html(edition: Edition, data_dir: str | Path, section: Section | None, *,
                    name: str, title: str, phrase: str = CONFLICT_PHRASE) -> str | None:
    """The accessible world map of a section's list of attacks; ``None`` without paragraph text.

    Finds the paragraph of ``section`` that mentions ``phrase``, reads its countries with
    :func:`attack_countries` and publishes map, table and citation through
    :func:`isilbook.book.charts.figure_html`.
    """
    paragraph = paragraph_mentioning(section, phrase)
    if paragraph is None:
        return None
    countries = attack_countries(edition, paragraph, phrase)
    if countries.empty:
        return None
    counts = countries["status"].value_counts()
    description = (
        f"World map. {counts.get(STATUS_ATTACK, 0)} countries where, according to "
        f"{citation_text(edition.document, paragraph)}, ISIL carried out, inspired or claimed "
        f"attacks outside conflict zones are in reddish purple; the "
        f"{counts.get(STATUS_CONFLICT, 0)} conflict zones the paragraph leaves out of that list "
        "are in sky blue; every other country is grey, as are the parts of a named country far "
        "from its main territory (French Guiana, for France). Dots mark each named country, so "
        "small ones stay visible.")
    table = countries.drop(columns="numeric").rename(columns={
        "country": "Country (as written)", "iso3": "ISO3", "status": "Status",
        "citation": "Source"})
    takeaway = html.escape(
        f"According to {citation_text(edition.document, paragraph)}, ISIL carried out, "
        f"inspired or claimed attacks in {counts.get(STATUS_ATTACK, 0)} countries outside "
        f"conflict zones; the paragraph leaves {counts.get(STATUS_CONFLICT, 0)} conflict "
        "zones out of that list.")
    return charts.figure_html(status_map(countries, load_topology(data_dir)), name=name,
                              takeaway=takeaway,
                              title=title, description=description, data=table,
                              citations=[citation_html(edition.document, paragraph)])
