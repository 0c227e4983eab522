"""Events through the default pipeline (no model), on the shipped gazetteer."""
from datetime import date

import pytest

from geomap.model import Document

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def events_of(parser):
    def run(text, published=date(2021, 7, 14)):
        return parser.parse(Document("t", text, published=published)).events

    return run


def kinds(events):
    return sorted((e.type, e.where) for e in events)


@pytest.mark.parametrize(
    "text, origin, destination",
    [("More than 2,000 refugees crossed from Afghanistan into Tajikistan.", "Afghanistan", "Tajikistan"),
     ("Hundreds of soldiers fled to Tajikistan from Afghanistan on Monday.", "Afghanistan", "Tajikistan"),
     ("Some 300 people entered Poland from Belarus overnight.", "Belarus", "Poland"),
     ("Thousands of migrants walked through the jungle from Colombia to Panama.", "Colombia", "Panama"),
     ("Forty soldiers escaped to India from Myanmar.", "Myanmar", "India")],
    ids=["from-into", "to-from", "entered", "walked-through", "escaped-to"],
)
def test_crossing_direction_cues(events_of, text, origin, destination):
    (e,) = [e for e in events_of(text) if e.type == "crossing"]
    assert e.where == (origin, destination)
    assert e.__geo_interface__["geometry"]["type"] == "LineString"


def test_implicit_origin_from_the_document(events_of):
    text = ("The Taliban seized towns across Afghanistan. Fighting spread in Kunduz. "
            "More than 1,000 government troops fled to Tajikistan.")
    (e,) = [e for e in events_of(text) if e.type == "crossing"]
    assert e.where == ("Afghanistan", "Tajikistan") and e.quantity == 1000 and "troops" in e.actor


def test_return_movement_starts_where_the_last_crossing_ended(events_of):
    text = "Forty Myanmar soldiers fled to India on Monday. On Tuesday they were flown back to Tamu."
    crossings = [e.where for e in events_of(text) if e.type == "crossing"]
    assert crossings == [("Myanmar", "India"), ("India", "Tamu")]


def test_crossing_via_a_border_crossing(events_of):
    text = "About 6,000 people crossed from Lebanon into Syria through the Masnaa crossing."
    (e,) = [e for e in events_of(text) if e.type == "crossing"]
    assert e.via == "Masnaa" and e.via_place.feature == "crossing"
    assert len(e.__geo_interface__["geometry"]["coordinates"]) == 3


def test_control_lists_and_excluded_destinations(events_of):
    text = ("Taliban now control border crossings (from Kunduz into Tajikistan; from Herat into Iran "
            "(and Turkmenistan); now Kandahar into Pakistan).")
    control = [e for e in events_of(text) if e.type == "control"]
    assert sorted(e.where[0] for e in control) == ["Herat", "Kandahar", "Kunduz"]
    assert all(e.actor == "Taliban" for e in control)


@pytest.mark.parametrize(
    "text, kind, where",
    [("The rebels captured Goma on Sunday.", "control", "Goma"),
     ("Dessie fell to Tigrayan forces on Saturday.", "control", "Dessie"),
     ("Russia's 201st military base in Dushanbe is its largest abroad.", "base", "Dushanbe"),
     ("About 1,000 troops took part in drills near Termez.", "military_activity", "Termez"),
     ("Azerbaijani forces shelled the town of Jermuk overnight.", "attack", "Jermuk"),
     ("An air strike hit Idlib on Friday.", "attack", "Idlib"),
     ("Foreign ministers met in Dushanbe on Wednesday.", "meeting", "Dushanbe"),
     ("Kyiv ordered the evacuation of 6,000 people from Sumy.", "displacement", "Sumy")],
)
def test_each_kind(events_of, text, kind, where):
    assert (kind, (where,)) in kinds(events_of(text))


def test_several_events_in_one_sentence(events_of):
    text = "The militia attacked two military bases at Rihkhawdar and Khawmawi, which were taken control of by them."
    found = kinds(events_of(text))
    assert ("attack", ("Rihkhawdar",)) in found and ("control", ("Rihkhawdar",)) in found
    assert ("base", ("Rihkhawdar",)) in found


@pytest.mark.parametrize(
    "positive, negative",
    [("The refugees crossed from Afghanistan into Tajikistan.", "The refugees did not cross from Afghanistan into Tajikistan."),
     ("The army captured Kunduz.", "The army denied capturing Kunduz."),
     ("Their forces captured settlements in Kyrgyzstan.",
      "It was impossible for them to capture settlements in Kyrgyzstan."),
     ("Troops entered Kunduz from Tajikistan.", "Troops never entered Kunduz from Tajikistan.")],
    ids=["did-not", "denied", "impossible", "never"],
)
def test_negation_cancels_the_event(events_of, positive, negative):
    assert events_of(positive) != ()
    assert events_of(negative) == ()


def test_no_event_without_a_place(events_of):
    assert events_of("More than 2 million people have been forced to flee. The fighting began on Sunday.") == ()


def test_no_event_from_boilerplate(events_of):
    text = "Social media is young.\nSocial media is free.\nIf you like this story, share it with a friend!"
    assert events_of(text) == ()


def test_dates_relative_to_the_published_date(events_of):
    (e,) = [e for e in events_of("Foreign ministers met in Dushanbe on Wednesday.") if e.type == "meeting"]
    assert e.date == "2021-07-14"
    (e,) = [e for e in events_of("Ministers met in Moscow last week.") if e.type == "meeting"]
    assert e.date is None


def test_actor_carry_over(events_of):
    text = "Taliban fighters advanced in the north. The militia seized Kunduz on Monday."
    (e,) = [e for e in events_of(text) if e.type == "control"]
    assert "Taliban" in e.actor and e.date == "2021-07-12"


def test_restatements_merge_into_the_more_specific_event(events_of):
    text = ("Tajikistan said almost 350 refugees from Afghanistan had crossed into the country. "
            "Border guards said the refugees crossed from the Badakhshan province.")
    crossings = [e for e in events_of(text) if e.type == "crossing"]
    assert len(crossings) == 1
    assert crossings[0].where == ("Badakhshan province", "Tajikistan") and crossings[0].quantity == 350


def test_evidence_is_the_verbatim_sentence(events_of, parser):
    text = "Intro line.\nFighters seized Herat on Monday.  Later, calm."
    (e,) = events_of(text)
    assert e.evidence == "Fighters seized Herat on Monday." and text[e.start:e.end] == e.evidence


def test_seed_example_events(parser):
    import json

    from .conftest import EXAMPLES

    gold = json.loads((EXAMPLES / "afghan-border-2021-07-14.expected.json").read_text(encoding="utf-8"))
    text = (EXAMPLES / "afghan-border-2021-07-14.txt").read_text(encoding="utf-8")
    result = parser.parse(Document("seed", text, published=date(2021, 7, 14)))
    got = {(e.type, e.where) for e in result.events}
    names = {p.name: p for p in result.places}
    for g in gold["events"]:
        if g.get("optional"):
            continue
        match = [w for t, w in got if t == g["type"] and len(w) == len(g["where"])
                 and all(a == b or a.startswith(b) for a, b in zip(w, g["where"]))]
        assert match, (g["type"], g["where"])
    crossings = {e.where: e for e in result.events if e.type == "crossing"}
    assert crossings[("Badakhshan province", "Tajikistan")].quantity == 350
    assert crossings[("Afghanistan", "Tajikistan")].quantity == 1000
    assert names["Shir Khan Bandar"].feature == "crossing"
