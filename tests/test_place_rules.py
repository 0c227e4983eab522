"""The place rules added for issue 11, each on sentences written for these tests."""
import pytest

pytestmark = pytest.mark.data


def found(places_of, text):
    return {p.name: p for p in places_of(text)}


def test_given_name_speaker_is_a_person_everywhere(places_of):
    text = "Florence told reporters the clinic was closed. Florence had worked there for years."
    assert "Florence" not in found(places_of, text)


def test_a_city_that_speaks_stays_a_city(places_of):
    assert found(places_of, "Moscow said the talks would go on.")["Moscow"].country == "RU"


def test_speaker_rule_needs_the_name_alone(places_of):
    text = "The river rose overnight, said Fargo City Commissioner Tim Mahoney. Fargo braced for more rain."
    assert found(places_of, text)["Fargo"].country == "US"


@pytest.mark.parametrize("text, name", [("Near Kunduz, fighters gathered at dawn.", "Kunduz"),
                                        ("Outside Idlib, the shelling went on.", "Idlib"),
                                        ('"Across Darfur, markets closed," he said.', "Darfur")])
def test_names_after_an_opening_preposition(places_of, text, name):
    assert name in found(places_of, text)


@pytest.mark.parametrize("text, word", [("Western diplomats left the capital.", "Western"),
                                        ("The Southern Command moved two brigades.", "Southern"),
                                        ("Talks between East and West stalled.", "East")])
def test_bare_direction_words_are_not_places(places_of, text, word):
    assert word not in found(places_of, text)


def test_a_direction_with_a_cue_is_a_place(places_of):
    assert "Eastern Province" in found(places_of, "Floods hit the Eastern Province of Zambia.") \
        or "Eastern" in found(places_of, "Floods hit the Eastern Province of Zambia.")


def test_coordinated_directional_names_expand(places_of):
    got = found(places_of, "Fighting spread across North and South Kivu this week.")
    assert got["North"].place_name == "North Kivu" and got["North"].country == "CD"
    assert got["South Kivu"].country == "CD"


def test_coordinated_names_share_a_plural_cue_and_container(places_of):
    got = found(places_of, "Crews from Camden and Charlton counties in Georgia cleared the roads.")
    assert got["Charlton"].feature == "adm2" and got["Charlton"].admin1 == "US.GA"
    assert got["Camden"].admin1 == "US.GA"


@pytest.mark.parametrize("text, name, country", [("Shelling hit Idlib overnight.", "Idlib", "SY"),
                                                 ("Trains left Odesa on Friday.", "Odesa", "UA")])
def test_a_bare_province_name_means_its_capital(places_of, text, name, country):
    p = found(places_of, text)[name]
    assert (p.feature, p.country) == ("city", country)


def test_a_province_cue_keeps_the_province(places_of):
    p = found(places_of, "Fighting continued in Herat province.")["Herat province"]
    assert p.feature == "adm1"


def test_unknown_town_of_a_demonym_is_approximate_in_its_country(places_of):
    p = found(places_of, "Gunmen attacked the Nigerien town of Zorbazanga on Monday.")["Zorbazanga"]
    assert p.approximate and p.country == "NE" and p.confidence <= 0.2


def test_a_known_name_outside_its_container_is_not_placed_elsewhere(places_of):
    p = found(places_of, "Aid reached Springfield, in Kisoro district, on Tuesday.")["Springfield"]
    assert p.approximate and p.country == "UG"


def test_a_list_is_not_a_container(places_of):
    got = found(places_of, "Officials in Kabul, Kandahar and Herat met on Sunday.")
    assert not any(p.approximate for p in got.values()) and got["Kabul"].country == "AF"
