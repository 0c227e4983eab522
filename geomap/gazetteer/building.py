"""Building a store (or some of its parts) from place rows, atomically.

Most of the work is done inside SQLite: the places table is read as whole columns
(one split of the decompressed text, no Python loop over rows) into a temporary ``raw``
table, checked there, and every index is derived from it by ``INSERT ... SELECT``
(name keys are split with ``json_each``). Rows given as dicts (``gazetteer build
--from``) take the same path. :mod:`.store` describes the parts and their tables.
"""
from __future__ import annotations

import json
import lzma
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path

from . import store
from .names import VARIANT_MARK
from .store import (
    BOUNDARY_COLUMNS,
    COORD_SCALE,
    CORE_PART,
    FEATURE_CODE,
    GRID,
    GRID_COLUMNS,
    KIND_ALT,
    KIND_PRIMARY,
    KIND_VARIANT,
    OTHER_ROWIDS,
    PARTS,
    PLACE_COLUMNS,
    SCHEMA,
    SCHEMA_VERSION,
    part_path,
    shipped_data_hash,
    store_digest,
)

__all__ = ["build_store", "read_columns", "create_temp"]

_PRAGMAS = ("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;"
            " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;")
# Declared types give lat/lon REAL and population INTEGER affinity: a value that is not a
# number stays TEXT, which the checks below catch.
_RAW = ("CREATE TEMP TABLE raw (id TEXT, name TEXT, feature TEXT, code TEXT, country TEXT, countries TEXT,"
        " admin1 TEXT, admin2 TEXT, lat REAL, lon REAL, population INTEGER, keys TEXT, skeletons TEXT)")
_GEONAMES_ROWID = ("CASE WHEN id GLOB 'geonames:[1-9]*' AND length(id) <= 17 AND substr(id, 10) NOT GLOB '*[^0-9]*'"
                   " THEN CAST(substr(id, 10) AS INTEGER) ELSE %d + rowid END" % OTHER_ROWIDS)
# raw with each record's rowid in the store (as store.place_rowid reads ids)
_SRC = "CREATE TEMP VIEW src AS SELECT %s AS pid, * FROM raw" % _GEONAMES_ROWID
_FEATURES = ", ".join("'%s'" % f for f in FEATURE_CODE)
_FAULTS = """
SELECT id, CASE
    WHEN id IS NULL OR id = '' THEN 'no id'
    WHEN name IS NULL OR trim(name) = '' THEN 'empty name'
    WHEN feature NOT IN (%s) THEN 'unknown feature ' || quote(feature)
    WHEN typeof(lat) != 'real' OR typeof(lon) != 'real' THEN 'point ' || quote(lat) || ', ' || quote(lon) || ' is not a number'
    WHEN lat NOT BETWEEN -90 AND 90 OR lon NOT BETWEEN -180 AND 180 THEN 'point ' || lat || ', ' || lon || ' out of range'
    WHEN population != '' AND (typeof(population) != 'integer' OR population < 0)
        THEN 'population ' || quote(population) || ' is not a whole number'
    WHEN keys = '' OR instr(keys, '"') OR instr(keys, '\\') OR instr(skeletons, '"') OR instr(skeletons, '\\')
        THEN 'keys ' || quote(keys) || ' are not folded names'
END AS fault FROM raw WHERE fault IS NOT NULL LIMIT 1
""" % _FEATURES
_FEATURE_CODE = "CASE feature %s END" % " ".join("WHEN '%s' THEN %d" % kv for kv in FEATURE_CODE.items())
_INSERT_PLACES = """
INSERT INTO place SELECT pid, CASE WHEN pid < {other} THEN NULL ELSE id END, name, {feature},
    nullif(code, ''), nullif(country, ''), CASE WHEN countries IN ('', country) THEN NULL ELSE countries END,
    nullif(admin1, ''), nullif(admin2, ''), CAST(round(lat * {scale}) AS INTEGER), CAST(round(lon * {scale}) AS INTEGER),
    coalesce(nullif(population, ''), 0),
    min({rows} - 1, CAST((lat + 90.0) * {grid} AS INTEGER)) * {cols} + min({cols} - 1, CAST((lon + 180.0) * {grid} AS INTEGER))
FROM src ORDER BY pid
""".format(other=OTHER_ROWIDS, feature=_FEATURE_CODE, scale=COORD_SCALE, grid=GRID, rows=180 * GRID, cols=GRID_COLUMNS)
_ARRAY = "('[\"' || replace(%s, '|', '\",\"') || '\"]')"  # "a|b" -> '["a","b"]' (keys hold no quotes)
_INSERT_NAMES = """
INSERT OR IGNORE INTO name SELECT ltrim(k.value, '{mark}'), s.pid,
    CASE WHEN substr(k.value, 1, 1) = '{mark}' THEN {variant} WHEN k.key = 0 THEN {primary} ELSE {alt} END
FROM src s, json_each({keys}) k WHERE k.value NOT IN ('', '{mark}') ORDER BY 1, 2, 3
""".format(mark=VARIANT_MARK, variant=KIND_VARIANT, primary=KIND_PRIMARY, alt=KIND_ALT, keys=_ARRAY % "s.keys")
# One key per distinct skeleton of a place (the first: "mazar e sharif" stands for
# "mazar i sharif" too, both being "mzrshrf").
_INSERT_SKELETONS = """
INSERT OR IGNORE INTO skeleton SELECT skel, key FROM (
    SELECT sk.value AS skel, ltrim(json_extract({keys}, '$[' || sk.key || ']'), '{mark}') AS key, min(sk.key)
    FROM src s, json_each({skels}) sk WHERE sk.value != '' GROUP BY s.pid, sk.value
) ORDER BY 1, 2
""".format(mark=VARIANT_MARK, skels=_ARRAY % "s.skeletons", keys=_ARRAY % "s.keys")
_INSERT_WORDS = "INSERT INTO place_fts(rowid, names) SELECT pid, replace(keys, '%s', '') FROM src ORDER BY pid" % VARIANT_MARK
_BRAW = ("CREATE TEMP TABLE braw (level INTEGER, code TEXT, iso TEXT, name TEXT, min_lat REAL, max_lat REAL,"
         " min_lon REAL, max_lon REAL, label_lat REAL, label_lon REAL, geometry BLOB)")
_BOUNDARY_FAULTS = """
SELECT code, 'level ' || quote(level) || ' or a box corner is not a number' FROM braw
WHERE typeof(level) != 'integer' OR typeof(min_lat) != 'real' OR typeof(max_lat) != 'real'
    OR typeof(min_lon) != 'real' OR typeof(max_lon) != 'real' LIMIT 1
"""
_GEOMETRY_LEVEL = 6  # zlib level of stored boundaries


def build_store(
    path: Path,
    rows: Iterable[dict[str, str]] | None = None,
    *,
    source: str = "shipped",
    data_dir: Path | None = None,
    parts: Sequence[str] = PARTS,
) -> dict[str, int]:
    """Build a store at ``path`` from place rows, atomically (temporary file + rename).

    Parameters
    ----------
    path
        Where the SQLite file goes; its directory is created.
    rows
        Dicts with the keys of :data:`~.store.PLACE_COLUMNS`; by default the places
        table of ``data_dir`` (``places.tsv.xz`` or ``places.tsv``).
    source
        A label recorded in the store's metadata (``shipped``, ``geonames-dump``...).
    data_dir
        Where the tables come from (default: the shipped data).
    parts
        Which parts of :data:`~.store.PARTS` the file holds (default: all).

    Returns
    -------
    dict
        Counts of places by feature (empty when no part needs the places).

    Raises
    ------
    ValueError
        A row is malformed (its id and what is wrong are named); nothing is left behind.
    """
    unknown = set(parts) - set(PARTS)
    if unknown or not parts:
        raise ValueError("unknown store parts: %s" % ", ".join(sorted(unknown)) if unknown else "no store part")
    parts = tuple(p for p in PARTS if p in parts)
    data_dir = data_dir or store.DATA_DIR
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = create_temp(path)
    started = time.perf_counter()
    con = None
    try:
        con = sqlite3.connect(tmp)
        con.executescript(_PRAGMAS)
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
        for part in parts:
            con.executescript(SCHEMA[part][0])
        counts: dict[str, int] = {}
        nnames = 0
        if "names" in parts or "search" in parts:
            _load_places(con, rows, data_dir)
            counts = dict(con.execute("SELECT feature, count(*) FROM raw GROUP BY feature").fetchall())
        if "names" in parts:
            nnames = _fill_names(con)
        if "search" in parts:
            con.execute(_INSERT_SKELETONS)
            con.execute(_INSERT_WORDS)
        if "shapes" in parts:
            _fill_shapes(con, data_dir)
        for part in parts:
            _create_indexes(con, SCHEMA[part][1])
        meta = {
            "schema": SCHEMA_VERSION, "source": source, "parts": ",".join(parts),
            "places": str(sum(counts.values())), "names": str(nnames), "counts": json.dumps(counts, sort_keys=True),
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
    if CORE_PART in parts:
        for part in parts:  # side files of parts this store now holds itself are stale
            if part != CORE_PART:
                part_path(path, part).unlink(missing_ok=True)
    return counts


def create_temp(path: Path) -> str:
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


def read_columns(path: Path, columns: Sequence[str]) -> list[list[str]]:
    """The named columns of a TSV table (one header line, no quoting, no tab inside a
    field; ``.xz`` compressed or plain), each as one list: the whole text is split at
    once, so no Python code runs per row."""
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        text = f.read()
    head, _, body = text.partition("\n")
    header = head.rstrip("\r").split("\t")
    missing = [c for c in columns if c not in header]
    if missing:
        raise ValueError("%s: missing columns %s" % (path.name, ", ".join(sorted(missing))))
    if "\n\n" in body or body.startswith("\n") or (body and not body.endswith("\n")):
        body = "".join(line + "\n" for line in body.split("\n") if line.strip())  # blank lines, last newline
    width, nrows = len(header), body.count("\n")
    flat = body.replace("\n", "\t").split("\t")
    flat.pop()  # after the last row's newline
    if len(flat) != width * nrows:
        for n, line in enumerate(body.split("\n"), 2):
            if line.count("\t") != width - 1:
                raise ValueError("%s:%d: %d fields, expected %d" % (path.name, n, line.count("\t") + 1, width))
    return [flat[header.index(c)::width] for c in columns]


def _load_places(con: sqlite3.Connection, rows: Iterable[dict[str, str]] | None, data_dir: Path) -> None:
    """Fill the temporary ``raw`` table and check every row."""
    con.execute(_RAW)
    con.execute(_SRC)
    insert = "INSERT INTO raw VALUES (%s)" % ",".join("?" * len(PLACE_COLUMNS))
    if rows is None:
        table = next((p for p in (data_dir / "places.tsv.xz", data_dir / "places.tsv") if p.exists()), None)
        if table is None:
            raise ValueError("%s holds no places table (places.tsv.xz)" % data_dir)
        con.executemany(insert, zip(*read_columns(table, PLACE_COLUMNS)))
    else:
        con.executemany(insert, _row_values(rows))
    fault = con.execute(_FAULTS).fetchone()
    if fault is not None:
        raise ValueError("bad place row %r: %s" % fault)


def _row_values(rows: Iterable[dict[str, str]]) -> Iterator[tuple]:
    get = itemgetter(*PLACE_COLUMNS)
    for r in rows:
        try:
            yield get(r)
        except (KeyError, TypeError) as err:
            raise ValueError("bad place row %r: no %s" % (r.get("id") if isinstance(r, dict) else r, err)) from err


def _fill_names(con: sqlite3.Connection) -> int:
    try:
        con.execute(_INSERT_PLACES)
    except sqlite3.IntegrityError as err:
        raise ValueError("duplicate place id %s" % _duplicate(con)) from err
    con.execute(_INSERT_NAMES)
    return con.execute("SELECT count(*) FROM name").fetchone()[0]


def _duplicate(con: sqlite3.Connection) -> str:
    row = con.execute("SELECT min(id) FROM (SELECT pid, min(id) AS id FROM src GROUP BY pid HAVING count(*) > 1)"
                      " UNION ALL SELECT min(id) FROM (SELECT id FROM raw GROUP BY id HAVING count(*) > 1)").fetchall()
    return next((r[0] for r in row if r[0] is not None), "?")


def _create_indexes(con: sqlite3.Connection, sql: str) -> None:
    try:
        con.executescript(sql)
    except sqlite3.IntegrityError as err:
        raise ValueError("duplicate place id %s" % _duplicate(con)) from err


def _fill_shapes(con: sqlite3.Connection, data_dir: Path) -> None:
    """The boundaries (geometry compressed) and the R-tree of their boxes."""
    table = next((p for p in (data_dir / "boundaries.tsv.xz", data_dir / "boundaries.tsv") if p.exists()), None)
    if table is None:
        return
    cols = read_columns(table, BOUNDARY_COLUMNS)
    cols[-1] = [zlib.compress(g.encode("utf-8"), _GEOMETRY_LEVEL) for g in cols[-1]]
    con.execute(_BRAW)
    con.executemany("INSERT INTO braw VALUES (%s)" % ",".join("?" * len(BOUNDARY_COLUMNS)), zip(*cols))
    fault = con.execute(_BOUNDARY_FAULTS).fetchone()
    if fault is not None:
        raise ValueError("bad boundary row %r: %s" % fault)
    con.execute("INSERT INTO boundary SELECT rowid, level, code, iso, name, CASE typeof(label_lat) WHEN 'real'"
                " THEN label_lat END, CASE typeof(label_lon) WHEN 'real' THEN label_lon END, geometry FROM braw")
    con.execute("INSERT INTO boundary_rtree SELECT rowid, min_lat, max_lat, min_lon, max_lon FROM braw")


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
