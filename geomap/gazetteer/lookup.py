"""The local gazetteer: name lookups, ranking, reverse lookup and hierarchy over SQLite.

>>> gaz = Gazetteer.open()                          # doctest: +SKIP
>>> gaz.lookup("Sher Khan Bandar")[0].feature         # doctest: +SKIP
'crossing'

Lookups return tuples of :class:`~geomap.model.Candidate`, best first, and ``()`` when
nothing matches: "not found" is a result, not an error.
"""
from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from ..errors import GazetteerUnavailable
from ..model import FEATURES, Candidate
from .names import skeleton
from .query import (
    as_set,
    check_filters,
    check_point,
    haversine_km,
    keep,
    prior_score,
    query_key,
    rank,
    with_match,
)
from .store import GRID_COLUMNS, SCHEMA_VERSION, build_store, default_store_path, grid_cell

__all__ = ["Gazetteer", "prior_score", "haversine_km"]

_MATCH = {0: "exact", 1: "alias", 2: "variant"}
_PLACE_SQL = "SELECT rowid, id, name, feature, code, country, countries, admin1, admin2, lat, lon, population FROM place"


class _LRU(OrderedDict):
    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def put(self, key: Any, value: Any) -> Any:
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)
        return value


class Gazetteer:
    """A read-only view of a gazetteer store (one SQLite file).

    Use :meth:`open` to get the default store, built on first use; pass a path to use
    another one. Instances pickle by path, so they cross process boundaries.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()
        self._cache: _LRU = _LRU(100_000)
        self._shapes: dict[int, Any] = {}
        self.meta = self._check()

    # -- opening ---------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, *, rebuild: bool = False) -> Gazetteer:
        """Open the store at ``path`` (default: the per-user cache), building it if needed.

        A missing, incomplete, outdated or corrupt default store is rebuilt from the
        shipped data; an explicit ``path`` (or ``$GEOMAP_GAZETTEER``) that is unusable
        raises :class:`~geomap.errors.GazetteerUnavailable`.
        """
        if path is None and os.environ.get("GEOMAP_GAZETTEER"):
            path = os.environ["GEOMAP_GAZETTEER"]
        explicit = path is not None
        target = Path(path) if explicit else default_store_path()
        if rebuild or not target.exists():
            if explicit and not rebuild:
                raise GazetteerUnavailable("no gazetteer store at %s" % target)
            _build_default(target)
            return cls(target)
        try:
            return cls(target)
        except GazetteerUnavailable:
            if explicit:
                raise
            _build_default(target)
            return cls(target)

    def _connect(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None or self._local.pid != os.getpid():  # a forked worker opens its own
            uri = "file:%s?mode=ro&immutable=1" % self.path.as_posix()
            try:
                con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            except sqlite3.Error as err:
                raise GazetteerUnavailable("cannot open gazetteer store %s: %s" % (self.path, err)) from err
            self._local.con, self._local.pid = con, os.getpid()
        return con

    def _check(self) -> dict[str, str]:
        try:
            meta = dict(self._connect().execute("SELECT key, value FROM meta").fetchall())
            self._connect().execute("SELECT rowid FROM place ORDER BY rowid DESC LIMIT 1").fetchone()
        except sqlite3.Error as err:
            raise GazetteerUnavailable("gazetteer store %s is corrupt: %s" % (self.path, err)) from err
        if meta.get("complete") != "1" or meta.get("schema") != SCHEMA_VERSION:
            raise GazetteerUnavailable(
                "gazetteer store %s is incomplete or of another version; run `geomap gazetteer build`" % self.path
            )
        return meta

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None and self._local.pid == os.getpid():
            con.close()
        self._local.con = None

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

    # -- records ---------------------------------------------------------------------
    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        try:
            return self._connect().execute(sql, args).fetchall()
        except sqlite3.Error as err:
            raise GazetteerUnavailable("gazetteer store %s: %s" % (self.path, err)) from err

    @staticmethod
    def _candidate(row: tuple, **extra: Any) -> Candidate:
        _, pid, name, feature, code, cc, ccs, a1, a2, lat, lon, pop = row
        return Candidate(
            id=pid, name=name, feature=feature, code=code or "", country=cc, lat=lat, lon=lon,
            population=pop or 0, countries=tuple(ccs.split(",")) if ccs else ((cc,) if cc else ()),
            admin1=a1, admin2=a2, **extra,
        )

    def get(self, place_id: str) -> Candidate | None:
        """The record with this id (``geonames:1135689``), or None."""
        rows = self._query(_PLACE_SQL + " WHERE id = ?", (place_id,))
        return self._candidate(rows[0]) if rows else None

    def country(self, code: str | None) -> Candidate | None:
        """The country record for an ISO 3166-1 alpha-2 code, or None."""
        if not code:
            return None
        key = ("country", code.upper())
        if key not in self._cache:
            rows = self._query(_PLACE_SQL + " WHERE country = ? AND feature = 'country'", (code.upper(),))
            self._cache.put(key, self._candidate(rows[0]) if rows else None)
        return self._cache[key]

    def admin1(self, country: str | None, admin1: str | None) -> Candidate | None:
        """The first-level division with this GeoNames code (``"AF"``, ``"24"``), or None."""
        if not country or not admin1:
            return None
        key = ("adm1", country, admin1)
        if key not in self._cache:
            rows = self._query(
                _PLACE_SQL + " WHERE country = ? AND feature = 'adm1' AND admin1 = ?", (country, admin1)
            )
            self._cache.put(key, self._candidate(rows[0]) if rows else None)
        return self._cache[key]

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
        hit = self._cache.get(key)
        if hit is None:
            rows = self._query(
                "SELECT p.rowid, p.id, p.name, p.feature, p.code, p.country, p.countries, p.admin1,"
                " p.admin2, p.lat, p.lon, p.population, n.kind FROM name n JOIN place p"
                " ON p.rowid = n.place WHERE n.key = ?",
                (key,),
            )
            hit = self._cache.put(key, tuple((self._candidate(r[:12]), r[12]) for r in rows))
        return hit

    def has_key(self, key: str) -> bool:
        """Whether any record has this folded key."""
        return bool(self.key_rows(key))

    def lookup(
        self,
        name: str,
        *,
        country: str | list[str] | tuple[str, ...] | None = None,
        feature: str | list[str] | tuple[str, ...] | None = None,
        limit: int | None = None,
    ) -> tuple[Candidate, ...]:
        """Exact lookup (up to case, diacritics, punctuation), best first by :func:`prior_score`."""
        key = query_key(name)
        if not key:
            return ()
        scored = [
            (prior_score(c, kind), c.id, with_match(c, name, _MATCH[kind], 1.0))
            for c, kind in self.key_rows(key)
        ]
        return rank(scored, country, feature, limit)

    def search(
        self,
        query: str,
        *,
        country: str | list[str] | tuple[str, ...] | None = None,
        feature: str | list[str] | tuple[str, ...] | None = None,
        limit: int = 10,
        fuzzy: bool = True,
    ) -> tuple[Candidate, ...]:
        """Search by name: exact matches first, then transliteration variants, word/prefix
        matches and (with ``fuzzy``) near spellings; each tier ranked by prior."""
        key = query_key(query)
        if not key:
            return ()
        check_filters(country, feature)
        tiers: list[list[tuple[float, str, Candidate]]] = []
        seen: set[str] = set()

        def add(tier: list[tuple[float, str, Candidate]]) -> None:
            fresh = [t for t in tier if t[1] not in seen and keep(t[2], country, feature)]
            seen.update(t[1] for t in fresh)
            tiers.append(fresh)

        add([(prior_score(c, kind), c.id, with_match(c, query, _MATCH[kind], 1.0))
             for c, kind in self.key_rows(key)])
        if fuzzy and len(key) >= 4:
            add(self._skeleton_matches(key))
        if sum(len(t) for t in tiers) < limit:
            add(self._token_matches(key, limit * 20))
        if fuzzy and sum(len(t) for t in tiers) < limit and len(key) >= 4:
            add(self._fuzzy_matches(key))
        out: list[Candidate] = []
        for tier in tiers:
            tier.sort(key=lambda t: (-t[0], t[1]))
            out.extend(t[2] for t in tier)
        return tuple(out[:limit])

    def _skeleton_matches(self, key: str) -> list[tuple[float, str, Candidate]]:
        from rapidfuzz.fuzz import ratio

        out = []
        for (k,) in self._query("SELECT key FROM skeleton WHERE skel = ? LIMIT 500", (skeleton(key),)):
            sim = ratio(key, k) / 100.0
            if sim >= 0.7:
                for c, kind in self.key_rows(k):
                    out.append((prior_score(c, kind) + 2 * sim, c.id, with_match(c, k, "skeleton", sim)))
        return out

    def _token_matches(self, key: str, limit: int) -> list[tuple[float, str, Candidate]]:
        words = key.split()
        fts = " ".join('"%s"*' % w for w in words)
        rows = self._query(
            _PLACE_SQL + " WHERE rowid IN (SELECT rowid FROM place_fts WHERE place_fts MATCH ? LIMIT ?)",
            (fts, limit * 5),
        )
        return [(prior_score(c, 1), c.id, with_match(c, key, "token", 0.8))
                for c in map(self._candidate, rows)]

    def _fuzzy_matches(self, key: str) -> list[tuple[float, str, Candidate]]:
        from rapidfuzz.fuzz import ratio

        lo = key[:2]
        hi = lo[:-1] + chr(ord(lo[-1]) + 1)
        keys = [r[0] for r in self._query(
            "SELECT DISTINCT key FROM name WHERE key >= ? AND key < ? AND length(key) BETWEEN ? AND ?",
            (lo, hi, len(key) - 2, len(key) + 2),
        )]
        out = []
        for k in keys:
            sim = ratio(key, k) / 100.0
            if sim >= 0.8:
                for c, kind in self.key_rows(k):
                    out.append((prior_score(c, kind) + 4 * sim, c.id, with_match(c, k, "fuzzy", sim)))
        return out

    def prefix(self, text: str, *, limit: int = 10) -> tuple[Candidate, ...]:
        """Records whose name starts with ``text`` (autocomplete), best first."""
        key = query_key(text)
        if not key:
            return ()
        rows = self._query(
            "SELECT DISTINCT key FROM name WHERE key >= ? AND key < ? LIMIT 2000", (key, key + "\uffff")
        )
        scored = [(prior_score(c, kind), c.id, with_match(c, k, "prefix", len(key) / len(k)))
                  for (k,) in rows for c, kind in self.key_rows(k)]
        return rank(scored, None, None, limit)

    # -- reverse -----------------------------------------------------------------------
    def nearest(
        self,
        lat: float,
        lon: float,
        *,
        feature: str | list[str] | tuple[str, ...] | None = None,
        limit: int = 1,
        max_km: float = 250.0,
    ) -> tuple[Candidate, ...]:
        """The places nearest to a point (within ``max_km``), nearest first."""
        check_point(lat, lon)
        check_filters(None, feature)
        features = as_set(feature)
        radius = 0.1
        while True:
            dlon = min(180.0, radius / max(0.05, math.cos(math.radians(lat))))
            box = (lat - radius, lat + radius, lon - dlon, lon + dlon)
            rows = self._query(_PLACE_SQL + " WHERE " + _cell_ranges(*box)
                               + " AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?", box)
            found = []
            for r in rows:  # r: rowid, id, name, feature, ..., lat (9), lon (10), population (11)
                if features and r[3] not in features:
                    continue
                d = haversine_km(lat, lon, r[9], r[10])
                if d <= max_km:
                    found.append((d, -(r[11] or 0), r[1], r))
            covered_km = radius * 111.0
            if len(found) >= limit and sorted(found)[limit - 1][0] <= covered_km or covered_km >= max_km:
                break
            radius *= 3
        found.sort(key=lambda t: t[:3])
        return tuple(self._candidate(r, matched=r[2], match="reverse", distance_km=round(d, 3))
                     for d, _, _, r in found[:limit])

    def containing(self, lat: float, lon: float) -> tuple[Candidate | None, Candidate | None]:
        """The country and first-level division whose boundary contains the point."""
        check_point(lat, lon)
        rows = self._query(
            "SELECT b.rowid, b.level, b.code, b.iso FROM boundary b WHERE b.rowid IN (SELECT id FROM"
            " boundary_rtree WHERE min_lat <= ? AND max_lat >= ? AND min_lon <= ? AND max_lon >= ?)",
            (lat, lat, lon, lon),
        )
        from shapely import contains_xy

        country = admin1 = None
        for rowid, level, code, iso in rows:
            if contains_xy(self._shape(rowid), lon, lat):
                if level == 0 and country is None:
                    country = self.country(iso)
                elif level == 1 and admin1 is None and "." in code:
                    cc, _, a1 = code.partition(".")
                    admin1 = self.admin1(cc, a1)
        if country is None and admin1 is not None:
            country = self.country(admin1.country)
        return country, admin1

    def boundary(self, level: int, code: str) -> dict[str, Any] | None:
        """The GeoJSON geometry of a country (level 0, ISO code) or province (1, ``AF.24``)."""
        rows = self._query("SELECT geometry FROM boundary WHERE level = ? AND code = ?", (level, code))
        return json.loads(rows[0][0]) if rows else None

    def _shape(self, rowid: int) -> Any:
        shp = self._shapes.get(rowid)
        if shp is None:
            from shapely import prepare
            from shapely.geometry import shape

            (geometry,) = self._query("SELECT geometry FROM boundary WHERE rowid = ?", (rowid,))[0]
            shp = shape(json.loads(geometry))
            prepare(shp)
            self._shapes[rowid] = shp
        return shp

    # -- about -------------------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        """What the store holds: path, size, counts by feature, source, build time."""
        counts = json.loads(self.meta.get("counts", "{}"))
        return {
            "path": str(self.path),
            "size_mb": round(self.path.stat().st_size / 1e6, 1),
            "places": int(self.meta.get("places", 0)),
            "names": int(self.meta.get("names", 0)),
            "by_feature": {f: counts.get(f, 0) for f in FEATURES if counts.get(f)},
            "source": self.meta.get("source"),
            "built": self.meta.get("built"),
            "build_seconds": float(self.meta.get("build_seconds", 0) or 0),
            "schema": self.meta.get("schema"),
        }


def _cell_ranges(lat0: float, lat1: float, lon0: float, lon1: float) -> str:
    """SQL selecting the grid cells of a box: one contiguous range of cells per grid row."""
    lat0, lat1 = max(-90.0, lat0), min(90.0, lat1)
    lon0, lon1 = max(-180.0, lon0), min(180.0, lon1)
    first, last = grid_cell(lat0, lon0), grid_cell(lat1, lon1)
    c0, c1 = first % GRID_COLUMNS, last % GRID_COLUMNS
    ranges = ["cell BETWEEN %d AND %d" % (row * GRID_COLUMNS + c0, row * GRID_COLUMNS + c1)
              for row in range(first // GRID_COLUMNS, last // GRID_COLUMNS + 1)]
    return "(" + " OR ".join(ranges) + ")"


def _build_default(target: Path) -> None:
    try:
        build_store(target)
    except (OSError, sqlite3.Error, ValueError) as err:
        raise GazetteerUnavailable("cannot build the gazetteer store at %s: %s" % (target, err)) from err


