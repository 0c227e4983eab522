import folium
import pytest
from shapely.geometry import shape

from geomap.model import Candidate, Document, Event, Extraction, Mention, Place


def make_place(**kw):
    d = dict(name="Kunduz", start=10, end=16, lat=36.73, lon=68.86, feature="city", country="AF",
             gazetteer_id="geonames:1135689", confidence=0.9)
    d.update(kw)
    return Place(**d)


def test_place_geo_interface_is_lon_lat():
    p = make_place()
    pt = shape(p)
    assert (pt.x, pt.y) == (68.86, 36.73)
    assert p.__geo_interface__["id"] == "geonames:1135689@10"


def test_folium_accepts_place():
    folium.GeoJson(make_place())


def test_place_round_trip():
    p = make_place(demonym=True, place_name="Kunduz", admin1="AF.24")
    assert Place.from_dict(p.to_dict()) == p


def test_candidate_round_trip_and_geo_interface():
    c = Candidate("geonames:1", "Kunduz", "city", "PPLA", "AF", 36.73, 68.86, 161902, ("AF",), "24")
    assert Candidate.from_dict(c.to_dict()) == c
    assert shape(c).x == 68.86
    assert c.admin1_key == "AF.24"


@pytest.mark.parametrize(
    "lat, lon, message",
    [(95.0, 10.0, "outside"), (float("nan"), 1.0, "finite"), (10.0, 200.0, "lon"), (120.0, 45.0, "swapped")],
)
def test_bad_coordinates_are_named(lat, lon, message):
    with pytest.raises(ValueError, match=message):
        make_place(lat=lat, lon=lon)


def test_span_must_fit_name():
    with pytest.raises(ValueError, match="span"):
        Mention("Kunduz", 0, 3)


def test_confidence_range():
    with pytest.raises(ValueError, match="confidence"):
        make_place(confidence=1.5)


def test_extraction_checks_offsets_against_text():
    doc = Document("d", "Fighting in Kunduz today")
    ok = make_place(start=12, end=18)
    assert Extraction(doc, (ok,)).to_dict()["places"][0]["name"] == "Kunduz"
    with pytest.raises(ValueError, match="does not match"):
        Extraction(doc, (make_place(start=11, end=17),))


def test_crossing_event_is_a_line_origin_to_destination():
    a = make_place(name="Badakhshan", start=0, end=10, lat=36.7, lon=70.8)
    b = make_place(name="Tajikistan", start=20, end=30, lat=38.9, lon=71.3)
    ev = Event("crossing", ("Badakhshan", "Tajikistan"), "text", 0, 30, places=(a, b), quantity=350.0)
    geom = ev.__geo_interface__["geometry"]
    assert geom["type"] == "LineString"
    assert geom["coordinates"][0] == (70.8, 36.7)
    assert ev.to_dict()["quantity"] == 350


def test_event_needs_one_place_per_name():
    with pytest.raises(ValueError, match="places"):
        Event("control", ("Kunduz",), "text", 0, 4)


def test_approximate_place_round_trips_and_is_only_written_when_true():
    p = Place("Xville", 0, 6, 12.0, 15.0, "town", "TD", "geonames:1", 0.2, approximate=True)
    assert p.to_dict()["approximate"] is True
    assert Place.from_dict(p.to_dict()) == p
    q = Place("Xville", 0, 6, 12.0, 15.0, "town", "TD", "geonames:1", 0.2)
    assert "approximate" not in q.to_dict()
