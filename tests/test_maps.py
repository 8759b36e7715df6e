"""The world map of attacks outside conflict zones: lists read from the data, drawn by numeric id."""

from __future__ import annotations

import json

import pycountry
import pytest

from isilbook.book import maps
from isilbook.book.edition import load_edition

THREAT = r"threat posed by ISIL and associated"  # the section's heading, found by its words

ATTACKED = {"BGD", "BEL", "EGY", "FRA", "DEU", "IDN", "LBN", "PAK", "RUS", "TUR", "USA"}
CONFLICT_ZONES = {"AFG", "IRQ", "LBY", "SYR", "YEM"}


@pytest.fixture(scope="module")
def edition(project):
    return load_edition(project.data, "S/2016/501")


@pytest.fixture(scope="module")
def countries(edition):
    paragraph = maps.paragraph_mentioning(edition.section(THREAT))
    return maps.attack_countries(edition, paragraph)


def _values(spec: dict, data: dict):
    """Inline values of a data reference (Altair moves them to the top-level ``datasets``)."""
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def _numeric(codes: set[str]) -> set[str]:
    return {pycountry.countries.get(alpha_3=code).numeric for code in codes}


def test_the_attack_paragraph_is_found_by_what_it_says(edition):
    assert maps.paragraph_mentioning(edition.section(THREAT)) == 5
    assert maps.paragraph_mentioning(edition.section(THREAT), "no such phrase anywhere") is None


def test_the_conflict_zone_sentence_is_found_in_the_text(edition):
    text = edition.paragraphs.set_index("paragraph").loc[5, "text"]
    sentence = maps.sentence_mentioning(text, maps.CONFLICT_PHRASE)
    assert sentence == 5
    named = edition.places[(edition.places["paragraph"] == 5)
                           & (edition.places["sentence"] == sentence)]
    assert set(named["iso3"]) == CONFLICT_ZONES
    assert maps.sentence_mentioning("Nothing here. Nor here.", "conflict zones") is None


def test_the_eleven_attack_countries_and_five_conflict_zones_come_from_the_data(countries):
    status = countries.groupby("status")["iso3"].apply(set)
    assert status[maps.STATUS_ATTACK] == ATTACKED
    assert status[maps.STATUS_CONFLICT] == CONFLICT_ZONES
    assert len(countries) == len(ATTACKED) + len(CONFLICT_ZONES)
    assert set(countries["citation"]) == {"S/2016/501, para. 5"}
    # the names stay as the report writes them
    assert countries.set_index("iso3").loc["TUR", "country"] == "Turkey"
    assert countries.set_index("iso3").loc["USA", "country"] == "United States of America"
    # stable order: attack countries first, then conflict zones, each alphabetical
    assert list(countries["status"]) == ([maps.STATUS_ATTACK] * len(ATTACKED)
                                         + [maps.STATUS_CONFLICT] * len(CONFLICT_ZONES))
    assert list(countries["country"].iloc[:len(ATTACKED)]) == sorted(
        countries["country"].iloc[:len(ATTACKED)])


def test_the_spec_draws_every_named_country_by_numeric_id(project, countries):
    topology = maps.load_topology(project.data)
    spec = maps.status_map(countries, topology).to_dict()
    outlines = spec["layer"][1]
    lookup = outlines["transform"][0]
    assert lookup["lookup"] == "id"
    looked_up = {row["numeric"]: row["status"] for row in _values(spec, lookup["from"]["data"])}
    assert set(looked_up) == _numeric(ATTACKED | CONFLICT_ZONES)
    assert {looked_up[n] for n in _numeric(ATTACKED)} == {maps.STATUS_ATTACK}
    assert {looked_up[n] for n in _numeric(CONFLICT_ZONES)} == {maps.STATUS_CONFLICT}
    # every numeric id exists as an outline in the embedded topology
    embedded = outlines["data"]
    assert embedded["format"] == {"type": "topojson", "feature": "countries"}
    geometries = _values(spec, embedded)["objects"]["countries"]["geometries"]
    ids = {g.get("id") for g in geometries}
    assert set(looked_up) <= ids
    assert spec["projection"]["type"] in ("equalEarth", "naturalEarth1")
    assert spec["width"] == "container"
    # small countries get a marker, placed inside a plausible box for each
    markers = {row["numeric"]: row for row in _values(spec, spec["layer"][2]["data"])}
    assert set(markers) == set(looked_up)
    lebanon = markers[pycountry.countries.get(alpha_3="LBN").numeric]
    assert 35 < lebanon["longitude"] < 37 and 33 < lebanon["latitude"] < 35


def test_colours_are_okabe_ito_and_other_countries_grey(project, countries):
    spec = maps.status_map(countries, maps.load_topology(project.data)).to_dict()
    scale = spec["layer"][1]["encoding"]["color"]["scale"]
    assert scale["domain"] == [maps.STATUS_ATTACK, maps.STATUS_CONFLICT, maps.STATUS_OTHER]
    # Okabe-Ito reddish purple and sky blue: never the colours of what vouches for a figure
    assert scale["range"][:2] == ["#CC79A7", "#56B4E9"]
    from isilbook.book.charts import VOUCHING_COLOURS
    assert not set(scale["range"]) & set(VOUCHING_COLOURS.values())
    calculate = json.dumps(spec["layer"][1]["transform"])
    assert maps.STATUS_OTHER in calculate


def test_the_figure_is_accessible_and_deterministic(project, edition):
    html = maps.attack_map_html(edition, project.data, edition.section(THREAT), name="m", title="Attacks")
    again = maps.attack_map_html(edition, project.data, edition.section(THREAT), name="m", title="Attacks")
    assert html == again
    assert 'role="img"' in html and "<table" in html
    assert html.count("S/2016/501, para. 5") >= len(ATTACKED | CONFLICT_ZONES)
    assert 'href="source.html#s-2016-501-para-5"' in html
    for code in ATTACKED | CONFLICT_ZONES:
        assert f"<td>{code}</td>" in html


def test_an_edition_without_text_gets_no_map(project):
    press_only = load_edition(project.data, "S/2017/97")
    assert maps.paragraph_mentioning(press_only.section(THREAT)) is None
    assert maps.attack_map_html(press_only, project.data, press_only.section(THREAT), name="m", title="t") is None


def _lon_lat_of(topology: dict, geometry: dict) -> list[tuple[float, float]]:
    return [p for ring in maps._outer_rings(topology, geometry) for p in ring]


def test_an_attack_in_france_is_not_placed_in_french_guiana(project, countries):
    """France's outline holds French Guiana (in South America); the map colours only the part
    of a named country around its largest polygon, and draws the far parts grey."""
    spec = maps.status_map(countries, maps.load_topology(project.data)).to_dict()
    topology = _values(spec, spec["layer"][1]["data"])
    france = pycountry.countries.get(alpha_3="FRA").numeric
    geometries = topology["objects"]["countries"]["geometries"]
    coloured = [g for g in geometries if g.get("id") == france]
    assert len(coloured) == 1
    points = _lon_lat_of(topology, coloured[0])
    assert all(-10 < lon < 12 and 40 < lat < 52 for lon, lat in points), \
        "France is coloured outside Europe"
    far = [g for g in geometries if "id" not in g
           and g["properties"]["name"].startswith("France")]
    assert far and any(-55 < lon < -50 and 2 < lat < 6  # French Guiana
                       for lon, lat in _lon_lat_of(topology, far[0]))
    # an archipelago stays whole, and a country of one polygon is untouched
    indonesia = next(g for g in maps.load_topology(project.data)["objects"]["countries"]
                     ["geometries"] if g.get("id") == _numeric({"IDN"}).pop())
    assert maps.home_parts(topology, indonesia) == list(range(len(indonesia["arcs"])))
