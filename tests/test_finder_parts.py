"""Each part of the toponym finder on sentences of its own: chunks, candidates, cue
readers, filters and the person memory (the small gazetteer, no model)."""
from __future__ import annotations

import pytest
import spacy

from geomap.places import cues, filters
from geomap.places.candidates import accept_surface, drop_weak, match_chunk
from geomap.places.chunks import chunks
from geomap.places.context import Context
from geomap.places.finder import ToponymFinder, judge
from geomap.places.known import NameInfo
from geomap.places.match import Match
from geomap.places.persons import learn_persons

_NLP = spacy.blank("en")


@pytest.fixture(scope="module")
def finder(small_store):
    from geomap.gazetteer import Gazetteer

    return ToponymFinder(Gazetteer(small_store))


def _doc(text: str):
    return _NLP(text)


def _matches(finder, doc):
    """(chunk, matches) pairs of a one-sentence doc."""
    return [(c, match_chunk(finder.rules, finder.known, doc, *c)) for c in chunks(finder.rules, doc, 0, len(doc))]


def _context(finder, text: str, surface: str) -> tuple[Match, Context]:
    doc = _doc(text)
    per_chunk = _matches(finder, doc)
    starts = {m.start: m for _, ms in per_chunk for m in ms}
    for chunk, ms in per_chunk:
        for m in ms:
            if m.surface == surface:
                return m, Context.of(doc, m, chunk, ms, 0, len(doc), starts)
    raise AssertionError("%r not matched in %r" % (surface, text))


def _word_context(finder, text: str, word: str) -> tuple[Match, Context]:
    """A match made by hand for a word the small gazetteer lacks."""
    doc = _doc(text)
    i = next(t.i for t in doc if t.text == word)
    m = Match(i, i + 1, word, word.lower())
    chunk = next((c for c in chunks(finder.rules, doc, 0, len(doc)) if c[0] <= i < c[1]), (i, i + 1))
    return m, Context.of(doc, m, chunk, [m], 0, len(doc), {i: m})


# -- chunks ----------------------------------------------------------------------------------
def test_chunks_are_capitalised_runs_with_joiners_inside(finder):
    doc = _doc("Fighters crossed from Mazar-i-Sharif to the People's Republic of China on Monday.")
    spans = [doc[a:b].text for a, b in chunks(finder.rules, doc, 0, len(doc))]
    assert spans == ["Fighters", "Mazar-i-Sharif", "People's Republic of China"]  # "Monday" is a calendar word


def test_a_sentence_opening_preposition_is_not_part_of_the_name(finder):
    doc = _doc("Outside Kunduz, the road was closed.")
    assert [doc[a:b].text for a, b in chunks(finder.rules, doc, 0, len(doc))] == ["Kunduz"]


# -- candidates ------------------------------------------------------------------------------
def test_the_longest_known_name_wins(finder):
    doc = _doc("Trucks waited at Sher Khan Bandar for days.")
    [(_, ms)] = [(c, ms) for c, ms in _matches(finder, doc) if ms]
    assert [m.surface for m in ms] == ["Sher Khan Bandar"]


def test_a_demonym_is_a_candidate_of_its_country(finder):
    doc = _doc("Tajik guards waited.")
    [m] = [m for _, ms in _matches(finder, doc) for m in ms]
    assert m.surface == "Tajik" and m.target == "geonames:1220409"


@pytest.mark.parametrize("surface, ok", [("UK", True), ("Ill.", True), ("Ufa", False), ("Kabul", True)])
def test_short_names_must_be_capitals_or_abbreviations(surface, ok):
    from geomap.gazetteer.names import fold_name

    assert accept_surface(surface, fold_name(surface)) is ok


def test_an_ordinary_word_next_to_a_capital_is_dropped(finder):
    doc = _doc("The Kabul Forest office opened.")
    chunk = (1, 3)
    ms = [Match(1, 2, "Kabul", "kabul"), Match(2, 3, "Forest", "forest")]
    assert [m.surface for m in drop_weak(finder.rules, doc, chunk, ms)] == ["Kabul"]


# -- cue readers -------------------------------------------------------------------------------
def test_a_division_word_after_is_a_cue_and_part_of_the_name(finder):
    m, ctx = _context(finder, "Shelling hit Kunduz province overnight.", "Kunduz")
    cues.read_cue(finder.rules, m, ctx)
    assert m.cue == "adm1" and m.suffix == " province"


def test_a_division_word_before_a_modifier_is_a_cue_only(finder):
    m, ctx = _context(finder, "The Kunduz province police chief spoke.", "Kunduz")
    cues.read_cue(finder.rules, m, ctx)
    assert m.cue == "adm1" and m.suffix == ""


def test_a_lower_case_place_word_before_is_a_cue(finder):
    m, ctx = _context(finder, "They reached the capital Dushanbe at night.", "Dushanbe")
    cues.read_cue(finder.rules, m, ctx)
    assert m.cue == "city"


def test_border_crossing_after_a_name(finder):
    m, ctx = _context(finder, "The Kunduz border crossing reopened.", "Kunduz")
    cues.read_cue(finder.rules, m, ctx)
    assert m.cue == "crossing"


def test_a_locative_says_place_but_not_at_the_start(finder):
    m, ctx = _context(finder, "Aid arrived in Atlanta today.", "Atlanta")
    info = finder.known.info(m.key)
    assert cues.says_place(finder.rules, finder.known, m, ctx, info) and cues.confirms_place(finder.known, m, ctx)
    m, ctx = _context(finder, "Atlanta wins again.", "Atlanta")
    assert not cues.says_place(finder.rules, finder.known, m, ctx, finder.known.info(m.key))


def test_a_container_after_a_comma_confirms(finder):
    m, ctx = _context(finder, "Police in Atlanta, Georgia, said so.", "Atlanta")
    assert cues.confirms_place(finder.known, m, ctx)


# -- filters -----------------------------------------------------------------------------------
def test_a_title_makes_a_person(finder):
    m, ctx = _context(finder, "It was Senator Atlanta who spoke.", "Atlanta")
    assert filters.person_title(finder.rules, m, ctx) == "person title"


def test_a_name_read_as_a_person_stays_one(finder):
    m, _ = _context(finder, "Chad arrived late.", "Chad")
    assert filters.named_person(m, {"chad"}) == "person named earlier"
    assert filters.named_person(m, set()) is None


def test_a_demonym_before_an_institution_stays_and_before_a_firm_goes(finder):
    m, ctx = _context(finder, "The Afghan Army moved.", "Afghan")
    assert filters.demonym_in_longer_name(finder.rules, m, ctx) is None
    m, ctx = _context(finder, "He ate at Afghan Kebab House.", "Afghan")
    assert filters.demonym_in_longer_name(finder.rules, m, ctx) == "demonym in a longer name"


def test_a_place_inside_a_newspaper_name_is_no_place(finder):
    m, ctx = _context(finder, "He wrote for the Kabul Times last year.", "Kabul")
    assert filters.part_of_longer_name(finder.rules, m, ctx) == "part of a media name"
    m, ctx = _context(finder, "The Kabul Police arrested him.", "Kabul")
    assert filters.part_of_longer_name(finder.rules, m, ctx) is None


def test_two_names_side_by_side_are_one_unknown_name(finder):
    m, ctx = _context(finder, "They met at Kabul Dushanbe Hall.", "Kabul")
    assert filters.next_to_name(m, ctx) == "next to another name"


def test_a_river_only_name_needs_the_or_a_cue(finder):
    m, ctx = _word_context(finder, "Jordan scored twice.", "Jordan")
    water = NameInfo(("water",), 0, True)
    assert filters.bare_river(m, ctx, water) == "bare river name"
    m, ctx = _word_context(finder, "They swam in the Jordan again.", "Jordan")
    assert filters.bare_river(m, ctx, water) is None


@pytest.mark.parametrize("text, word, info, reason", [
    ("It rained in May again.", "May", NameInfo(("town",), 3000, True), "calendar word"),
    ("Western diplomats left.", "Western", NameInfo(("region",), 0, True), "direction word"),
    ("The NRA met.", "NRA", NameInfo(("town",), 800, True), "acronym"),
    ("Take KY 80 south.", "KY", NameInfo(("adm1",), 4_000_000, True), "road number"),
    ("The Police came.", "Police", NameInfo(("town",), 2000, True), "common word"),
    ("Walsh disagreed with the plan.", "Walsh", NameInfo(("town",), 900, True), "name of something else"),
    ("Hamas fired rockets.", "Hamas", NameInfo(("city",), 180_000, False), "alias only"),
    ("Florence told reporters.", "Florence", NameInfo(("city",), 380_000, True), "speaker"),
])
def test_single_word_rules(finder, text, word, info, reason):
    m, ctx = _word_context(finder, text, word)
    assert filters.single_word(finder.rules, m, ctx, info, False, 1.0) == reason


def test_a_country_speaks_and_stays(finder):
    m, ctx = _word_context(finder, "Afghanistan said it would reply.", "Afghanistan")
    assert filters.single_word(finder.rules, m, ctx, NameInfo(("country",), 38_000_000, True), False, 1.0) is None


def test_a_small_known_word_in_place_context_stays(finder):
    m, ctx = _word_context(finder, "They lived near Walsh for years.", "Walsh")
    assert filters.single_word(finder.rules, m, ctx, NameInfo(("town",), 900, True), True, 1.0) is None


# -- persons -----------------------------------------------------------------------------------
def test_a_run_of_names_is_a_person(finder):
    m, ctx = _context(finder, "Andrew Kabul spoke first.", "Kabul")
    learn_persons(finder.rules, finder.known, m, ctx, persons := set())
    assert persons == {"andrew", "kabul"}


def test_a_country_is_never_learned_as_a_person(finder):
    m, ctx = _context(finder, "Chad Kabul spoke first.", "Kabul")
    learn_persons(finder.rules, finder.known, m, ctx, persons := set())
    assert persons == {"kabul"}


@pytest.mark.parametrize("text, surface", [("United Chad won the vote.", "Chad"),
                                           ("They took the A429 Kabul road.", "Kabul")])
def test_a_party_or_a_road_teaches_no_person(finder, text, surface):
    m, ctx = _context(finder, text, surface)
    learn_persons(finder.rules, finder.known, m, ctx, persons := set())
    assert m.key not in persons


def test_judge_remembers_a_speaker(finder):
    m, ctx = _word_context(finder, "Walsh told the court.", "Walsh")
    persons: set[str] = set()
    finder.known._cache["walsh"] = NameInfo(("city",), 150_000, True)
    judge(finder.rules, finder.known, m, ctx, persons, 1.0)
    assert m.reject == "speaker" and persons == {"walsh"}


# -- rules added for news text -------------------------------------------------------------------
def test_an_institution_word_that_is_also_a_town_does_not_hide_its_state(finder):
    doc = _doc("He asked the Kandahar Supreme Court for a delay.")
    chunk = (3, 6)
    ms = [Match(3, 4, "Kandahar", "kandahar"), Match(4, 5, "Supreme", "supreme")]
    assert [m.surface for m in drop_weak(finder.rules, doc, chunk, ms)] == ["Kandahar"]


def test_a_water_name_that_says_river_is_not_bare(finder):
    m, ctx = _word_context(finder, "Cleanup of Kanawha River begins.", "Kanawha")
    m = Match(m.start, m.start + 2, "Kanawha River", "kanawha river")
    assert filters.bare_river(m, ctx, NameInfo(("water",), 0, True)) is None


@pytest.mark.parametrize("text, ok", [
    ("DUSHANBE — The council met on Monday.", True),
    ("DUSHANBE (AP) — The council met on Monday.", True),
    ("KABUL, Afghanistan — Talks resumed.", True),
    ("The DUSHANBE office — closed since May — reopened.", False),
    ("Dushanbe — the capital — was calm.", False),
])
def test_a_dateline(finder, text, ok):
    doc = _doc(text)
    word = "KABUL" if "KABUL" in text else ("DUSHANBE" if "DUSHANBE" in text else "Dushanbe")
    i = next(t.i for t in doc if t.text == word)
    m = Match(i, i + 1, word, word.lower())
    assert cues.dateline(m, Context.of(doc, m, (i, i + 1), [m], 0, len(doc), {i: m})) is ok


def test_a_dateline_word_escapes_the_word_rules(finder):
    m, ctx = _context(finder, "CHAD — The council met.", "CHAD")
    judge(finder.rules, finder.known, m, ctx, set(), 1.0)
    assert m.reject is None and m.confirmed


def test_a_capitalised_abbreviation_keeps_its_dot_inside_a_chunk(finder):
    doc = _doc("ST. KABUL — Trucks waited.")
    assert [doc[a:b].text for a, b in chunks(finder.rules, doc, 0, len(doc))] == ["ST. KABUL", "Trucks"]


def test_a_name_after_a_given_name_and_a_particle_is_a_surname(finder):
    m, ctx = _context(finder, "The colt trained by Mike de Kabul won.", "Kabul")
    assert filters.part_of_longer_name(finder.rules, m, ctx) == "person name"


def test_a_small_place_after_an_organisation_and_of_names_the_organisation(finder):
    m, ctx = _word_context(finder, "The Chamber of Commerce met.", "Commerce")
    assert filters.of_an_organisation(m, ctx, NameInfo(("town",), 9000, True)) == "part of a longer name"
    assert filters.of_an_organisation(m, ctx, NameInfo(("adm1",), 9_000_000, True)) is None  # "University of Texas"


def test_the_last_words_of_a_long_run_are_the_person(finder):
    m, ctx = _context(finder, "It was Kunduz Province Sheriff Greg Kabul who spoke.", "Kabul")
    learn_persons(finder.rules, finder.known, m, ctx, persons := set())
    assert persons == {"greg", "kabul"}


def test_a_name_after_a_title_is_remembered_as_a_person(finder):
    m, ctx = _word_context(finder, "Gov. Atlanta vetoed it.", "Atlanta")
    persons: set[str] = set()
    judge(finder.rules, finder.known, m, ctx, persons, 1.0)
    assert m.reject == "person title" and persons == {"atlanta"}


def test_a_name_followed_by_a_small_number_is_a_channel_or_a_team(finder):
    m, ctx = _context(finder, "He watched Kabul 24, a news channel.", "Kabul")
    assert filters.name_with_number(m, ctx) == "name with a number"
    m, ctx = _context(finder, "Kabul 2024 was hard.", "Kabul")
    assert filters.name_with_number(m, ctx) is None  # a year


def test_a_name_after_an_arabic_article_inside_a_longer_name_is_no_place(finder):
    m, ctx = _context(finder, "Strikes hit Ayta ash-Kabul overnight.", "Kabul")
    assert filters.part_of_longer_name(finder.rules, m, ctx) == "part of a longer name"


def test_a_unit_name_keeps_no_place(finder):
    m, ctx = _context(finder, "They were handed to Kandahar Rifles on Monday.", "Kandahar")
    assert filters.part_of_longer_name(finder.rules, m, ctx) == "part of a longer name"


def test_a_lower_case_direction_joins_a_known_divisional_name(finder):
    from geomap.places.candidates import match_chunk
    doc = _doc("Fighting spread in the north Kivu province.")
    finder.known._cache["kivu"] = NameInfo(("region",), 0, True)
    finder.known._cache["north kivu"] = NameInfo(("adm1",), 6_000_000, True)
    ms = [m for c in chunks(finder.rules, doc, 0, len(doc)) for m in match_chunk(finder.rules, finder.known, doc, *c)]
    assert [(m.surface, m.key) for m in ms] == [("north Kivu", "north kivu")]


def test_a_name_after_in_next_to_said_is_a_place(finder):
    m, ctx = _word_context(finder, "A teacher in Walsh said the road was closed.", "Walsh")
    info = NameInfo(("city",), 150_000, True)
    assert filters.single_word(finder.rules, m, ctx, info, True, 1.0) is None


def test_an_ordinary_word_opening_the_sentence_is_not_part_of_the_name(finder):
    m, ctx = _context(finder, "Taking Kabul, the fighters moved on.", "Kabul")
    assert filters.part_of_longer_name(finder.rules, m, ctx) is None


def test_a_name_listed_next_to_a_well_known_place_is_a_place(finder):
    m, ctx = _word_context(finder, "Shops closed in Kabul, Walsh and Herat.", "Walsh")
    ctx.starts.update({m.start - 2: Match(m.start - 2, m.start - 1, "Kabul", "kabul")})
    assert cues.in_a_list_of_places(finder.known, m, ctx)
    m, ctx = _word_context(finder, "Smith, Walsh and Brown signed.", "Walsh")
    assert not cues.in_a_list_of_places(finder.known, m, ctx)


def test_a_demonym_before_peninsula_names_a_place(finder):
    m, ctx = _context(finder, "Troops left the Afghan peninsula at dawn.", "Afghan")
    cues.read_cue(finder.rules, m, ctx)
    assert not m.demonym and m.suffix == " peninsula" and m.target


def test_a_three_letter_name_passes_after_a_locative_only(finder):
    from geomap.places.candidates import accept_surface
    assert accept_surface("Uri", "uri", after_locative=True)
    assert not accept_surface("Uri", "uri")
    assert not accept_surface("Ab", "ab", after_locative=True)


def test_a_state_keeps_its_institutions_but_not_a_persons_surname(finder):
    m, ctx = _context(finder, "Agents of the Kunduz Bureau of Investigation came.", "Kunduz")
    assert filters.part_of_longer_name(finder.rules, m, ctx, strong=True) is None
    m, ctx = _context(finder, "He met Kunduz Hasratyan yesterday.", "Kunduz")
    assert filters.part_of_longer_name(finder.rules, m, ctx, strong=True) == "part of a longer name"


def test_a_state_names_its_own_organisations_but_not_its_streets_or_fronts(finder):
    m, ctx = _context(finder, "The Kunduz Provincial Health Association met.", "Kunduz")
    assert filters.part_of_longer_name(finder.rules, m, ctx, strong=True) is None
    assert filters.part_of_longer_name(finder.rules, m, ctx, strong=False) == "part of a longer name"
    m, ctx = _context(finder, "They marched down Kunduz Main Street.", "Kunduz")
    assert filters.part_of_longer_name(finder.rules, m, ctx, strong=True) == "part of a longer name"
    m, ctx = _context(finder, "Fighters of the Kunduz People's Liberation Front came.", "Kunduz")
    assert filters.part_of_longer_name(finder.rules, m, ctx, strong=True) == "part of a longer name"


def test_a_place_before_a_possessive_is_the_place_not_part_of_a_name(finder):
    m, ctx = _context(finder, "Kabul's Disaster Management Agency said so.", "Kabul")
    assert filters.part_of_longer_name(finder.rules, m, ctx) is None


def _sentences(text: str):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp(text)


def test_a_name_the_document_places_elsewhere_is_a_place_inside_a_longer_name_too(finder):
    found = finder.find(_sentences("Staff of the Kabul Senior Club came. Later they met in Kabul."))
    assert [m.name for m in found] == ["Kabul", "Kabul"]
    found = finder.find(_sentences("He wrote for the Kabul Times. Later he lived in Kabul."))
    assert [m.name for m in found] == ["Kabul"] and found[0].start > 30
