"""The local gazetteer: name lookups, reverse lookup and hierarchy over one SQLite store.

>>> gaz = Gazetteer.open()                          # doctest: +SKIP
>>> gaz.lookup("Sher Khan Bandar")[0].feature         # doctest: +SKIP
'crossing'

Lookups return tuples of :class:`~geomap.model.Candidate`, best first, and ``()`` when
nothing matches: "not found" is a result, not an error. :class:`Gazetteer` is the
facade; the work is done in small modules: :mod:`.reader` (records), :mod:`.query`
(ranking), :mod:`.matching` (variants, words, near spellings), :mod:`.reverse`
(points), :mod:`.geoquery` ("City, Region, Country" queries), :mod:`.opening` (which
store, first-use build).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import GazetteerUnavailable
from ..model import FEATURES, Candidate
from . import matching, reverse
from .opening import check_store, ensure_default_store, packaged_store, resolve_store_path
from .query import check_filters, haversine_km, keep, prior_score, query_key, rank, with_match
from .reader import StoreReader

__all__ = ["Gazetteer", "prior_score", "haversine_km"]

_MATCH = {0: "exact", 1: "alias", 2: "variant"}
Filter = str | list[str] | tuple[str, ...] | None


class Gazetteer:
    """A read-only view of a gazetteer store (one SQLite file).

    Use :meth:`open` to get the default store, built on first use; pass a path to use
    another one. Instances pickle by path, so they cross process boundaries.
    """

    def __init__(self, path: str | Path):
        self._store = StoreReader(path)
        self._shapes = reverse.BoundaryShapes(self._store)

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def meta(self) -> dict[str, str]:
        return self._store.meta

    # -- opening ---------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, *, rebuild: bool = False) -> Gazetteer:
        """Open the store at ``path`` (default: the per-user cache, else the store an
        installed wheel carries), building it if needed.

        A missing, incomplete, outdated or damaged default store is rebuilt from the
        shipped data; an explicit ``path`` (or ``$GEOMAP_GAZETTEER``) that is unusable
        raises :class:`~geomap.errors.GazetteerUnavailable`.
        """
        target, explicit = resolve_store_path(path)
        if explicit:
            if rebuild:
                ensure_default_store(target, rebuild=True)
            elif not target.exists():
                raise GazetteerUnavailable("no gazetteer store at %s" % target)
            check_store(target)
            return cls(target)
        if not rebuild and not target.exists():
            packaged = packaged_store()
            if packaged is not None:
                return cls(packaged)
        if rebuild or not target.exists():
            ensure_default_store(target, rebuild=rebuild)
            return cls(target)
        try:
            check_store(target)
            return cls(target)
        except GazetteerUnavailable:
            ensure_default_store(target, rebuild=True)
            return cls(target)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:
        return {"path": str(self.path)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])

    def __repr__(self) -> str:
        return "Gazetteer(%r)" % str(self.path)

    # -- records and hierarchy -------------------------------------------------------
    def get(self, place_id: str) -> Candidate | None:
        """The record with this id (``geonames:1135689``), or None."""
        return self._store.get(place_id)

    def country(self, code: str | None) -> Candidate | None:
        """The country record for an ISO 3166-1 alpha-2 code, or None."""
        return self._store.country(code.upper()) if code else None

    def admin1(self, country: str | None, admin1: str | None) -> Candidate | None:
        """The first-level division with this GeoNames code (``"AF"``, ``"24"``), or None."""
        return self._store.admin1(country, admin1) if country and admin1 else None

    def hierarchy(self, place: Candidate) -> tuple[Candidate, ...]:
        """``(place, province, country)``, leaving out levels that are the place itself or unknown."""
        out = [place]
        if place.feature not in ("country", "adm1"):
            a1 = self.admin1(place.country, place.admin1)
            if a1 is not None:
                out.append(a1)
        if place.feature != "country":
            c = self.country(place.country)
            if c is not None:
                out.append(c)
        return tuple(out)

    # -- name lookups ------------------------------------------------------------------
    def key_rows(self, key: str) -> tuple[tuple[Candidate, int], ...]:
        """Every record a folded key reaches, with how it reaches it (0 name, 1 alias, 2 variant)."""
        return self._store.key_rows(key)

    def has_key(self, key: str) -> bool:
        """Whether any record has this folded key."""
        return bool(self._store.key_rows(key))

    def lookup(self, name: str, *, country: Filter = None, feature: Filter = None,
               limit: int | None = None) -> tuple[Candidate, ...]:
        """Exact lookup (up to case, diacritics, punctuation), best first by :func:`prior_score`."""
        key = query_key(name)
        if not key:
            return ()
        scored = [(prior_score(c, kind), c.id, with_match(c, name, _MATCH[kind], 1.0))
                  for c, kind in self._store.key_rows(key)]
        return rank(scored, country, feature, limit)

    def search(self, query: str, *, country: Filter = None, feature: Filter = None, limit: int = 10,
               fuzzy: bool = True) -> tuple[Candidate, ...]:
        """Search by name: exact matches first, then transliteration variants, word/prefix
        matches and (with ``fuzzy``) near spellings; each tier ranked by prior.

        A query of comma-separated parts ("Kassala, Sudan", "Columbus, OH") is read as
        place, region, country by :func:`~geomap.gazetteer.geoquery.geocode_query`.
        """
        from .geoquery import geocode_query

        return geocode_query(self, query, country=country, feature=feature, limit=limit, fuzzy=fuzzy)

    def search_name(self, query: str, *, country: Filter = None, feature: Filter = None, limit: int = 10,
                    fuzzy: bool = True) -> tuple[Candidate, ...]:
        """Search one name (no comma parsing): the tiers of :meth:`search`."""
        key = query_key(query)
        if not key:
            return ()
        check_filters(country, feature)
        tiers: list[list[tuple[float, str, Candidate]]] = []
        seen: set[str] = set()

        def add(tier: list) -> None:
            fresh = [t for t in tier if t[1] not in seen and keep(t[2], country, feature)]
            seen.update(t[1] for t in fresh)
            tiers.append(fresh)

        add([(prior_score(c, kind), c.id, with_match(c, query, _MATCH[kind], 1.0))
             for c, kind in self._store.key_rows(key)])
        if fuzzy and len(key) >= 4:
            add(matching.skeleton_matches(self._store, key))
        if sum(len(t) for t in tiers) < limit:
            add(matching.token_matches(self._store, key, limit * 20))
        if fuzzy and sum(len(t) for t in tiers) < limit and len(key) >= 4:
            add(matching.fuzzy_matches(self._store, key))
        out: list[Candidate] = []
        for tier in tiers:
            tier.sort(key=lambda t: (-t[0], t[1]))
            out.extend(t[2] for t in tier)
        return tuple(out[:limit])

    def prefix(self, text: str, *, limit: int = 10) -> tuple[Candidate, ...]:
        """Records whose name starts with ``text`` (autocomplete), best first."""
        key = query_key(text)
        if not key:
            return ()
        return rank(matching.prefix_matches(self._store, key), None, None, limit)

    # -- reverse -----------------------------------------------------------------------
    def nearest(self, lat: float, lon: float, *, feature: Filter = None, limit: int = 1,
                max_km: float = 250.0) -> tuple[Candidate, ...]:
        """The places nearest to a point (within ``max_km``), nearest first."""
        return reverse.nearest(self._store, lat, lon, feature=feature, limit=limit, max_km=max_km)

    def containing(self, lat: float, lon: float) -> tuple[Candidate | None, Candidate | None]:
        """The country and first-level division whose boundary contains the point."""
        return reverse.containing(self._store, self._shapes, lat, lon, self.country, self.admin1)

    def boundary(self, level: int, code: str) -> dict[str, Any] | None:
        """The GeoJSON geometry of a country (level 0, ISO code) or province (1, ``AF.24``)."""
        return reverse.boundary(self._store, level, code)

    # -- about -------------------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        """What the store holds: path, size, counts by feature, source, build time."""
        counts = json.loads(self.meta.get("counts", "{}"))
        return {
            "path": str(self.path),
            "size_mb": round(sum(p.stat().st_size for p in self._store.files()) / 1e6, 1),
            "parts": sorted(self._store.parts),
            "places": int(self.meta.get("places", 0)),
            "names": int(self.meta.get("names", 0)),
            "by_feature": {f: counts.get(f, 0) for f in FEATURES if counts.get(f)},
            "source": self.meta.get("source"),
            "built": self.meta.get("built"),
            "build_seconds": float(self.meta.get("build_seconds", 0) or 0),
            "schema": self.meta.get("schema"),
        }
