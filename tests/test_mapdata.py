"""Map payloads from hand-made extractions: marks, areas, border sides, legend, basemap."""
from datetime import date

import pytest
from shapely.geometry import LineString, Point

from geomap.maps.actors import actor_key
from geomap.maps.areas import country_shape, decode_polyline, load_basemap
from geomap.maps.mapdata import HOLLOW, LABELLED, SHADED, default_title, map_data
from geomap.model import Document, Event, Extraction, Place

EVENT_FIELD = {"control": 4, "crossing": 4, "base": 2, "military_activity": 2, "attack": 2, "meeting": 2,
               "displacement": 2}


def place(name, lat, lon, feature="city", country="AF", gid=None, **kw):
    return Place(name, 0, len(name), lat, lon, feature, country, gid or "test:" + name, 0.9, **kw)


KUNDUZ = place("Kunduz", 36.73, 68.86)
TALOQAN = place("Taloqan", 36.74, 69.53)
MALI = place("Mali", 17.0, -4.0, "country", "ML")
AFGHANISTAN = place("Afghanistan", 33.0, 66.0, "country", "AF")
TAJIKISTAN = place("Tajikistan", 39.0, 71.0, "country", "TJ")
SHIR_KHAN = place("Shir Khan Bandar", 37.19, 68.58, "crossing")


def event(kind, *places, actor=None, quantity=None, via=None, text="A sentence of the article."):
    return Event(kind, tuple(p.name for p in places), text, 0, len(text), places=tuple(places), actor=actor,
                 quantity=quantity, via=via.name if via else None, via_place=via)


def extraction(*events, places=(), doc="doc", published=None):
    return Extraction(Document(doc, "text", published=published), tuple(places), tuple(events))


def marks(data):
    """(layer, row) of every mark that shows events."""
    return [(k, row) for k, col in EVENT_FIELD.items() for row in data["layers"].get(k, ())]


def name(data, pi):
    return data["S"][data["P"][pi][2]]


def test_an_event_at_a_whole_country_is_drawn_inside_it_and_shaded():
    data = map_data([extraction(event("displacement", MALI, quantity=4000.0))])
    ((kind, row),) = marks(data)
    lat, lon, _, flags, _, cc = data["P"][row[0]]
    assert kind == "displacement" and cc == "ML" and flags & HOLLOW and flags & SHADED and flags & LABELLED
    assert country_shape("ML").contains(Point(lon, lat))
    assert data["bounds"] == [[lat, lon], [lat, lon]]  # in view
    assert data["legend"]["hollow"] and data["legend"]["shaded"]


def test_a_country_event_sits_on_the_side_nearest_the_other_events():
    data = map_data([extraction(event("attack", KUNDUZ), event("military_activity", TAJIKISTAN))])
    row = data["layers"]["military_activity"][0]
    lat, lon = data["P"][row[0]][:2]
    assert country_shape("TJ").contains(Point(lon, lat))
    assert Point(lon, lat).distance(Point(KUNDUZ.lon, KUNDUZ.lat)) < 1.5  # near the border by Kunduz, not the centre


def test_several_events_at_one_place_make_one_mark():
    data = map_data([extraction(event("attack", KUNDUZ, text="One."), event("attack", KUNDUZ, text="Two."),
                                event("meeting", KUNDUZ, text="Three."))])
    assert len(data["layers"]["attack"]) == 1 and data["layers"]["attack"][0][2] == [0, 1]
    assert data["layers"]["attack"][0][0] == data["layers"]["meeting"][0][0]  # one place, one label
    assert sum(1 for p in data["P"] if p[3] & LABELLED and data["S"][p[2]] == "Kunduz") == 1


def test_every_event_is_on_exactly_one_mark():
    events = [event("attack", KUNDUZ), event("control", KUNDUZ, actor="Taliban fighters"),
              event("crossing", AFGHANISTAN, TAJIKISTAN, quantity=300.0), event("meeting", MALI),
              event("crossing", AFGHANISTAN, TAJIKISTAN, quantity=120.0), event("base", TALOQAN, actor="Russian forces")]
    data = map_data([extraction(*events)])
    ids = sorted(i for kind, row in marks(data) for i in row[EVENT_FIELD[kind]])
    assert ids == list(range(len(events))) == list(range(len(data["E"])))


def test_a_crossing_between_countries_runs_across_their_border_at_the_crossing_used():
    data = map_data([extraction(event("crossing", AFGHANISTAN, TAJIKISTAN, quantity=1000.0, actor="troops",
                                      via=SHIR_KHAN))])
    (row,) = data["layers"]["crossing"]
    pts = row[0]
    assert pts[1] == [SHIR_KHAN.lat, SHIR_KHAN.lon] and len(pts) == 3
    start, end = Point(pts[0][1], pts[0][0]), Point(pts[-1][1], pts[-1][0])
    af, tj = country_shape("AF"), country_shape("TJ")
    assert af.contains(start) and tj.contains(end)
    assert start.distance(Point(SHIR_KHAN.lon, SHIR_KHAN.lat)) < 0.5 and end.distance(Point(SHIR_KHAN.lon, SHIR_KHAN.lat)) < 0.5
    starts, ends = row[8]
    assert len(starts) >= 2 and len(ends) >= 2  # deeper points for low zooms, all inside
    assert all(af.contains(Point(p[1], p[0])) for p in starts) and all(tj.contains(Point(p[1], p[0])) for p in ends)
    assert row[1] == "armed" and data["S"][row[2]] == "1,000"


def test_reports_of_one_crossing_make_one_arrow_with_the_largest_count():
    data = map_data([extraction(event("crossing", KUNDUZ, TAJIKISTAN, quantity=300.0, text="A."),
                                event("crossing", KUNDUZ, TAJIKISTAN, quantity=1200.0, text="B."))])
    (row,) = data["layers"]["crossing"]
    assert row[4] == [0, 1] and row[5] == 1200.0
    assert [row[0][0][0], row[0][0][1]] == [KUNDUZ.lat, KUNDUZ.lon]  # a town end keeps its point


@pytest.mark.parametrize("actors, contested", [
    (["Taliban fighters", "the Taliban"], False),
    (["Taliban fighters", None, "they"], False),  # no second group: not contested
    (["Taliban fighters", "Afghan government forces"], True),
], ids=["one group", "one group and unknowns", "two groups"])
def test_contested_only_when_two_groups_claim_a_place(actors, contested):
    data = map_data([extraction(*[event("control", KUNDUZ, actor=a, text="S%d." % i) for i, a in enumerate(actors)])])
    (zone,) = data["layers"]["control"]
    assert bool(zone[3]) is contested and data["legend"]["contested"] is contested


def test_legend_lists_what_is_there():
    groups = ["Taliban", "Hezbollah", "Hamas", "RSF", "SAF", "M23", "TPLF", "Houthi", "Wagner", "ISWAP"]
    towns = [place("Town%d" % i, 30 + i, 60 + i) for i in range(len(groups))]
    data = map_data([extraction(*[event("control", t, actor=g + " fighters") for t, g in zip(towns, groups)],
                                event("attack", KUNDUZ))])
    legend = data["legend"]
    assert legend["kinds"] == ["control", "attack"] and legend["movers"] == []
    assert len(legend["actors"]) == 8 and legend["others"] and not legend["contested"]
    assert {a for a, _ in legend["actors"]} <= set(groups)
    assert not legend["hollow"] and not legend["shaded"]


def test_an_approximate_place_is_drawn_hollow():
    village = place("Oleshnya", 51.0, 35.0, "town", "RU", approximate=True)
    data = map_data([extraction(event("attack", village), event("attack", KUNDUZ))])
    flags = {name(data, r[0]): data["P"][r[0]][3] for r in data["layers"]["attack"]}
    assert flags["Oleshnya"] & HOLLOW and not flags["Kunduz"] & HOLLOW and data["legend"]["hollow"]


def test_province_control_is_its_shape():
    kunduz_province = place("Kunduz province", 36.7, 68.8, "adm1", admin1="AF.24")
    data = map_data([extraction(event("control", kunduz_province, actor="Taliban"))])
    (zone,) = data["layers"]["control"]
    assert isinstance(zone[1], list) and zone[1]  # encoded rings of the province
    (s, w), (n, e) = data["bounds"]
    assert n - s > 0.5 and e - w > 0.5  # the view takes in the whole province


def test_shared_basemap_leaves_geometry_out():
    x = extraction(event("attack", KUNDUZ))
    inline, shared = map_data([x]), map_data([x], basemap="shared")
    assert "countries" in inline["base"] and "AF" in inline["base"]["admin1"]
    assert shared["base"] == {"shared": True, "admin1": ["AF"]}


@pytest.mark.parametrize("phrase, key", [
    ("Taliban fighters", "Taliban"), ("Russian forces", "Russia"), ("Tajikistan's border guards", "Tajikistan"),
    ("Rapid Support Forces (RSF)", "RSF"), ("M23 rebels", "M23"), ("Houthi militia", "Houthi"),
    ("Arakan Army", "Arakan Army"), ("Congolese soldiers", "DR Congo"), ("US troops", "US"),
    ("the militias", None), ("they", None), ("Security forces", None), ("Thousands", None),
    ("Refugees", None), ("Defense Forces", None), (None, None),
])
def test_actor_names_are_canonical_and_never_fragments(phrase, key):
    assert actor_key(phrase) == key


def test_a_place_name_is_no_actor():
    assert actor_key("Zarichne residents", places=frozenset({"zarichne"})) is None


def test_default_titles():
    a = extraction(event("attack", KUNDUZ), published=date(2021, 7, 14))
    b = extraction(event("attack", KUNDUZ), doc="b", published=date(2021, 7, 14))
    assert default_title([a, b]) == "2 articles, 14 July 2021"
    assert default_title([a]) == "doc"


def test_basemap_has_no_ring_across_the_antimeridian_or_the_poles():
    base = load_basemap()
    rings = [r for c in base["countries"] for r in c["r"]] + [r for lake in base["lakes"] for r in lake]
    for ring in rings:
        pts = decode_polyline(ring)
        assert all(-85.01 <= lat <= 85.01 for lat, _ in pts)
        # no edge jumps across the map, but along the edge of the world (Antarctica's clipped coast)
        assert all(abs(a[1] - b[1]) < 180 or a[0] == b[0] == -85.0 for a, b in zip(pts, pts[1:]))


def test_neighbours_share_one_border_line_and_province_lines_stay_inside():
    af, tj = country_shape("AF"), country_shape("TJ")
    shared = af.boundary.intersection(tj.boundary)
    assert shared.length > 5  # the same line from both sides (degrees), not two near ones
    lines = load_basemap()["admin1_lines"]["AF"]
    assert lines
    for line in lines:
        pts = decode_polyline(line)
        mid = LineString([(lon, lat) for lat, lon in pts]).interpolate(0.5, normalized=True)
        assert af.contains(mid)  # an inner province border, never along the country's


def test_a_disputed_claim_makes_the_place_contested():
    from dataclasses import replace

    claim = replace(event("control", KUNDUZ, actor="Taliban fighters"), contested=True)
    data = map_data([extraction(claim)])
    (zone,) = data["layers"]["control"]
    assert zone[3] and data["legend"]["contested"]
