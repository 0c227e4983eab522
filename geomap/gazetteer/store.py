"""The gazetteer's SQLite store: its layout, where it lives and how it is checked.

The wheel ships compact tables in ``geomap/data`` (``places.tsv.xz``, boundaries as
GeoJSON); :mod:`.building` turns them into SQLite. A store holds up to three **parts**:

``names``
    the ``place`` table (a GeoNames record's rowid is its GeoNames id, so the id needs
    no index), the ``name`` index of folded names and a half-degree grid-cell index for
    nearest-place lookups: all that reading text needs.
``search``
    a ``skeleton`` index for transliteration variants and an FTS5 index for word and
    prefix search (``gazetteer search``, the geocoder).
``shapes``
    the boundaries (geometries zlib-compressed) and an R-tree of their boxes, for
    "which country and province contain this point".

A store built with ``geomap gazetteer build`` (or :func:`~.building.build_store`) holds
all three in one file; so does the store a wheel carries (``geomap/data/gazetteer.sqlite3``,
built by ``setup.py`` when the wheel is made). Without one (a source checkout, an
editable install) the default store in the user's cache is made part by part: ``names``
on first use (unpacked from :data:`SHIPPED_NAMES_PART`, or built when that file does not
match the tables), the others built beside it (``<store>.search.sqlite3``, ``<store>.shapes.sqlite3``)
the first time a lookup needs them (:mod:`.opening`).

Every file is written under a temporary name and renamed into place, readable by others
(mode 0644 less the umask). A CRC-32 of everything after the 100-byte SQLite header is
kept in the header's ``user_version`` field: :func:`verify_store` recomputes it to catch
a file damaged on disk.
"""
from __future__ import annotations

import hashlib
import json
import lzma
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import FEATURES

__all__ = [
    "DATA_DIR",
    "PACKAGED_STORE",
    "SHIPPED_NAMES_PART",
    "PLACE_COLUMNS",
    "BOUNDARY_COLUMNS",
    "PARTS",
    "CORE_PART",
    "SCHEMA",
    "read_geometry",
    "SCHEMA_VERSION",
    "grid_cell",
    "default_store_path",
    "part_path",
    "read_place_rows",
    "shipped_data_hash",
    "store_digest",
    "verify_store",
    "place_rowid",
    "place_id",
    "COORD_SCALE",
    "FEATURE_CODE",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PACKAGED_STORE = DATA_DIR / "gazetteer.sqlite3"  # built into wheels by setup.py; never committed
# The names part, built from the shipped tables and gzipped (``build_data.py --only names-part``):
# a source checkout's first use unpacks it instead of building it.
SHIPPED_NAMES_PART = DATA_DIR / "names-part.sqlite3.gz"
SCHEMA_VERSION = "9"
PLACE_COLUMNS = (
    "id", "name", "feature", "code", "country", "countries", "admin1", "admin2",
    "lat", "lon", "population", "keys", "skeletons",
)
BOUNDARY_COLUMNS = (
    "level", "code", "iso", "name", "min_lat", "max_lat", "min_lon", "max_lon",
    "label_lat", "label_lon", "geometry",
)
PARTS = ("names", "search", "shapes")
CORE_PART = "names"  # what reading text needs; the others are built on their first use
# Tables (and indexes, created after the rows are in) of each part.
SCHEMA: dict[str, tuple[str, str]] = {
    "names": ("""
CREATE TABLE place (
    rowid INTEGER PRIMARY KEY, id TEXT, name TEXT NOT NULL, feature INTEGER NOT NULL,
    code TEXT, country TEXT, countries TEXT, admin1 TEXT, admin2 TEXT,
    lat INTEGER NOT NULL, lon INTEGER NOT NULL, population INTEGER NOT NULL DEFAULT 0, cell INTEGER NOT NULL
);
CREATE TABLE name (key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL,
                   PRIMARY KEY (key, place)) WITHOUT ROWID;
""", """
CREATE UNIQUE INDEX place_id ON place(id) WHERE id IS NOT NULL;
CREATE INDEX place_country ON place(country) WHERE feature = 0;
CREATE INDEX place_admin1 ON place(country, admin1) WHERE feature = 1;
CREATE INDEX place_cell ON place(cell);
"""),
    "search": ("""
CREATE TABLE skeleton (skel TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (skel, key)) WITHOUT ROWID;
CREATE VIRTUAL TABLE place_fts USING fts5(
    names, content='', columnsize=0, detail=none, tokenize='unicode61 remove_diacritics 2');
""", ""),
    "shapes": ("""
CREATE TABLE boundary (rowid INTEGER PRIMARY KEY, level INTEGER NOT NULL, code TEXT,
                       iso TEXT, name TEXT, label_lat REAL, label_lon REAL, geometry BLOB NOT NULL);
CREATE VIRTUAL TABLE boundary_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
""", """
CREATE INDEX boundary_code ON boundary(level, code);
"""),
}
GRID = 2  # cells per degree
GRID_COLUMNS = 360 * GRID
HEADER = 100  # bytes of the SQLite file header, where user_version lives
_GEONAMES_ID = re.compile(r"geonames:([1-9][0-9]{0,7})")
OTHER_ROWIDS = 100_000_000  # a record that is not a GeoNames one is stored at this + its row number
FEATURE_CODE = {f: i for i, f in enumerate(FEATURES)}  # features are stored as small integers
COORD_SCALE = 100_000  # lat/lon are stored as integers of 1e-5 degrees (about a metre): 4 bytes, not 8
# name.kind: how a key reaches its place
KIND_PRIMARY, KIND_ALT, KIND_VARIANT = 0, 1, 2


def __getattr__(name: str) -> Any:
    if name == "build_store":  # it lives in .building, which imports this module
        from .building import build_store

        return build_store
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


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


def default_store_path() -> Path:
    """Where the store lives: ``$GEOMAP_CACHE_DIR`` or the per-user cache directory."""
    env = os.environ.get("GEOMAP_CACHE_DIR")
    if env:
        base = Path(env)
    else:
        from platformdirs import user_cache_dir

        base = Path(user_cache_dir("geomap", appauthor=False))
    return base / ("gazetteer-v%s-%s.sqlite3" % (SCHEMA_VERSION, shipped_data_hash()[:12]))


def part_path(store: Path, part: str) -> Path:
    """The file beside a store that holds one of its parts when the store itself does not.

    Examples
    --------
    >>> part_path(Path("cache/gazetteer-v9-ab.sqlite3"), "search").name
    'gazetteer-v9-ab.search.sqlite3'
    """
    return store.with_name("%s.%s%s" % (store.stem, part, store.suffix or ".sqlite3"))


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
    return read_tsv(path or DATA_DIR / "places.tsv.xz", PLACE_COLUMNS)


def read_tsv(path: Path, columns: tuple[str, ...]) -> Iterator[dict[str, str]]:
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


def read_geometry(blob: bytes | str) -> dict:
    """A boundary's GeoJSON geometry from its stored (compressed) form."""
    text = blob if isinstance(blob, str) else zlib.decompress(blob).decode("utf-8")
    return json.loads(text)


def store_digest(path: str | Path) -> int:
    """CRC-32 of a store file after its 100-byte header, as a signed 32-bit number."""
    crc = 0
    with open(path, "rb") as f:
        f.seek(HEADER)
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc - (1 << 32) if crc >= 1 << 31 else crc


def verify_store(path: str | Path) -> bool:
    """Whether a store's content still matches the digest written when it was built."""
    with open(path, "rb") as f:
        header = f.read(HEADER)
    if len(header) < HEADER or not header.startswith(b"SQLite format 3\x00"):
        return False
    recorded = int.from_bytes(header[60:64], "big", signed=True)
    return recorded == store_digest(path)
