"""How a gazetteer query is read, filtered and ranked: pure functions, no I/O.

A bare name's candidates are ranked by :func:`prior_score` (kind of place, size,
administrative rank, and whether the name is the place's own or an alternate).
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from ..errors import GazetteerQueryError
from ..model import FEATURES, Candidate
from .names import fold_name

__all__ = ["FEATURE_PRIOR", "CODE_BONUS", "KIND_PENALTY", "haversine_km", "importance", "prior_score",
           "query_key", "as_set", "check_filters", "check_point", "keep", "with_match", "rank"]

EARTH_KM = 6371.0088
MAX_QUERY = 200  # characters; longer queries name no place
# Ranking a bare name: kind of place first, then size, then administrative rank.
FEATURE_PRIOR = {
    "country": 3.0, "adm1": 1.2, "city": 1.0, "region": 0.9, "crossing": 0.8, "base": 0.8,
    "town": 0.0, "adm2": -0.2, "water": -0.4, "landform": -0.4, "other": -0.8,
}
CODE_BONUS = {"PPLC": 1.5, "PPLA": 0.5, "PPLA2": 0.2, "AIRB": 0.2}
KIND_PENALTY = {0: 0.0, 1: 0.35, 2: 0.45}  # primary name, alternate name, derived variant
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    Examples
    --------
    >>> round(haversine_km(38.54, 68.78, 55.756, 37.617))
    2993
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def importance(c: Candidate) -> int:
    """Population, or a stand-in for places that have none (continents, regions, crossings)."""
    if c.population:
        return c.population
    if c.feature == "region":
        if c.code == "CONT":
            return 1_000_000_000
        return 10_000_000 if c.id.startswith("geomap:") else 100_000
    if c.feature in ("crossing", "base") and c.id.startswith("geomap:"):
        return 10_000
    return 0


def prior_score(c: Candidate, kind: int = 0) -> float:
    """How likely a bare mention of ``c``'s name means ``c``, before any context.

    Examples
    --------
    >>> country = Candidate("g:1", "Georgia", "country", "PCLI", "GE", 42.0, 43.5, 3_700_000)
    >>> state = Candidate("g:2", "Georgia", "adm1", "ADM1", "US", 32.7, -83.5, 9_000_000)
    >>> prior_score(country) > prior_score(state)
    True
    """
    return (
        FEATURE_PRIOR.get(c.feature, 0.0)
        + math.log10(importance(c) + 1)
        + CODE_BONUS.get(c.code, 0.0)
        - KIND_PENALTY.get(kind, 0.5)
    )


def query_key(query: str) -> str:
    if not isinstance(query, str):
        raise GazetteerQueryError("query must be a string, got %s" % type(query).__name__)
    if len(query) > MAX_QUERY:
        return ""
    return fold_name("".join(ch if ch.isprintable() else " " for ch in query))


def as_set(value: str | list[str] | tuple[str, ...] | None) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {v.strip() for v in value.split(",") if v.strip()}
    return set(value)


def check_filters(country: Any, feature: Any) -> None:
    bad = as_set(feature) - set(FEATURES)
    if bad:
        raise GazetteerQueryError(
            "unknown feature %s; use one of %s" % (", ".join(sorted(bad)), ", ".join(FEATURES))
        )
    for cc in as_set(country):
        if not (len(cc) == 2 and cc.isalpha()):
            raise GazetteerQueryError("country must be an ISO 3166-1 alpha-2 code, got %r" % cc)


def check_point(lat: float, lon: float) -> None:
    try:
        ok = math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
    except TypeError:
        ok = False
    if not ok:
        hint = " (lat and lon swapped?)" if isinstance(lat, (int, float)) and abs(lat) > 90 >= abs(lon) else ""
        raise GazetteerQueryError("not a valid point: lat=%r, lon=%r%s" % (lat, lon, hint))


def keep(c: Candidate, country: Any, feature: Any) -> bool:
    countries = {x.upper() for x in as_set(country)}
    features = as_set(feature)
    if features and c.feature not in features:
        return False
    if countries and not (countries & set(c.countries or (c.country,))):
        return False
    return True


def with_match(c: Candidate, matched: str, how: str, sim: float, **extra: Any) -> Candidate:
    return replace(c, matched=matched, match=how, similarity=round(sim, 3), **extra)


def rank(scored: list[tuple[float, str, Candidate]], country: Any, feature: Any, limit: int | None) -> tuple[Candidate, ...]:
    check_filters(country, feature)
    best: dict[str, tuple[float, str, Candidate]] = {}
    for t in scored:
        if keep(t[2], country, feature) and (t[1] not in best or t[0] > best[t[1]][0]):
            best[t[1]] = t
    ranked = sorted(best.values(), key=lambda t: (-t[0], t[1]))
    return tuple(t[2] for t in ranked[: limit if limit is not None else len(ranked)])
