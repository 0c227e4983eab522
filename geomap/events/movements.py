"""Movement frames -> crossings, displacement or military activity.

A movement (fleeing, arriving, crossing, leaving, deportation, refuge taken) becomes a
crossing when its ends lie in two countries. A missing end is taken, in order, from the
people moving ("Sudanese", "Afghan refugees"), the place the sentence puts them in, the
crossing read before and the country the document is about, unless the sentence names
that end with a name the gazetteer lacks ("arrived in Renk"); the way is the one the
sentence names, or the border crossing it names on that border."""
from __future__ import annotations

from ..gazetteer.countries import neighbours
from ..model import Place
from .actors import actor_name, agent_class
from .clauses import chunk
from .context import DocumentContext, anaphora_heads
from .drafts import Draft, anaphoric, country_place, innermost, theme_country
from .frames import Argument, Frame, a_thing, find_triggers, named_way
from .lexicon import event_lexicon
from .measures import Quantity
from .sentence import contains

__all__ = ["movement_events", "refuge_crossings"]

_WAY_PREPOSITIONS = ("at", "through", "via", "across")


def _names_an_unplaced_end(f: Frame, role: str) -> bool:
    """The sentence names that end with a capitalised name no place or demonym covers,
    right after a preposition of the role that follows this or another movement trigger
    ("arrived in Renk after crossing from Sudan", "fled to Kakuma")."""
    s, lex = f.s, event_lexicon()
    for trig, _start, end in find_triggers(s, lex):
        spec = lex.frames[trig.frame]
        if spec.kind != "movement":
            continue
        preps = {p for p, r in spec.roles.items() if r == role and " " not in p}
        if trig.words[-1] in preps:
            nxt = end  # "crossed into Renk"
        elif end < len(s.low) and s.low[end] in preps:
            nxt = end + 1  # "arrived in Renk"
        else:
            continue
        if nxt < len(s.low) and s.tokens[nxt][:1].isupper() and s.place_covering(nxt) is None \
                and nxt not in s.demonyms and s.low[nxt] not in lex.words["weekdays"] and s.low[nxt] not in lex.months:
            return True
    return False


def movement_events(f: Frame, ctx: DocumentContext) -> list[Draft]:
    s = f.s
    mover = agent_class(s, f.theme.start, f.theme.end) if f.theme else None
    origins = innermost(f.places("origin"))
    dests = innermost(f.places("destination"))
    paths = f.places("path")
    via = paths[0].place if paths else None
    if not dests:
        dests = [a for a in _anaphoric_destination(f, ctx)]
    if not origins and dests and f.spec.name in ("Fleeing", "Departing", "Traversing"):
        origins = [a for a in f.places("location") if a.place.country != dests[0].place.country][:1]
        # "protesters in Tunisia forced its president to flee to Saudi Arabia": from where they were
    if not origins and f.spec.name == "Removing" and f.agent is not None:
        iso = _agent_country(f)  # "Pakistan deported 500,000 Afghans": from Pakistan
        p = country_place(ctx, iso, f) if iso and iso != theme_country(f) and not (
            dests and dests[0].place.country == iso) else None
        if p is not None:
            origins = [Argument("origin", p, -1)]
    nation = theme_country(f)  # the country of the people moving
    homeward = f.spec.name == "Removing" or "return" in f.trigger.lemma or "back" in f.trigger.lemma
    # refugees leave their own country, and so do troops crossing a border or fleeing; troops
    # leaving a base abroad do not
    nationals_leave = f.spec.name in ("Fleeing", "Displacement", "Traversing") or mover != "armed" \
        or f.trigger.lemma.startswith("cross")
    if not origins and nation and not homeward and nationals_leave and not (
            dests and dests[0].place.country == nation):
        p = country_place(ctx, nation, f)
        if p is not None:
            origins = [Argument("origin", p, -1)]
    unplaced = not dests and _names_an_unplaced_end(f, "destination")  # "arrived in Renk": not elsewhere
    if not dests and origins and not unplaced:
        located = [a for a in f.places("location") if a.place.country != origins[0].place.country]
        dests = located[:1] or _sentence_elsewhere(f, origins[0].place)
    if not origins and f.spec.object_role == "origin":
        origins = anaphoric(f, ctx, "origin")  # "residents fled the city"
        f.args.extend(origins)
    if not dests and origins and homeward and nation and nation != origins[0].place.country:
        home = country_place(ctx, nation, f)  # "5,000 Afghans returned from Iran"
        if home is not None:
            dests = [Argument("destination", home, -1)]
    if not dests and origins and f.spec.name in ("Fleeing", "Traversing") and origins[0].index >= 0 and not unplaced:
        home = origins[0].place.country
        cc = next((c for c in ctx.focus if c != home and neighbours(c, home) and ctx.country_place(c)), None)
        if cc is not None:
            dests = [Argument("destination", ctx.country_place(cc), -1)]
    if not origins and dests:
        origins = _inferred_origin(f, ctx, dests[0].place)
    if not dests and origins and f.spec.name in ("Fleeing", "Arriving", "Traversing", "Removing") and not unplaced:
        last = next((c for c in reversed(ctx.crossings) if c.mover == mover), None)
        if last is not None and last.places[1].country != origins[0].place.country:
            dests = [Argument("destination", last.places[1], -1)]
    actor = actor_name(s, f.theme.start, f.theme.end, ctx) if f.theme else None
    if f.theme is not None and _others(f) and ctx.last_people:
        actor = ctx.last_people  # "Others went to Uganda": more of the Congolese
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
        else ("origin", "location", "destination")  # "fled toward Goma": displacement toward Goma
    for role in order:
        args = innermost([a for a in f.args if a.role == role])
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


def refuge_crossings(f: Frame, ctx: DocumentContext) -> list[Draft]:
    """'700 soldiers from Myanmar sought refuge in Bangladesh': refuge taken in another
    country than the one the sentence says they came from is a crossing."""
    origins = [a for a in innermost(f.places("origin")) if a.place.country]
    if origins:
        o = origins[0].place
    else:  # "1.2 million Ukrainians have sought refuge in Poland": their own country
        o = country_place(ctx, theme_country(f), f) if f.theme is not None and agent_class(
            f.s, f.theme.start, f.theme.end) == "civilian" else None
        if o is None:
            return []
    abroad = [a for a in innermost(f.places("location", "destination"))
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


def _demonym_place(f: Frame) -> Place | None:
    s = f.s
    for i in range(f.theme.start, f.theme.end) if f.theme else ():
        if i in s.demonyms:
            return s.demonyms[i]
    return None


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
                origin_cc = next((a.place.country for a in f.places("origin")), None) or theme_country(f)
                if low[h] == "country" and h == k + 1 and theme_country(f) and "return" in f.trigger.lemma:
                    p = country_place(ctx, theme_country(f), f)  # "Afghans returned to the country"
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
    if ctx.crossings:
        last = ctx.crossings[-1].places[0]  # more people leaving, from where the others came ("Others went to Uganda")
        if last.country != dest.country and f.theme is not None and _others(f):
            return [Argument("origin", ctx.country_place(last.country) or last, -1)]
        if ctx.crossings[-1].places[1].country == dest.country and last.country != dest.country:
            return [Argument("origin", ctx.country_place(last.country) or last, -1)]
    for cc in ctx.focus:
        if cc != dest.country and neighbours(cc, dest.country) and ctx.country_place(cc) is not None:
            return [Argument("origin", ctx.country_place(cc), -1)]
    return []


def _others(f: Frame) -> bool:
    """The movers are more of the people last seen moving: 'others', 'the rest', 'some'."""
    words = [w for w in f.s.low[f.theme.start:f.theme.end] if w not in ("the", "of", "them")]
    return bool(words) and all(w in _MORE_OF_THEM for w in words)


_MORE_OF_THEM = frozenset({"others", "other", "rest", "remainder", "some", "many", "more", "most", "several", "few"})


def _restates(f: Frame) -> bool:
    """'the refugees crossed', 'they arrived': people the text has already counted."""
    if f.theme is None:
        return False
    low = f.s.low[f.theme.start:f.theme.end]
    return bool(low) and (low[0] in ("the", "those", "they", "these") and not any(c[:1].isdigit() for c in low))
