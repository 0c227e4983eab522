"""What a map shows, as compact JSON-safe data: places, events, marks, legend, view.

:func:`map_data` turns extractions into the payload the map runtime
(``geomap/maps/static/geomap.js``) draws: the tables of :mod:`geomap.maps.marks` (places,
events, the marks of each layer), the legend of what is there, the sources, the box the
first view must take in and the basemap (inline, or the build's shared file).
Coordinates are rounded to five decimals (about a metre). Nothing here escapes HTML: the
runtime builds every piece of markup from these strings with its escaping helper, so
article text never becomes markup.

Events at a whole country are drawn inside it, near the rest of the map's events, with
the country shaded; a crossing from or to a country starts or ends on that country's
side of the border (:mod:`geomap.maps.areas`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..model import Extraction
from .actors import actor_key, mover_class
from .areas import load_basemap
from .marks import HOLLOW, LABELLED, LOCAL, SHADED, Marks, Strings

__all__ = ["KIND_STYLE", "map_data", "basemap_payload", "default_title", "actor_key", "mover_class", "load_basemap",
           "HOLLOW", "SHADED", "LABELLED"]

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
MOVER_COLORS = {"civilians": "#1f5fa8", "armed": "#a93226"}
ACTOR_PALETTE = ["#c0392b", "#2471a3", "#d68910", "#7d3c98", "#138d75", "#a04000", "#2e4053", "#b7950b"]
OTHERS_COLOR = "#9a958c"
ATTRIBUTION = ("Map data: GeoNames (CC BY 4.0), Natural Earth, Elastic Maps Service / © OpenStreetMap "
               "contributors (ODbL); geomap")


def map_data(extractions: Iterable[Extraction], *, title: str | None = None,
             basemap: str = "inline") -> dict[str, Any]:
    """The payload of one map: places, events, marks by layer, legend, sources, bounds.

    ``basemap="inline"`` puts the basemap the map needs in the payload; ``"shared"`` leaves
    it to the shared basemap script a build writes once (``window.geomapBasemap``).
    """
    extractions = list(extractions)
    S = Strings()
    marks = Marks(extractions, list(KIND_STYLE), S)
    docs = []
    dates: set[str] = set()
    countries: set[str] = set()
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
            countries.update(p.country or "" for p in e.places)
            marks.add(e, di, actor_key(e.actor, places=names))
        countries.update(p.country or "" for p in x.places if not p.demonym)
    places = _mentioned_places(extractions, S)
    for entry in places.values():
        if entry[5].feature == "crossing" and entry[5].gazetteer_id:
            marks.add_border_crossing(entry[5])
    base = load_basemap()
    bounds = marks.build({a["c"]: a for cc in base["admin1"].values() for a in cc})
    layers = marks.layers
    layers["places"] = [e[:5] for e in places.values()]
    if not bounds:
        bounds = [tuple(e[0]) for e in places.values() if e[5].feature in LOCAL] or \
            [tuple(e[0]) for e in places.values()]  # type: ignore[misc]
    present = [k for k in KIND_STYLE if layers.get(k)]
    named = [a for a, _ in marks.actor_counts.most_common()]
    flags = marks.marked_flags()
    return {
        "v": 2,
        "title": title or default_title(extractions),
        "S": S.items,
        "docs": docs,
        "E": marks.E,
        "P": marks.P,
        "layers": {k: layers[k] for k in present},
        "kinds": [[k, KIND_STYLE[k][0], KIND_STYLE[k][1]] for k in KIND_STYLE],
        "legend": {
            "kinds": [k for k in present if k != "places"] or present,  # no event: the places are what is shown
            "movers": [[k, c] for k, c in MOVER_COLORS.items() if k in marks.movers],
            "actors": [[a, ACTOR_PALETTE[i]] for i, a in enumerate(named[:len(ACTOR_PALETTE)])],
            "others": OTHERS_COLOR if len(named) > len(ACTOR_PALETTE) else None,
            "contested": marks.contested,
            "hollow": any(f & HOLLOW for f in flags),
            "shaded": any(f & SHADED for f in flags),
        },
        "dates": sorted(dates),
        "bounds": _bounds(bounds),
        "base": basemap_payload(countries) if basemap == "inline" else {"shared": True,
                                                                           "admin1": sorted(c for c in countries if c)},
        "attribution": ATTRIBUTION,
    }


def _mentioned_places(extractions: list[Extraction], S: Strings) -> dict[str, list[Any]]:
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
