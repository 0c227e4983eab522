"""geopy-style queries ("City, Region, Country") through GazetteerGeocoder, on the shipped
gazetteer: a table of queries written for this test, from several continents."""
import pytest

from geomap.gazetteer import GazetteerGeocoder, haversine_km

pytestmark = pytest.mark.data

# query, expected (lat, lon), tolerance km
QUERIES = [
    ("Kassala, Sudan", (15.45, 36.40), 25),
    ("Columbus, OH", (39.96, -83.00), 25),
    ("Columbus, Georgia", (32.46, -84.99), 25),
    ("Columbus, GA, USA", (32.46, -84.99), 25),
    ("Victoria, BC", (48.43, -123.37), 25),
    ("Victoria, Seychelles", (-4.62, 55.45), 25),
    ("Mazar-i-Sharif, Afghanistan", (36.71, 67.11), 25),
    ("Portland, ME", (43.66, -70.26), 25),
    ("Portland, Oregon", (45.52, -122.68), 25),
    ("Springfield, IL", (39.80, -89.64), 25),
    ("Springfield, Missouri, United States", (37.22, -93.30), 25),
    ("Athens, GA", (33.96, -83.38), 25),
    ("Athens, Greece", (37.98, 23.73), 25),
    ("Paris, TX", (33.66, -95.56), 25),
    ("Paris, France", (48.85, 2.35), 25),
    ("London, Ontario", (42.98, -81.25), 25),
    ("London, ON, Canada", (42.98, -81.25), 25),
    ("London, UK", (51.51, -0.13), 25),
    ("Perth, WA", (-31.95, 115.86), 25),
    ("Perth, Scotland", (56.40, -3.43), 25),
    ("Newcastle, NSW", (-32.93, 151.78), 25),
    ("Newcastle upon Tyne, England", (54.97, -1.61), 25),
    ("Hamilton, New Zealand", (-37.79, 175.28), 25),
    ("Hamilton, ON", (43.25, -79.85), 25),
    ("Cordoba, Argentina", (-31.41, -64.18), 25),
    ("Córdoba, Spain", (37.89, -4.78), 25),
    ("Santiago, Chile", (-33.46, -70.65), 25),
    ("Valencia, Venezuela", (10.16, -68.00), 25),
    ("Valencia, Spain", (39.47, -0.38), 25),
    ("San Jose, Costa Rica", (9.93, -84.08), 25),
    ("San Jose, CA", (37.34, -121.89), 25),
    ("Alexandria, Egypt", (31.20, 29.92), 25),
    ("Alexandria, VA", (38.80, -77.05), 25),
    ("Tripoli, Lebanon", (34.44, 35.85), 25),
    ("Tripoli, Libya", (32.89, 13.19), 25),
    ("Hyderabad, Pakistan", (25.39, 68.37), 25),
    ("Hyderabad, India", (17.38, 78.46), 25),
    ("Goma, DRC", (-1.68, 29.23), 25),
    ("Dubai, UAE", (25.26, 55.30), 30),
    ("Kandahar, Afghanistan", (31.61, 65.71), 25),
    ("Herat, AF", (34.35, 62.20), 25),
    ("Odesa, Ukraine", (46.48, 30.73), 25),
    ("Idlib, Syria", (35.93, 36.63), 25),
    ("Mosul, Nineveh, Iraq", (36.34, 43.13), 25),
    ("Melbourne, VIC", (-37.81, 144.96), 30),
    ("Melbourne, Florida", (28.08, -80.61), 25),
    ("Birmingham, Alabama", (33.52, -86.80), 25),
    ("Birmingham, UK", (52.48, -1.90), 25),
    ("Kingston, Jamaica", (18.00, -76.79), 25),
    ("Georgetown, Guyana", (6.80, -58.16), 25),
]


@pytest.fixture(scope="module")
def geocoder(gaz):
    return GazetteerGeocoder(gaz)


def test_at_least_95_percent_of_the_table_is_right(geocoder):
    wrong = []
    for query, (lat, lon), tol in QUERIES:
        loc = geocoder.geocode(query)
        if loc is None or haversine_km(loc.latitude, loc.longitude, lat, lon) > tol:
            wrong.append((query, loc and (loc.address, loc.latitude, loc.longitude)))
    assert len(QUERIES) >= 40
    assert len(wrong) <= 0.05 * len(QUERIES), wrong


@pytest.mark.parametrize("query, code", [("Kassala, Sudan", "SD"), ("Columbus, OH", "US"), ("Victoria, BC", "CA"),
                                         ("Goma, DRC", "CD"), ("Dubai, UAE", "AE"), ("London, UK", "GB")])
def test_each_container_form_is_read(geocoder, query, code):
    assert geocoder.geocode(query).raw["country"] == code


def test_a_place_unknown_in_its_container_gives_the_container(geocoder):
    loc = geocoder.geocode("Xyzzyville, Sudan")
    assert loc.raw["feature"] == "country" and loc.raw["country"] == "SD" and loc.raw["match"] == "container"


def test_country_codes_still_filter(geocoder):
    assert geocoder.geocode("Paris", country_codes="US").raw["country"] == "US"
    assert geocoder.geocode("Paris, France", country_codes="US") is None


def test_a_bare_name_is_unchanged(geocoder):
    assert geocoder.geocode("Kabul").raw["country"] == "AF"
