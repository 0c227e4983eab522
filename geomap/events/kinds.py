"""Frames -> event drafts of the contract's seven kinds.

Each frame's kind is data (the lexicon's ``kind``); movement frames are read by
:mod:`~geomap.events.movements` (a crossing, or displacement for civilians, military
activity for armed forces).
Modality decides what is kept: denied and hypothetical events are dropped, an attempted
capture is an attack, and only meetings and military activity are kept when announced
for the future.
"""
from __future__ import annotations

from dataclasses import replace

from .actors import actor_name, agent_class, generic
from .context import DocumentContext
from .drafts import Draft, anaphoric, innermost, span_of
from .frames import Argument, Frame
from .lexicon import event_lexicon
from .movements import movement_events, refuge_crossings
from .sentence import Sentence

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


_KEEP_FUTURE = frozenset({"meeting", "military_activity"})


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
        return movement_events(f, ctx)
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


def _located(f: Frame, kind: str, ctx: DocumentContext) -> list[Draft]:
    roles = _WHERE[kind] if f.spec.kind != "control" or kind == "control" else ("place", "target", "location")
    args: list[Argument] = []
    for role in roles:
        args = f.places(role)
        if args:
            break
    if not args and kind in ("control", "attack", "base", "military_activity"):
        args = anaphoric(f, ctx, roles[0])  # "seizing part of the city", "control of the city's crossing"
    if f.spec.object_required:
        args = f.places("place")  # "holds X" names X; "holding centers in X" names nothing held
    if kind == "base":
        args = [a for a in args if a.place.feature in _LOCAL]
    if kind == "control" and f.trigger.pos == "noun" and not f.places("place"):
        args = []  # "control of" with no place after it
    args = innermost(args)
    if not args:
        return []
    if kind == "displacement" and f.spec.name == "Taking_refuge":
        refuge = refuge_crossings(f, ctx)
        if refuge:
            return refuge
    if f.spec.name == "Military_advance" and agent_class(f.s, *(span_of(f.theme) or (0, 0))) == "civilian":
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
    return _owner_after(f, ctx)


def _owner_after(f: Frame, ctx: DocumentContext) -> str | None:
    """'a command centre ... for Eritrea's army', 'a base of the Turkish army': the force it serves."""
    s, lex = f.s, event_lexicon()
    for k in range(f.end, min(f.clause.end, f.end + 8)):
        if s.low[k] not in ("for", "of", "by"):
            continue
        for j in range(k + 1, min(len(s.low), k + 4)):
            owner = s.place_covering(j)
            if owner is None:
                continue
            p = s.demonyms.get(owner) or s.places.get(owner)
            after = s.low[s.place_end[owner]:s.place_end[owner] + 3]
            if p is not None and (owner in s.demonyms or s.is_possessive(owner) or p.feature == "country") \
                    and any(lex.agent_class.get(w) == "armed" for w in after):
                return ctx.country_label(p.country)
            break
    return None


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
