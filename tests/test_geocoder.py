import pytest
from geopy.location import Location
from geopy.point import Point

from geomap.errors import GazetteerQueryError
from geomap.gazetteer.geocoder import GazetteerGeocoder


@pytest.fixture
def geocoder(small_gaz):
    return GazetteerGeocoder(small_gaz)


def test_geocode_returns_a_geopy_location(geocoder):
    loc = geocoder.geocode("Kunduz")
    assert isinstance(loc, Location)
    assert loc.raw["id"].startswith("geonames:")
    assert abs(loc.latitude - 36.73) < 0.2 and abs(loc.longitude - 68.8) < 0.2
    assert "Afghanistan" in loc.address


def test_geocode_none_when_nothing_matches(geocoder):
    assert geocoder.geocode("Xyzzyville") is None


def test_geocode_many(geocoder):
    locs = geocoder.geocode("Kandahar", exactly_one=False)
    assert isinstance(locs, list) and len(locs) >= 3


def test_geocode_filters(geocoder):
    assert geocoder.geocode("Georgia", country_codes="US").raw["feature"] == "adm1"
    assert geocoder.geocode("Kunduz", feature="adm1").raw["feature"] == "adm1"


def test_reverse(geocoder):
    loc = geocoder.reverse((37.2, 68.6))
    assert loc.raw["feature"] == "crossing"
    assert geocoder.reverse(Point(36.73, 68.86)).raw["name"] == "Kunduz"
    assert geocoder.reverse("-60, -30") is None


def test_reverse_bad_point(geocoder):
    with pytest.raises((GazetteerQueryError, ValueError)):
        geocoder.reverse("not a point")


def test_geocoder_is_a_geopy_geocoder():
    from geopy.geocoders.base import Geocoder

    assert issubclass(GazetteerGeocoder, Geocoder)
