"""Cue readers: what the words around a name say about it.

- a place word after it ("Kunduz *province*", "the Neches *River*") or before it, as
  written in lower case ("*capital* Dushanbe", "the *port* of Odesa"): the kind of place
  (``cue``), and the word joins the mention's name when it is a division or water word;
- a locative before it ("*in* Kunduz"), a container after it ("Greer*, South Carolina*"),
  "*the* Sahel" for natural features: the context says place (``confirmed``, and the
  doubt-raising word rules are waived).
"""
from __future__ import annotations

from .context import Context
from .known import KnownNames, NameInfo
from .match import Match
from .rules import Rules

__all__ = ["read_cue", "says_place", "confirms_place", "dateline", "in_a_list_of_places"]

# Lower-case place words that belong to the name they follow ("the Kursk region").
SPAN_CUES = {"region", "province", "district", "state", "oblast", "governorate", "county", "prefecture",
             "river", "lake", "valley"}
# Land words after which a demonym names a place: "the Crimean peninsula", "the Arabian Peninsula".
DEMONYM_PLACES = {"peninsula"}
# Nouns that make "X state" a modifier ("the Armenia state border"), not a name.
NOT_NAME_AFTER = {"border", "borders", "line", "boundary", "government", "media", "officials", "police", "forces",
                  "television", "tv", "news", "agency", "authorities", "capital", "level", "budget", "department"}
_CROSSING_AFTER_BORDER = ("crossing", "post", "checkpoint")
_CONFIRMING = ("in", "near", "outside", "across")
_DASHES = {"—", "–", "―", "--", "-"}
_DATELINE_TAIL = 4  # tokens of ", W.Va." or ", Pakistan" between a dateline's place and its dash


def read_cue(rules: Rules, m: Match, ctx: Context) -> None:
    """Set ``m.cue`` (and ``m.suffix``) from a place word right after or before the name."""
    doc, nxt, prev = ctx.doc, ctx.nxt, ctx.prev
    if nxt is not None and nxt.lower_ in rules.after:
        m.cue = rules.after[nxt.lower_]
        after_cue = doc[m.end + 1].lower_ if m.end + 1 < ctx.sent_end else ""
        if nxt.text in SPAN_CUES and m.target is None and after_cue not in NOT_NAME_AFTER:
            m.suffix = doc.text[doc[m.end - 1].idx + len(doc[m.end - 1].text):nxt.idx + len(nxt.text)]
        if m.demonym and nxt.lower_ in DEMONYM_PLACES:  # "the Crimean peninsula": a place, not a demonym
            m.suffix = doc.text[doc[m.end - 1].idx + len(doc[m.end - 1].text):nxt.idx + len(nxt.text)]
            m.demonym = False
        if nxt.lower_ == "border" and after_cue in _CROSSING_AFTER_BORDER:
            m.cue = "crossing"
    elif prev is not None and prev.text in rules.before:  # lower case: "capital Dushanbe", not "State Council"
        m.cue = rules.before[prev.text]
    elif prev is not None and prev.lower_ == "of" and m.start - 2 >= ctx.sent_start \
            and ctx.doc[m.start - 2].text in rules.before:
        m.cue = rules.before[ctx.doc[m.start - 2].text]


def _container_after(known: KnownNames, m: Match, ctx: Context) -> bool:
    """ "Greer, South Carolina": a country or first-level division right after a comma."""
    other = ctx.starts.get(m.end + 1)
    return (ctx.nxt is not None and ctx.nxt.text == "," and other is not None
            and bool(set(known.features(other.key)) & {"country", "adm1"}))


def says_place(rules: Rules, known: KnownNames, m: Match, ctx: Context, info: NameInfo) -> bool:
    """Whether the context makes a doubtful word a place: a cue, a container, a locative
    before it (not at the sentence's start), "the" before a natural feature, or a list it
    shares with a well-known place."""
    natural = bool(set(info.features) & {"water", "landform", "region"}) and ctx.prev_is("the")
    locative = ctx.prev is not None and ctx.prev.lower_ in rules.locative and not ctx.sentence_initial(m)
    return natural or _container_after(known, m, ctx) or m.cue is not None or locative \
        or in_a_list_of_places(known, m, ctx)


_LIST_JOINS = {",", "and", "or", "&"}
_WELL_KNOWN = 100_000  # a city this large, or a country or province, vouches for its list


def in_a_list_of_places(known: KnownNames, m: Match, ctx: Context) -> bool:
    """ "Tampa, Orlando, Tallahassee, Pensacola and Gainesville", "Croft, Yorkshire": a name
    next to a well-known place in a list (commas, "and", "or") is a place too."""
    doc = ctx.doc
    neighbours = []
    j = m.end
    while j < ctx.sent_end and doc[j].lower_ in _LIST_JOINS and j - m.end < 2:
        j += 1
    if j > m.end and j in ctx.starts:
        neighbours.append(ctx.starts[j])
    i = m.start - 1
    while i >= ctx.sent_start and doc[i].lower_ in _LIST_JOINS and m.start - i <= 2:
        i -= 1
    if i < m.start - 1:
        neighbours.extend(x for x in ctx.starts.values() if x.end == i + 1)
    for x in neighbours:
        if x.target is not None:
            continue
        info = known.info(x.key)
        if set(info.features) & {"country", "adm1", "region"} or (
                "city" in info.features and info.max_population >= _WELL_KNOWN):
            return True
    return False


def confirms_place(known: KnownNames, m: Match, ctx: Context) -> bool:
    """Whether the context confirms a place strongly enough to carry the name's other
    mentions in the document: a cue, a container, or "in / near / outside / across" before it."""
    return _container_after(known, m, ctx) or m.cue is not None or (
        ctx.prev_is(*_CONFIRMING) and not ctx.sentence_initial(m))


def dateline(m: Match, ctx: Context) -> bool:
    """ "MANSFIELD — The City Council ...", "WASHINGTON (AP) —", "ORLANDO, Fla. (AP) —": a
    place written in capitals that opens a sentence and is followed by a dash or an
    agency's name in brackets (after an optional ", State") is where the story was filed."""
    letters = [ch for ch in m.surface if ch.isalpha()]
    if len(letters) < 3 or not all(ch.isupper() for ch in letters) or not ctx.sentence_initial(m):
        return False
    doc, j = ctx.doc, m.end
    if j < ctx.sent_end and doc[j].text == ",":  # "SPRINGFIELD, Ill."
        k = j + 1
        while k < min(ctx.sent_end, j + 1 + _DATELINE_TAIL) and doc[k].text not in _DASHES and doc[k].text != "(":
            k += 1
        j = k
    return j < len(doc) and (doc[j].text in _DASHES or doc[j].text == "(")
