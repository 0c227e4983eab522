"""The gazetteer's SQLite store: schema, building (atomically) and the shipped tables.

The wheel ships compact tables in ``geomap/data`` (``places.tsv.xz``, boundaries as
GeoJSON). On first use :func:`build_store` turns them into one SQLite file in the user's
cache directory: a ``place`` table, a ``name`` index of folded names, a ``skeleton``
index for transliteration variants, an FTS5 index for word and prefix search, a grid-cell
index (half-degree cells, a plain B-tree: quick to build) for nearest-place lookups and an
R-tree of boundary boxes for "which country and province contain this point".
"""
from __future__ import annotations

import csv
import hashlib
import json
import lzma
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from .names import VARIANT_MARK

__all__ = [
    "DATA_DIR",
    "PLACE_COLUMNS",
    "SCHEMA_VERSION",
    "build_store",
    "grid_cell",
    "default_store_path",
    "read_place_rows",
    "shipped_data_hash",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SCHEMA_VERSION = "7"
PLACE_COLUMNS = (
    "id", "name", "feature", "code", "country", "countries", "admin1", "admin2",
    "lat", "lon", "population", "keys", "skeletons",
)
BOUNDARY_COLUMNS = (
    "level", "code", "iso", "name", "min_lat", "max_lat", "min_lon", "max_lon",
    "label_lat", "label_lon", "geometry",
)
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE place (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, feature TEXT NOT NULL,
    code TEXT, country TEXT, countries TEXT, admin1 TEXT, admin2 TEXT,
    lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL DEFAULT 0, cell INTEGER NOT NULL
);
CREATE TABLE name (key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL,
                   PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE skeleton (skel TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (skel, key)) WITHOUT ROWID;
CREATE VIRTUAL TABLE place_fts USING fts5(names, content='', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE boundary (rowid INTEGER PRIMARY KEY, level INTEGER NOT NULL, code TEXT,
                       iso TEXT, name TEXT, label_lat REAL, label_lon REAL, geometry TEXT NOT NULL);
CREATE VIRTUAL TABLE boundary_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
"""
_INDEXES = """
CREATE UNIQUE INDEX place_id ON place(id);
CREATE INDEX place_admin ON place(country, feature, admin1);
CREATE INDEX place_cell ON place(cell, lat, lon);
CREATE INDEX boundary_code ON boundary(level, code);
"""
GRID = 2  # cells per degree
GRID_COLUMNS = 360 * GRID


def grid_cell(lat: float, lon: float) -> int:
    """The half-degree grid cell of a point (row-major from 90 S, 180 W)."""
    row = min(180 * GRID - 1, int((lat + 90.0) * GRID))
    col = min(GRID_COLUMNS - 1, int((lon + 180.0) * GRID))
    return row * GRID_COLUMNS + col


# name.kind: how a key reaches its place
KIND_PRIMARY, KIND_ALT, KIND_VARIANT = 0, 1, 2


def default_store_path() -> Path:
    """Where the store lives: ``$GEOMAP_CACHE_DIR`` or the per-user cache directory."""
    env = os.environ.get("GEOMAP_CACHE_DIR")
    if env:
        base = Path(env)
    else:
        from platformdirs import user_cache_dir

        base = Path(user_cache_dir("geomap", appauthor=False))
    return base / ("gazetteer-v%s-%s.sqlite3" % (SCHEMA_VERSION, shipped_data_hash()[:12]))


def shipped_data_hash() -> str:
    """A content hash of the shipped tables (the store is rebuilt when they change)."""
    h = hashlib.sha256()
    for name in ("places.tsv.xz", "boundaries.tsv.xz"):
        path = DATA_DIR / name
        st = path.stat()
        h.update(("%s:%d:" % (name, st.st_size)).encode())
        with path.open("rb") as f:
            h.update(f.read(1 << 16))
    return h.hexdigest()


def read_place_rows(path: Path | None = None) -> Iterator[dict[str, str]]:
    """Yield the rows of a places table (by default the shipped ``places.tsv.xz``)."""
    return _read_tsv(path or DATA_DIR / "places.tsv.xz", PLACE_COLUMNS)


def _read_tsv(path: Path, columns: tuple[str, ...]) -> Iterator[dict[str, str]]:
    opener = lzma.open if path.suffix == ".xz" else open
    csv.field_size_limit(1 << 28)  # boundary geometries are long fields
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            raise ValueError("%s: missing columns %s" % (path.name, ", ".join(sorted(missing))))
        yield from reader


def _name_rows(rowid: int, keys: str) -> Iterator[tuple[str, int, int]]:
    for i, key in enumerate(keys.split("|")):
        if not key:
            continue
        if key[0] == VARIANT_MARK:
            yield key[1:], rowid, KIND_VARIANT
        else:
            yield key, rowid, KIND_PRIMARY if i == 0 else KIND_ALT


def build_store(
    path: Path,
    rows: Iterable[dict[str, str]] | None = None,
    *,
    source: str = "shipped",
    data_dir: Path | None = None,
) -> dict[str, int]:
    """Build a store at ``path`` from place rows, atomically (temporary file + rename).

    Parameters
    ----------
    path
        Where the SQLite file goes; its directory is created.
    rows
        Dicts with the keys of :data:`PLACE_COLUMNS`; by default the shipped table.
    source
        A label recorded in the store's metadata (``shipped``, ``geonames-dump``...).
    data_dir
        Where the boundary GeoJSON comes from (default: the shipped data).

    Returns
    -------
    dict
        Counts of places by feature.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    started = time.perf_counter()
    counts: dict[str, int] = {}
    con = None
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;")
        con.executescript(_SCHEMA)
        place_rows, name_rows, skel_rows, fts_rows = [], [], [], []
        for rowid, r in enumerate(rows if rows is not None else read_place_rows(), 1):
            lat, lon = float(r["lat"]), float(r["lon"])
            place_rows.append((
                rowid, r["id"], r["name"], r["feature"], r["code"] or None, r["country"] or None,
                r["countries"] or None, r["admin1"] or None, r["admin2"] or None, lat, lon,
                int(r["population"] or 0), grid_cell(lat, lon),
            ))
            counts[r["feature"]] = counts.get(r["feature"], 0) + 1
            keys = r["keys"]
            name_rows.extend(_name_rows(rowid, keys))
            skel_rows.extend(
                (s, k.lstrip(VARIANT_MARK)) for s, k in zip(r["skeletons"].split("|"), keys.split("|")) if s
            )
            fts_rows.append((rowid, keys.replace(VARIANT_MARK, "")))
        con.executemany("INSERT INTO place VALUES (%s)" % ",".join("?" * 13), place_rows)
        con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", name_rows)
        con.executemany("INSERT OR IGNORE INTO skeleton VALUES (?,?)", skel_rows)
        con.executemany("INSERT INTO place_fts(rowid, names) VALUES (?,?)", fts_rows)
        bdir = data_dir or DATA_DIR
        bpath = next((p for p in (bdir / "boundaries.tsv.xz", bdir / "boundaries.tsv") if p.exists()), None)
        for b in _read_tsv(bpath, BOUNDARY_COLUMNS) if bpath else ():
            cur = con.execute(
                "INSERT INTO boundary(level, code, iso, name, label_lat, label_lon, geometry) "
                "VALUES (?,?,?,?,?,?,?)",
                (int(b["level"]), b["code"], b["iso"], b["name"], float(b["label_lat"] or "nan"),
                 float(b["label_lon"] or "nan"), b["geometry"]),
            )
            con.execute(
                "INSERT INTO boundary_rtree VALUES (?,?,?,?,?)",
                (cur.lastrowid, float(b["min_lat"]), float(b["max_lat"]), float(b["min_lon"]), float(b["max_lon"])),
            )
        con.executescript(_INDEXES)
        meta = {
            "schema": SCHEMA_VERSION, "source": source, "places": str(len(place_rows)),
            "names": str(len(name_rows)), "counts": json.dumps(counts, sort_keys=True),
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": "%.2f" % (time.perf_counter() - started),
            "data_hash": shipped_data_hash() if source == "shipped" else source,
            "complete": "1",
        }
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        con.commit()
        con.execute("PRAGMA optimize")
        con.close()
        os.replace(tmp, path)
    except BaseException:
        if con is not None:
            con.close()  # closing twice is harmless
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts
