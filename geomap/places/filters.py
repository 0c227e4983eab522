"""Filters: the rules that tell a known name in the text is no place here.

Each rule returns the reason it rejects a match (kept in ``Match.reject``) or None.
They run in the order of :func:`judge` in :mod:`.finder`:

- people: a title before the name ("Senator Warner"), a name already read as a person;
- longer names: a place word inside a name that is not a place ("Washington Post",
  "Paris Hilton"), where a state's institutions keep it ("Texas Forest Service");
- single words: calendar and direction words, acronyms and road numbers, ordinary words
  ("May", "Police"), known words that are small places ("Bell", "Walsh"), names that are
  only another place's alternate name ("Hamas"), speakers ("Taylor told", "said Walsh").
"""
from __future__ import annotations

from .chunks import joins
from .context import Context
from .known import NameInfo
from .match import Match
from .rules import Rules

__all__ = [
    "person_title", "named_person", "demonym_in_longer_name", "part_of_longer_name", "next_to_name",
    "bare_river", "of_an_organisation", "name_with_number", "single_word", "STRONG_FEATURES",
]

STRONG_FEATURES = {"country", "adm1", "region"}
_SMALL_PLACE = 100_000  # a place smaller than this loses to a known word of the same spelling
_SPEAKER_PLACE = 200_000  # ... and to a speaker


# -- people ---------------------------------------------------------------------------------
def person_title(rules: Rules, m: Match, ctx: Context) -> str | None:
    """ "Senator Warner", "Mr. Kabulov": a title before the name."""
    if ctx.prev is not None and ctx.prev.lower_.rstrip(".") in rules.titles:
        return "person title"
    return None


def named_person(m: Match, persons: set[str]) -> str | None:
    """A single word the document already used as a person's name."""
    if m.target is None and m.size == 1 and m.key in persons:
        return "person named earlier"
    return None


# -- longer names ---------------------------------------------------------------------------
def demonym_in_longer_name(rules: Rules, m: Match, ctx: Context, continent: bool = False) -> str | None:
    """ "Russian Foreign Minister" refers to Russia; "European Central Bank" and
    "African American" do not. A continent's adjective is a place only on its own
    ("European flights"), never inside a name ("African National Congress", "Central
    European Time", "African-American")."""
    doc = ctx.doc
    if continent and _in_a_name(rules, m, ctx):
        return "demonym in a longer name"
    after = doc[m.end] if ctx.unexplained_after(m) else None
    before = doc[m.start - 1] if ctx.unexplained_before(m) else None
    if after is not None and not (after.lower_ in rules.institutions or joins(rules, after)):
        return "demonym in a longer name"
    if before is not None and not (before.lower_ in rules.directions or joins(rules, before)) \
            and rules.lex.commonness(before.text) <= 0.5:
        return "demonym in a longer name"
    return None


def _in_a_name(rules: Rules, m: Match, ctx: Context) -> bool:
    """Whether a capitalised word or a hyphen joins the match on either side (an ordinary
    word capitalised at the start of a sentence does not: "Cheap European flights")."""
    doc = ctx.doc
    nxt = doc[m.end] if m.end < ctx.sent_end else None
    prev = doc[m.start - 1] if m.start > ctx.sent_start else None
    if prev is not None and prev.i == ctx.sent_start and rules.lex.commonness(prev.text) > 0.5:
        prev = None
    return any(t is not None and (t.text == "-" or t.text[:1].isupper()) for t in (nxt, prev))


def part_of_longer_name(rules: Rules, m: Match, ctx: Context, strong: bool = False) -> str | None:
    """Inside a longer capitalised name: institutions keep the place ("Texas Forest
    Service", "Anderson County Sheriff"); media, firms, teams, streets and people do not
    ("Washington Post", "Paris Hilton", "Andrew Watkins")."""
    doc = ctx.doc
    ce = ctx.chunk[1]
    if ctx.unexplained_after(m) and doc[m.end].lower_ not in _POSSESSIVE:  # "Canada's Food Inspection Agency"
        word = doc[m.end]
        low = word.lower_
        head = doc[ce - 1].lower_
        # a medium's name is no place even where the document names the place elsewhere
        reason = "part of a media name" if head in rules.media or low in rules.media else "part of a longer name"
        if head in rules.not_place_heads and ce - 1 >= m.end and (not strong or head in rules.strict_heads):
            return reason  # "Shanghai Cooperation Organisation", "St. Patrick's Day", not
            # "Tennessee Senior Olympics" (the state's own) nor "Canada's Food Inspection Agency"
        if low in rules.after or joins(rules, word):
            pass  # "Nyanza Province", "Russia's Central ...": not a longer name
        elif low.rstrip(".") in rules.titles or low in rules.institutions:
            pass  # "U.S. Rep.", "Florida Attorney General", "Texas National Guard"
        elif strong and low not in rules.not_place_heads and rules.lex.commonness(word.text) > _NAME_LIKE \
                and rules.lex.title_logp(word.text) > _UNKNOWN_WORD:
            pass  # "Georgia Bureau of Investigation", "Tennessee Senior Olympics": the state's own, not
            # "Vladimir Putin" (a word mostly capitalised) or "Michael Hasratyan" (no English word)
        elif low in rules.not_place_heads or rules.lex.commonness(word.text) <= 0:
            return reason
    if m.start - 3 >= ctx.sent_start and doc[m.start - 1].text == "-" and doc[m.start - 2].lower_ in rules.particles \
            and not doc[m.start - 2].text[:1].isupper() and doc[m.start - 3].text[:1].isupper():
        return "part of a longer name"  # "Shab" of "Ayta ash-Shab"
    if ctx.unexplained_before(m):
        word = doc[m.start - 1]
        acronym = word.is_upper and word.is_alpha and len(word.text) <= 5  # "CBC Toronto"
        opening = word.i == ctx.sent_start and rules.lex.commonness(word.text) > 0.5  # "Taking Tal Abyad, ..."
        if not (word.lower_ in rules.directions or joins(rules, word) or word.text in rules.before or acronym
                or opening):
            return "part of a longer name"
    return _surname_particle(rules, m, ctx)


_POSSESSIVE = {"'s", "\u2019s"}
_NAME_LIKE = -1.0  # commonness below which a capitalised word is mostly a name ("Putin", "Wiseman")
_UNKNOWN_WORD = -90.0  # title_logp of words the word table does not know (surnames, mostly)
_SURNAME_PARTICLES = {"de", "van", "von", "der", "den", "bin", "ibn", "da", "di", "du", "del", "della", "dos"}
_ORGANISATIONS = {"chamber", "university", "college", "institute", "department", "ministry", "bureau", "museum",
                  "hospital", "bank", "church", "academy", "society", "federation", "association", "league",
                  "school", "foundation", "commission", "board"}


def _surname_particle(rules: Rules, m: Match, ctx: Context) -> str | None:
    """ "Mike de Kock", "Roger van Boxtel", "Mohammed bin Rashid": a name after a given name
    and a surname particle is a surname."""
    doc = ctx.doc
    i = m.start
    if i - 2 >= ctx.chunk[0] and doc[i - 1].lower_ in _SURNAME_PARTICLES and not doc[i - 1].text[:1].isupper() \
            and rules.lex.is_given_name(doc[i - 2].text):
        return "person name"
    return None


def next_to_name(m: Match, ctx: Context) -> str | None:
    """Two known names side by side ("Jackson Hole" read as "Jackson" + "Hole") are one
    name the gazetteer lacks, unless the other one is a demonym."""
    if any(x.target is None for x in ctx.left + ctx.right):
        return "next to another name"
    return None


def of_an_organisation(m: Match, ctx: Context, info: NameInfo) -> str | None:
    """ "Chamber of Commerce", "University of St. Thomas": a small place after "of" that
    follows an organisation's head word names the organisation, not a place ("Bank of
    Malta" and "University of Texas" keep their country and state)."""
    doc = ctx.doc
    i = m.start
    if i - 2 >= ctx.chunk[0] and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in _ORGANISATIONS \
            and not set(info.features) & STRONG_FEATURES and info.max_population < _SMALL_PLACE:
        return "part of a longer name"
    return None


def name_with_number(m: Match, ctx: Context) -> str | None:
    """ "Kurdistan 24", "Kanal 13": a name followed by a small number names a channel, a
    team or a road, not the place."""
    nxt = ctx.nxt
    if "." in m.surface or m.surface.isupper():
        return None  # "U.S. 29", "US 64": a country's or state's road
    if nxt is not None and nxt.text.isdigit() and len(nxt.text) <= 3:
        after = ctx.doc[nxt.i + 1] if nxt.i + 1 < ctx.sent_end else None
        if after is None or not after.is_lower:
            return "name with a number"
    return None


# -- single words -----------------------------------------------------------------------------
_WATER_WORDS = {"river", "lake", "creek", "bay", "sea", "gulf", "reservoir", "canal", "lagoon", "strait", "sound",
                "brook", "fork", "bayou", "harbor", "harbour", "ocean", "falls"}


def bare_river(m: Match, ctx: Context, info: NameInfo) -> str | None:
    """A name only rivers and lakes have, with no "the", no cue and no water word of its
    own ("Jordan" the river; "Kanawha River" and "Lake Erie" say what they are)."""
    if set(info.features) <= {"water"} and not m.cue and not ctx.prev_is("the") \
            and not _WATER_WORDS & set(m.key.split()):
        return "bare river name"
    return None


def single_word(rules: Rules, m: Match, ctx: Context, info: NameInfo, says_place: bool,
                commonness: float) -> str | None:
    """The rules for a one-word name, in order; the first that applies decides."""
    word = ctx.doc[m.start]
    low = word.lower_
    strong = bool(set(info.features) & STRONG_FEATURES)
    if low.rstrip(".") in rules.calendar:
        return "calendar word"
    if low in rules.directions and m.cue is None:
        return "direction word"  # "Western diplomats", "Southern Command", "East and West ..."
    letters = m.surface.replace(".", "")
    if letters.isupper() and len(letters) <= 5:
        return _acronym(m, ctx, strong, letters)
    big = strong or "city" in info.features
    if rules.lex.commonness(word.text) > commonness and not (says_place and big):
        return "common word"
    if not strong and info.max_population < _SMALL_PLACE and not says_place \
            and rules.lex.title_logp(word.text) > -15.5:
        return "name of something else"  # "Walsh", "Bell", "Obama": a known word, a small place
    if not info.own_name and not says_place and not strong and rules.lex.title_logp(word.text) > -16.0:
        return "alias only"  # "Hamas" is an alternate name of Hamm: not without a locative
    return None if says_place else _speaker(rules, m, ctx, info, strong)


def _acronym(m: Match, ctx: Context, strong: bool, letters: str) -> str | None:
    """Capitals: only countries, provinces and regions ("UK", "DRC", "KZN"); "KY 80" is a road."""
    if not strong:
        return "acronym"
    if ctx.nxt is not None and ctx.nxt.like_num and len(letters) <= 3 and "." not in m.surface:
        return "road number"  # "KY 80" (but "U.S. 29" names the country's road)
    return None


def _speaker(rules: Rules, m: Match, ctx: Context, info: NameInfo, strong: bool) -> str | None:
    """ "Taylor told", "said Walsh", "Florence told": a name alone in its chunk next to a
    speech verb is a speaker; "Moscow said" stays (a large place, a country)."""
    alone = m.start == ctx.chunk[0] and m.end == ctx.chunk[1]  # not "said Fargo City Commissioner Tim Mahoney"
    speaker = alone and (ctx.prev_is(*rules.speech) or (ctx.nxt is not None and ctx.nxt.lower_ in rules.speech))
    if speaker and not strong and (info.max_population < _SPEAKER_PLACE
                                   or rules.lex.is_given_name(ctx.doc[m.start].text)):
        return "speaker"
    return None
