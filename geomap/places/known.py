"""What the gazetteer knows about a folded name, cached: the features its records have,
the largest population, and whether any record has it as its own (not alternate) name."""
from __future__ import annotations

from typing import NamedTuple

from ..gazetteer.lookup import Gazetteer

__all__ = ["KnownNames", "NameInfo", "FEATURE_ORDER"]

FEATURE_ORDER = {f: i for i, f in enumerate(
    ("country", "adm1", "region", "city", "crossing", "base", "town", "adm2", "water", "landform", "other"))}


class NameInfo(NamedTuple):
    features: tuple[str, ...]  # most important first; empty when the gazetteer lacks the name
    max_population: int
    own_name: bool  # some record has it as its name, not only as an alternate name


class KnownNames:
    """Cached :class:`NameInfo` of folded names over one gazetteer."""

    def __init__(self, gazetteer: Gazetteer, size: int = 200_000):
        self.gaz = gazetteer
        self.size = size
        self._cache: dict[str, NameInfo] = {}
        self._codes: dict[str, str | None] = {}

    def info(self, key: str) -> NameInfo:
        hit = self._cache.get(key)
        if hit is None:
            rows = self.gaz.key_rows(key)
            feats = tuple(sorted({c.feature for c, _ in rows}, key=FEATURE_ORDER.get))
            hit = NameInfo(feats, max((c.population for c, _ in rows), default=0), any(kind != 1 for _, kind in rows))
            if len(self._cache) > self.size:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def feature_code(self, place_id: str) -> str | None:
        """The feature code of a place the demonym table names ("CONT" for a continent), cached."""
        if place_id not in self._codes:
            place = self.gaz.get(place_id)
            self._codes[place_id] = place.code if place is not None else None
        return self._codes[place_id]

    def features(self, key: str) -> tuple[str, ...]:
        """Features of the records a key reaches, most important first (empty if none)."""
        return self.info(key).features
