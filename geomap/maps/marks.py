"""The tables of one map's payload: places (``P``), events (``E``) and the marks of each layer.

Every event drawn is one row of ``E``; every place a mark stands at is one row of ``P``
(``[lat, lon, name, flags, label priority, country]``); a mark names its place and lists
its events, so several events at one place make one mark, reports of one crossing make one
arrow, and a browser can check that every event has a mark. Strings sit once in a table
``S`` and rows refer to them by index.
"""
from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from ..model import Event, Extraction, Place
from .actors import mover_class
from .areas import Point2, area_point, country_label_point, crossing_ends, decode_polyline, is_country_area

__all__ = ["Strings", "Marks", "HOLLOW", "SHADED", "LABELLED", "POINT_KINDS"]

POINT_KINDS = ("base", "military_activity", "attack", "meeting", "displacement")
HOLLOW, SHADED, LABELLED = 1, 2, 4  # P flags: no single point; a whole country; carries the place's label
# A label's priority: the kind of its events first, then how many, then the place's rank
# (places carry no population: the feature stands in for it).
KIND_WEIGHT = {"control": 7, "crossing": 6, "attack": 6, "displacement": 6, "military_activity": 5, "base": 5,
               "meeting": 5, "border_crossing": 3}
FEATURE_RANK = {"country": 9, "adm1": 8, "city": 7, "region": 6, "adm2": 5, "town": 4, "crossing": 4, "base": 4,
                "other": 3, "water": 3, "landform": 3}
_AREA = {"country", "adm1", "adm2", "region", "water", "landform"}  # drawn hollow: no single point
LOCAL = {"city", "town", "adm2", "crossing", "base", "other", "landform", "water"}


class Strings:
    """A table of distinct strings; calling it with a string gives its index (-1 for none)."""

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


def count_label(e: Event) -> str:
    """The label of a count: "1,000 troops", "350"."""
    if e.quantity is None:
        return ""
    q = int(e.quantity) if float(e.quantity).is_integer() else e.quantity
    return "%s %s" % (f"{q:,}", e.unit) if e.unit else f"{q:,}"


class Marks:
    """Collects the places, events and marks of one map, then lays out its layers."""

    def __init__(self, extractions: list[Extraction], kinds: list[str], strings: Strings):
        self.S = strings
        self.kind_index = {k: i for i, k in enumerate(kinds)}
        self.E: list[list[Any]] = []
        self.P: list[list[Any]] = []
        self.layers: dict[str, list[list[Any]]] = {}
        self.actor_counts: Counter[str] = Counter()
        self.contested = False
        self.movers: set[str] = set()
        self._meta: list[dict[str, Any]] = []
        self._pkey: dict[Any, int] = {}
        self._zones: dict[str, dict[str, Any]] = {}
        self._points: dict[tuple[int, str], dict[str, Any]] = {}
        self._crossings: dict[tuple[str, str, str], list[tuple[Event, int]]] = {}
        self._controller: dict[str, str] = {}
        self._border_crossings: list[Place] = []
        pts = [(p.lat, p.lon) for x in extractions for e in x.events for p in (*e.places, e.via_place)
               if p is not None and p.feature in LOCAL]
        # the middle of the map's local events: where country-wide events are drawn near
        self.core: Point2 | None = (statistics.median(p[0] for p in pts),
                                    statistics.median(p[1] for p in pts)) if pts else None

    # ------------------------------------------------------------------ collect
    def add(self, e: Event, di: int, actor: str | None) -> None:
        """Take one event of document ``di`` (``actor``: its group's short name, or None)."""
        if e.type == "crossing" and len(e.places) == 2:
            self._crossings.setdefault((e.places[0].gazetteer_id, e.places[1].gazetteer_id, mover_class(e)),
                                       []).append((e, di))
            return
        p = e.places[0]
        pi = self.place(p, e.type)
        if e.type == "control":
            zone = self._zones.setdefault(p.gazetteer_id, {"p": p, "pi": pi, "actors": [], "events": [],
                                                           "disputed": False})
            zone["actors"].append(actor)
            zone["disputed"] |= e.contested  # the text itself disputes the claim
            zone["events"].append(self._event(e, di))
            if p.feature == "crossing":
                self._controller[p.gazetteer_id] = actor or ""
        else:
            mark = self._points.setdefault((pi, e.type), {"owners": Counter(), "events": []})
            mark["events"].append(self._event(e, di))
            if actor:
                mark["owners"][actor] += 1
        if actor and e.type in ("control", "base"):
            self.actor_counts[actor] += 1

    def add_border_crossing(self, p: Place) -> None:
        """A border crossing the documents mention (drawn whether or not an event is there)."""
        self._border_crossings.append(p)

    def place(self, p: Place, kind: str, at: Point2 | None = None) -> int:
        """The row of ``P`` a mark of ``kind`` at place ``p`` stands at (``at``: a point
        other than the place's own, for a country's side of a border)."""
        key: Any = p.gazetteer_id if at is None else (p.gazetteer_id, at)
        i = self._pkey.get(key)
        if i is None:
            shaded = at is None and is_country_area(p)
            lat, lon = at if at is not None else area_point(p, self.core) if shaded else (p.lat, p.lon)
            flags = (HOLLOW if p.approximate or p.feature in _AREA else 0) | (SHADED if shaded else 0)
            i = self._pkey[key] = len(self.P)
            self.P.append([round(lat, 5), round(lon, 5), -1, flags, 0, p.country or ""])
            self._meta.append({"gid": p.gazetteer_id, "names": Counter(), "kinds": Counter(), "feature": p.feature,
                               "side": at is not None})
        meta = self._meta[i]
        meta["names"][p.name] += 1
        meta["kinds"][kind] += 1
        return i

    def _event(self, e: Event, di: int) -> int:
        S = self.S
        self.E.append([self.kind_index[e.type], S(e.actor), e.quantity, e.date, S(e.evidence), di,
                       S(" → ".join(e.where)), S(e.unit)])
        return len(self.E) - 1

    def _end(self, p: Place, at: Point2 | None) -> int:
        """The row of a crossing's end: ``at`` (a country's side of a border), else the
        place's own point (for a whole country, where its name is written)."""
        if at is None and is_country_area(p):
            at = country_label_point(p.country)
        return self.place(p, "crossing", at)

    # ------------------------------------------------------------------- lay out
    def build(self, provinces: dict[str, dict[str, Any]]) -> list[Point2]:
        """Make every layer's rows (``provinces``: the basemap's first-level shapes by code);
        return the points the first view must take in."""
        S, layers = self.S, self.layers
        bounds: list[Point2] = []
        for p in self._border_crossings:
            ctrl = self._controller.get(p.gazetteer_id)
            if ctrl:
                self.actor_counts[ctrl] += 1
            layers.setdefault("border_crossing", []).append([self.place(p, "border_crossing"), S(ctrl)])
        zones = []
        for z in self._zones.values():
            p = z["p"]
            contested = z["disputed"] or len({a for a in z["actors"] if a}) > 1  # two groups claim it, or a denial
            self.contested |= contested
            area: Any = 0
            if p.feature == "adm1" and p.admin1 in provinces:
                area = provinces[p.admin1]["r"]
                bounds += [pt for ring in area for pt in decode_polyline(ring)[::4]]
            elif is_country_area(p):
                area = p.country
            last = next((a for a in reversed(z["actors"]) if a), None)
            zones.append([z["pi"], area, S(last), int(contested), z["events"]])
        if zones:
            layers["control"] = sorted(zones, key=lambda row: 0 if row[1] else 1)  # areas under circles
        for (pi, kind), mark in self._points.items():
            owner = mark["owners"].most_common(1)[0][0] if mark["owners"] else None
            layers.setdefault(kind, []).append([pi, S(owner), mark["events"]])
        for (_, _, mover), reports in self._crossings.items():
            layers.setdefault("crossing", []).append(self._arrow(mover, reports))
        self._finish()
        for rows in layers.values():
            for row in rows:
                if isinstance(row[0], int):
                    bounds.append((self.P[row[0]][0], self.P[row[0]][1]))
                else:
                    bounds += [(pt[0], pt[1]) for pt in row[0]]
        return bounds

    def _arrow(self, mover: str, reports: list[tuple[Event, int]]) -> list[Any]:
        """One arrow for every report of a crossing between two places: the route of the
        first that names its border crossing, the count of the largest."""
        route = next((e for e, _ in reports if e.via_place), reports[0][0])
        top = max(reports, key=lambda r: r[0].quantity or 0)[0]
        start, end = crossing_ends(route, self.core)
        origin, dest = route.places
        ifrom, ito = self._end(origin, start[0] if start else None), self._end(dest, end[0] if end else None)
        via = route.via_place
        pts = [self.P[ifrom][:2]] + ([[round(via.lat, 5), round(via.lon, 5)]] if via else []) + [self.P[ito][:2]]
        self.movers.add(mover)
        return [pts, mover, self.S(count_label(top)), self.S(route.via), [self._event(e, di) for e, di in reports],
                top.quantity, ifrom, ito, [[list(p) for p in start] or 0, [list(p) for p in end] or 0]]

    def _finish(self) -> None:
        """Give each place its name and label priority; one label per place (a country at
        the ends of several arrows gets one at each end: the runtime drops those close to
        one another)."""
        best: dict[Any, int] = {}
        for i, meta in enumerate(self._meta):
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

    def marked_flags(self) -> list[int]:
        """The flags of the places that carry an icon or a zone circle (not a province shape)."""
        marked = {row[0] for k in POINT_KINDS for row in self.layers.get(k, ())}
        marked |= {row[0] for row in self.layers.get("control", ()) if not isinstance(row[1], list)}
        return [self.P[i][3] for i in marked]
