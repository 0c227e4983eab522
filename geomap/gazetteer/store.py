"""The gazetteer's SQLite store: schema, building (atomically) and the shipped tables.

The wheel ships compact tables in ``geomap/data`` (``places.tsv.xz``, boundaries as
GeoJSON). On first use :func:`build_store` turns them into one SQLite file in the user's
cache directory: a ``place`` table (a GeoNames record's rowid is its GeoNames id, so
the id needs no index), a ``name`` index of folded names, a ``skeleton`` index for
transliteration variants, an FTS5 index for word and prefix search, a grid-cell index
(half-degree cells) for nearest-place lookups and an R-tree of boundary boxes for
"which country and province contain this point" (geometries zlib-compressed).

Building takes several seconds, so the wheel also ships the store built from those
tables, gzip-compressed (``gazetteer.sqlite3.gz``, made by ``gazetteer/pack_store.py``):
first use only unpacks it (:func:`unpack_store`, about a second) and falls back to
building when it is missing or was packed from other tables.

The file is written under a temporary name and renamed into place, readable by others
(mode 0644 less the umask) so a shared read-only cache works. A CRC-32 of everything
after the 100-byte SQLite header is kept in the header's ``user_version`` field:
:func:`verify_store` recomputes it to catch a store damaged on disk.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import lzma
import os
import re
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from urllib.parse import quote

from ..model import FEATURES
from .names import VARIANT_MARK

__all__ = [
    "DATA_DIR",
    "PLACE_COLUMNS",
    "read_geometry",
    "SCHEMA_VERSION",
    "build_store",
    "grid_cell",
    "default_store_path",
    "read_place_rows",
    "shipped_data_hash",
    "store_digest",
    "verify_store",
    "place_rowid",
    "place_id",
    "COORD_SCALE",
    "PACKED_STORE",
    "unpack_store",
    "install_store",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PACKED_STORE = DATA_DIR / "gazetteer.sqlite3.gz"
SCHEMA_VERSION = "8"
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
    rowid INTEGER PRIMARY KEY, id TEXT, name TEXT NOT NULL, feature INTEGER NOT NULL,
    code TEXT, country TEXT, countries TEXT, admin1 TEXT, admin2 TEXT,
    lat INTEGER NOT NULL, lon INTEGER NOT NULL, population INTEGER NOT NULL DEFAULT 0, cell INTEGER NOT NULL
);
CREATE TABLE name (key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL,
                   PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE skeleton (skel TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (skel, key)) WITHOUT ROWID;
CREATE VIRTUAL TABLE place_fts USING fts5(
    names, content='', columnsize=0, detail=none, tokenize='unicode61 remove_diacritics 2');
CREATE TABLE boundary (rowid INTEGER PRIMARY KEY, level INTEGER NOT NULL, code TEXT,
                       iso TEXT, name TEXT, label_lat REAL, label_lon REAL, geometry BLOB NOT NULL);
CREATE VIRTUAL TABLE boundary_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
"""
_INDEXES = """
CREATE UNIQUE INDEX place_id ON place(id) WHERE id IS NOT NULL;
CREATE INDEX place_country ON place(country) WHERE feature = 0;
CREATE INDEX place_admin1 ON place(country, admin1) WHERE feature = 1;
CREATE INDEX place_cell ON place(cell);
CREATE INDEX boundary_code ON boundary(level, code);
"""
GRID = 2  # cells per degree
GRID_COLUMNS = 360 * GRID
_HEADER = 100  # bytes of the SQLite file header, where user_version lives
_GEONAMES_ID = re.compile(r"geonames:([1-9][0-9]{0,7})")
_OTHER_ROWIDS = 100_000_000  # rowids of records that are not GeoNames ones start here
FEATURE_CODE = {f: i for i, f in enumerate(FEATURES)}  # features are stored as small integers
COORD_SCALE = 100_000  # lat/lon are stored as integers of 1e-5 degrees (about a metre): 4 bytes, not 8


def grid_cell(lat: float, lon: float) -> int:
    """The half-degree grid cell of a point (row-major from 90 S, 180 W)."""
    row = min(180 * GRID - 1, int((lat + 90.0) * GRID))
    col = min(GRID_COLUMNS - 1, int((lon + 180.0) * GRID))
    return row * GRID_COLUMNS + col


def place_rowid(place_id: str) -> int | None:
    """The rowid a GeoNames record is stored under (its GeoNames number), else None.

    Examples
    --------
    >>> place_rowid("geonames:1135689"), place_rowid("geomap:crossing:torkham")
    (1135689, None)
    """
    m = _GEONAMES_ID.fullmatch(place_id)
    return int(m.group(1)) if m else None


def place_id(rowid: int, stored: str | None) -> str:
    """A record's id from its rowid and its stored ``id`` column (NULL for GeoNames ones)."""
    return stored if stored is not None else "geonames:%d" % rowid


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
    """Rows of a plain TSV (one header line, no quoting, tabs never inside a field)."""
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        header = f.readline().rstrip("\r\n").split("\t")
        missing = set(columns) - set(header)
        if missing:
            raise ValueError("%s: missing columns %s" % (path.name, ", ".join(sorted(missing))))
        width = len(header)
        for n, line in enumerate(f, 2):
            values = line.rstrip("\r\n").split("\t")
            if len(values) != width:
                if not line.strip():
                    continue
                raise ValueError("%s:%d: %d fields, expected %d" % (path.name, n, len(values), width))
            yield dict(zip(header, values))


def _name_rows(rowid: int, keys: str) -> Iterator[tuple[str, int, int]]:
    for i, key in enumerate(keys.split("|")):
        if not key:
            continue
        if key[0] == VARIANT_MARK:
            yield key[1:], rowid, KIND_VARIANT
        else:
            yield key, rowid, KIND_PRIMARY if i == 0 else KIND_ALT


def _skeleton_rows(skels: list[str], keys: list[str]) -> Iterator[tuple[str, str]]:
    """(skeleton, key) pairs of one place, one key per distinct skeleton (the first:
    "mazar e sharif" stands for "mazar i sharif" too, both being "mzrshrf")."""
    seen: set[str] = set()
    for s, k in zip(skels, keys):
        if s and s not in seen:
            seen.add(s)
            yield s, k.lstrip(VARIANT_MARK)


def _place_row(rowid: int, r: dict[str, str]) -> tuple:
    lat, lon = float(r["lat"]), float(r["lon"])
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError("place %s: point %s, %s out of range" % (r["id"], r["lat"], r["lon"]))
    countries = r["countries"] or None
    return (
        rowid, None if place_rowid(r["id"]) == rowid else r["id"], r["name"], FEATURE_CODE[r["feature"]],
        r["code"] or None, r["country"] or None, None if countries == r["country"] else countries,
        r["admin1"] or None, r["admin2"] or None, round(lat * COORD_SCALE), round(lon * COORD_SCALE),
        int(r["population"] or 0), grid_cell(lat, lon),
    )


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

    Raises
    ------
    ValueError
        A row is malformed (its id and what is wrong are named); nothing is left behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _create_temp(path)
    started = time.perf_counter()
    con = None
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;"
                          " PRAGMA cache_size=-65536;")
        con.executescript(_SCHEMA)
        counts, nplaces, nnames = _insert_places(con, rows if rows is not None else read_place_rows())
        _insert_boundaries(con, data_dir or DATA_DIR)
        con.executescript(_INDEXES)
        meta = {
            "schema": SCHEMA_VERSION, "source": source, "places": str(nplaces),
            "names": str(nnames), "counts": json.dumps(counts, sort_keys=True),
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": "%.2f" % (time.perf_counter() - started),
            "data_hash": shipped_data_hash() if source == "shipped" else source,
            "complete": "1",
        }
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        con.commit()
        con.close()
        _seal(tmp)
        os.replace(tmp, path)
    except BaseException:
        if con is not None:
            con.close()  # closing twice is harmless
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts


def _create_temp(path: Path) -> str:
    """A new, empty temporary file beside ``path``, mode 0644 less the umask."""
    for _ in range(100):
        tmp = "%s.%s.tmp" % (path, os.urandom(6).hex())
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError("cannot create a temporary file beside %s" % path)


def _insert_places(con: sqlite3.Connection, rows: Iterable[dict[str, str]]) -> tuple[dict[str, int], int, int]:
    counts: dict[str, int] = {}
    place_rows, name_rows, skel_rows, fts_rows = [], [], [], []
    seen: set[int] = set()
    other = _OTHER_ROWIDS
    for r in rows:
        try:
            rowid = place_rowid(r["id"])
            if rowid is None or rowid in seen:
                other += 1
                rowid = other
            seen.add(rowid)
            place_rows.append(_place_row(rowid, r))
            keys = r["keys"]
            skels = r["skeletons"].split("|")
        except (KeyError, TypeError, ValueError, AttributeError) as err:  # KeyError: an unknown feature too
            raise ValueError("bad place row %r: %s" % (r.get("id") if isinstance(r, dict) else r, err)) from err
        counts[r["feature"]] = counts.get(r["feature"], 0) + 1
        name_rows.extend(_name_rows(rowid, keys))
        skel_rows.extend(_skeleton_rows(skels, keys.split("|")))
        fts_rows.append((rowid, keys.replace(VARIANT_MARK, "")))
    first = itemgetter(0)  # sorting on one field is much quicker than on whole tuples
    place_rows.sort(key=first)
    name_rows.sort(key=first)  # B-trees fill fastest in key order
    skel_rows.sort(key=first)
    fts_rows.sort(key=first)  # and FTS5 in rowid order
    try:
        con.executemany("INSERT INTO place VALUES (%s)" % ",".join("?" * 13), place_rows)
    except sqlite3.IntegrityError as err:
        raise ValueError("duplicate place id: %s" % err) from err
    con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", name_rows)
    con.executemany("INSERT OR IGNORE INTO skeleton VALUES (?,?)", skel_rows)
    con.executemany("INSERT INTO place_fts(rowid, names) VALUES (?,?)", fts_rows)
    return counts, len(place_rows), len(name_rows)


def _insert_boundaries(con: sqlite3.Connection, data_dir: Path) -> None:
    bpath = next((p for p in (data_dir / "boundaries.tsv.xz", data_dir / "boundaries.tsv") if p.exists()), None)
    if bpath is None:
        return
    for b in _read_tsv(bpath, BOUNDARY_COLUMNS):
        cur = con.execute(
            "INSERT INTO boundary(level, code, iso, name, label_lat, label_lon, geometry) VALUES (?,?,?,?,?,?,?)",
            (int(b["level"]), b["code"], b["iso"], b["name"], float(b["label_lat"] or "nan"),
             float(b["label_lon"] or "nan"), zlib.compress(b["geometry"].encode("utf-8"), 6)),
        )
        con.execute(
            "INSERT INTO boundary_rtree VALUES (?,?,?,?,?)",
            (cur.lastrowid, float(b["min_lat"]), float(b["max_lat"]), float(b["min_lon"]), float(b["max_lon"])),
        )


def read_geometry(blob: bytes | str) -> dict:
    """A boundary's GeoJSON geometry from its stored (compressed) form."""
    text = blob if isinstance(blob, str) else zlib.decompress(blob).decode("utf-8")
    return json.loads(text)


def store_digest(path: str | Path) -> int:
    """CRC-32 of a store file after its 100-byte header, as a signed 32-bit number."""
    crc = 0
    with open(path, "rb") as f:
        f.seek(_HEADER)
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc - (1 << 32) if crc >= 1 << 31 else crc


def _seal(path: str | Path) -> None:
    """Write the content digest into the header's user_version (the rest is unchanged)."""
    digest = store_digest(path)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA user_version = %d" % digest)
        con.commit()
    finally:
        con.close()


def verify_store(path: str | Path) -> bool:
    """Whether a store's content still matches the digest written when it was built."""
    with open(path, "rb") as f:
        header = f.read(_HEADER)
    if len(header) < _HEADER or not header.startswith(b"SQLite format 3\x00"):
        return False
    recorded = int.from_bytes(header[60:64], "big", signed=True)
    return recorded == store_digest(path)


def unpack_store(path: Path, packed: Path | None = None) -> bool:
    """Unpack the shipped, prebuilt store to ``path`` (atomically); False when there is
    none, or when it was packed from other tables than the shipped ones (then build)."""
    packed = packed or PACKED_STORE
    if not packed.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _create_temp(path)
    try:
        with gzip.open(packed, "rb") as src, open(tmp, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        con = sqlite3.connect("file:%s?mode=ro" % quote(tmp), uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
        if meta.get("data_hash") != shipped_data_hash() or meta.get("schema") != SCHEMA_VERSION \
                or not verify_store(tmp):
            Path(tmp).unlink(missing_ok=True)
            return False
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def install_store(path: Path) -> str:
    """Put the store made from the shipped tables at ``path``: unpacked when the wheel
    holds it prebuilt, built otherwise. Returns ``"unpacked"`` or ``"built"``."""
    if unpack_store(path):
        return "unpacked"
    build_store(path)
    return "built"
