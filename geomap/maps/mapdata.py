"""What a map shows, as compact JSON-safe data: places, events, marks, legend, view.

:func:`map_data` turns extractions into the payload the map runtime
(``geomap/maps/static/geomap.js``) draws. Every event drawn is one entry of ``E``; every
place a mark stands at is one entry of ``P`` (with the priority of its label); the layers
list marks, each naming its place and its events, so several events at one place make one
mark, and a browser can check that every event has a mark. Strings repeat a lot (actors,
sentences), so they sit once in a table ``S`` and records refer to them by index;
coordinates are rounded to five decimals (about a metre). Nothing here escapes HTML: the
runtime builds every piece of markup from these strings with its escaping helper, so
article text never becomes markup.

Events at a whole country are drawn inside it, near the rest of the map's events, with
the country shaded; a crossing from or to a country starts or ends on that country's
side of the border (:mod:`geomap.maps.areas`).
"""
from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from ..model import Event, Extraction, Place
from .actors import actor_key, mover_class
from .areas import (
    border_points,
    country_label_point,
    country_shape,
    decode_polyline,
    inner_point,
    inward_points,
    load_basemap,
)

__all__ = ["KIND_STYLE", "map_data", "basemap_payload", "actor_key", "mover_class", "load_basemap"]

# kind -> (legend label, colour of its mark); actors colour control zones and bases.
KIND_STYLE = {
    "crossing": ("Crossings (arrows, width by count)", "#1f5fa8"),
    "displacement": ("Displacement", "#7d3c98"),
    "control": ("Control zones", "#b03a2e"),
    "border_crossing": ("Border crossings", "#34495e"),
    "base": ("Military bases", "#2e4053"),
    "military_activity": ("Military activity", "#b9770e"),
    "attack": ("Attacks", "#cb4335"),
    "meeting": ("Meetings", "#1e8449"),
    "places": ("All places mentioned", "#566573"),
}
POINT_KINDS = ("base", "military_activity", "attack", "meeting", "displacement")
MOVER_COLORS = {"civilians": "#1f5fa8", "armed": "#a93226"}
ACTOR_PALETTE = ["#c0392b", "#2471a3", "#d68910", "#7d3c98", "#138d75", "#a04000", "#2e4053", "#b7950b"]
OTHERS_COLOR = "#9a958c"
# A label's priority: the kind of its events first, then how many, then the place's rank
# (places carry no population: the feature stands in for it), then its mentions.
KIND_WEIGHT = {"control": 7, "crossing": 6, "attack": 6, "displacement": 6, "military_activity": 5, "base": 5,
               "meeting": 5, "border_crossing": 3}
FEATURE_RANK = {"country": 9, "adm1": 8, "city": 7, "region": 6, "adm2": 5, "town": 4, "crossing": 4, "base": 4,
                "other": 3, "water": 3, "landform": 3}
_AREA = {"country", "adm1", "adm2", "region", "water", "landform"}  # drawn hollow: no single point
_LOCAL = {"city", "town", "adm2", "crossing", "base", "other", "landform", "water"}
HOLLOW, SHADED, LABELLED = 1, 2, 4  # P flags


class _Strings:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if value is None or value == "":
            return -1
        i = self.index.get(value)
        if i is None:
            i = self.index[value] = len(self.items)
            self.items.append(value)
        return i


def _label(e: Event) -> str:
    if e.quantity is not None:
        q = int(e.quantity) if float(e.quantity).is_integer() else e.quantity
        return "%s %s" % (f"{q:,}", e.unit or "") if e.unit else f"{q:,}"
    return ""


def _country_area(p: Place) -> bool:
    return p.feature == "country" and country_shape(p.country) is not None


class _Builder:
    """Collects the places, events and marks of one map."""

    def __init__(self, extractions: list[Extraction]):
        self.x = extractions
        self.S = _Strings()
        self.E: list[list[Any]] = []
        self.P: list[list[Any]] = []
        self.pmeta: list[dict[str, Any]] = []
        self.pkey: dict[Any, int] = {}
        self.kind_index = {k: i for i, k in enumerate(KIND_STYLE)}
        self.core = self._core()

    def _core(self) -> tuple[float, float] | None:
        """The middle of the map's local events (median point), or None when every event
        is at a country or region."""
        pts = [(p.lat, p.lon) for x in self.x for e in x.events for p in (*e.places, e.via_place)
               if p is not None and p.feature in _LOCAL]
        if not pts:
            return None
        return statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)

    def event(self, e: Event, di: int) -> int:
        S = self.S
        self.E.append([self.kind_index[e.type], S(e.actor), e.quantity, e.date, S(e.evidence), di,
                       S(" → ".join(e.where)), S(e.unit)])
        return len(self.E) - 1

    def place(self, p: Place, kind: str, at: tuple[float, float] | None = None) -> int:
        """The index of the P entry a mark of ``kind`` at place ``p`` stands at (``at``:
        a point other than the place's own, for a country's side of a border)."""
        key: Any = p.gazetteer_id if at is None else (p.gazetteer_id, at)
        i = self.pkey.get(key)
        if i is None:
            shaded = at is None and _country_area(p)
            lat, lon = at if at is not None else self._area_point(p) if shaded else (p.lat, p.lon)
            flags = (HOLLOW if p.approximate or p.feature in _AREA else 0) | (SHADED if shaded else 0)
            i = self.pkey[key] = len(self.P)
            self.P.append([round(lat, 5), round(lon, 5), -1, flags, 0, p.country or ""])
            self.pmeta.append({"gid": p.gazetteer_id, "names": Counter(), "kinds": Counter(), "feature": p.feature,
                               "side": at is not None})
        meta = self.pmeta[i]
        meta["names"][p.name] += 1
        meta["kinds"][kind] += 1
        return i

    def end(self, p: Place, at: tuple[float, float] | None) -> int:
        """The P entry of a crossing's end: ``at`` (a country's side of a border), else the
        place's own point (for a whole country, where its name is written)."""
        if at is None and _country_area(p):
            at = country_label_point(p.country)
        return self.place(p, "crossing", at)

    def _area_point(self, p: Place) -> tuple[float, float]:
        """Where the mark of an event at a whole country goes: inside it, nearest the
        map's other events, or where its name is written when they are inside it too."""
        shape = country_shape(p.country)
        label = country_label_point(p.country) or (p.lat, p.lon)
        if self.core is None or shape is None:
            return label
        from shapely.geometry import Point

        if shape.contains(Point(self.core[1], self.core[0])):
            return label
        return inner_point(p.country, *self.core) or label  # type: ignore[arg-type]

    def crossing_ends(self, e: Event) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
        """Where a crossing's arrow may start and end when an end is a whole country: on that
        country's side of the border, facing the other end (or the border crossing used),
        a little way in or deeper (the runtime picks by zoom). Empty for a point end that
        stays where it is."""
        o, d = e.places
        v = e.via_place
        oc, dc = _country_area(o), _country_area(d)
        if oc and dc and o.country != d.country:
            anchor = (v.lat, v.lon) if v else self.core or ((o.lat + d.lat) / 2, (o.lon + d.lon) / 2)
            return border_points(o.country, d.country, *anchor)  # type: ignore[arg-type]
        start: list[tuple[float, float]] = []
        end: list[tuple[float, float]] = []
        o_at, d_at = (o.lat, o.lon), (d.lat, d.lon)
        if dc and not oc:
            start, o_at = self._own_side(o, d, o_at)
        if oc and not dc:
            end, d_at = self._own_side(d, o, d_at)
        if oc:
            start = self._side(o, (v.lat, v.lon) if v else d_at)
        if dc:
            end = self._side(d, (v.lat, v.lon) if v else o_at)
        return start, end

    @staticmethod
    def _own_side(p: Place, country: Place, at: tuple[float, float]) -> tuple[list[tuple[float, float]],
                                                                          tuple[float, float]]:
        """A point end whose point lies in the other end's country (a province's centre
        outside its own shape) moves inside its own country, so the arrow crosses the border."""
        from shapely.geometry import Point

        own, other = country_shape(p.country), country_shape(country.country)
        if own is None or other is None or p.country == country.country or not other.contains(Point(p.lon, p.lat)):
            return [], at
        moved = inner_point(p.country, p.lat, p.lon)  # type: ignore[arg-type]
        return ([moved], moved) if moved else ([], at)

    @staticmethod
    def _side(country: Place, toward: tuple[float, float]) -> list[tuple[float, float]]:
        from shapely.geometry import Point

        shape = country_shape(country.country)
        if shape is None:
            return []
        other = Point(toward[1], toward[0])
        if shape.contains(other):
            return []  # the other end lies inside this country: keep the country's point
        return inward_points(country.country, *toward)  # type: ignore[arg-type]

    def finish(self) -> None:
        """Give each P entry its name and label priority; one label per place (a country at
        the ends of several arrows gets one at each end: the runtime drops those close to
        one another)."""
        best: dict[Any, int] = {}
        for i, meta in enumerate(self.pmeta):
            kinds = meta["kinds"]
            weight = max(KIND_WEIGHT.get(k, 1) for k in kinds)
            n = sum(v for k, v in kinds.items() if k != "border_crossing")
            self.P[i][2] = self.S(meta["names"].most_common(1)[0][0])
            self.P[i][4] = weight * 1_000_000 + min(n, 99) * 10_000 + FEATURE_RANK.get(meta["feature"], 1) * 100
            gid = meta["gid"] if not meta["side"] else (meta["gid"], i)
            if gid not in best or self.P[i][4] > self.P[best[gid]][4]:
                best[gid] = i
        for i in best.values():
            self.P[i][3] |= LABELLED


def map_data(extractions: Iterable[Extraction], *, title: str | None = None,
             basemap: str = "inline") -> dict[str, Any]:
    """The payload of one map: places, events, marks by layer, legend, sources, bounds.

    ``basemap="inline"`` puts the basemap the map needs in the payload; ``"shared"`` leaves
    it to the shared basemap script a build writes once (``window.geomapBasemap``).
    """
    extractions = list(extractions)
    b = _Builder(extractions)
    S = b.S
    docs = []
    dates: set[str] = set()
    layers: dict[str, list[list[Any]]] = defaultdict(list)
    zones: dict[str, dict[str, Any]] = {}
    points: dict[tuple[int, str], dict[str, Any]] = {}
    crossings: dict[tuple[str, str, str], list[tuple[Event, int]]] = {}
    controller: dict[str, str] = {}
    countries: set[str] = set()
    actor_counts: Counter[str] = Counter()
    for di, x in enumerate(extractions):
        d = x.document
        url = d.url if d.url and re.match(r"^https?://", d.url) else None
        docs.append([S(d.title or d.id), d.published.isoformat() if d.published else None, S(url), S(d.id)])
        names = frozenset(p.name.lower() for p in x.places if p.feature != "country")
        for e in x.events:
            if not e.places:
                continue
            if e.date:
                dates.add(e.date)
            for p in e.places:
                countries.add(p.country or "")
            actor = actor_key(e.actor, places=names)
            if e.type == "crossing" and len(e.places) == 2:
                key = (e.places[0].gazetteer_id, e.places[1].gazetteer_id, mover_class(e))
                crossings.setdefault(key, []).append((e, di))
                continue
            p = e.places[0]
            pi = b.place(p, e.type)
            if e.type == "control":
                zone = zones.setdefault(p.gazetteer_id, {"p": p, "pi": pi, "actors": [], "events": []})
                zone["actors"].append(actor)
                zone["events"].append(b.event(e, di))
                if p.feature == "crossing":
                    controller[p.gazetteer_id] = actor or ""
            else:
                mark = points.setdefault((pi, e.type), {"owners": Counter(), "events": []})
                mark["events"].append(b.event(e, di))
                if actor:
                    mark["owners"][actor] += 1
            if actor and e.type in ("control", "base"):
                actor_counts[actor] += 1
        for p in x.places:
            if not p.demonym:
                countries.add(p.country or "")

    places = _mentioned_places(extractions, S)
    for key, entry in places.items():
        p = entry[5]
        if p.feature == "crossing" and p.gazetteer_id:
            pi = b.place(p, "border_crossing")
            ctrl = controller.get(key)
            if ctrl:
                actor_counts[ctrl] += 1
            layers["border_crossing"].append([pi, S(ctrl)])
    named = [a for a, _ in actor_counts.most_common()]
    colors = {a: ACTOR_PALETTE[i] for i, a in enumerate(named[:len(ACTOR_PALETTE)])}
    contested = False
    basemap_data = load_basemap()
    provinces = {a["c"]: a for cc in basemap_data["admin1"].values() for a in cc}
    bounds: list[tuple[float, float]] = []
    for z in zones.values():
        p = z["p"]
        actors = {a for a in z["actors"] if a}
        is_contested = len(actors) > 1
        contested |= is_contested
        area: Any = 0
        if p.feature == "adm1" and p.admin1 in provinces:
            area = provinces[p.admin1]["r"]
            bounds += [pt for ring in area for pt in decode_polyline(ring)[::4]]
        elif _country_area(p):
            area = p.country
        last = next((a for a in reversed(z["actors"]) if a), None)
        layers["control"].append([z["pi"], area, S(last), int(is_contested), z["events"]])
    layers["control"].sort(key=lambda row: 0 if row[1] else 1)  # areas under circles
    for (pi, kind), mark in points.items():
        owner = mark["owners"].most_common(1)[0][0] if mark["owners"] else None
        layers[kind].append([pi, S(owner), mark["events"]])
    movers: set[str] = set()
    for (_, _, mover), reports in crossings.items():
        # one arrow for every report of a crossing between two places: the route of the
        # first that names its border crossing, the count of the largest
        route = next((e for e, _ in reports if e.via_place), reports[0][0])
        top = max(reports, key=lambda r: r[0].quantity or 0)[0]
        start, end = b.crossing_ends(route)
        origin, dest = route.places
        ifrom, ito = b.end(origin, start[0] if start else None), b.end(dest, end[0] if end else None)
        via = route.via_place
        pts = [b.P[ifrom][:2]] + ([[round(via.lat, 5), round(via.lon, 5)]] if via else []) + [b.P[ito][:2]]
        movers.add(mover)
        layers["crossing"].append([pts, mover, S(_label(top)), S(route.via), [b.event(e, di) for e, di in reports],
                                   top.quantity, ifrom, ito, [[list(p) for p in start] or 0, [list(p) for p in end] or 0]])
    b.finish()
    for rows in layers.values():
        for row in rows:
            if isinstance(row[0], int):
                bounds.append(tuple(b.P[row[0]][:2]))  # type: ignore[arg-type]
            else:
                bounds += [tuple(pt) for pt in row[0]]  # type: ignore[misc]
    layers["places"] = [e[:5] for e in places.values()]
    if not bounds:
        bounds = [tuple(e[0]) for e in places.values() if e[5].feature in _LOCAL] or \
            [tuple(e[0]) for e in places.values()]  # type: ignore[misc]
    present = [k for k in KIND_STYLE if layers.get(k)]
    marked = {row[0] for k in POINT_KINDS for row in layers.get(k, ())} \
        | {row[0] for row in layers.get("control", ()) if not isinstance(row[1], list)}  # not province shapes
    flags = [b.P[i][3] for i in marked]
    return {
        "v": 2,
        "title": title or default_title(extractions),
        "S": S.items,
        "docs": docs,
        "E": b.E,
        "P": b.P,
        "layers": {k: layers[k] for k in present},
        "kinds": [[k, KIND_STYLE[k][0], KIND_STYLE[k][1]] for k in KIND_STYLE],
        "legend": {
            "kinds": [k for k in present if k != "places"],
            "movers": [[k, c] for k, c in MOVER_COLORS.items() if k in movers],
            "actors": [[a, colors[a]] for a in named[:len(ACTOR_PALETTE)]],
            "others": OTHERS_COLOR if len(named) > len(ACTOR_PALETTE) else None,
            "contested": contested,
            "hollow": any(f & HOLLOW for f in flags),
            "shaded": any(f & SHADED for f in flags),
        },
        "dates": sorted(dates),
        "bounds": _bounds(bounds),
        "base": basemap_payload(countries) if basemap == "inline" else {"shared": True,
                                                                           "admin1": sorted(c for c in countries if c)},
        "attribution": "Map data: GeoNames (CC BY 4.0), Natural Earth, Elastic Maps Service / © OpenStreetMap "
                       "contributors (ODbL); geomap",
    }


def _mentioned_places(extractions: list[Extraction], S: _Strings) -> dict[str, list[Any]]:
    """Every place the documents mention (demonyms aside), with its number of mentions."""
    places: dict[str, list[Any]] = {}
    for x in extractions:
        for p in x.places:
            if p.demonym:
                continue
            entry = places.get(p.gazetteer_id)
            if entry is None:
                places[p.gazetteer_id] = [[round(p.lat, 5), round(p.lon, 5)], S(p.place_name or p.name), S(p.feature),
                                          1, S(p.country), p]
            else:
                entry[3] += 1
    return places


def basemap_payload(countries: Iterable[str] | None = None) -> dict[str, Any]:
    """The basemap a map draws: every country, lake, disputed line and country label, and
    the province lines and names of ``countries`` (all of them when None)."""
    base = load_basemap()
    wanted = sorted(base["admin1_lines"]) if countries is None else sorted(c for c in countries if c)
    return {
        "countries": base["countries"], "lakes": base["lakes"], "disputed": base["disputed"],
        "labels": base["labels"],
        "admin1": {cc: {"l": base["admin1_lines"].get(cc, []),
                        "t": [[a["p"][0], a["p"][1], a["n"]] for a in base["admin1"][cc] if a.get("p")]}
                   for cc in wanted if cc in base["admin1"]},
    }


def _bounds(points: list[tuple[float, float]]) -> list[list[float]] | None:
    """The box around every mark: the initial view shows all of them."""
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def default_title(extractions: list[Extraction]) -> str:
    """A map's title when none is given: the article's headline, or how many articles."""
    if len(extractions) == 1:
        d = extractions[0].document
        return d.title or d.id
    if not extractions:
        return "geomap"
    days = sorted({x.document.published for x in extractions if x.document.published})
    n = "%d articles" % len(extractions)
    if not days:
        return n
    if days[0] == days[-1]:
        return "%s, %s" % (n, _day(days[0]))
    return "%s, %s – %s" % (n, _day(days[0]), _day(days[-1]))


def _day(d: Any) -> str:
    return "%d %s %d" % (d.day, d.strftime("%B"), d.year)
