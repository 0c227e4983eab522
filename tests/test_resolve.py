"""Resolution signals: priors, cues, containers, document context, one sense per document."""
import pytest

from geomap.gazetteer import haversine_km
from geomap.model import Mention
from geomap.places.resolve import resolve_mentions

pytestmark = pytest.mark.data


def place(places, name):
    return next(p for p in places if p.name == name)


def test_kandahar_is_the_afghan_city_or_province(places_of):
    p = place(places_of("Clashes were reported in Kandahar on Friday."), "Kandahar")
    assert p.country == "AF" and p.feature in ("city", "adm1")


def test_province_cue_picks_the_province(places_of):
    p = place(places_of("Clashes were reported across Kandahar province on Friday."), "Kandahar province")
    assert p.feature == "adm1" and p.country == "AF"


def test_georgia_country_in_a_text_about_tbilisi(places_of):
    found = places_of("Protests filled Tbilisi. Georgia's government resigned.")
    assert place(found, "Georgia").feature == "country"


def test_georgia_state_in_a_text_about_atlanta(places_of):
    found = places_of("Storms hit Atlanta and Savannah. Georgia's governor declared an emergency.")
    g = place(found, "Georgia")
    assert g.feature == "adm1" and g.country == "US"


@pytest.mark.parametrize(
    "text, admin1",
    [("A fire broke out in Athens, Texas, on Monday.", "US.TX"),
     ("A fire broke out in Athens, Ga., on Monday.", "US.GA")],
)
def test_container_decides(places_of, text, admin1):
    assert place(places_of(text), "Athens").admin1 == admin1


def test_bare_athens_is_greece(places_of):
    assert place(places_of("Ministers met in Athens."), "Athens").country == "GR"


def test_spatial_coherence_local_news(places_of):
    found = places_of("Springfield police arrested a man from Decatur. The Illinois State Police helped.")
    assert place(found, "Springfield").admin1 == "US.IL"


def test_one_sense_per_document(places_of):
    found = places_of("Springfield is growing. Jobs came to Springfield, Mo., last year. Springfield voters agree.")
    ids = {p.gazetteer_id for p in found if p.name == "Springfield"}
    assert len(ids) == 1 and next(p for p in found if p.name == "Springfield").admin1 == "US.MO"


def test_country_point_is_the_conventional_one(places_of):
    us = place(places_of("The United States responded."), "United States")
    assert haversine_km(us.lat, us.lon, 39.76, -98.5) < 50


def test_confidence_orders_certainty(places_of):
    found = places_of("Talks in Tajikistan and in Springfield.")
    assert 0 <= place(found, "Springfield").confidence < place(found, "Tajikistan").confidence <= 1


def test_unknown_mention_is_dropped(gaz):
    assert resolve_mentions([Mention("Xyzzyville", 0, 10)], gaz) == []


def test_demonym_places_at_its_country(places_of):
    p = place(places_of("Afghan troops withdrew."), "Afghan")
    assert p.demonym and p.country == "AF" and p.feature == "country"
