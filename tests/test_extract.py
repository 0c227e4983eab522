"""Toponym detection rules (default pipeline, no model), on the shipped gazetteer."""
import pickle

import pytest
import spacy

pytestmark = pytest.mark.data


def names(places):
    return [p.name for p in places]


def test_offsets_match_the_text(places_of):
    text = "Fighting spread from Kunduz to Mazar-i-Sharif and on to Herat, officials in Kabul said."
    found = places_of(text)
    assert names(found) == ["Kunduz", "Mazar-i-Sharif", "Herat", "Kabul"]
    assert all(text[p.start:p.end] == p.name for p in found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hundreds of Afghan refugees reached the border.", ("Afghan", "AF")),
        ("Russians and Ukrainians queued at the crossing.", ("Russians", "RU")),
        ("Tajik border guards said the group crossed.", ("Tajik", "TJ")),
        ("The Russian Foreign Minister spoke on Monday.", ("Russian", "RU")),
    ],
    ids=["adjective", "plural", "tajik", "before-institution"],
)
def test_demonyms_refer_to_their_country(places_of, text, expected):
    found = places_of(text)
    assert expected in [(p.name, p.country) for p in found if p.demonym]


@pytest.mark.parametrize(
    "text",
    ["The European Central Bank kept rates.", "He is an African American author.",
     "The Canadian Press reported it."],
    ids=["bank", "compound", "media"],
)
def test_demonyms_inside_organisation_names_are_not_places(places_of, text):
    assert [p for p in places_of(text) if p.demonym] == []


@pytest.mark.parametrize(
    "text, form",
    [("Cheap European flights are popular.", "European"), ("Asians and Africans queued at the port.", "Asians")],
)
def test_a_continent_adjective_on_its_own_is_its_continent(places_of, text, form):
    found = {p.name: p for p in places_of(text)}
    assert form in found and found[form].demonym and found[form].feature == "region"


@pytest.mark.parametrize(
    "text",
    ["Leaders of the African National Congress met.", "Clocks go back to Central European Time.",
     "The African-American Affairs Commission met.", "The Asian Development Bank lent more."],
)
def test_a_continent_adjective_inside_a_name_is_no_place(places_of, text):
    assert [p.name for p in places_of(text) if p.demonym] == []


@pytest.mark.parametrize(
    "text, name", [("The U.S.-led coalition struck again.", "U.S."), ("U.K.-based firms bid.", "U.K.")],
)
def test_an_abbreviated_place_before_a_hyphen_is_found(places_of, text, name):
    found = [p for p in places_of(text) if p.name == name]
    assert found and text[found[0].start:found[0].end] == name


@pytest.mark.parametrize(
    "text, name, country",
    [("Officials in the U.S. said so.", "U.S.", "US"), ("Talks with the U.K. stalled.", "U.K.", "GB"),
     ("The UAE sent aid.", "UAE", "AE"), ("Fighting in the DRC continued.", "DRC", "CD"),
     ("He lives in Fresno, Calif., now.", "Calif.", "US"), ("Floods hit Charleston, W.Va., today.", "W.Va.", "US"),
     ("They moved to Albany, N.Y., in May.", "N.Y.", "US")],
)
def test_abbreviations(places_of, text, name, country):
    assert (name, country) in [(p.name, p.country) for p in places_of(text)]


def test_lower_case_us_is_not_a_country(places_of):
    assert "us" not in names(places_of("Let us go to the market, they told us."))


@pytest.mark.parametrize(
    "text, not_a_place",
    [("Mr. Jordan said the talks failed.", "Jordan"),
     ("Zamir Kabulov met the delegation. Kabulov said it went well.", "Kabulov"),
     ("Andrew Watkins wrote on Twitter. Watkins added a map.", "Watkins"),
     ("Paris Hilton arrived in Cannes.", "Paris"),
     ("President Obama signed the bill.", "Obama")],
    ids=["title", "surname-later", "first-last", "first-name", "title-surname"],
)
def test_person_names_are_not_places(places_of, text, not_a_place):
    assert not_a_place not in names(places_of(text))


@pytest.mark.parametrize(
    "text, not_a_place",
    [("The Washington Post reported the story.", "Washington"),
     ("She writes for the New York Times.", "New York"),
     ("The exercise was run by Russia's Central Military District.", "Central"),
     ("Members of the Shanghai Cooperation Organisation met.", "Shanghai")],
)
def test_organisation_names_are_not_places(places_of, text, not_a_place):
    assert not_a_place not in names(places_of(text))


def test_institutions_keep_their_place(places_of):
    found = names(places_of("Data from the Texas Forest Service and the Laurel County Sheriff show it."))
    assert "Texas" in found and "Laurel County" in found


@pytest.mark.parametrize(
    "text, word",
    [("May was a cold month.", "May"), ("Police said the road was closed.", "Police"),
     ("It happened in March, officials said.", "March"), ("Reading the report took hours.", "Reading")],
)
def test_capitalised_common_words_are_not_places(places_of, text, word):
    assert word not in names(places_of(text))


@pytest.mark.parametrize(
    "text, name",
    [("The People's Republic of China responded.", "People's Republic of China"),
     ("Aid reached Port-au-Prince overnight.", "Port-au-Prince"),
     ("Fighting near Mazar-i-Sharif went on.", "Mazar-i-Sharif"),
     ("In China, prices rose.", "China")],
)
def test_longest_name_wins(places_of, text, name):
    assert name in names(places_of(text))


def test_cue_words_join_the_name_and_pick_the_feature(places_of):
    found = {p.name: p.feature for p in places_of("Refugees crossed from the Badakhshan province near the Panj river.")}
    assert found["Badakhshan province"] == "adm1"
    assert found["Panj river"] == "water"


def test_cue_word_before_another_noun_is_not_part_of_the_name(places_of):
    names = [p.name for p in places_of("Shells fell along the Azerbaijan-Armenia state border.")]
    assert "Armenia state" not in names and "Armenia" in names


def test_bare_river_name_needs_a_cue(places_of):
    assert "Ebola" not in names(places_of("Tests were negative for Ebola on Tuesday."))
    assert "Nile" in names(places_of("Boats sailed down the Nile at dawn."))


def test_seed_boilerplate_gives_no_place(places_of):
    from .conftest import EXAMPLES

    text = (EXAMPLES / "afghan-border-2021-07-14.txt").read_text(encoding="utf-8")
    cut = text.index("Social media is young.")
    found = places_of(text)
    assert found and all(p.start < cut for p in found)


def test_factory_in_a_users_pipeline(gaz):
    import geomap.places.components  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("geomap_toponyms", config={"gazetteer_path": str(gaz.path)})
    doc = nlp("Refugees fled from Kunduz into Tajikistan.")
    assert [s.text for s in doc.spans["geomap_toponyms"]] == ["Kunduz", "Tajikistan"]
    assert {s.label_ for s in doc.spans["geomap_toponyms"]} == {"TOPONYM"}
    mentions = doc._.geomap_mentions
    assert mentions[0]["name"] == "Kunduz" and isinstance(mentions[0], dict)
    assert pickle.loads(pickle.dumps(mentions)) == mentions


def test_factory_is_an_entry_point():
    from importlib.metadata import entry_points

    assert "geomap_toponyms" in {ep.name for ep in entry_points(group="spacy_factories")}


def test_pipe_with_two_processes(gaz):
    from geomap.pipeline import build_pipeline

    nlp = build_pipeline(gaz)
    texts = ["Troops fled to Tajikistan.", "Talks were held in Moscow.", "Nothing here."] * 2
    docs = list(nlp.pipe(texts, n_process=2, batch_size=2))
    assert [[m["name"] for m in d._.geomap_mentions] for d in docs] == [["Tajikistan"], ["Moscow"], []] * 2


@pytest.mark.parametrize("seed_text", [
    "", " ", "\n\n", "U.S.", "'s", "Kunduz-", "-Kunduz", "St.", "Mr.", "Port-au-", "(Kabul", "Kabul)",
    "\u00a0Kabul\u00a0", "KABUL KABUL KABUL", "the the the", "A. B. C.", "Al-", "al-Qaida in al-Anbar"])
def test_odd_texts_do_not_break_the_pipeline(parser, seed_text):
    from geomap.model import Document

    result = parser.parse(Document("odd", seed_text + " refugees fled to Tajikistan."))
    assert any(p.name == "Tajikistan" for p in result.places)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from(["Kunduz", "Taliban", "seized", "the", "from", "into", "Tajikistan", "U.S.", "province",
                          "Mr.", "said", "on", "Monday", "1,000", "troops", "fled", "to", "-", ",", ".", "'s", "\n",
                          "Herat", "Iran", "(", ")", "Washington", "Post", "Georgia", "May", "al-", "\u00e9", "\x00"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_WORDS, max_size=40).map(" ".join))
def test_any_word_salad_gives_valid_places_and_events(parser, text):
    from geomap.model import Document

    result = parser.parse(Document("salad", text or "x"))
    for p in result.places:
        assert text[p.start:p.end] == p.name  # Extraction checks it too
    for e in result.events:
        assert text[e.start:e.end] == e.evidence and all(p in result.places for p in e.places)


@pytest.mark.parametrize(
    "text, country",
    [("Fighting in eastern Congo has displaced thousands of people near Goma.", "CD"),  # AP style: Congo is the DRC
     ("Brazzaville is the capital of Congo.", "CG")],  # unless the text says otherwise
    ids=["drc", "republic"],
)
def test_congo_is_the_drc_unless_the_text_says_otherwise(places_of, text, country):
    assert [p.country for p in places_of(text) if p.name == "Congo"] == [country]
