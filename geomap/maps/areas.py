"""Where on the map a whole country goes: its side of a border, a point inside it.

An event placed at a country has no point of its own: the gazetteer's country point is a
centre, hundreds of kilometres from where a crossing crosses. These helpers read the
basemap's country polygons (the ones the map draws) and answer with points inside a
country, a little way in from the border nearest to where the action is.
``lat``/``lon`` by name; shapely's (x, y) is (lon, lat) and stays inside this module.
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from typing import Any

from ..gazetteer.store import DATA_DIR
from ..model import Event, Place

__all__ = ["load_basemap", "decode_polyline", "country_shape", "country_label_point", "inner_point",
           "inward_points", "border_points", "is_country_area", "area_point", "crossing_ends", "INSET_DEG"]

Point2 = tuple[float, float]

INSET_DEG = (0.2, 0.1, 0.05)  # how far in from the border a country's end of an arrow sits, tried in turn


@lru_cache(maxsize=1)
def load_basemap() -> dict[str, Any]:
    """The shipped offline basemap (countries, lakes, disputed lines, labels, provinces)."""
    with gzip.open(DATA_DIR / "basemap.json.gz", "rt", encoding="utf-8") as f:
        return json.load(f)


def decode_polyline(text: str, precision: int = 2) -> list[tuple[float, float]]:
    """(lat, lon) points of an encoded polyline (the basemap's form).

    Examples
    --------
    >>> decode_polyline("gEoKgEoK")
    [(1.0, 2.0), (2.0, 4.0)]
    """
    factor = 10.0 ** precision
    out: list[tuple[float, float]] = []
    i = lat = lon = 0
    while i < len(text):
        deltas = []
        for _ in range(2):
            shift = result = 0
            while True:
                b = ord(text[i]) - 63
                i += 1
                result |= (b & 0x1F) << shift
                shift += 5
                if b < 0x20:
                    break
            deltas.append(~(result >> 1) if result & 1 else result >> 1)
        lat += deltas[0]
        lon += deltas[1]
        out.append((lat / factor, lon / factor))
    return out


def _polygon(rings: list[str]) -> Any:
    """A shapely (Multi)Polygon from encoded rings: a ring inside an earlier one is its hole."""
    from shapely.geometry import MultiPolygon, Polygon

    polys: list[Any] = []
    for ring in rings:
        pts = [(lon, lat) for lat, lon in decode_polyline(ring)]
        if len(pts) < 4:
            continue
        shell = Polygon(pts)
        host = next((k for k, p in enumerate(polys) if p.contains(shell.representative_point())), None)
        if host is None:
            polys.append(shell)
        else:
            polys[host] = polys[host].difference(shell)
    if not polys:
        return None
    geom = polys[0] if len(polys) == 1 else MultiPolygon([g for p in polys for g in getattr(p, "geoms", [p])])
    return geom if geom.is_valid else geom.buffer(0)


@lru_cache(maxsize=None)
def country_shape(iso: str | None) -> Any:
    """The basemap polygon of a country (ISO code), or None when the basemap has none."""
    if not iso:
        return None
    for c in load_basemap()["countries"]:
        if c["c"] == iso:
            return _polygon(c["r"])
    return None


@lru_cache(maxsize=None)
def country_label_point(iso: str | None) -> tuple[float, float] | None:
    """Where the basemap writes a country's name: a point well inside it."""
    for lab in load_basemap()["labels"]:
        if len(lab) > 4 and lab[4] == iso:
            return (lab[0], lab[1])
    shape = country_shape(iso)
    if shape is None:
        return None
    p = shape.representative_point()
    return (p.y, p.x)


@lru_cache(maxsize=None)
def _inset(iso: str, deg: float) -> Any:
    shape = country_shape(iso)
    inner = shape.buffer(-deg, quad_segs=2)
    return None if inner.is_empty else inner


def inner_point(iso: str, lat: float, lon: float) -> tuple[float, float] | None:
    """The point inside a country, a little in from its border, nearest to (lat, lon).

    When (lat, lon) is already well inside, it is returned as it is.
    """
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    shape = country_shape(iso)
    if shape is None:
        return None
    target = Point(lon, lat)
    for deg in INSET_DEG:
        inner = _inset(iso, deg)
        if inner is not None:
            p = nearest_points(inner, target)[0]
            return (round(p.y, 4), round(p.x, 4))
    p = nearest_points(shape, target)[0]
    return (round(p.y, 4), round(p.x, 4))


DEPTHS_DEG = (0.25, 0.5, 0.9, 1.5)  # further points in along the way into a country, never far from its border


def inward_points(iso: str, lat: float, lon: float) -> list[tuple[float, float]]:
    """Points inside a country on the way in from its border where it runs nearest to
    (lat, lon), from a little way in to deeper: where an arrow to or from the whole country
    may end (the map runtime takes the first that makes the arrow long enough at its zoom).
    Empty when the basemap has no polygon for the country."""
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    shape = country_shape(iso)
    if shape is None:
        return []
    border = nearest_points(shape.boundary, Point(lon, lat))[0]
    first = inner_point(iso, border.y, border.x)
    out = [first] if first else []
    dy, dx = (first[0] - border.y, first[1] - border.x) if first else (0.0, 0.0)
    norm = (dx * dx + dy * dy) ** 0.5
    if norm < 1e-6:
        return out
    inner = _inset(iso, INSET_DEG[-1])
    for depth in DEPTHS_DEG:
        if depth <= norm:
            continue
        q = (border.y + dy / norm * depth, border.x + dx / norm * depth)
        if inner is None or not inner.contains(Point(q[1], q[0])):
            break
        out.append((round(q[0], 4), round(q[1], 4)))
    return out


def _shared_border(a: str, b: str) -> Any:
    shape_a, shape_b = country_shape(a), country_shape(b)
    if shape_a is None or shape_b is None:
        return None
    line = shape_a.boundary.intersection(shape_b.buffer(0.02, quad_segs=2))
    return None if line.is_empty or line.length < 0.01 else line


def border_points(a: str, b: str, lat: float, lon: float) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Where an arrow from country ``a`` to country ``b`` starts and ends: points inside
    each (as :func:`inward_points`) facing each other across their border where it runs
    nearest to (lat, lon), or where the two come closest when they share no border.
    Empty lists when either country has no polygon."""
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    shape_a, shape_b = country_shape(a), country_shape(b)
    if shape_a is None or shape_b is None:
        return [], []
    line = _shared_border(a, b)
    if line is not None:
        p = nearest_points(line, Point(lon, lat))[0]
        return inward_points(a, p.y, p.x), inward_points(b, p.y, p.x)
    pa, pb = nearest_points(shape_a, shape_b)
    return inward_points(a, pb.y, pb.x), inward_points(b, pa.y, pa.x)


def is_country_area(p: Place) -> bool:
    """Whether a place is a whole country the basemap can draw."""
    return p.feature == "country" and country_shape(p.country) is not None


def area_point(p: Place, core: Point2 | None) -> Point2:
    """Where the mark of an event at a whole country goes: inside it, nearest the map's
    other events (``core``), or where its name is written when they are inside it too."""
    from shapely.geometry import Point

    shape = country_shape(p.country)
    label = country_label_point(p.country) or (p.lat, p.lon)
    if core is None or shape is None or shape.contains(Point(core[1], core[0])):
        return label
    return inner_point(p.country, *core) or label  # type: ignore[arg-type]


def crossing_ends(e: Event, core: Point2 | None) -> tuple[list[Point2], list[Point2]]:
    """Where a crossing's arrow may start and end when an end is a whole country: on that
    country's side of the border, facing the other end (or the border crossing used), a
    little way in or deeper (the map runtime picks by zoom). Empty for a point end that
    stays where it is."""
    o, d = e.places
    v = e.via_place
    oc, dc = is_country_area(o), is_country_area(d)
    if oc and dc and o.country != d.country:
        anchor = (v.lat, v.lon) if v else core or ((o.lat + d.lat) / 2, (o.lon + d.lon) / 2)
        return border_points(o.country, d.country, *anchor)  # type: ignore[arg-type]
    start: list[Point2] = []
    end: list[Point2] = []
    o_at, d_at = (o.lat, o.lon), (d.lat, d.lon)
    if dc and not oc:
        start, o_at = _own_side(o, d, o_at)
    if oc and not dc:
        end, d_at = _own_side(d, o, d_at)
    if oc:
        start = _side(o, (v.lat, v.lon) if v else d_at)
    if dc:
        end = _side(d, (v.lat, v.lon) if v else o_at)
    return start, end


def _own_side(p: Place, country: Place, at: Point2) -> tuple[list[Point2], Point2]:
    """A point end whose point lies in the other end's country (a province's centre outside
    its own shape) moves inside its own country, so the arrow crosses the border."""
    from shapely.geometry import Point

    own, other = country_shape(p.country), country_shape(country.country)
    if own is None or other is None or p.country == country.country or not other.contains(Point(p.lon, p.lat)):
        return [], at
    moved = inner_point(p.country, p.lat, p.lon)  # type: ignore[arg-type]
    return ([moved], moved) if moved else ([], at)


def _side(country: Place, toward: Point2) -> list[Point2]:
    from shapely.geometry import Point

    shape = country_shape(country.country)
    if shape is None or shape.contains(Point(toward[1], toward[0])):
        return []  # the other end lies inside this country: keep the country's point
    return inward_points(country.country, *toward)  # type: ignore[arg-type]
