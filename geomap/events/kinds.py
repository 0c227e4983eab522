"""Frames -> event drafts of the contract's seven kinds.

Each frame's kind is data (the lexicon's ``kind``); movement frames (fleeing, arriving,
crossing, leaving, deportation) become a crossing when their ends lie in two countries,
else displacement (civilians) or military activity (armed forces). A missing end is
taken, in order, from the people moving ("Sudanese", "Afghan refugees"), the place the
sentence puts them in, the crossing read before and the country the document is about.
Modality decides what is kept: denied and hypothetical events are dropped, an attempted
capture is an attack, and only meetings and military activity are kept when announced
for the future.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..gazetteer.countries import neighbours
from ..model import Place
from .actors import actor_name, agent_class, generic
from .clauses import chunk
from .context import DocumentContext, anaphora_heads
from .frames import Argument, Frame, a_thing, named_way
from .lexicon import event_lexicon
from .measures import Quantity
from .sentence import Sentence, contains

__all__ = ["Draft", "frame_events", "base_places"]

_LOCAL = frozenset({"city", "town", "adm2", "crossing", "base", "other", "landform", "water"})
_WHERE = {
    "attack": ("target", "location"),
    "control": ("place", "location"),
    "base": ("location",),
    "meeting": ("location",),
    "military_activity": ("location", "destination", "origin"),
    "displacement": ("origin", "location", "destination"),
}
_LOCAL_HEADS = frozenset({"city", "town", "village", "district", "capital", "crossing", "base", "airport", "camp"})
_KEEP_FUTURE = frozenset({"meeting", "military_activity"})


@dataclass
class Draft:
    """An event before merging: kind, places, the sentence and what the frame told."""

    type: str
    places: list[Place]
    sentence: Sentence
    via: Place | None = None
    actor: str | None = None
    quantity: float | None = None
    unit: str | None = None
    date: str | None = None
    mover: str | None = None  # armed | civilian
    via_name: tuple[int, int] | None = None  # token span of a via named only in the text
    restates: bool = False  # the sentence refers back to people already counted ("the refugees")
    contested: bool = False  # a claim the text reports as denied


def frame_events(f: Frame, ctx: DocumentContext) -> list[Draft]:
    """The drafts a frame yields (none when it is negated, hypothetical or placeless)."""
    kind = f.spec.kind
    if f.modality in ("negated", "hypothetical") or (f.modality == "disputed" and kind != "control"):
        return []
    if f.modality == "attempt":
        if kind == "control":
            kind = "attack"  # trying to take a town is fighting for it
        elif kind != "attack":
            return []
    if f.modality == "future" and kind not in _KEEP_FUTURE:
        return []
    if kind == "attack" and f.agent is not None and any(
            w in event_lexicon().words["not_agents"] for w in f.s.low[f.agent.start:f.agent.end]):
        return []  # "an earthquake killed 200 people in X": no one attacked X
    _country_for_demonyms(f, ctx)
    if kind == "control" and f.spec.object_role == "previous" and f.theme is not None \
            and agent_class(f.s, f.theme.start, f.theme.end) == "civilian":
        f = _as_removal(f)  # "Haitians were expelled from the Dominican Republic": a deportation
        kind = "movement"
    if kind == "movement":
        return _movement(f, ctx)
    for role, other in (f.spec.role_kinds or {}).items():
        if f.trigger.pos == "verb":
            f.args = [Argument("target", a.place, a.index, a.quantity) if a.role == role else a for a in f.args]
        elif f.places(role) and not f.places(*_WHERE.get(kind, ())):
            kind = other  # "an offensive toward X": an advance, not an attack
            f.args = [Argument("location", a.place, a.index, a.quantity) if a.role == role else a for a in f.args]
    return _located(f, kind, ctx)


def _as_removal(f: Frame) -> Frame:
    """The frame read as people removed from the place it names."""
    spec = event_lexicon().frames["Removing"]
    args = [Argument("origin", a.place, a.index, a.quantity, a.gov) if a.role == "place" else a for a in f.args]
    return replace(f, spec=spec, args=args)


def _country_for_demonyms(f: Frame, ctx: DocumentContext) -> None:
    """'Syrian territory' is Syria: a demonym argument becomes the toponym naming its country."""
    out = []
    for a in f.args:
        if a.place.demonym:
            p = ctx.country_place(a.place.country)
            if p is None:
                continue
            a = Argument(a.role, p, a.index, a.quantity)
        out.append(a)
    f.args = out


# ------------------------------------------------------------------------- one place
def _located(f: Frame, kind: str, ctx: DocumentContext) -> list[Draft]:
    roles = _WHERE[kind] if f.spec.kind != "control" or kind == "control" else ("place", "target", "location")
    args: list[Argument] = []
    for role in roles:
        args = f.places(role)
        if args:
            break
    if not args and kind in ("control", "attack", "base", "military_activity"):
        args = _anaphoric(f, ctx, roles[0])  # "seizing part of the city", "control of the city's crossing"
    if f.spec.object_required:
        args = f.places("place")  # "holds X" names X; "holding centers in X" names nothing held
    if kind == "base":
        args = [a for a in args if a.place.feature in _LOCAL]
    if kind == "control" and f.trigger.pos == "noun" and not f.places("place"):
        args = []  # "control of" with no place after it
    args = _innermost(args)
    if not args:
        return []
    if kind == "displacement" and f.spec.name == "Taking_refuge":
        refuge = _refuge_abroad(f, ctx)
        if refuge:
            return refuge
    if f.spec.name == "Military_advance" and agent_class(f.s, *(_span(f.theme) or (0, 0))) == "civilian":
        return []
    actor = _actor(f, ctx, kind)
    mover = agent_class(f.s, f.theme.start, f.theme.end) if f.theme else None
    quantities = f.quantities if kind in ("military_activity", "displacement") else []
    out = []
    for a in args:
        d = Draft(kind, [a.place], f.s, actor=actor, date=None if kind == "base" else f.date, mover=mover,
                  contested=f.modality == "disputed")
        if kind == "base":
            ctx.bases.append(d)
        q = a.quantity or (quantities[0] if quantities and (len(args) == 1 or kind != "base") else None)
        if q is not None and kind in ("military_activity", "displacement"):
            d.quantity, d.unit = q.value, q.unit or None
        out.append(d)
    return out


def _refuge_abroad(f: Frame, ctx: DocumentContext) -> list[Draft]:
    """'700 soldiers from Myanmar sought refuge in Bangladesh': refuge taken in another
    country than the one the sentence says they came from is a crossing."""
    origins = [a for a in _innermost(f.places("origin")) if a.place.country]
    if origins:
        o = origins[0].place
    else:  # "1.2 million Ukrainians have sought refuge in Poland": their own country
        o = _country(ctx, _theme_country(f), f) if f.theme is not None and agent_class(
            f.s, f.theme.start, f.theme.end) == "civilian" else None
        if o is None:
            return []
    abroad = [a for a in _innermost(f.places("location", "destination"))
              if a.place.country and a.place.country != o.country]
    if not abroad:
        return []
    mover = agent_class(f.s, f.theme.start, f.theme.end) if f.theme else None
    actor = actor_name(f.s, f.theme.start, f.theme.end, ctx) if f.theme else None
    out = []
    for a in abroad:
        d = Draft("crossing", [o, a.place], f.s, actor=actor, date=f.date, mover=mover)
        q = a.quantity or (f.quantities[0] if f.quantities else None)
        if q is not None:
            d.quantity, d.unit = q.value, q.unit or None
        out.append(d)
    ctx.crossings.append(out[0])
    return out


def _span(span) -> tuple[int, int] | None:
    return (span.start, span.end) if span is not None else None


def _actor(f: Frame, ctx: DocumentContext, kind: str) -> str | None:
    if kind == "base":
        owner = _owner(f, ctx) or ctx.last_base_owner
        if generic(owner):  # "Troops based in X": the base is theirs, whoever they are
            owner = ctx.country_label(ctx.last_armed_country) or owner
        ctx.last_base_owner = owner or ctx.last_base_owner
        return owner
    if kind == "military_activity" and f.theme is not None and agent_class(f.s, f.theme.start, f.theme.end) == "armed":
        mover = actor_name(f.s, f.theme.start, f.theme.end, ctx)  # "deployed police and soldiers at X": who moved
        if generic(mover) and f.agent is not None and f.agent != f.theme:
            return actor_name(f.s, f.agent.start, f.agent.end, ctx) or mover  # "China sent 21 warplanes"
        return mover
    if f.agent is None:
        return None
    return actor_name(f.s, f.agent.start, f.agent.end, ctx)


def _owner(f: Frame, ctx: DocumentContext) -> str | None:
    """Who runs a base: 'Russia's base', 'the Russian airbase', 'French forward bases',
    'the United Nations peacekeeping base'."""
    s = f.s
    k = f.start - 1
    while k >= 0 and k >= f.start - 5 and s.low[k] not in ("the", "a", "an", "near", "at", "in", "of", "to", "from", ","):
        owner = s.place_covering(k)
        if owner is not None:
            p = s.demonyms.get(owner) or s.places.get(owner)
            if owner in s.demonyms or (p is not None and s.is_possessive(owner) and p.feature == "country"):
                return (s.demonyms.get(owner) or p).name if owner not in s.demonyms else ctx.country_label(p.country)
            k = owner - 1
            continue
        if s.tokens[k][:1].isupper() and s.low[k] not in ("the", "a", "an"):
            j = k
            while j > 0 and s.tokens[j - 1][:1].isupper() and s.low[j - 1] not in ("the", "a", "an"):
                j -= 1
            return s.text(j, k + 1)
        k -= 1
    if f.agent is not None:
        return actor_name(s, f.agent.start, f.agent.end, ctx)
    return None


def _innermost(args: list[Argument]) -> list[Argument]:
    return [a for a in args if not any(b is not a and contains(a.place, b.place) for b in args)]


# ------------------------------------------------------------------------- movement
def _movement(f: Frame, ctx: DocumentContext) -> list[Draft]:
    s = f.s
    mover = agent_class(s, f.theme.start, f.theme.end) if f.theme else None
    origins = _innermost(f.places("origin"))
    dests = _innermost(f.places("destination"))
    paths = f.places("path")
    via = paths[0].place if paths else None
    if not dests:
        dests = [a for a in _anaphoric_destination(f, ctx)]
    if not origins and dests and f.spec.name in ("Fleeing", "Departing", "Traversing"):
        origins = [a for a in f.places("location") if a.place.country != dests[0].place.country][:1]
        # "protesters in Tunisia forced its president to flee to Saudi Arabia": from where they were
    if not origins and f.spec.name == "Removing" and f.agent is not None:
        iso = _agent_country(f)  # "Pakistan deported 500,000 Afghans": from Pakistan
        p = _country(ctx, iso, f) if iso and iso != _theme_country(f) and not (
            dests and dests[0].place.country == iso) else None
        if p is not None:
            origins = [Argument("origin", p, -1)]
    theme_country = _theme_country(f)
    homeward = f.spec.name == "Removing" or "return" in f.trigger.lemma or "back" in f.trigger.lemma
    # refugees leave their own country, and so do troops crossing a border or fleeing; troops
    # leaving a base abroad do not
    nationals_leave = f.spec.name in ("Fleeing", "Displacement", "Traversing") or mover != "armed" \
        or f.trigger.lemma.startswith("cross")
    if not origins and theme_country and not homeward and nationals_leave and not (
            dests and dests[0].place.country == theme_country):
        p = _country(ctx, theme_country, f)
        if p is not None:
            origins = [Argument("origin", p, -1)]
    if not dests and origins:
        located = [a for a in f.places("location") if a.place.country != origins[0].place.country]
        dests = located[:1] or _sentence_elsewhere(f, origins[0].place)
    if not origins and f.spec.object_role == "origin":
        origins = _anaphoric(f, ctx, "origin")  # "residents fled the city"
        f.args.extend(origins)
    if not dests and origins and homeward and theme_country and theme_country != origins[0].place.country:
        home = _country(ctx, theme_country, f)  # "5,000 Afghans returned from Iran"
        if home is not None:
            dests = [Argument("destination", home, -1)]
    if not dests and origins and f.spec.name in ("Fleeing", "Traversing") and origins[0].index >= 0:
        home = origins[0].place.country
        cc = next((c for c in ctx.focus if c != home and neighbours(c, home) and ctx.country_place(c)), None)
        if cc is not None:
            dests = [Argument("destination", ctx.country_place(cc), -1)]
    if not origins and dests:
        origins = _inferred_origin(f, ctx, dests[0].place)
    if not dests and origins and f.spec.name in ("Fleeing", "Arriving", "Traversing", "Removing"):
        last = next((c for c in reversed(ctx.crossings) if c.mover == mover), None)
        if last is not None and last.places[1].country != origins[0].place.country:
            dests = [Argument("destination", last.places[1], -1)]
    actor = actor_name(s, f.theme.start, f.theme.end, ctx) if f.theme else None
    if actor and mover == "civilian":
        ctx.last_people = actor
    if f.agent is not None and f.spec.name in ("Removing",):
        actor = actor or actor_name(s, f.agent.start, f.agent.end, ctx)
    restates = _restates(f)
    out: list[Draft] = []
    if origins and dests:
        for o in origins:
            for d in dests:
                if not _crosses(o.place, d.place):
                    continue
                way = via or (None if f.path_name else _sentence_way(f, o.place, d.place))
                for q in _crossing_quantities(f, d):
                    draft = Draft("crossing", [o.place, d.place], s, via=way, actor=_group_actor(q, actor), date=f.date,
                                  mover=mover, restates=restates,
                                  via_name=(f.path_name.start, f.path_name.end) if f.path_name and via is None else None)
                    if q is not None:
                        draft.quantity, draft.unit = q.value, q.unit or None
                    out.append(draft)
        if out:
            ctx.crossings.append(out[0])
            return out
    kind = f.spec.default_kind
    if mover == "armed":
        kind = "military_activity"
    elif mover == "civilian" and kind == "military_activity":
        kind = "displacement"
    if kind is None:
        return []  # people arriving somewhere inside one country: no event of its own
    order = ("destination", "location", "origin") if kind == "military_activity" and f.spec.name != "Departing" \
        else ("origin", "location", "destination") if kind == "military_activity" else ("origin", "location")
    for role in order:
        args = _innermost([a for a in f.args if a.role == role])
        out = []
        if args:
            q = f.quantities[0] if f.quantities else None
            actor_k = actor if kind != "military_activity" or f.agent is None else actor_name(
                s, f.agent.start, f.agent.end, ctx)
            for a in args:
                d = Draft(kind, [a.place], s, actor=actor_k, date=f.date, mover=mover, restates=restates)
                qa = a.quantity or q
                if qa is not None:
                    d.quantity, d.unit = qa.value, qa.unit or None
                out.append(d)
            return out
    return []


_WAY_PREPOSITIONS = ("at", "through", "via", "across")


def _sentence_way(f: Frame, o: Place, d: Place) -> Place | None:
    """A border crossing the sentence names on this crossing's border: 'Afghans deported from
    Iran arrive at the Islam Qala border crossing'."""
    ch = chunk(f.s)
    for j in sorted(f.s.places):
        p = f.s.places[j]
        if named_way(f.s, j) and ch.governor(j)[0] in _WAY_PREPOSITIONS and p.country in (o.country, d.country) \
                and p.gazetteer_id not in (o.gazetteer_id, d.gazetteer_id):
            return p
    return None


def _crosses(o: Place, d: Place) -> bool:
    if o.gazetteer_id == d.gazetteer_id or contains(o, d) or contains(d, o):
        return False
    return o.country != d.country or o.feature == "crossing" or d.feature == "crossing"


def _crossing_quantities(f: Frame, d: Argument) -> list[Quantity | None]:
    if d.quantity is not None:
        return [d.quantity]
    return list(f.quantities) or [None]


def _group_actor(q: Quantity | None, actor: str | None) -> str | None:
    """'6,000 Lebanese and 15,000 Syrians': each group is its own actor."""
    if q is not None and q.unit and q.unit[:1].isalpha() and q.unit not in event_lexicon().words["people_nouns"]:
        return q.unit.title()
    return actor


def _agent_country(f: Frame) -> str | None:
    s = f.s
    for i in range(f.agent.start, f.agent.end):
        p = s.demonyms.get(i) or s.places.get(i)
        if p is not None and (p.feature == "country" or p.demonym):
            return p.country
    return None


def _theme_country(f: Frame) -> str | None:
    """The country of the people moving: 'Afghan refugees', '3,000 Sudanese'."""
    if f.theme is None:
        return None
    s = f.s
    for i in range(f.theme.start, f.theme.end):
        if i in s.demonyms:
            return s.demonyms[i].country
    return None


def _country(ctx: DocumentContext, iso: str | None, f: Frame) -> Place | None:
    """A place for a country: a toponym naming it, else the demonym that stands for it."""
    return ctx.country_place(iso) or next((p for p in f.s.demonyms.values() if p.country == iso), None)


def _demonym_place(f: Frame) -> Place | None:
    s = f.s
    for i in range(f.theme.start, f.theme.end) if f.theme else ():
        if i in s.demonyms:
            return s.demonyms[i]
    return None


def _anaphoric(f: Frame, ctx: DocumentContext, role: str) -> list[Argument]:
    """'seized part of the city', 'took control of the city's border crossing': a place the
    text named before, reached through "the <kind of place>" in an argument position."""
    s, low = f.s, f.s.low
    heads = anaphora_heads()
    for k in range(f.end, min(f.clause.end, f.end + 8)):
        if low[k] != "the" or k + 1 >= len(low) or low[k + 1] not in heads:
            continue
        if low[k + 1] not in _LOCAL_HEADS:
            continue  # "the country", "the region" are too vague to draw for these kinds
        earlier = [s.places[j] for j in sorted(s.places) if j < k]
        p = ctx.anaphor(low[k + 1], earlier)
        if p is not None and p.feature not in ("country",):
            return [Argument(role, p, -1)]
    return []


def _anaphoric_destination(f: Frame, ctx: DocumentContext) -> list[Argument]:
    """'returned to the country', 'arrived in the province', 'crossed into the Central
    Asian country': the place the phrase refers back to."""
    s = f.s
    low = s.low
    heads = anaphora_heads()
    for k in range(f.end, min(f.clause.end, f.end + 6)):
        if low[k] != "the":
            continue
        prev = low[k - 1] if k > 0 else ""
        role = f.spec.roles.get(prev) if prev in f.spec.roles else (f.spec.object_role if k == f.end else None)
        if role != "destination":
            continue
        for h in range(k + 1, min(len(low), k + 5)):
            if low[h] in heads:
                origin_cc = next((a.place.country for a in f.places("origin")), None) or _theme_country(f)
                if low[h] == "country" and h == k + 1 and _theme_country(f) and "return" in f.trigger.lemma:
                    p = _country(ctx, _theme_country(f), f)  # "Afghans returned to the country"
                else:
                    earlier = [s.places[j] for j in sorted(s.places) if j < k]
                    p = ctx.anaphor(low[h], earlier, exclude=origin_cc)
                return [Argument("destination", p, -1)] if p is not None else []
            if not (s.tokens[h][:1].isupper() or low[h] in event_lexicon().words["transparent"]
                    or h in s.demonyms or s.place_covering(h) is not None):
                break
    return []


def _sentence_elsewhere(f: Frame, origin: Place) -> list[Argument]:
    """A place the sentence puts the people in, in another country: 'In Kornidzor, ...
    refugees who fled Nagorno-Karabakh' -> Kornidzor; '... Tunisians who arrived in recent
    days remained on Lampedusa' -> Lampedusa. Only the clauses the trigger's clause hangs
    from (and a main clause resumed after it) count."""
    s = f.s
    ch = chunk(s)
    chain, idx = set(), ch.clause_of[f.start]
    while idx is not None and idx not in chain:
        chain.add(idx)
        idx = ch.clauses[idx].host
    chain |= {k for k, c in enumerate(ch.clauses) if c.kind == "resume" and c.host in chain}
    for j in sorted(s.places):
        p = s.places[j]
        if not p.country or p.country == origin.country or p.feature in ("country", "region", "adm1"):
            continue
        if ch.clause_of[j] not in chain or ch.clause(j).kind == "report" or s.is_possessive(j) or a_thing(s, ch, j) \
                or named_way(s, j):
            continue  # (a border crossing the sentence names is the way, not where they went)
        if ch.governor(j)[0] in ("in", "at", "on", "into", "to"):
            return [Argument("destination", p, j)]
    return []


def _inferred_origin(f: Frame, ctx: DocumentContext, dest: Place) -> list[Argument]:
    """Where people came from when the sentence only says where they went."""
    if f.spec.name == "Removing" or "return" in f.trigger.lemma:
        same = [c for c in ctx.crossings if c.sentence is f.s and c.places[0].country != dest.country]
        if same:  # "8,000 returned to Mexico ... 2,000 were deported to Haiti": from the same place
            return [Argument("origin", same[-1].places[0], -1)]
        if ctx.crossings and ctx.crossings[-1].places[1].country != dest.country:
            return [Argument("origin", ctx.crossings[-1].places[1], -1)]
        host = next((cc for cc in ctx.focus if cc != dest.country), None)
        p = ctx.country_place(host)
        return [Argument("origin", p, -1)] if p is not None else []
    taken = {a.index for a in f.args}
    for j in sorted(f.s.places):
        p = f.s.places[j]
        if p.feature == "country" and p.country != dest.country and j not in range(f.start, f.end) and j not in taken:
            return [Argument("origin", p, j)]
    if ctx.crossings and ctx.crossings[-1].places[1].country == dest.country:
        last = ctx.crossings[-1].places[0]  # more people reaching the same country, from where the others came
        if last.country != dest.country:
            return [Argument("origin", ctx.country_place(last.country) or last, -1)]
    for cc in ctx.focus:
        if cc != dest.country and neighbours(cc, dest.country) and ctx.country_place(cc) is not None:
            return [Argument("origin", ctx.country_place(cc), -1)]
    return []


def _restates(f: Frame) -> bool:
    """'the refugees crossed', 'they arrived': people the text has already counted."""
    if f.theme is None:
        return False
    low = f.s.low[f.theme.start:f.theme.end]
    return bool(low) and (low[0] in ("the", "those", "they", "these") and not any(c[:1].isdigit() for c in low))


def base_places(s: Sentence, frames: list[Frame], ctx: DocumentContext) -> list[Draft]:
    """A base the gazetteer knows as one ('Bagram Airfield') is a base wherever it is
    named; who runs it is who acts on it in the sentence ("the US military has left X")."""
    out = []
    for j, p in s.places.items():
        if p.feature == "base" and not s.is_possessive(j):
            acting = next((f for f in frames if f.agent is not None and any(a.index == j for a in f.args)
                           and f.spec.name not in ("Handing_over", "Falling_to")), None)
            actor = actor_name(s, acting.agent.start, acting.agent.end, ctx) if acting else None
            out.append(Draft("base", [p], s, actor=actor or ctx.last_base_owner))
    return out
