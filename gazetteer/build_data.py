#!/usr/bin/env python3
"""Rebuild geomap's shipped gazetteer data from the open raw tables.

Usage::

    pip install -e '.[data]'
    python gazetteer/build_data.py [--data ../shared/data] [--out geomap/data]

Inputs: the GeoNames / Natural Earth extracts described in ``../shared/data/README.md``,
the project-owned tables beside this script (``supplement/*.tsv``: border crossings,
bases, camps and regions; ``aliases.tsv``: short forms and AP abbreviations;
``demonyms.tsv``), the demonyms of the MIT ``countryinfo`` package and the word
probabilities of the MIT ``spacy-lookups-data`` package.

Outputs (in ``geomap/data``, shipped inside the wheel):

- ``places.tsv.xz``: one row per place, the columns of :data:`PLACE_COLUMNS`;
- ``countries.tsv``: country facts (ISO codes, neighbours, capital, population, point);
- ``demonyms.tsv``: demonym or country adjective -> place id;
- ``wordcase.tsv.xz``: log-probabilities of lower-case and capitalised forms of the
  words gazetteer names are made of (used to tell "May" the month from a place);
- ``boundaries.tsv.xz``: country and first-level polygons, one per row;
- ``given_names.tsv.xz``: given names (MIT ``Faker``), evidence for person names;
- ``region_codes.tsv``: Canadian and Australian province / state codes for geocoder queries;
- ``basemap.json.gz``: the offline map background: simplified, polyline-encoded countries,
  disputed boundaries, lakes, label points and first-level divisions.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import lzma
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from geomap.gazetteer.names import VARIANT_MARK, fold_name, index_keys, with_variants  # noqa: E402
from geomap.gazetteer.store import PLACE_COLUMNS  # noqa: E402

# GeoNames / supplement feature code -> contract feature
SPECIAL_FEATURE = {
    "PSTB": "crossing", "BDGB": "crossing",
    "AIRB": "base", "MILB": "base", "NVB": "base",
    "MTS": "landform", "MT": "landform", "PK": "landform", "PASS": "landform",
    "PLAT": "landform", "DSRT": "landform", "ISL": "landform", "ISLS": "landform",
    "CAPE": "landform", "PEN": "landform", "VAL": "landform", "PLN": "landform",
    "HLLS": "landform", "GRGE": "landform", "DLTA": "landform", "LWLD": "landform",
    "TNDR": "landform", "ISTH": "landform", "DPR": "landform", "BSNU": "landform",
    "CST": "landform", "RF": "landform", "WTLD": "landform",
    "STM": "water", "LK": "water", "SEA": "water", "GULF": "water", "BAY": "water",
    "STRT": "water", "OCN": "water", "CHN": "water", "LGN": "water", "INLT": "water",
    "FJD": "water", "FLLS": "water", "SD": "water",
    "RGN": "region", "RGNH": "region", "CONT": "region",
    "AIRP": "other", "AIRH": "other", "PRT": "other", "CMPRF": "other",
}
CITY_CODES = {"PPLC", "PPLA", "PPLA2"}
_HAS_UPPER = re.compile(r"[A-Z\u00C0-\u00DE\u0100-\u024F]")
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,5}$|\d")


def _read_tsv(path: Path):
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _good_alt(name: str) -> bool:
    """Keep a Latin alternate name: it has a capital, is not a code, not absurdly long."""
    return (
        2 <= len(name) <= 60
        and bool(_HAS_UPPER.search(name))
        and not _CODE_LIKE.search(name)
        and bool(fold_name(name))
    )


def _names(primary: str, *more: str | list[str]) -> str:
    seen = {fold_name(primary)}
    out = []
    for group in more:
        for n in [group] if isinstance(group, str) else group:
            key = fold_name(n) if n else ""
            if key and key not in seen and _good_alt(n):
                seen.add(key)
                out.append(n)
    return "|".join(out)


def _row(**kw) -> dict[str, str]:
    row = {c: "" for c in (*PLACE_COLUMNS, "names")}
    for k, v in kw.items():
        row[k] = "" if v is None else str(v)
    return row


def _coord(value: str) -> str:
    return "%.5f" % float(value)


def build_countries(data: Path, pops_by_cc: dict[str, int]):
    """Country rows and facts; the point is the conventional one where known."""
    points = {r["iso2"]: r for r in _read_tsv(data / "gazetteer" / "country_points.tsv")}
    labels = {}
    with gzip.open(data / "polygons" / "admin0_from_admin1.geojson.gz", "rt", encoding="utf-8") as f:
        for feat in json.load(f)["features"]:
            p = feat["properties"]
            labels.setdefault(p["iso_a2"], (p["label_lat"], p["label_lon"]))
    rows, facts = [], []
    for r in _read_tsv(data / "gazetteer" / "countries.tsv.xz"):
        iso = r["iso"]
        if iso in points:
            lat, lon = points[iso]["latitude"], points[iso]["longitude"]
        elif iso in labels:
            lat, lon = labels[iso]
        elif r["latitude"]:
            lat, lon = r["latitude"], r["longitude"]
        else:
            continue
        pop = int(r["population"] or 0) or pops_by_cc.get(iso, 0)
        alts = _split(r["alt_names_latin"]) + [r["ne_admin"]]
        if iso in points:
            alts += [points[iso]["name"], points[iso]["official_name"]]
        rows.append(_row(
            id="geonames:%s" % r["geonameid"], name=r["name"], feature="country",
            code="PCLI", country=iso, countries=iso, lat=_coord(lat), lon=_coord(lon),
            population=pop, names=_names(r["name"], alts),
        ))
        facts.append({
            "iso": iso, "iso3": r["iso3"], "name": r["name"], "capital": r["capital"],
            "population": str(pop), "continent": r["continent"],
            "neighbours": r["neighbours"], "id": "geonames:%s" % r["geonameid"],
            "lat": _coord(lat), "lon": _coord(lon),
        })
    return rows, facts


def build_admin(data: Path, pops1: dict[str, int], pops2: dict[str, int]):
    """First- and second-level division rows (those with a point)."""
    rows = []
    for r in _read_tsv(data / "gazetteer" / "admin1.tsv.xz"):
        if not r["latitude"]:
            continue
        gid = "geonames:%s" % r["geonameid"] if r["geonameid"] else "admin1:%s" % r["code"]
        rows.append(_row(
            id=gid, name=r["name"], feature="adm1", code="ADM1", country=r["country_code"],
            countries=r["country_code"], admin1=r["admin1_code"], lat=_coord(r["latitude"]),
            lon=_coord(r["longitude"]), population=pops1.get(r["code"], 0),
            names=_names(r["name"], [r["asciiname"], r["ne_name"]], _split(r["alt_names_latin"])),
        ))
    for r in _read_tsv(data / "gazetteer" / "admin2.tsv.xz"):
        if not r["latitude"]:
            continue
        alts = _split(r["alt_names_latin"])
        if r["country_code"] == "US":
            # US news writes "Brown County", never bare "Brown" (a surname) for the county.
            short = re.sub(r" (County|Parish|Borough|Census Area|City and Borough|Municipality)$", "", r["name"])
            alts = [a for a in alts if a != short]
        gid = "geonames:%s" % r["geonameid"] if r["geonameid"] else "admin2:%s" % r["code"]
        rows.append(_row(
            id=gid, name=r["name"], feature="adm2", code="ADM2", country=r["country_code"],
            countries=r["country_code"], admin1=r["admin1_code"], admin2=r["admin2_code"],
            lat=_coord(r["latitude"]), lon=_coord(r["longitude"]),
            population=pops2.get(r["code"], 0),
            names=_names(r["name"], [r["asciiname"]], alts),
        ))
    return rows


def build_places(data: Path):
    """Populated places, plus population sums per country and division."""
    rows = []
    pops_cc: dict[str, int] = defaultdict(int)
    pops1: dict[str, int] = defaultdict(int)
    pops2: dict[str, int] = defaultdict(int)
    for r in _read_tsv(data / "gazetteer" / "places_cities500.tsv.xz"):
        code = r["feature_code"] or "PPL"
        pop = int(r["population"] or 0)
        cc = r["country_code"]
        pops_cc[cc] += pop
        pops1["%s.%s" % (cc, r["admin1_code"])] += pop
        pops2["%s.%s.%s" % (cc, r["admin1_code"], r["admin2_code"])] += pop
        feature = "city" if code in CITY_CODES or pop >= 100_000 else "town"
        rows.append(_row(
            id="geonames:%s" % r["geonameid"], name=r["name"], feature=feature, code=code,
            country=cc, countries=cc, admin1=r["admin1_code"], admin2=r["admin2_code"],
            lat=_coord(r["latitude"]), lon=_coord(r["longitude"]), population=pop,
            names=_names(r["name"], [r["asciiname"]], _split(r["alt_names_latin"])),
        ))
    return rows, pops_cc, pops1, pops2


def build_special(data: Path, admin1_by_name: dict[tuple[str, str], str]):
    """Airports with an IATA code, air bases, water bodies, landforms and regions."""
    rows = []
    for r in _read_tsv(data / "gazetteer" / "special_features.tsv.xz"):
        code = r["feature_code"]
        feature = SPECIAL_FEATURE.get(code)
        if feature is None or code == "PSTB":
            continue  # border crossings come from the project's reviewed supplement
        alts = _split(r["alt_names"])
        if code == "AIRP" and not any(re.fullmatch(r"[A-Z]{3}", a) for a in alts):
            continue  # only airports with an IATA code: the rest are airstrips
        ccs = [c for c in r["country_codes"].split(",") if c]
        cc = ccs[0] if ccs else ""
        if code == "STM" and not re.search(r"\b(river|creek|stream|wadi)\b", r["name"], re.I):
            alts.append(r["name"] + " River")  # news writes "the Red River", Natural Earth "Red"
        rows.append(_row(
            id=r["id"], name=r["name"], feature=feature, code=code, country=cc,
            countries=",".join(ccs), admin1=admin1_by_name.get((cc, fold_name(r["admin1_name"])), ""),
            lat=_coord(r["latitude"]), lon=_coord(r["longitude"]),
            names=_names(r["name"], alts),
        ))
    return rows


def build_supplement(admin1_by_name: dict[tuple[str, str], str]):
    """The project-owned crossings, bases, camps and regions."""
    rows = []
    for path in sorted((HERE / "supplement").glob("*.tsv")):
        for r in _read_tsv(path):
            code = r["feature_code"]
            ccs = [c for c in r["country_codes"].split(",") if c]
            cc = ccs[0] if ccs else ""
            pop = 0
            m = re.search(r"pop(?:ulation)?[^0-9]{0,12}([0-9][0-9,]{2,})", r["note"] or "")
            if code == "CMPRF" and m:
                pop = int(m.group(1).replace(",", ""))
            rows.append(_row(
                id=r["id"], name=r["name"], feature=SPECIAL_FEATURE[code], code=code,
                country=cc, countries=",".join(ccs),
                admin1=admin1_by_name.get((cc, fold_name(r["admin1_name"])), ""),
                lat=_coord(r["latitude"]), lon=_coord(r["longitude"]), population=pop,
                names=_names(r["name"], _split(r["alt_names"])),
            ))
    return rows


def drop_superseded(special: list[dict[str, str]], supplement: list[dict[str, str]]) -> list[dict[str, str]]:
    """Leave out the Natural Earth regions and landforms the reviewed supplement replaces."""
    names = {fold_name(n) for r in supplement for n in [r["name"], *_split(r["names"])]}
    return [r for r in special
            if not (r["feature"] in ("region", "landform") and fold_name(r["name"]) in names)]


def apply_aliases(rows: list[dict[str, str]]) -> None:
    """Add the short forms of ``aliases.tsv`` to their target rows, in place."""
    by_target: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["feature"] == "country":
            by_target["country:" + row["country"]] = row
        elif row["feature"] == "adm1":
            by_target["admin1:%s.%s" % (row["country"], row["admin1"])] = row
        by_target[row["id"]] = row
    for a in _read_tsv(HERE / "aliases.tsv"):
        row = by_target.get(a["target"])
        if row is None:
            raise SystemExit("aliases.tsv: unknown target %s" % a["target"])
        names = _split(row["names"])
        if a["alias"] not in names and a["alias"] != row["name"]:
            names.append(a["alias"])
        row["names"] = "|".join(names)


def build_demonyms(
    rows: list[dict[str, str]], facts: list[dict[str, str]], prob: dict[str, float] | None
) -> list[tuple[str, str]]:
    """(form, place id) pairs: the project table, countryinfo's demonyms, then the "-ian"
    adjectives of country, province and region names ending in -ia/-ea ("South Ossetia" ->
    "South Ossetian") that English uses as proper adjectives (per the word table)."""
    by_cc = {r["country"]: r["id"] for r in rows if r["feature"] == "country"}
    by_admin1 = {"%s.%s" % (r["country"], r["admin1"]): r["id"] for r in rows if r["feature"] == "adm1"}
    by_name: dict[str, dict[str, str]] = {}
    rank = {"region": 0, "country": 1, "adm1": 2}
    for r in rows:
        if r["feature"] in rank:
            key = fold_name(r["name"])
            old = by_name.get(key)
            if old is None or rank[r["feature"]] < rank[old["feature"]]:
                by_name[key] = r
    pairs: dict[str, str] = {}
    for d in _read_tsv(HERE / "demonyms.tsv"):
        kind, _, ref = d["target"].partition(":")
        if kind == "country":
            pid = by_cc.get(ref)
        elif kind == "admin1":
            pid = by_admin1.get(ref)
        else:
            hit = by_name.get(fold_name(ref))
            pid = hit["id"] if hit else None
        if pid is None:
            print("demonyms.tsv: no place for %s (skipped)" % d["target"], file=sys.stderr)
            continue
        for form in _split(d["forms"]):
            pairs.setdefault(form, pid)
    try:
        import countryinfo  # MIT: one demonym per country
    except ImportError:
        print("countryinfo not installed: only the project demonyms are used", file=sys.stderr)
        return sorted(pairs.items())
    popul = {f["iso"]: int(f["population"] or 0) for f in facts}
    found: dict[str, str] = {}
    data_dir = Path(countryinfo.__file__).parent / "data"
    for path in sorted(data_dir.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        cc = info.get("ISO", {}).get("alpha2")
        for form in [f.strip() for f in (info.get("demonym") or "").split(",") if f.strip()]:
            if cc in by_cc and popul.get(cc, 0) > popul.get(found.get(form, ""), -1):
                found[form] = cc
    for form, cc in found.items():
        plural = form if re.search(r"(ese|ish|ch|ss|s|x|z)$", form) else form + "s"
        for f in {form, plural}:
            pairs.setdefault(f, by_cc[cc])
    if prob is not None:
        rank = {"country": 0, "region": 1, "adm1": 2}
        for r in sorted((r for r in rows if r["feature"] in rank and r["code"] not in ("RGN", "CONT")),
                        key=lambda r: (rank[r["feature"]], -int(r["population"] or 0))):
            name = r["name"]
            if not re.fullmatch(r"[A-Z][\w ]*[^aeiou ](ia|ea)", name):
                continue
            last = name.split()[-1] + "n"
            if prob.get(last, -99.0) > max(prob.get(last.lower(), -99.0), -19.5):
                for form in (name + "n", name + "ns"):
                    pairs.setdefault(form, r["id"])
    return sorted(pairs.items())


def load_word_probabilities() -> dict[str, float] | None:
    """English word log-probabilities by exact form (spacy-lookups-data), or None."""
    try:
        import spacy_lookups_data
    except ImportError:
        print("spacy-lookups-data not installed: word tables not rebuilt", file=sys.stderr)
        return None
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def build_wordcase(rows: list[dict[str, str]], prob: dict[str, float] | None, out: Path) -> int:
    """Write log P(lower), log P(Capitalised) and log P(UPPER) for the words place names are
    made of and for every common English word (lower-case log P >= -16), so the matcher can
    tell ordinary words ("Forest", "Sheriff", "May") from names ("Kabulov", "Hilton")."""
    if prob is None:
        return 0
    words: set[str] = set()
    for r in rows:
        for n in [r["name"], *_split(r["names"])]:
            for w in re.findall(r"[^\W\d_]+", n):
                if w[:1].isupper():
                    words.add(w.lower())
    for w, lp in prob.items():
        if lp >= -16.0 and w.isalpha() and w.islower():
            words.add(w)
    n = 0
    with lzma.open(out, "wt", encoding="utf-8", preset=9) as f:
        f.write("word\tlogp_lower\tlogp_title\tlogp_upper\n")
        for w in sorted(words):
            low, title, up = prob.get(w), prob.get(w[:1].upper() + w[1:]), prob.get(w.upper())
            if low is None and title is None:
                continue
            fmt = lambda v: "" if v is None else "%.2f" % v  # noqa: E731
            f.write("%s\t%s\t%s\t%s\n" % (w, fmt(low), fmt(title), fmt(up)))
            n += 1
    return n


def write_boundaries(data: Path, out: Path) -> int:
    """Ship the country and first-level boundaries as one table, and the basemap layer.

    ``boundaries.tsv.xz`` has one polygon per row (level 0 countries, level 1 provinces)
    with its box and label point, so building the store parses no geometry.
    """
    def rnd(coords):
        if isinstance(coords[0], (int, float)):
            return [round(coords[0], 4), round(coords[1], 4)]
        return [rnd(c) for c in coords]

    def box(coords, acc):
        if isinstance(coords[0], (int, float)):
            acc[0], acc[1] = min(acc[0], coords[1]), max(acc[1], coords[1])
            acc[2], acc[3] = min(acc[2], coords[0]), max(acc[3], coords[0])
        else:
            for c in coords:
                box(c, acc)
        return acc

    n = 0
    with lzma.open(out / "boundaries.tsv.xz", "wt", encoding="utf-8", newline="", preset=9) as f:
        f.write("level\tcode\tiso\tname\tmin_lat\tmax_lat\tmin_lon\tmax_lon\tlabel_lat\tlabel_lon\tgeometry\n")
        for level, src in ((0, "admin0_from_admin1.geojson.gz"), (1, "admin1_ne10m_simplified.geojson.gz")):
            with gzip.open(data / "polygons" / src, "rt", encoding="utf-8") as g:
                fc = json.load(g)
            for feat in fc["features"]:
                p = feat["properties"]
                iso = p.get("iso_a2") or ""
                if iso == "-1":
                    iso = ""
                code = iso if level == 0 else (p.get("gn_code") or p.get("iso_3166_2") or "")
                geom = {"type": feat["geometry"]["type"], "coordinates": rnd(feat["geometry"]["coordinates"])}
                b = box(geom["coordinates"], [90.0, -90.0, 180.0, -180.0])
                f.write("\t".join([
                    str(level), code, iso, (p.get("name") or "").replace("\t", " "),
                    *("%.4f" % v for v in b), str(p.get("label_lat", "")), str(p.get("label_lon", "")),
                    json.dumps(geom, separators=(",", ":")),
                ]) + "\n")
                n += 1
    write_basemap(data, out)
    return n


def encode_polyline(points: list[tuple[float, float]], precision: int = 2) -> str:
    """Google's encoded-polyline form of (lat, lon) points, at ``precision`` decimals."""
    factor = 10 ** precision
    out = []
    prev_lat = prev_lon = 0
    for lat, lon in points:
        ilat, ilon = round(lat * factor), round(lon * factor)
        for delta in (ilat - prev_lat, ilon - prev_lon):
            v = ~(delta << 1) if delta < 0 else delta << 1
            while v >= 0x20:
                out.append(chr((0x20 | (v & 0x1F)) + 63))
                v >>= 5
            out.append(chr(v + 63))
        prev_lat, prev_lon = ilat, ilon
    return "".join(out)


def _clip_world(geom):
    """The part of a geometry inside Web Mercator's world (|lat| <= 85): Leaflet cannot
    project the poles, and a ring that reaches them draws bands across the map."""
    import shapely
    from shapely.geometry import box

    return shapely.intersection(geom, box(-180.0, -85.0, 180.0, 85.0))


def _polygonal(geom):
    """A valid (Multi)Polygon from a geometry that may be invalid or a collection."""
    import shapely

    geom = shapely.make_valid(geom)
    if geom.geom_type == "GeometryCollection":
        geom = shapely.union_all([g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")])
    return geom


def _rings(geom, min_area: float) -> list[str]:
    """Encoded outer rings (and holes) of a polygon geometry, small islands dropped."""
    out = []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.is_empty or poly.geom_type != "Polygon" or poly.area < min_area:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            pts = [(y, x) for x, y in ring.coords]
            if len(pts) >= 4:
                out.append(encode_polyline(pts))
    return out


def _lines(geom, min_length: float) -> list[str]:
    """Encoded lines of a (multi)line geometry, merged end to end, short bits dropped."""
    import shapely

    if geom.is_empty:
        return []
    geom = shapely.line_merge(geom) if geom.geom_type != "LineString" else geom
    out = []
    for line in getattr(geom, "geoms", [geom]):
        if line.length >= min_length and len(line.coords) > 1:
            out.append(encode_polyline([(y, x) for x, y in line.coords]))
    return out


def write_basemap(data: Path, out: Path, *, tolerance: float = 0.07) -> None:
    """The offline vector basemap, compact and seamless at every zoom.

    Countries and first-level divisions both come from Natural Earth 10m admin-1
    (``polygons/admin1_*``), simplified together as one polygonal coverage
    (``shapely.coverage_simplify``: shared edges stay shared), so neighbours meet on one
    border line and province lines end on it: no doubled borders close in. Countries are
    the union of their provinces; province borders ship as interior lines only (drawn
    once, never along a country border) and as polygons for shading control zones.
    Everything is clipped to |lat| <= 85, and no ring crosses the antimeridian, so nothing
    draws bands across the map. Lakes and disputed lines are Natural Earth 50m.
    Coordinates are polyline-encoded at 0.01 degrees. Needs shapely >= 2.1.
    """
    import shapely
    from shapely.geometry import shape

    with gzip.open(data / "polygons" / "admin1_ne10m_simplified.geojson.gz", "rt", encoding="utf-8") as g:
        feats = json.load(g)["features"]
    geoms = [_clip_world(_polygonal(shape(f["geometry"]))) for f in feats]
    keep = [i for i, geom in enumerate(geoms) if not geom.is_empty and geom.area > 0]
    simple = shapely.coverage_simplify([geoms[i] for i in keep], tolerance)
    by_country: dict[str, list[tuple[dict, object]]] = defaultdict(list)
    for i, geom in zip(keep, simple):
        p = feats[i]["properties"]
        iso = p.get("iso_a2") or ""
        by_country[iso if iso.isalpha() else p.get("adm0_a3") or "?"].append((p, _polygonal(geom)))

    countries, admin1, admin1_lines = [], {}, {}
    for key in sorted(by_country):
        parts = by_country[key]
        whole = _polygonal(shapely.union_all([geom for _, geom in parts]))
        iso = key if len(key) == 2 else ""
        name = parts[0][0].get("admin") or key
        countries.append({"n": name, "c": iso, "r": _rings(whole, 0.005)})
        if not iso:
            continue
        edge = whole.boundary.buffer(1e-6)
        inner = shapely.union_all([geom.boundary for _, geom in parts]).difference(edge)
        admin1_lines[iso] = _lines(inner, 0.02)
        admin1[iso] = [{"c": p.get("gn_code") or p.get("iso_3166_2") or "", "n": p.get("name") or "",
                        "p": [round(float(p["label_lat"]), 2), round(float(p["label_lon"]), 2)]
                        if p.get("label_lat") not in (None, "") else None,
                        "r": _rings(geom, 0.00005)} for p, geom in parts]

    with gzip.open(data / "polygons" / "basemap_ne50m.geojson.gz", "rt", encoding="utf-8") as g:
        fc = json.load(g)
    disputed, lakes = [], []
    for feat in fc["features"]:
        p, geom = feat["properties"], feat["geometry"]
        if p["layer"] == "lake":
            rings = _rings(shape(geom).simplify(0.04, preserve_topology=True), 0.3)
            if rings:
                lakes.append(rings)
        elif p["layer"] == "boundary_disputed":
            disputed += _lines(_clip_world(shape(geom)).simplify(0.04), 0.0)

    labels = []
    with gzip.open(data / "polygons" / "admin0_from_admin1.geojson.gz", "rt", encoding="utf-8") as g:
        for feat in json.load(g)["features"]:
            p = feat["properties"]
            iso = p.get("iso_a2") or ""
            if iso.isalpha() and p.get("label_lat") not in (None, "") and abs(float(p["label_lat"])) < 85:
                area = shape(feat["geometry"]).area
                labels.append([round(float(p["label_lat"]), 2), round(float(p["label_lon"]), 2), p["name"],
                               round(area, 1), iso])
    labels.sort(key=lambda x: -x[3])
    payload = {"countries": countries, "disputed": disputed, "lakes": lakes, "labels": labels, "admin1": admin1,
               "admin1_lines": admin1_lines,
               "attribution": "Natural Earth (public domain); first-level divisions: Elastic Maps Service / "
                              "Natural Earth, © OpenStreetMap contributors (ODbL)"}
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    with gzip.GzipFile(out / "basemap.json.gz", "wb", compresslevel=9, mtime=0) as g:
        g.write(text.encode("utf-8"))


def build_given_names(out: Path) -> int:
    """Write ``given_names.tsv.xz``: the given names of the MIT ``Faker`` package's person
    providers (86 locales, from census and registry lists), Latin-script ones only, with
    the number of locales that list each: the matcher's evidence that a capitalised word
    before a surname or a speech verb is a person ("Florence told reporters")."""
    import importlib
    import pkgutil

    try:
        import faker.providers.person as person
    except ImportError:
        print("Faker not installed: given names not rebuilt", file=sys.stderr)
        return 0
    counts: dict[str, int] = defaultdict(int)
    for mod in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module("faker.providers.person." + mod.name).Provider
        except (ImportError, AttributeError):
            continue
        names: set[str] = set()
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            value = next((k.__dict__[attr] for k in provider.__mro__ if attr in k.__dict__), None)
            if isinstance(value, dict):
                value = list(value)
            if isinstance(value, (list, tuple, set)):
                names.update(v for v in value if isinstance(v, str))
        for name in names:
            if re.fullmatch(r"[A-Z\u00C0-\u00DE][a-z\u00DF-\u024F'’-]+", name):
                counts[name] += 1
    with lzma.open(out / "given_names.tsv.xz", "wt", encoding="utf-8", preset=9) as f:
        f.write("name\tlocales\n")
        for name in sorted(counts):
            f.write("%s\t%d\n" % (name, counts[name]))
    return len(counts)


def rederive_keys(path: Path) -> int:
    """Recompute the derived keys and the skeletons of a places table from its own keys,
    after a change of :func:`~geomap.gazetteer.names.name_variants` (no raw data needed;
    the result is what the full build writes)."""
    with lzma.open(path, "rt", encoding="utf-8", newline="") as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    col = {c: i for i, c in enumerate(header)}
    for r in rows:
        own = [k for k in r[col["keys"]].split("|") if k and not k.startswith(VARIANT_MARK)]
        keys, skels = with_variants(own, r[col["country"]] or None)
        r[col["keys"]], r[col["skeletons"]] = "|".join(keys), "|".join(skels)
    part = path.with_name(path.name + ".part")
    with lzma.open(part, "wt", encoding="utf-8", newline="", preset=9) as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    part.replace(path)
    return len(rows)


def write_names_part(out: Path) -> int:
    """Build the store's names part from the tables in ``out`` and write it there gzipped
    (``names-part.sqlite3.gz``, which a source checkout's first use unpacks); its size."""
    from geomap.gazetteer.building import build_store
    from geomap.gazetteer.store import CORE_PART, SHIPPED_NAMES_PART

    target = out / SHIPPED_NAMES_PART.name
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "names.sqlite3"
        build_store(built, source="shipped", data_dir=out, parts=(CORE_PART,))
        part = target.with_name(target.name + ".tmp")
        with open(built, "rb") as src, open(part, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        part.replace(target)
    return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "geomap" / "data")
    parser.add_argument("--only", choices=["given-names", "region-codes", "keys", "names-part"],
                        help="rebuild one table only (no raw data needed)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.only == "given-names":
        print("%d given names" % build_given_names(args.out), file=sys.stderr)
        return 0
    if args.only == "region-codes":
        shutil.copy(HERE / "region_codes.tsv", args.out / "region_codes.tsv")
        return 0
    if args.only == "keys":
        print("%d places re-keyed" % rederive_keys(args.out / "places.tsv.xz"), file=sys.stderr)
        print("%.1f MB names part" % (write_names_part(args.out) / 1e6), file=sys.stderr)
        return 0
    if args.only == "names-part":
        print("%.1f MB names part" % (write_names_part(args.out) / 1e6), file=sys.stderr)
        return 0

    places, pops_cc, pops1, pops2 = build_places(args.data)
    countries, facts = build_countries(args.data, pops_cc)
    admin = build_admin(args.data, pops1, pops2)
    admin1_by_name = {(r["country"], fold_name(n)): r["admin1"]
                      for r in admin if r["feature"] == "adm1"
                      for n in [r["name"], *_split(r["names"])]}
    supplement = build_supplement(admin1_by_name)
    special = drop_superseded(build_special(args.data, admin1_by_name), supplement)
    rows = countries + admin + places + special + supplement
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        dup = sorted({i for i in ids if ids.count(i) > 1})[:5] if len(ids) < 1000 else "(many)"
        raise SystemExit("duplicate place ids: %s" % (dup,))
    apply_aliases(rows)

    with lzma.open(args.out / "places.tsv.xz", "wt", encoding="utf-8", newline="", preset=9) as f:
        f.write("\t".join(PLACE_COLUMNS) + "\n")
        for r in rows:
            keys, skels = index_keys(r["name"], _split(r["names"]), r["country"])
            r["keys"], r["skeletons"] = "|".join(keys), "|".join(skels)
            f.write("\t".join(r[c] for c in PLACE_COLUMNS) + "\n")
    with open(args.out / "countries.tsv", "w", encoding="utf-8", newline="") as f:
        cols = list(facts[0])
        f.write("\t".join(cols) + "\n")
        for fact in facts:
            f.write("\t".join(fact[c] for c in cols) + "\n")
    prob = load_word_probabilities()
    demonyms = build_demonyms(rows, facts, prob)
    with open(args.out / "demonyms.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("form\tplace\n")
        for form, pid in demonyms:
            f.write("%s\t%s\n" % (form, pid))
    nwords = build_wordcase(rows, prob, args.out / "wordcase.tsv.xz")
    nbound = write_boundaries(args.data, args.out)
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r["feature"]] += 1
    print("%.1f MB names part" % (write_names_part(args.out) / 1e6), file=sys.stderr)
    ngiven = build_given_names(args.out)
    shutil.copy(HERE / "region_codes.tsv", args.out / "region_codes.tsv")
    print("%d given names" % ngiven, file=sys.stderr)
    print("%d places (%s), %d demonyms, %d word-case rows, %d boundaries -> %s" % (
        len(rows), ", ".join("%s %d" % kv for kv in sorted(counts.items())), len(demonyms),
        nwords, nbound, args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
