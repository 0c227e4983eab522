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
from typing import TYPE_CHECKING

from ..model import Candidate

if TYPE_CHECKING:
    from .resolve import Weights

__all__ = ["Reading", "settle", "BIG"]

BIG = {"country", "region"}  # readings that are no local point
_TOP = 8  # candidates of another name that lend support (by probability)


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

    def top(self) -> list[tuple[Candidate, float]]:
        order = sorted(range(len(self.cands)), key=lambda i: -self.probs[i])[:_TOP]
        return [(self.cands[i], self.probs[i]) for i in order]

    @property
    def best(self) -> int:
        return max(range(len(self.scores)), key=lambda i: (self.scores[i], -i))


def _softmax(xs: list[float]) -> list[float]:
    top = max(xs)
    es = [math.exp(x - top) for x in xs]
    z = sum(es)
    return [e / z for e in es]


def _fast_km(a: Candidate, b: Candidate) -> float:
    dlat = a.lat - b.lat
    dlon = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 111.2 * math.hypot(dlat, dlon)


def _county(c: Candidate) -> tuple[str, str, str] | None:
    return (c.country, c.admin1, c.admin2) if c.country and c.admin1 and c.admin2 else None


def settle(readings: list[Reading], w: Weights) -> None:
    """Update every reading's ``scores`` and ``probs`` for ``w.rounds`` rounds."""
    live = [r for r in readings if len(r.cands) > 1]
    if not live or len(readings) < 2:
        return
    tops = {id(r): r.top() for r in readings}
    for _ in range(max(1, w.rounds)):
        for r in live:
            others = [(o, tops[id(o)]) for o in readings if o is not r]
            r.scores = [b + _support(c, r, others, w) for c, b in zip(r.cands, r.base)]
            r.probs = _softmax(r.scores)
            tops[id(r)] = r.top()


def _support(c: Candidate, me: Reading, others: list[tuple[Reading, list[tuple[Candidate, float]]]],
             w: Weights) -> float:
    """What the other names' readings (each with its most probable candidates) say for ``c``."""
    countries = admin1 = county = near = 0.0
    total = float(me.mentions)
    local = 0
    c_county = _county(c)
    big = c.feature in BIG
    a1 = c.admin1_key
    for o, top in others:
        total += o.mentions
        is_local = False
        for d, p in top:
            if d.feature not in BIG:
                is_local = True
            if c.country and d.country == c.country:
                countries += p * o.mentions
            if big:
                if d.feature not in BIG and d.country == c.country:
                    near += p
                continue
            if d.feature in BIG:
                continue
            if a1 and d.admin1_key == a1:
                admin1 += p * o.mentions * (1.0 if d.feature == "adm1" else 0.5)
            if c_county is not None and _county(d) == c_county:
                county += p
            near += p * math.exp(-_fast_km(c, d) / w.spatial_km)
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
