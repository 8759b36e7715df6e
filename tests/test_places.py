"""Places named per paragraph: ISO 3166-1 alpha-3 countries, regions kept as regions."""

from __future__ import annotations

from isilbook.data.places import find_places, places_table

ATTACKED = ["BGD", "BEL", "EGY", "FRA", "DEU", "IDN", "LBN", "PAK", "RUS", "TUR", "USA"]
CONFLICT_ZONES = ["AFG", "IRQ", "LBY", "SYR", "YEM"]


def test_paragraph_five_names_the_eleven_attacked_countries(paragraphs):
    places = places_table(paragraphs)
    five = places[places["paragraph"] == 5]
    attack_sentence = five[five["iso3"] == "BGD"]["sentence"].iloc[0]
    attacked = five[five["sentence"] == attack_sentence]
    assert attacked["iso3"].tolist() == ATTACKED
    assert attacked.loc[attacked["iso3"] == "TUR", "text"].item() == "Turkey"
    assert attacked.loc[attacked["iso3"] == "USA", "text"].item() == "United States of America"
    zones = five[five["sentence"] != attack_sentence]
    assert zones["iso3"].tolist() == CONFLICT_ZONES


def test_regions_stay_regions(paragraphs):
    places = places_table(paragraphs)
    regions = places[places["kind"] == "region"]
    assert set(regions["iso3"].fillna("")) == {""}
    assert {"Sahel", "Maghreb", "South-East Asia", "Horn of Africa"} <= set(regions["name"])
    p28 = places[places["paragraph"] == 28]
    assert ["Maghreb", "Sahel", "Middle East", "East Africa"] == \
        p28[p28["kind"] == "region"]["name"].tolist()


def test_the_group_name_does_not_count_as_naming_iraq():
    found = find_places("the Islamic State in Iraq and the Levant (Da’esh) in Libya")
    assert [(p["kind"], p["iso3"]) for p in found] == [("country", "LBY")]


def test_cities_carry_their_country():
    found = find_places("Attacks near Sirte and in Nangarhar.")
    assert [(p["name"], p["kind"], p["iso3"]) for p in found] == [
        ("Sirte", "subnational", "LBY"), ("Nangarhar", "subnational", "AFG")]
