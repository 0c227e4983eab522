"""Spatial coherence on candidates made by hand, and on sentences of local news."""
from __future__ import annotations

import pytest

from geomap.model import Candidate
from geomap.places.coherence import Reading, settle
from geomap.places.resolve import Weights


def _c(pid, name, feature, admin1, admin2, lat, lon, pop=0):
    return Candidate(pid, name, feature, "", "US", lat, lon, pop, ("US",), admin1, admin2)


def test_a_town_and_the_county_it_lies_in_win_over_two_larger_places_of_one_state():
    county = Reading([_c("c1", "Pine County", "adm2", "TX", "471", 30.7, -95.6, 70_000),
                      _c("c2", "Pine County", "adm2", "AL", "127", 33.8, -87.3, 60_000)], [4.4, 4.2], mentions=3)
    town = Reading([_c("t1", "Oakton", "city", "AL", "089", 34.7, -86.6, 200_000),
                    _c("t2", "Oakton", "city", "TX", "471", 30.7, -95.55, 40_000)], [6.5, 5.8], mentions=3)
    settle([county, town], Weights())
    assert county.cands[county.best].id == "c1" and town.cands[town.best].id == "t2"


def test_names_do_not_swap_readings_round_after_round():
    w = Weights(rounds=4)
    a = Reading([_c("a1", "A", "city", "AL", "1", 34.0, -86.0, 100_000),
                 _c("a2", "A", "city", "TX", "9", 31.0, -97.0, 90_000)], [6.0, 5.9])
    b = Reading([_c("b1", "B", "city", "TX", "8", 31.2, -97.2, 100_000),
                 _c("b2", "B", "city", "AL", "2", 34.2, -86.2, 90_000)], [6.0, 5.9])
    settle([a, b], w)
    first = (a.best, b.best)
    settle([a, b], Weights(rounds=5))
    assert (a.best, b.best) == first
    assert a.cands[a.best].admin1 == b.cands[b.best].admin1  # a coherent pair, whichever state


def test_a_single_reading_keeps_its_prior_order():
    r = Reading([_c("x", "X", "town", "TX", "1", 31.0, -97.0, 5), _c("y", "X", "town", "AL", "2", 34.0, -86.0, 9)],
                [1.0, 2.0])
    settle([r], Weights())
    assert r.best == 1 and abs(sum(r.probs) - 1) < 1e-9


@pytest.mark.data
@pytest.mark.parametrize("text, name, admin1", [
    ("Officers from Lamar County arrested a man in Paris on Friday. Paris police helped.", "Paris", "US.TX"),
    ("The Orange County fire marshal inspected a warehouse in Hillsborough.", "Hillsborough", "US.NC"),
])
def test_a_town_is_read_inside_the_county_the_story_names(places_of, text, name, admin1):
    assert next(p for p in places_of(text) if p.name == name).admin1 == admin1


@pytest.mark.data
def test_a_district_cue_accepts_either_division_level(places_of):
    p = next(p for p in places_of("Clashes broke out in Gulu district on Sunday.") if p.name.startswith("Gulu"))
    assert p.country == "UG" and p.feature in ("adm1", "adm2")


@pytest.mark.data
def test_a_country_reached_by_its_short_name_is_kept_far_from_the_story(places_of):
    found = places_of("Exporters in Almaty and Shymkent shipped grain to the Netherlands.")
    assert any(p.country == "NL" and p.feature == "country" for p in found)


@pytest.mark.data
def test_an_arabic_name_without_its_article(places_of):
    assert {p.country for p in places_of("Militants fled toward Fallujah and Ramadi.")} == {"IQ"}


@pytest.mark.data
def test_a_place_next_to_said_after_in_stays_a_place_in_the_document(places_of):
    found = places_of("A doctor in Dessie said the hospital was full. Dessie had no power.")
    assert [p.country for p in found if p.name == "Dessie"] == ["ET", "ET"]
