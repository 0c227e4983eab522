"""Lists of names the gazetteer mostly lacks: their known members are doubtful namesakes."""
from __future__ import annotations

import pytest
import spacy

from geomap.places.lists import members

_NLP = spacy.blank("en")


def test_the_members_of_a_list():
    doc = _NLP("The freed villages are Abcde, Fghij, Klmno-Pq, Rstuv and Wxyz.")
    assert [[doc[a:b].text for a, b in items] for items in members(doc, 0, len(doc))] == [
        ["Abcde", "Fghij", "Klmno-Pq", "Rstuv", "Wxyz"]]


def test_a_short_run_is_no_list():
    doc = _NLP("Talks in Kabul and Herat went on.")
    assert members(doc, 0, len(doc)) == []


@pytest.mark.data
def test_a_known_small_town_far_from_the_story_in_a_list_of_unknown_villages_is_dropped(places_of):
    text = ("Troops entered Jabrayil on Sunday. The freed villages are Qwertyli, Zxcvbanli, Dashkasan, "
            "Poiuytli and Lkjhgfli.")
    assert not [p for p in places_of(text) if p.name == "Dashkasan"]


@pytest.mark.data
def test_a_known_member_near_the_story_stays(places_of):
    text = "Shells fell near Kupwara. Homes burned in Keran, Qwertyli, Zxcvbanli and Poiuytli."
    assert [p.country for p in places_of(text) if p.name == "Keran"] == ["IN"]
