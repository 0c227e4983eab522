#!/usr/bin/env python3
"""Check the project-owned supplement tables against the open boundary data.

Usage::

    python gazetteer/check_supplement.py [--data ../shared/data] [FILE.tsv ...]

Every row of ``gazetteer/supplement/*.tsv`` must have a unique id, a known feature code,
valid coordinates and a source. Its point must lie in (or, for border crossings, within a
few kilometres of) each country it names, measured on the Natural Earth country polygons.
The script prints each failing row with the reason and the nearest populated place, and
exits 1 when any row fails.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import lzma
import math
import sys
from pathlib import Path

COLUMNS = [
    "id", "name", "alt_names", "feature_code", "country_codes", "admin1_name",
    "latitude", "longitude", "source", "note",
]
# feature code -> (contract feature, km allowed outside each named country)
FEATURE_CODES = {
    "PSTB": ("crossing", 15.0),   # border crossing / border post
    "BDGB": ("crossing", 15.0),   # border bridge
    "MILB": ("base", 8.0),        # military base / installation
    "AIRB": ("base", 8.0),        # air base
    "NVB": ("base", 8.0),         # naval base
    "CMPRF": ("other", 8.0),      # refugee / IDP camp
    "RGN": ("region", 300.0),     # region (conflict or macro region)
    "RGNH": ("region", 300.0),    # historical / political region
    "CONT": ("region", 2000.0),   # continent
    "PASS": ("landform", 15.0),   # mountain pass
}
EARTH_KM = 6371.0088
HERE = Path(__file__).resolve().parent


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _load_countries(data: Path):
    from shapely.geometry import shape

    path = data / "polygons" / "admin0_from_admin1.geojson.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        fc = json.load(f)
    out: dict[str, object] = {}
    for feat in fc["features"]:
        iso = feat["properties"].get("iso_a2")
        if iso and iso != "-1":
            geom = shape(feat["geometry"])
            out[iso] = out[iso].union(geom) if iso in out else geom
    return out


def _load_places(data: Path) -> list[tuple[float, float, str, str]]:
    path = data / "gazetteer" / "places_cities500.tsv.xz"
    rows = []
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            rows.append((float(r["latitude"]), float(r["longitude"]), r["name"], r["country_code"]))
    return rows


def _nearest_place(places, lat: float, lon: float) -> str:
    best = min(
        (p for p in places if abs(p[0] - lat) < 1.0 and abs(p[1] - lon) < 1.5),
        key=lambda p: _haversine_km(lat, lon, p[0], p[1]),
        default=None,
    )
    if best is None:
        return "no populated place within ~100 km"
    return "%s (%s) %.1f km" % (best[2], best[3], _haversine_km(lat, lon, best[0], best[1]))


def _km_outside(geom, lat: float, lon: float) -> float:
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    pt = Point(lon, lat)
    if geom.contains(pt):
        return 0.0
    near = nearest_points(geom, pt)[0]
    return _haversine_km(lat, lon, near.y, near.x)


def check_file(path: Path, countries, places, seen: dict[str, str]) -> list[str]:
    """Return one message per bad row of one supplement file."""
    problems: list[str] = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != COLUMNS:
            return ["%s: header must be %s" % (path.name, "\\t".join(COLUMNS))]
        for n, row in enumerate(reader, 2):
            where = "%s:%d %s" % (path.name, n, row.get("name"))
            if None in row or any(v is None for v in row.values()):
                problems.append("%s: wrong number of fields" % where)
                continue
            rid = row["id"]
            if not rid.startswith("geomap:"):
                problems.append("%s: id %r must start with 'geomap:'" % (where, rid))
            if rid in seen:
                problems.append("%s: duplicate id %r (also %s)" % (where, rid, seen[rid]))
            seen[rid] = where
            code = row["feature_code"]
            if code not in FEATURE_CODES:
                problems.append("%s: unknown feature_code %r" % (where, code))
                continue
            if not row["source"].strip():
                problems.append("%s: no source" % where)
            try:
                lat, lon = float(row["latitude"]), float(row["longitude"])
            except ValueError:
                problems.append("%s: bad coordinates" % where)
                continue
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                problems.append("%s: coordinates out of range (swapped?)" % where)
                continue
            ccs = [c for c in row["country_codes"].split(",") if c]
            if not ccs and code not in ("CONT", "RGN", "RGNH"):
                problems.append("%s: no country_codes" % where)
            _, allowed = FEATURE_CODES[code]
            for cc in ccs:
                geom = countries.get(cc)
                if geom is None:
                    problems.append("%s: unknown country code %r" % (where, cc))
                    continue
                km = _km_outside(geom, lat, lon)
                if km > allowed:
                    problems.append(
                        "%s: %.1f km outside %s (allowed %.0f); nearest place: %s"
                        % (where, km, cc, allowed, _nearest_place(places, lat, lon))
                    )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    args = parser.parse_args(argv)
    files = args.files or sorted((HERE / "supplement").glob("*.tsv"))
    countries = _load_countries(args.data)
    places = _load_places(args.data)
    seen: dict[str, str] = {}
    problems = []
    rows = 0
    for path in files:
        problems += check_file(path, countries, places, seen)
        with path.open(encoding="utf-8") as f:
            rows += sum(1 for _ in f) - 1
    for p in problems:
        print(p)
    print("%d rows in %d files, %d problems" % (rows, len(files), len(problems)), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
