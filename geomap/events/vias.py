"""Ways the text names but the gazetteer lacks ("via the Darien Gap", "through the Jdeidet
Yabus border"): at the known place the sentence gives as its other name ("also known as
Masnaa crossing"), else placed, approximate, on the border the crossing's two ends share.
A way that is a river, a landform or a region ("crossing the Ruvuma River into Tanzania"),
or a known place far off the way between the two ends (a namesake town), is placed on that
border too: the gazetteer's point for it is not where the people crossed.

The point is where the shared border (the two countries' boundaries, from the gazetteer)
comes nearest to the straight line between origin and destination; with no shared
border (a sea crossing) it is that line's midpoint. The place is marked ``approximate``
with a low confidence, as the contract asks.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..model import Event, Place

__all__ = ["place_vias", "border_point"]

_CONFIDENCE = 0.1
_NO_POINT = {"water", "landform", "region"}  # features whose point is not where one crosses them


def place_vias(events: list[Event] | tuple[Event, ...], places: list[Place], gazetteer: Any) -> tuple[list[Event], list[Place]]:
    """Events with every named via placed, and the places with the new ones added (in text order)."""
    out_events, added = [], []
    for e in events:
        if e.type == "crossing" and e.via_place is not None and len(e.places) == 2 \
                and (e.via_place.feature in _NO_POINT or _off_the_way(e.via_place, *e.places)):
            lat, lon = border_point(e.places[0], e.places[1], gazetteer)
            e = replace(e, via_place=replace(e.via_place, lat=lat, lon=lon, feature="crossing",
                                             confidence=_CONFIDENCE, approximate=True,
                                             gazetteer_id="approximate:%s" % "-".join(e.via_place.name.lower().split())))
        elif e.type == "crossing" and e.via and e.via_place is None and e.via_span is not None and len(e.places) == 2:
            start, end = e.via_span
            alias = _alias(e, end, places)
            if alias is not None:  # "the X border, also known in Lebanon as Masnaa crossing": the same place
                via = replace(alias, name=e.via, start=start, end=end)
            else:
                lat, lon = border_point(e.places[0], e.places[1], gazetteer)
                via = Place(name=e.via, start=start, end=end, lat=lat, lon=lon, feature="crossing",
                            country=e.places[1].country, gazetteer_id="approximate:%s" % "-".join(e.via.lower().split()),
                            confidence=_CONFIDENCE, approximate=True)
            if not any(p.start == start and p.end == end for p in places + added):
                added.append(via)
            e = replace(e, via_place=via)
        out_events.append(e)
    out_events = _the_one_way(out_events, places, gazetteer)
    return out_events, sorted(places + added, key=lambda p: (p.start, p.end))


def _off_the_way(via: Place, origin: Place, destination: Place) -> bool:
    """Whether going by ``via`` would lengthen the way by half and by more than 100 km."""
    from geopy.distance import great_circle

    def km(a: Place, b: Place) -> float:
        return great_circle((a.lat, a.lon), (b.lat, b.lon)).km

    direct = km(origin, destination)
    detour = km(origin, via) + km(via, destination) - direct
    return detour > max(100.0, 0.5 * direct)


def _the_one_way(events: list[Event], places: list[Place], gazetteer: Any) -> list[Event]:
    """A crossing whose sentence names no way goes through the one border crossing the
    article names on that border ("4,000 refugees entered Uganda" in an article about the
    Bunagana border post), when it names exactly one."""
    ways: dict[str, Place] = {}
    for p in places:
        if p.feature == "crossing" and not p.approximate and (
                p.gazetteer_id not in ways or ways[p.gazetteer_id].name.isupper()):
            ways[p.gazetteer_id] = p  # the first mention, unless that one is a dateline's capitals
    if not ways:
        return events
    sides = {gid: _sides(gid, gazetteer) for gid in ways}
    out = []
    for e in events:
        if e.type == "crossing" and e.via is None and len(e.places) == 2:
            pair = {e.places[0].country, e.places[1].country}
            on_border = [gid for gid, cc in sides.items() if len(pair) == 2 and cc == pair]
            if len(on_border) == 1:
                way = ways[on_border[0]]
                e = replace(e, via=way.name, via_place=way)
        out.append(e)
    return out


def _sides(place_id: str, gazetteer: Any) -> frozenset[str]:
    get = getattr(gazetteer, "get", None)
    row = get(place_id) if get is not None else None
    return frozenset(getattr(row, "countries", ()) or ())


def _alias(e: Event, end: int, places: list[Place]) -> Place | None:
    """A known place the sentence gives as another name of the way: 'X, also known as Y'."""
    for p in places:
        if p.approximate or p.demonym or not end <= p.start <= end + 80 or p.end > e.end:
            continue
        between = e.evidence[end - e.start:p.start - e.start].lower()
        cues, way_words = _alias_words()
        words = [w for w in between.replace(",", " ").split() if w not in way_words]
        text = " ".join(words)
        for cue in cues:
            if text == cue or (text.startswith(cue.split()[0]) and text.endswith(cue.split()[-1])
                               and len(words) <= len(cue.split()) + 3):
                return p  # "also known in Lebanon as": a cue with a short aside inside
    return None


@lru_cache(maxsize=1)
def _alias_words() -> tuple[tuple[str, ...], frozenset[str]]:
    """The alias cues, longest first, and the words naming a way ("border", "gate", "the")."""
    from .lexicon import event_lexicon

    words = event_lexicon().words
    cues = tuple(sorted(words["alias_cues"], key=lambda c: (-len(c), c)))
    return cues, frozenset(words["path_heads"]) | frozenset(words["crossing_nouns"]) | {"the"}


def border_point(origin: Place, destination: Place, gazetteer: Any) -> tuple[float, float]:
    """Where the two places' countries' shared border comes nearest to the line between
    them (the line's midpoint when they share none)."""
    from shapely.geometry import LineString
    from shapely.ops import nearest_points

    line = LineString([(origin.lon, origin.lat), (destination.lon, destination.lat)])  # (lon, lat) at the shapely edge
    border = _shared_border(origin.country, destination.country, gazetteer) if origin.country != destination.country else None
    if border is None or border.is_empty:
        mid = line.interpolate(0.5, normalized=True)
        return mid.y, mid.x
    point = nearest_points(border, line)[0]
    return point.y, point.x


def _shared_border(a: str | None, b: str | None, gazetteer: Any) -> Any:
    if not a or not b:
        return None
    return _shared(a, b, str(getattr(gazetteer, "path", id(gazetteer))), gazetteer)


@lru_cache(maxsize=64)
def _shared(a: str, b: str, key: str, gazetteer: Any) -> Any:
    from shapely.geometry import shape

    ga, gb = gazetteer.boundary(0, a), gazetteer.boundary(0, b)
    if ga is None or gb is None:
        return None
    sa, sb = shape(ga), shape(gb)
    near = sa.buffer(0.05).intersection(sb.buffer(0.05))  # simplified outlines rarely touch exactly
    return None if near.is_empty else near
