"""Reverse lookups: the places nearest a point, and the country and province containing it."""
from __future__ import annotations

import math
from typing import Any

from ..model import FEATURES, Candidate
from .query import as_set, check_filters, check_point, haversine_km
from .reader import PLACE_SQL, StoreReader
from .store import COORD_SCALE, GRID_COLUMNS, grid_cell, read_geometry

__all__ = ["nearest", "containing", "boundary", "cell_ranges"]


def nearest(store: StoreReader, lat: float, lon: float, *, feature: Any = None, limit: int = 1,
            max_km: float = 250.0) -> tuple[Candidate, ...]:
    """The places nearest to a point (within ``max_km``), nearest first: a box of grid
    cells grows around the point until it holds ``limit`` places closer than its edge."""
    check_point(lat, lon)
    check_filters(None, feature)
    features = as_set(feature)
    radius = 0.1
    while True:
        dlon = min(180.0, radius / max(0.05, math.cos(math.radians(lat))))
        box = (lat - radius, lat + radius, lon - dlon, lon + dlon)
        scaled = tuple((math.floor if i % 2 == 0 else math.ceil)(v * COORD_SCALE) for i, v in enumerate(box))
        rows = store.query(PLACE_SQL + " WHERE " + cell_ranges(*box)
                           + " AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?", scaled)
        found = []
        for r in rows:  # r: rowid, id, name, feature, ..., lat (9), lon (10), population (11)
            if features and FEATURES[r[3]] not in features:
                continue
            d = haversine_km(lat, lon, r[9] / COORD_SCALE, r[10] / COORD_SCALE)
            if d <= max_km:
                found.append((d, -(r[11] or 0), r[0], r))
        covered_km = radius * 111.0
        if len(found) >= limit and sorted(found)[limit - 1][0] <= covered_km or covered_km >= max_km:
            break
        radius *= 3
    found.sort(key=lambda t: t[:3])
    return tuple(store.candidate(r, matched=r[2], match="reverse", distance_km=round(d, 3))
                 for d, _, _, r in found[:limit])


def cell_ranges(lat0: float, lat1: float, lon0: float, lon1: float) -> str:
    """SQL selecting the grid cells of a box: one contiguous range of cells per grid row."""
    lat0, lat1 = max(-90.0, lat0), min(90.0, lat1)
    lon0, lon1 = max(-180.0, lon0), min(180.0, lon1)
    first, last = grid_cell(lat0, lon0), grid_cell(lat1, lon1)
    c0, c1 = first % GRID_COLUMNS, last % GRID_COLUMNS
    ranges = ["cell BETWEEN %d AND %d" % (row * GRID_COLUMNS + c0, row * GRID_COLUMNS + c1)
              for row in range(first // GRID_COLUMNS, last // GRID_COLUMNS + 1)]
    return "(" + " OR ".join(ranges) + ")"


class BoundaryShapes:
    """Prepared shapely geometries of the store's boundaries, loaded on first use."""

    def __init__(self, store: StoreReader):
        self.store = store
        self._shapes: dict[int, Any] = {}

    def shape(self, rowid: int) -> Any:
        shp = self._shapes.get(rowid)
        if shp is None:
            from shapely import prepare
            from shapely.geometry import shape

            self.store.require("shapes")
            (blob,) = self.store.query("SELECT geometry FROM boundary WHERE rowid = ?", (rowid,))[0]
            shp = shape(read_geometry(blob))
            prepare(shp)
            self._shapes[rowid] = shp
        return shp


def containing(store: StoreReader, shapes: BoundaryShapes, lat: float, lon: float,
               country_of: Any, admin1_of: Any) -> tuple[Candidate | None, Candidate | None]:
    """The country and first-level division whose boundary contains the point."""
    check_point(lat, lon)
    store.require("shapes")
    rows = store.query(
        "SELECT b.rowid, b.level, b.code, b.iso FROM boundary b WHERE b.rowid IN (SELECT id FROM"
        " boundary_rtree WHERE min_lat <= ? AND max_lat >= ? AND min_lon <= ? AND max_lon >= ?)",
        (lat, lat, lon, lon),
    )
    from shapely import contains_xy

    country = admin1 = None
    for rowid, level, code, iso in rows:
        if contains_xy(shapes.shape(rowid), lon, lat):
            if level == 0 and country is None:
                country = country_of(iso)
            elif level == 1 and admin1 is None and "." in code:
                cc, _, a1 = code.partition(".")
                admin1 = admin1_of(cc, a1)
    if country is None and admin1 is not None:
        country = country_of(admin1.country)
    return country, admin1


def boundary(store: StoreReader, level: int, code: str) -> dict[str, Any] | None:
    """The GeoJSON geometry of a country (level 0, ISO code) or province (1, ``AF.24``)."""
    store.require("shapes")
    rows = store.query("SELECT geometry FROM boundary WHERE level = ? AND code = ?", (level, code))
    return read_geometry(rows[0][0]) if rows else None
