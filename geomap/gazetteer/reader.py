"""Reading a store: one SQLite connection per thread and process, records as Candidates.

:class:`StoreReader` knows the store's tables and nothing about ranking: the lookups
(:mod:`.lookup`, :mod:`.matching`, :mod:`.reverse`) ask it for rows and records. A
lookup that needs a part the store file does not hold (see :mod:`.store`) calls
:meth:`StoreReader.require`, which attaches the part's file (built on first need).
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import GazetteerUnavailable
from ..model import FEATURES, Candidate
from .opening import ensure_part
from .store import COORD_SCALE, CORE_PART, PARTS, SCHEMA_VERSION, part_path, place_id, place_rowid

__all__ = ["StoreReader", "PLACE_SQL", "store_uri"]

PLACE_SQL = "SELECT rowid, id, name, feature, code, country, countries, admin1, admin2, lat, lon, population FROM place"


def store_uri(path: Path) -> str:
    """The read-only SQLite URI of a store file; any path works (``#``, ``?``, ``%``, spaces).

    Examples
    --------
    >>> store_uri(Path("/data/a#b?c.sqlite3"))
    'file:/data/a%23b%3Fc.sqlite3?mode=ro&immutable=1'
    """
    return "file:%s?mode=ro&immutable=1" % quote(path.absolute().as_posix(), safe="/")


class LRU(OrderedDict):
    """A small least-recently-inserted cache."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def put(self, key: Any, value: Any) -> Any:
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)
        return value


class StoreReader:
    """Read-only access to one store file (checked on open: complete, this schema)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()
        self.cache: LRU = LRU(100_000)
        self.meta = self._check()
        self.parts = frozenset(self.meta.get("parts", "").split(","))
        self._ready: set[str] = set()  # part files checked by this process

    def connect(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None or self._local.pid != os.getpid():  # a forked worker opens its own
            try:
                con = sqlite3.connect(store_uri(self.path), uri=True, check_same_thread=False)
            except sqlite3.Error as err:
                raise GazetteerUnavailable("cannot open gazetteer store %s: %s" % (self.path, err)) from err
            self._local.con, self._local.pid, self._local.attached = con, os.getpid(), set()
        return con

    def require(self, part: str) -> None:
        """Make the tables of ``part`` queryable on this thread's connection: they are in
        the store itself, or in the part's file beside it, attached (and built) on first need."""
        if part in self.parts:
            return
        con = self.connect()
        if part in self._local.attached:
            return
        path = part_path(self.path, part)
        if part not in self._ready:
            ensure_part(path, part, self.meta)
            self._ready.add(part)
        try:
            con.execute("ATTACH DATABASE ? AS %s" % part, (store_uri(path),))
        except sqlite3.Error as err:
            raise GazetteerUnavailable("cannot open %s: %s" % (path, err)) from err
        self._local.attached.add(part)

    def files(self) -> list[Path]:
        """The store file and the part files beside it that exist."""
        return [self.path] + [p for p in (part_path(self.path, part) for part in PARTS if part not in self.parts)
                              if p.exists()]

    def _check(self) -> dict[str, str]:
        try:
            meta = dict(self.connect().execute("SELECT key, value FROM meta").fetchall())
            self.connect().execute("SELECT rowid FROM place ORDER BY rowid DESC LIMIT 1").fetchone()
        except sqlite3.Error as err:
            raise GazetteerUnavailable("gazetteer store %s is corrupt: %s" % (self.path, err)) from err
        if meta.get("complete") != "1" or meta.get("schema") != SCHEMA_VERSION \
                or CORE_PART not in meta.get("parts", "").split(","):
            raise GazetteerUnavailable(
                "gazetteer store %s is incomplete or of another version; run `geomap gazetteer build`" % self.path
            )
        return meta

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None and self._local.pid == os.getpid():
            con.close()
        self._local.con = None

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        try:
            return self.connect().execute(sql, args).fetchall()
        except sqlite3.Error as err:
            raise GazetteerUnavailable(
                "gazetteer store %s: %s (if it is damaged, rebuild it: geomap gazetteer build)" % (self.path, err)
            ) from err

    @staticmethod
    def candidate(row: tuple, **extra: Any) -> Candidate:
        rowid, pid, name, feature, code, cc, ccs, a1, a2, lat, lon, pop = row
        return Candidate(
            id=place_id(rowid, pid), name=name, feature=FEATURES[feature], code=code or "", country=cc,
            lat=lat / COORD_SCALE, lon=lon / COORD_SCALE,
            population=pop or 0, countries=tuple(ccs.split(",")) if ccs else ((cc,) if cc else ()),
            admin1=a1, admin2=a2, **extra,
        )

    def get(self, pid: str) -> Candidate | None:
        rowid = place_rowid(pid)
        if rowid is not None:
            rows = self.query(PLACE_SQL + " WHERE rowid = ? AND id IS NULL", (rowid,))
        else:
            rows = self.query(PLACE_SQL + " WHERE id = ?", (pid,))
        return self.candidate(rows[0]) if rows else None

    def key_rows(self, key: str) -> tuple[tuple[Candidate, int], ...]:
        hit = self.cache.get(key)
        if hit is None:
            rows = self.query(
                "SELECT p.rowid, p.id, p.name, p.feature, p.code, p.country, p.countries, p.admin1,"
                " p.admin2, p.lat, p.lon, p.population, n.kind FROM name n JOIN place p"
                " ON p.rowid = n.place WHERE n.key = ?",
                (key,),
            )
            hit = self.cache.put(key, tuple((self.candidate(r[:12]), r[12]) for r in rows))
        return hit

    def country(self, code: str) -> Candidate | None:
        key = ("country", code)
        if key not in self.cache:
            rows = self.query(PLACE_SQL + " WHERE country = ? AND feature = 0", (code,))
            self.cache.put(key, self.candidate(rows[0]) if rows else None)
        return self.cache[key]

    def admin1(self, country: str, admin1: str) -> Candidate | None:
        key = ("adm1", country, admin1)
        if key not in self.cache:
            rows = self.query(PLACE_SQL + " WHERE country = ? AND admin1 = ? AND feature = 1", (country, admin1))
            self.cache.put(key, self.candidate(rows[0]) if rows else None)
        return self.cache[key]
