"""Events read sentence by sentence over resolved places: crossings with direction and
counts, displacement, control, bases, military activity, attacks and meetings.

For each sentence, a trigger from the event lexicon (``geomap/data/events_lexicon.json``)
gives the type, unless a negation cancels it; :mod:`geomap.slots` finds the places the
trigger governs; crossings read origin ("from") and destination ("into", "to") and infer
a missing end from the sentence, earlier crossings and the document; counts ("almost 350
refugees"), dates ("on Wednesday", resolved against the published date) and actors ("the
militia" -> the group named earlier) come from the sentence. Events that restate one
another are merged, keeping the most specific places. When the spaCy pipeline has a
dependency parse, negation and subjects come from its arcs.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..gazetteer.countries import neighbours
from ..model import Document, Event, Place
from .measures import Quantity, event_lexicon, read_date, read_quantities
from .slots import (
    Sentence,
    asides,
    contains,
    find_triggers,
    is_possessive,
    nearest_place_before,
    negated,
    object_places,
    places_before,
    relation,
    sentences,
    trigger_matches,
    trigger_tokens,
)

__all__ = ["read_events"]

_WINDOW = {"control": 22, "attack": 16, "meeting": 20, "military_activity": 12, "base": 10, "displacement": 12}
_LOCAL = {"city", "town", "adm2", "crossing", "base", "other", "landform", "water"}
_GENERIC_ACTOR_WORDS = {"forces", "troops", "the", "of", "and", "a", "an", "some", "its", "their"}
_ACTOR_MODIFIERS = {"government", "govt", "security", "border", "special", "armed", "federal", "rebel",
                    "opposition", "pro-democracy", "anti-junta", "local", "foreign", "enemy", "allied",
                    "ground", "air", "national", "regime", "army", "military", "state"}
_RETURN_WORDS = {"back", "returned", "return", "returning", "deported", "repatriated"}


@dataclass
class _Draft:
    type: str
    places: list[Place]
    sent: Sentence
    via: Place | None = None
    actor: str | None = None
    quantity: float | None = None
    unit: str | None = None
    date: str | None = None
    refined: bool = False


@dataclass
class _Context:
    document: Document
    country_names: dict[str, Place]  # ISO code -> a toponym naming that country
    focus: list[str]  # countries by how often the document names them
    last_named: str | None = None
    crossings: list[_Draft] = field(default_factory=list)


@lru_cache(maxsize=1)
def _demonym_units() -> frozenset[str]:
    from ..places.lexicon import load_lexicon

    return frozenset(f.lower() for f in load_lexicon().demonyms)


def read_events(document: Document, doc: Any, places: list[Place] | tuple[Place, ...]) -> list[Event]:
    """The events of one document, in text order (merged where they restate each other)."""
    places = list(places)
    toponyms = [p for p in places if not p.demonym]
    if not toponyms:
        return []
    counts = Counter(p.country for p in places if p.country and p.feature == "country")
    names: dict[str, Place] = {}
    for p in toponyms:
        if p.feature == "country" and p.country and p.country not in names:
            names[p.country] = p
    ctx = _Context(document, names, [cc for cc, _ in counts.most_common()])
    drafts: list[_Draft] = []
    parsed = doc if doc.has_annotation("DEP") else None  # a dependency parse, when a model gave one
    for s in sentences(doc, places):
        _remember_named_actor(s, ctx)
        for etype, ts, te in find_triggers(s):
            if negated(s, ts, event_lexicon(), parsed):
                continue
            made = (_crossing_events(s, ts, te, ctx, parsed) if etype == "crossing"
                    else _located(etype, s, ts, te, ctx, parsed))
            drafts.extend(made)
        _base_size(s, drafts)
    return [_to_event(d, document) for d in _merge(drafts)]


# ------------------------------------------------------------------------- actors
def _remember_named_actor(s: Sentence, ctx: _Context) -> None:
    """'Taliban fighters', 'the Tigray People's Liberation Front': the group later
    pronouns and 'the militia' refer to."""
    groups = event_lexicon()["group_nouns"]
    for i, w in enumerate(s.low):
        if w in groups and i > 0:
            j = i - 1
            while j >= 0 and s.tokens[j][:1].isupper() and j not in s.places and j not in s.demonyms and j > 0:
                j -= 1
            if j < i - 1 or (s.tokens[i - 1][:1].isupper() and (i - 1) not in s.places and i - 1 > 0):
                name = " ".join(s.tokens[j + 1:i + 1]) if j < i - 1 else " ".join(s.tokens[i - 1:i + 1])
                ctx.last_named = name
        elif w == "taliban":  # a name used on its own, as news does
            ctx.last_named = s.tokens[i]


def _actor(s: Sentence, ts: int, te: int, ctx: _Context, parsed: Any, etype: str) -> str | None:
    """Who acts: the parse's subject when there is a parse, else the group named before
    the trigger (or after "by" / "fell to" for control)."""
    lex = event_lexicon()
    if parsed is not None:
        trigger = parsed[s.start + ts]
        head = trigger if trigger.dep_ == "ROOT" else trigger.head
        for tok in (trigger, head):
            for child in tok.children:
                if child.dep_ in ("nsubj", "agent"):
                    words = [t.text for t in child.subtree if t.lower_ not in lex["actor_skip"] and not t.like_num]
                    text = " ".join(words).strip()
                    if text:
                        return _resolve_pronoun(text, ctx)
    if etype == "control" and "by" in s.low[te:te + 4]:
        k = te + s.low[te:te + 4].index("by") + 1
        if k < len(s.low):
            return _resolve_pronoun(" ".join(s.tokens[k:k + 2]) if s.low[k] == "the" else s.tokens[k], ctx)
    if s.low[ts:te] and s.low[te - 1] == "to" and etype == "control" and te < len(s.tokens):
        return s.tokens[te]  # "fell to the Taliban"
    groups, people, pronouns = lex["group_nouns"], lex["people_nouns"], lex["pronoun_actors"]
    aside = asides(s)
    verb_trigger = s.low[ts] not in ("under", "in")
    for j in range(ts - 1, max(-1, ts - 14), -1):
        if j in aside:
            continue
        w = s.low[j]
        if w in ("said", "says", "told", "according", ";"):
            break
        is_named = (s.tokens[j][:1].isupper() and j not in s.places and j not in s.demonyms and j > 0
                    and w not in lex["actor_skip"] and w not in lex["weekdays"] and w.rstrip(".") not in lex["months"])
        if w in pronouns and w not in ("its", "their"):
            return _resolve_pronoun(w, ctx)
        if j in s.places and not verb_trigger:
            continue
        if w in groups or w in people or is_named or (j in s.places and s.places[j].feature == "country" and j + 1 == ts):
            k = j
            while k > 0 and (s.low[k - 1] in _ACTOR_MODIFIERS or (k - 1) in s.demonyms or (k - 1) in s.places
                             or s.low[k - 1] in ("'s", "’s") or (s.tokens[k - 1][:1].isupper() and s.low[k - 1] not in lex["actor_skip"])):
                k -= 1
            text = " ".join(s.tokens[k:j + 1])
            if s.low[k] == "the" or " ".join(s.low[max(0, k - 1):j + 1]) in pronouns:
                return _resolve_pronoun("the " + w, ctx)
            return _resolve_pronoun(text, ctx)
    return None


def _resolve_pronoun(text: str, ctx: _Context) -> str:
    low = text.lower()
    if low in event_lexicon()["pronoun_actors"] and ctx.last_named:
        return ctx.last_named
    return text


# ---------------------------------------------------------------------- located events
def _located(etype: str, s: Sentence, ts: int, te: int, ctx: _Context, parsed: Any) -> list[_Draft]:
    lex = event_lexicon()
    window = _WINDOW.get(etype, 12)
    if " ".join(s.low[ts:te]) in lex["noun_triggers"]:
        window = min(window, 12)  # "strikes on Lebanon", "clashes in the Kursk region"
    phrase = s.low[ts:te]
    in_passive = any(trigger_matches(phrase, p) for p in _passive_triggers())
    passive = in_passive and (
        ts > 0 and s.low[ts - 1] in ("were", "was", "been", "be", "are", "is", "being")
        or phrase[-1] in ("to", "of") or phrase[0] in ("under", "came", "was", "were", "in"))
    found = places_before(s, ts, etype, lex) if passive else []
    found += [j for j in object_places(s, te, etype, lex, window) if j not in found]
    if etype == "meeting":
        found += _modifier_place(s, ts)  # "the Dushanbe meeting", "Munich Security Conference"
    there = "there" in s.low[te:te + 3]
    where = "where" in s.low[max(0, ts - 12):ts]
    noun = " ".join(s.low[ts:te]) in lex["military_nouns"]
    if not found and (there or where or (etype in ("military_activity", "displacement") and (noun or _ends_clause(s, te)))):
        found = nearest_place_before(s, ts, 14, ("in", "at", "near", "of", "where"))
    places = [s.places[j] for j in found]
    if etype == "base":
        places = [p for p in places if p.feature in _LOCAL]
    places = [p for p in places if not any(contains(p, q) for q in places if q is not p)]
    if not places:
        return []
    actor = _base_owner(s, ts, ctx) if etype == "base" else _actor(s, ts, te, ctx, parsed, etype)
    when = None if etype == "base" else read_date(s.tokens, ctx.document.published)
    qty = _quantity(s, ts, etype)
    out = []
    for p in places:
        d = _Draft(etype, [p], s, actor=actor, date=when)
        if qty is not None and (len(places) == 1 or etype != "base"):
            d.quantity, d.unit = qty.value, qty.unit or None
        out.append(d)
    return out


@lru_cache(maxsize=1)
def _passive_triggers() -> tuple[tuple[str, ...], ...]:
    return tuple(trigger_tokens(p) for p in event_lexicon()["passive_triggers"])


def _ends_clause(s: Sentence, te: int) -> bool:
    """The trigger closes its clause ("took part in drills.", "left their base today")."""
    rest = s.low[te:te + 3]
    return not rest or rest[0] in (".", ",", ";", ":", "!", "?", "today", "yesterday", "tonight") or (
        rest[0] == "on" and len(rest) > 1 and rest[1] in event_lexicon()["weekdays"])


def _modifier_place(s: Sentence, ts: int) -> list[int]:
    for j in range(ts - 1, max(-1, ts - 4), -1):
        if j in s.places and not is_possessive(s, j):
            return [j] if all(t[:1].isupper() for t in s.tokens[s.place_end[j]:ts]) else []
    return []


def _base_owner(s: Sentence, ts: int, ctx: _Context) -> str | None:
    for j in range(ts - 1, max(-1, ts - 5), -1):
        if j in s.places and is_possessive(s, j):
            return s.places[j].name
        if j in s.demonyms:
            return s.demonyms[j].name
    return None


def _base_size(s: Sentence, drafts: list[_Draft]) -> None:
    """'the base houses about 5,500 troops': the size of the base named before."""
    if "base" not in s.low or not ({"houses", "hosts", "holds"} & set(s.low)):
        return
    bases = [d for d in drafts if d.type == "base"]
    qty = [q for q in read_quantities(s.tokens) if q.value is not None and q.unit]
    if bases and qty and bases[-1].quantity is None:
        bases[-1].quantity, bases[-1].unit = qty[0].value, qty[0].unit


def _quantity(s: Sentence, ts: int, etype: str) -> Quantity | None:
    if etype in ("base", "meeting", "control", "attack"):
        return None  # a count in these sentences is of victims or of the place, not of the event
    aside = asides(s)
    qs = [q for q in read_quantities(s.tokens, _demonym_units()) if q.unit and q.start not in aside]
    if not qs:
        bare = [q for q in read_quantities(s.tokens) if q.value is not None]
        return bare[0] if bare and "number" in s.low else None
    before = [q for q in qs if q.end <= ts]
    return before[-1] if before else qs[0]


# ---------------------------------------------------------------------------- crossings
def _crossing_events(s: Sentence, ts: int, te: int, ctx: _Context, parsed: Any) -> list[_Draft]:
    lex = event_lexicon()
    rel = lex["relations"]
    trig = s.low[ts:te]
    origin = dest = via = None
    if trig[-1] in ("to", "into", "entered", "enter", "entering", "reached"):
        near = [j for j in sorted(s.places) if te <= j <= te + 8 and not is_possessive(s, j)]
        dem = [j for j in s.demonyms if j == te]
        if near:
            dest = (near[0], s.places[near[0]])
        elif dem and s.demonyms[dem[0]].country in ctx.country_names:
            dest = (dem[0], ctx.country_names[s.demonyms[dem[0]].country])
    for j in sorted(s.places):
        if dest is not None and j == dest[0]:
            continue
        r, ri = relation(s, j)
        p = s.places[j]
        if r in rel["crossing_via"] or (p.feature == "crossing" and s.low[s.place_end[j]:s.place_end[j] + 1] in (["border"], ["crossing"])):
            via = via or p
            continue
        # "... and 8,500 people from China" after the verb names where people are from
        people_from = r == "from" and j > ts and ri > 0 and s.low[ri - 1] in lex["people_nouns"]
        if (r in rel["crossing_origin"] and not people_from) or (r == "of" and s.low[max(0, ri - 1)] == "out"):
            if origin is None or abs(j - ts) < abs(origin[0] - ts):
                origin = (j, p)
        elif j >= te and dest is None and (r in rel["crossing_destination"] or (j == te and trig[-1] in ("crossed", "cross"))):
            dest = (j, p)
    if origin is None and dest is None:
        return []
    o = origin[1] if origin else None
    d = dest[1] if dest else None
    refined = False
    if d is None:
        d = _other_country(s, ctx, exclude=o) or (ctx.crossings[-1].places[1] if ctx.crossings else None)
        refined = True
    if o is None:
        if _RETURN_WORDS & set(trig) and ctx.crossings:
            o = ctx.country_names.get(ctx.crossings[-1].places[1].country or "")
        o = o or _other_country(s, ctx, exclude=d) or _demonym_country(s, ts, ctx, exclude=d)
        if o is None and ctx.crossings:
            o = ctx.country_names.get(ctx.crossings[-1].places[0].country or "")
        if o is None:
            o = next((ctx.country_names[cc] for cc in ctx.focus if d is not None and cc != d.country
                      and cc in ctx.country_names), None)
    if o is None or d is None or o.country == d.country and not (o.feature == "crossing" or d.feature == "crossing"):
        return []
    if (origin is None or dest is None) and not _RETURN_WORDS & set(trig) and not neighbours(o.country, d.country):
        return []  # an inferred end must border the other: no "Panama -> United States"
    actor = _actor(s, ts, te, ctx, parsed, "crossing")
    when = read_date(s.tokens, ctx.document.published)
    aside = asides(s)
    qs = [q for q in read_quantities(s.tokens, _demonym_units()) if q.unit and q.end <= ts + 1 and q.start not in aside]
    groups = _subject_groups(s, qs, ts)
    out = []
    for q in groups or [None]:
        draft = _Draft("crossing", [o, d], s, via=via, actor=q.unit.title() if q and q.unit in _demonym_units() else actor,
                       date=when, refined=refined)
        if q is None:
            q = _quantity(s, ts, "crossing")
        if q is not None:
            draft.quantity, draft.unit = q.value, q.unit or None
        out.append(draft)
    ctx.crossings.append(out[0])
    return out


def _subject_groups(s: Sentence, qs: list[Quantity], ts: int) -> list[Quantity]:
    """'6,000 Lebanese and around 15,000 Syrians have entered': one crossing per group."""
    demonymic = [q for q in qs if q.unit in _demonym_units() and q.value is not None]
    return demonymic if len(demonymic) > 1 else []


def _other_country(s: Sentence, ctx: _Context, exclude: Place | None) -> Place | None:
    for j in sorted(s.places):
        p = s.places[j]
        if p.feature == "country" and (exclude is None or p.country != exclude.country):
            return p
    return None


def _demonym_country(s: Sentence, ts: int, ctx: _Context, exclude: Place | None) -> Place | None:
    for j in sorted(s.demonyms, reverse=True):
        if j < ts:
            cc = s.demonyms[j].country
            if cc in ctx.country_names and (exclude is None or cc != exclude.country):
                return ctx.country_names[cc]
    return None


# ------------------------------------------------------------------------------ merging
def _merge(drafts: list[_Draft]) -> list[_Draft]:
    out: list[_Draft] = []
    for d in drafts:
        for e in out:
            if e.type == d.type and _same_event(e, d):
                _absorb(e, d)
                break
        else:
            out.append(d)
    return out


def _same_event(a: _Draft, b: _Draft) -> bool:
    if a.type != "crossing" and (a.sent is b.sent or a.type in ("meeting", "base")):
        # one sentence naming a place twice, or a meeting place / base named again
        return a.places[0].gazetteer_id == b.places[0].gazetteer_id and (
            a.date is None or b.date is None or a.date == b.date)
    if not _compatible_actor(a.actor, b.actor):
        return False
    if a.quantity is not None and b.quantity is not None and abs(a.quantity - b.quantity) > 0.05 * max(a.quantity, b.quantity):
        return False
    if a.type == "crossing":
        (ao, ad), (bo, bd) = a.places, b.places
        return ad.gazetteer_id == bd.gazetteer_id and _same_or_within(ao, bo)
    return a.places[0].gazetteer_id == b.places[0].gazetteer_id


def _same_or_within(a: Place, b: Place) -> bool:
    return a.gazetteer_id == b.gazetteer_id or contains(a, b) or contains(b, a)


def _compatible_actor(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    wa = {w.lower().rstrip("s") for w in a.split()} - _GENERIC_ACTOR_WORDS
    wb = {w.lower().rstrip("s") for w in b.split()} - _GENERIC_ACTOR_WORDS
    return not wa or not wb or bool(wa & wb)


def _absorb(keep: _Draft, new: _Draft) -> None:
    """Fold a restatement into the event: more specific places, missing attributes."""
    for i, (p, q) in enumerate(zip(keep.places, new.places)):
        if contains(p, q):
            keep.places[i] = q
            keep.sent = new.sent
    keep.via = keep.via or new.via
    keep.actor = keep.actor or new.actor
    if keep.quantity is None:
        keep.quantity, keep.unit = new.quantity, new.unit
    keep.date = keep.date or new.date


def _to_event(d: _Draft, document: Document) -> Event:
    s = d.sent
    text = document.text
    start, end = s.char_start, s.char_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Event(
        type=d.type, where=tuple(p.name for p in d.places), evidence=text[start:end], start=start, end=end,
        places=tuple(d.places), via=d.via.name if d.via else None, via_place=d.via, actor=d.actor,
        quantity=d.quantity, unit=d.unit, date=d.date, document=document.id,
    )
