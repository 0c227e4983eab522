"""Spatial coherence: each name's reading chosen together with the readings of the others.

Every name of a document (a *group* of its mentions) holds a probability over its
candidates, at first from their own scores (prior, cue, container). Then, a few rounds,
one group after another, each candidate gains the support the other groups' current
readings give it, weighted by their probabilities:

- **country**: other readings in its country ("Texas" and "Huntsville" both say US);
- **province**: other readings in its first-level division, the division itself counting double;
- **county**: other readings in its second-level division ("Huntsville" lies in "Walker
  County": the Texan pair wins over two Alabama places that only share a state);
- **distance**: closeness to the other local readings (a country: how many lie inside it).

Weighting by probability rather than taking each name's current best reading keeps two
names from swapping their readings back and forth, and lets a coherent pair of second
choices (a town and the county it lies in) win over two unrelated first choices.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ..model import Candidate

if TYPE_CHECKING:
    from .resolve import Weights

__all__ = ["Reading", "settle", "BIG"]

BIG = {"country", "region"}  # readings that are no local point
_TOP = 4  # candidates of another name that lend support (by probability)


@dataclass
class Reading:
    """One name's candidates, their own scores and the current probabilities."""

    cands: list[Candidate]
    base: list[float]  # prior + cue + container
    mentions: int = 1
    scores: list[float] = field(default_factory=list)
    probs: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.scores = list(self.base)
        self.probs = _softmax(self.base)

    @property
    def best(self) -> int:
        return max(range(len(self.scores)), key=lambda i: (self.scores[i], -i))


def _softmax(xs: list[float]) -> list[float]:
    top = max(xs)
    es = [math.exp(x - top) for x in xs]
    z = sum(es)
    return [e / z for e in es]


def _county(c: Candidate) -> tuple[str, str, str] | None:
    return (c.country, c.admin1, c.admin2) if c.country and c.admin1 and c.admin2 else None


def settle(readings: list[Reading], w: Weights) -> None:
    """Update every reading's ``scores`` and ``probs`` for ``w.rounds`` rounds."""
    live = [r for r in readings if len(r.cands) > 1]
    if not live or len(readings) < 2:
        return
    facts = {id(r): [_Facts.of(c) for c in r.cands] for r in readings}
    tops = {id(r): _top_facts(r, facts[id(r)]) for r in readings}
    for _ in range(max(1, w.rounds)):
        for r in live:
            others = [(o.mentions, tops[id(o)]) for o in readings if o is not r]
            r.scores = [b + _support(f, r.mentions, others, w) for f, b in zip(facts[id(r)], r.base)]
            r.probs = _softmax(r.scores)
            tops[id(r)] = _top_facts(r, facts[id(r)])


class _Facts(NamedTuple):
    """What the support of a candidate reads of it, computed once."""

    lat: float
    lon: float
    country: str | None
    admin1: str | None  # admin1_key
    county: tuple[str, str, str] | None
    big: bool
    adm1: bool

    @classmethod
    def of(cls, c: Candidate) -> _Facts:
        return cls(c.lat, c.lon, c.country, c.admin1_key, _county(c), c.feature in BIG, c.feature == "adm1")


def _top_facts(r: Reading, facts: list[_Facts]) -> list[tuple[_Facts, float]]:
    order = sorted(range(len(r.cands)), key=lambda i: -r.probs[i])[:_TOP]
    return [(facts[i], r.probs[i]) for i in order]


def _support(c: _Facts, mentions: int, others: list[tuple[int, list[tuple[_Facts, float]]]], w: Weights) -> float:
    """What the other names' readings (each with its most probable candidates) say for ``c``."""
    countries = admin1 = county = near = 0.0
    total = float(mentions)
    local = 0
    c_country, a1, c_county, big = c.country, c.admin1, c.county, c.big
    lat, lon = c.lat, c.lon
    spatial_km = w.spatial_km
    for o_mentions, top in others:
        total += o_mentions
        is_local = False
        for d, p in top:
            if not d.big:
                is_local = True
            if c_country and d.country == c_country:
                countries += p * o_mentions
            if big:
                if not d.big and d.country == c_country:
                    near += p
                continue
            if d.big:
                continue
            if a1 and d.admin1 == a1:
                admin1 += p * o_mentions * (1.0 if d.adm1 else 0.5)
            if c_county is not None and d.county == c_county:
                county += p
            dlon = (lon - d.lon) * math.cos(math.radians((lat + d.lat) / 2))
            near += p * math.exp(-111.2 * math.hypot(lat - d.lat, dlon) / spatial_km)
        local += is_local
    s = 0.0
    if countries > 0:
        s += w.country * min(1.0, countries / max(1.0, total * 0.25))
    if admin1 > 0:
        s += w.admin1 * min(1.0, admin1)
    if county > 0:
        s += w.admin2 * min(1.0, county)
    if local:
        s += w.spatial * near / local
    return s
