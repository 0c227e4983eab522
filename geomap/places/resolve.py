"""Mention -> place: candidates, ranking, document context and spatial coherence.

Each mention's candidates (every gazetteer record its name reaches) are scored by:

- a prior: kind of place, population, administrative rank, primary vs alternate name
  (:func:`geomap.gazetteer.prior_score`);
- the cue its context gives ("Kunduz *province*" -> a first-level division);
- an explicit container ("Athens, *Texas*", "Kunduz province of *Afghanistan*");
- document context: the countries and provinces the document names or implies;
- spatial coherence: closeness to the places the other mentions resolve to;

iterated a few rounds, with one sense per name per document. A softmax over the final
scores gives each place a confidence in [0, 1].
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..gazetteer.lookup import Gazetteer, prior_score
from ..gazetteer.names import fold_name
from ..model import Candidate, Mention, Place
from .coherence import Reading, settle
from .lexicon import load_lexicon

__all__ = ["Weights", "resolve_mentions"]

_BIG = {"country", "region"}
_CUE_GROUPS = {
    "adm1": {"adm1"}, "adm2": {"adm2"}, "city": {"city", "town"}, "town": {"town", "city"},
    "water": {"water"}, "crossing": {"crossing"}, "base": {"base"}, "other": {"other", "base"},
    "landform": {"landform", "region"}, "region": {"region", "adm1", "landform"},
}


@dataclass(frozen=True)
class Weights:
    """The resolver's tunable weights (tuned on the dev set; see benchmarks/RESULTS.md)."""

    cue: float = 3.0
    cue_miss: float = 0.8
    container: float = 6.0
    country: float = 2.5
    admin1: float = 2.0
    admin2: float = 3.0
    spatial: float = 3.0
    spatial_km: float = 250.0
    max_candidates: int = 40
    rounds: int = 3
    temperature: float = 1.0


@dataclass
class _Group:
    key: str
    mentions: list[Mention]
    cands: list[tuple[Candidate, float]]  # candidate, prior
    alias_only: bool = False  # the name is no candidate's own name
    cue: str | None = None
    container: str | None = None
    best: int = 0
    scores: list[float] = field(default_factory=list)


def _fast_km(a: Candidate, b: Candidate) -> float:
    dlat = a.lat - b.lat
    dlon = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 111.2 * math.hypot(dlat, dlon)


_ALIAS_BEHIND_OWN = 1.0  # an alternate name yields to places whose own name it is ("New London", not London)
_KNOWN_BY_ALIAS = 1_000_000  # ... unless it names a city this large
_CUE_SUFFIXES = {"adm2": ("county", "district", "parish"), "adm1": ("province", "region", "state", "oblast")}
_NAME_CUES = ("region", "province", "district", "state", "oblast", "governorate", "county", "prefecture",
              "river", "lake", "valley")


def _candidates(gaz: Gazetteer, m: Mention, key: str, limit: int) -> tuple[list[tuple[Candidate, float]], bool]:
    """The ranked candidates of a mention, and whether the name is only ever an alternate name."""
    if m.target:  # a demonym's country, or a name the finder expanded ("North" of "North and South Kivu")
        c = gaz.get(m.target)
        return ([(c, 10.0)] if c else []), False
    rows = gaz.key_rows(key)
    head, _, last = key.rpartition(" ")
    if head and last in _NAME_CUES and m.cue:
        rows += gaz.key_rows(head)  # "Kursk region" -> "Kursk" too (the cue then ranks the region)
    if m.cue in _CUE_SUFFIXES:
        for suffix in _CUE_SUFFIXES[m.cue]:  # "Camden and Charlton counties": Camden County
            rows += gaz.key_rows(key + " " + suffix)
    if not rows and m.source not in ("gazetteer", "container"):
        rows = tuple((c, 1) for c in gaz.search(m.name, limit=5))
    best: dict[str, tuple[Candidate, float]] = {}
    owned = any(kind == 0 for _, kind in rows)
    for c, kind in rows:
        behind = owned and kind == 1 and c.population < _KNOWN_BY_ALIAS  # "New York" stays New York City
        p = prior_score(c, kind) - (_ALIAS_BEHIND_OWN if behind else 0.0)
        if c.id not in best or p > best[c.id][1]:
            best[c.id] = (c, p)
    ranked = sorted(best.values(), key=lambda t: (-t[1], t[0].id))
    return ranked[:limit], bool(rows) and all(kind == 1 for _, kind in rows)


def resolve_mentions(
    mentions: list[Mention] | tuple[Mention, ...], gazetteer: Gazetteer, *, weights: Weights | None = None
) -> list[Place]:
    """Place each mention (same order as given); mentions with no candidate are dropped."""
    w = weights or Weights()
    groups: dict[str, _Group] = {}
    order: list[tuple[Mention, str]] = []
    for m in mentions:
        key = "target:" + m.target if m.target else fold_name(m.name)
        g = groups.get(key)
        if g is None:
            limit = w.max_candidates * (10 if m.container else 1)  # the one inside may rank low
            cands, alias_only = _candidates(gazetteer, m, fold_name(m.name), limit)
            if not cands and not m.container:
                continue
            g = groups[key] = _Group(key, [], cands, alias_only)
        g.mentions.append(m)
        g.cue = g.cue or m.cue
        g.container = g.container or m.container
        order.append((m, key))
    if not groups:
        return []
    # Containers resolve first: they are named to disambiguate.
    container_of: dict[str, list[Candidate]] = {}
    for g in groups.values():
        if g.container:
            cg = groups.get(_container_key(g.container))
            if cg is not None and cg.cands:
                container_of[g.key] = [c for c, _ in cg.cands[:3]]
    approximate = _approximate(groups, container_of)
    glist = [g for g in groups.values() if g.cands and g.key not in approximate]
    readings = []
    for g in glist:
        inside = container_of.get(g.key, [])
        base = []
        for c, prior in g.cands:
            s = prior
            if g.cue:
                s += _cue_bonus(g.cue, c, w)
            if inside and any(_contains(box, c) for box in inside):
                s += w.container
            base.append(s)
        readings.append(Reading([c for c, _ in g.cands], base, len(g.mentions)))
    settle(readings, w)
    for g, r in zip(glist, readings):
        g.scores = r.scores
        g.best = r.best

    for g in glist:
        g.best = _seat_before_province(g)
    for key in approximate:  # the container's reading, now that it is resolved
        cg = groups[_container_key(groups[key].container or "")]
        approximate[key] = cg.cands[cg.best][0]
    stray = _strays(glist) | _far_namesakes(glist)
    places = []
    for m, key in order:
        g = groups[key]
        if g.key in approximate:
            box = approximate[g.key]
            places.append(Place(
                name=m.name, start=m.start, end=m.end, lat=box.lat, lon=box.lon,
                feature=_CUE_FEATURE.get(g.cue or "", "town"), country=box.country, gazetteer_id=box.id,
                confidence=0.1, place_name=box.name, admin1=box.admin1_key, approximate=True,
            ))
            continue
        if g.key in stray or not g.cands:
            continue
        idx = g.best
        if m.cue and m.cue != g.cue:
            fitting = [i for i, (c, _) in enumerate(g.cands) if c.feature in _CUE_GROUPS.get(m.cue, {m.cue})]
            if fitting:
                idx = max(fitting, key=lambda i: g.scores[i])
        c = g.cands[idx][0]
        seat = m.source == "seat"  # a district named after its seat, placed at the seat
        places.append(Place(
            name=m.name, start=m.start, end=m.end, lat=c.lat, lon=c.lon, feature="adm2" if seat else c.feature,
            country=c.country, gazetteer_id=c.id, confidence=_SEAT_CONFIDENCE if seat else _confidence(
                g.scores, idx, w, m),
            demonym=m.demonym, place_name=c.name, admin1=c.admin1_key, approximate=seat,
        ))
    return places


_SEAT_CONFIDENCE = 0.3
_CUE_FEATURE = {"adm2": "adm2", "city": "city", "town": "town", "crossing": "crossing", "base": "base",
                "other": "other", "water": "water", "landform": "landform"}


_SIBLING_LEVEL = {"adm1": "adm2", "adm2": "adm1"}  # "district" is a first-level division in some countries


def _cue_bonus(cue: str, c: Candidate, w: Weights) -> float:
    """What a cue word says for a candidate: its kind of place, or the other division level
    (a "district" is a first-level division in Uganda, a second-level one in Afghanistan)."""
    if c.feature in _CUE_GROUPS.get(cue, {cue}):
        return w.cue
    if _SIBLING_LEVEL.get(cue) == c.feature:
        return w.cue * 0.7
    return -w.cue_miss


def _container_key(container: str) -> str:
    """The group key of a container: a name's folded key, or a demonym's country."""
    target = load_lexicon().demonyms.get(container)
    return "target:" + target if target else fold_name(container)


def _approximate(groups: dict[str, _Group], container_of: dict[str, list[Candidate]]) -> dict[str, Candidate]:
    """Names the text puts in a container the gazetteer holds none of them in: each goes
    to the container's best point ("the Nigerien town of X", "X, in Y province")."""
    out = {}
    for key, boxes in container_of.items():
        g = groups[key]
        if any(c.feature in _BIG or c.feature == "adm1" for c, _ in g.cands[:1]):
            continue  # "Texas, USA" is no village of the USA
        if not any(_contains(box, c) for box in boxes for c, _ in g.cands):
            out[key] = boxes[0]
    return out


_SEAT_SHARE = 0.1  # a seat this large a share of its province's people gives the province its name


def _seat_before_province(g: _Group) -> int:
    """A bare province name that is also its capital's name means the city ("Idlib",
    "Kassala", "Herat"), unless a cue asked for the province ("Herat province") or the
    city is a small part of it (Quebec City holds 7 % of Quebec: "Quebec" is the province)."""
    best = g.cands[g.best][0]
    if best.feature != "adm1" or g.cue in ("adm1", "region"):
        return g.best
    for i, (c, _) in enumerate(g.cands):
        if c.code == "PPLA" and c.country == best.country and c.admin1 == best.admin1 \
                and c.population >= _SEAT_SHARE * best.population:
            return i
    return g.best


def _strays(groups: list[_Group]) -> set[str]:
    """Names reached only through another place's alternate name, whose place lies in no
    country the document names and far (> 1,000 km) from all its other places: the alias
    is some other place's ("Yunin" is an alternate name of a town in China)."""
    best = {g.key: g.cands[g.best][0] for g in groups}
    out = set()
    for g in groups:
        if not g.alias_only or g.cue or g.container:
            continue
        c = best[g.key]
        if c.feature == "country":
            continue  # "Netherlands" for The Netherlands: a country's short name, not a stray alias
        others = [o for k, o in best.items() if k != g.key and o.feature not in _BIG]
        if c.country in {o.country for k, o in best.items() if k != g.key}:
            continue
        if others and min(_fast_km(c, o) for o in others) > 1000:
            out.add(g.key)
    return out


_TOWN_REACH_KM = 30.0  # a village "of" a town lies this close to it


_NAMESAKE_KM = 50.0  # a list's doubtful member stays only this close to the document's other places


def _far_namesakes(groups: list[_Group]) -> set[str]:
    """Names that came only from lists of places the gazetteer mostly lacks (``source``
    "list") and whose reading lies far from every other local place of the document."""
    best = {g.key: g.cands[g.best][0] for g in groups}
    out = set()
    for g in groups:
        if not all(m.source == "list" for m in g.mentions):
            continue
        c = best[g.key]
        others = [o for k, o in best.items() if k != g.key and o.feature not in _BIG
                  and not all(m.source == "list" for m in _mentions_of(groups, k))]
        if not others or min(_fast_km(c, o) for o in others) > _NAMESAKE_KM:
            out.add(g.key)
    return out


def _mentions_of(groups: list[_Group], key: str) -> list[Mention]:
    return next(g.mentions for g in groups if g.key == key)


def _contains(box: Candidate, c: Candidate) -> bool:
    """Whether ``c`` lies in the country, province or district ``box``, or near the town ``box``."""
    if box.feature == "country":
        return c.country == box.country or box.country in c.countries
    if box.feature == "adm1":
        return c.country == box.country and c.admin1 == box.admin1 and c.id != box.id
    if box.feature == "adm2":
        return (c.country == box.country and c.admin1 == box.admin1 and c.admin2 == box.admin2
                and c.id != box.id and bool(box.admin2))
    if box.feature in ("city", "town"):
        return c.id != box.id and _fast_km(box, c) <= _TOWN_REACH_KM
    return False


def _confidence(scores: list[float], idx: int, w: Weights, m: Mention) -> float:
    if m.demonym:
        return 0.9
    top = scores[idx]
    z = sum(math.exp((s - top) / w.temperature) for s in scores)
    p = 1.0 / z
    return round(max(0.05, min(0.99, p)), 3)
