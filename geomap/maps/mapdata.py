"""What a map shows, as compact JSON-safe data: the layers, colours, legend and sources.

:func:`map_data` turns extractions into the payload the map runtime
(``geomap/maps/static/geomap.js``) draws. Strings repeat a lot (actors, sentences), so they
sit once in a table ``S`` and features refer to them by index; coordinates are rounded to
five decimals (about a metre). Nothing here escapes HTML: the runtime builds every piece
of markup from these strings with its escaping helper, so article text never becomes markup.
"""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..gazetteer.store import DATA_DIR
from ..model import Event, Extraction, Place

__all__ = ["KIND_STYLE", "map_data", "actor_key", "mover_class", "load_basemap"]

# kind -> (legend label, colour of its mark); actors colour control zones and crossings.
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
_GENERIC = {"the", "a", "an", "of", "and", "forces", "force", "fighters", "troops", "soldiers", "militia",
            "militias", "army", "military", "group", "units", "government", "govt", "security", "armed",
            "regime", "its", "their", "some", "local", "special", "delegation", "officials", "ministers",
            "foreign", "state", "people", "'s", "’s"}
_ARMED = re.compile(r"\b(troops?|soldiers?|servicemen|army|military|forces?|fighters?|militants?|militias?|"
                    r"rebels?|police|guards?|personnel|gunmen|insurgents?|jihadists?|mercenaries|airmen|"
                    r"marines|battalions?|brigades?|units?|elements|convoy)\b", re.I)
_LOCAL = {"city", "town", "adm2", "crossing", "base", "other", "landform", "water", "adm1"}
_ZONE_RADIUS_M = {"city": 15000, "town": 8000, "crossing": 5000, "base": 4000, "adm2": 30000, "other": 6000,
                  "landform": 20000, "water": 10000}


@lru_cache(maxsize=1)
def load_basemap() -> dict[str, Any]:
    """The shipped offline basemap (countries, lakes, disputed lines, labels, provinces)."""
    with gzip.open(DATA_DIR / "basemap.json.gz", "rt", encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def _demonym_countries() -> dict[str, str]:
    """Lower-case demonym -> country name (for "Russian" ~ "Russia")."""
    from ..gazetteer.countries import country_rows
    from ..places.lexicon import load_lexicon

    names = {r["id"]: r["name"] for r in country_rows()}
    return {form.lower(): names[pid] for form, pid in load_lexicon().demonyms.items() if pid in names}


def actor_key(actor: str | None) -> str | None:
    """The group an actor phrase names, for colouring: "Taliban fighters" -> "Taliban",
    "Russian forces" -> "Russia", "Tajikistan's forces" -> "Tajikistan".

    Examples
    --------
    >>> actor_key("Taliban fighters"), actor_key("the militia"), actor_key(None)
    ('Taliban', 'militia', None)
    """
    if not actor:
        return None
    words = [w for w in re.split(r"[\s,;()]+", actor.replace("’s", "").replace("'s", "")) if w]
    dem = _demonym_countries()
    proper = [w for w in words if w[:1].isupper() and w.lower() not in _GENERIC]
    if proper:
        return dem.get(proper[0].lower(), proper[0])
    rest = [w for w in words if w.lower() not in _GENERIC - {"militia", "militias", "army", "regime"}]
    return (rest or words)[-1].lower() if (rest or words) else None


def mover_class(event: Event) -> str:
    """Who crosses: ``armed`` (troops, fighters, police) or ``civilians``."""
    return "armed" if _ARMED.search(" ".join(filter(None, [event.actor, event.unit]))) else "civilians"


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


def _pt(p: Place) -> list[float]:
    return [round(p.lat, 5), round(p.lon, 5)]


def _label(e: Event) -> str:
    if e.quantity is not None:
        q = int(e.quantity) if float(e.quantity).is_integer() else e.quantity
        return "%s %s" % (f"{q:,}", e.unit or "") if e.unit else f"{q:,}"
    return ""


def map_data(extractions: Iterable[Extraction], *, title: str | None = None) -> dict[str, Any]:
    """The payload of one map: every layer's features, colours, legend, sources, bounds."""
    extractions = list(extractions)
    S = _Strings()
    docs = []
    dates: set[str] = set()
    actor_counts: Counter[str] = Counter()
    for x in extractions:
        for e in x.events:
            k = actor_key(e.actor)
            drawn = e.places and e.places[0].feature not in ("country", "region")
            if k and drawn and e.type in ("control", "base"):  # the kinds coloured by actor
                actor_counts[k] += 1
    colors = {a: ACTOR_PALETTE[i] for i, (a, _) in enumerate(actor_counts.most_common(len(ACTOR_PALETTE)))}
    layers: dict[str, list[list[Any]]] = defaultdict(list)
    zones: dict[str, dict[str, Any]] = {}
    controller: dict[str, str] = {}
    places: dict[str, list[Any]] = {}
    countries: set[str] = set()
    bounds: list[list[float]] = []
    for di, x in enumerate(extractions):
        d = x.document
        url = d.url if d.url and re.match(r"^https?://", d.url) else None
        docs.append([S(d.title or d.id), d.published.isoformat() if d.published else None, S(url), S(d.id)])
        for e in x.events:
            if not e.places:
                continue
            if e.date:
                dates.add(e.date)
            sent, actor = S(e.evidence), S(e.actor)
            common = [actor, e.quantity, e.date, sent, di, S(" → ".join(e.where)), S(e.unit)]
            for p in e.places:
                countries.add(p.country or "")
            if e.type == "crossing" and len(e.places) == 2:
                pts = [_pt(e.places[0])] + ([_pt(e.via_place)] if e.via_place else []) + [_pt(e.places[1])]
                layers["crossing"].append([pts, mover_class(e), S(_label(e)), S(e.via)] + common)
                bounds += pts
                continue
            p = e.places[0]
            if p.feature in ("country", "region") and e.type != "meeting":
                continue  # a whole country is no point on the map for this kind
            bounds.append(_pt(p))
            if e.type == "control":
                key = p.gazetteer_id
                zone = zones.setdefault(key, {"p": p, "actors": [], "events": []})
                zone["actors"].append(actor_key(e.actor) or "unknown")
                zone["events"].append(common)
                if p.feature == "crossing":
                    controller[key] = actor_key(e.actor) or "unknown"
            else:
                layers[e.type].append([_pt(p), S(actor_key(e.actor))] + common)
        for p in x.places:
            if p.demonym:
                continue
            countries.add(p.country or "")
            entry = places.get(p.gazetteer_id)
            if entry is None:
                places[p.gazetteer_id] = [_pt(p), S(p.place_name or p.name), S(p.feature), 1, S(p.country), p]
            else:
                entry[3] += 1
    for z in zones.values():
        p = z["p"]
        contested = len(set(z["actors"])) > 1
        polygon = p.admin1 if p.feature == "adm1" else None
        layers["control"].append([_pt(p), S(polygon), S(z["actors"][-1]), contested,
                                  _ZONE_RADIUS_M.get(p.feature, 8000), S(p.name), z["events"]])
    for key, entry in places.items():
        p = entry[5]
        if p.feature == "crossing":
            layers["border_crossing"].append([entry[0], S(p.name), S(controller.get(key))])
    layers["places"] = [e[:5] for e in places.values()]
    if not bounds:
        bounds = [e[0] for e in places.values() if e[5].feature in _LOCAL] or [e[0] for e in places.values()]
    legend_actors = [[a, c] for a, c in colors.items()]
    box = _core_bounds(bounds)
    base = load_basemap()
    admin1 = {cc: base["admin1"][cc] for cc in sorted(countries) if cc in base["admin1"]}
    present = [k for k in KIND_STYLE if layers.get(k)]
    return {
        "title": title or _default_title(extractions),
        "S": S.items,
        "docs": docs,
        "layers": {k: layers[k] for k in present},
        "kinds": [[k, KIND_STYLE[k][0], KIND_STYLE[k][1]] for k in present],
        "movers": [[k, c] for k, c in MOVER_COLORS.items()],
        "actors": legend_actors,
        "dates": sorted(dates),
        "bounds": box,
        "base": {"countries": base["countries"], "lakes": base["lakes"], "disputed": base["disputed"],
                 "labels": base["labels"], "admin1": admin1},
        "attribution": "Map data: GeoNames (CC BY 4.0), Natural Earth, Elastic Maps Service / © OpenStreetMap "
                       "contributors (ODbL); geomap",
    }


def _core_bounds(points: list[list[float]]) -> list[list[float]] | None:
    """The box around the map's main area: points far (> 1,500 km) from the median point
    are left out (a meeting in Moscow need not shrink a map of the Afghan border), unless
    that would leave out more than a quarter of them."""
    if not points:
        return None
    from ..gazetteer.lookup import haversine_km

    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    mid = (lats[len(lats) // 2], lons[len(lons) // 2])
    core = [p for p in points if haversine_km(p[0], p[1], *mid) <= 1500]
    if len(core) < 0.75 * len(points):
        core = points
    return [[min(p[0] for p in core), min(p[1] for p in core)], [max(p[0] for p in core), max(p[1] for p in core)]]


def _default_title(extractions: list[Extraction]) -> str:
    if len(extractions) == 1:
        d = extractions[0].document
        return d.title or d.id
    return "%d articles" % len(extractions) if extractions else "geomap"
