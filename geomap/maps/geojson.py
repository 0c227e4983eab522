"""RFC 7946 GeoJSON from extractions: the only place coordinates go lon-first.

Places (demonyms left out) are Points; events are Points, except crossings, which are
LineStrings origin -> (via) -> destination. Properties are flat and JSON-safe.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model import Event, Extraction, Place

__all__ = ["place_feature", "event_feature", "extraction_features", "feature_collection"]


def _round(coords: Any) -> Any:
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 5), round(coords[1], 5)]
    return [_round(c) for c in coords]


def place_feature(place: Place, document: str) -> dict[str, Any]:
    """A place mention as a GeoJSON Point feature."""
    feat = place.__geo_interface__
    props = dict(feat["properties"], kind="place", document=document)
    return {"type": "Feature", "id": "%s/%s" % (document, feat["id"]),
            "geometry": {"type": "Point", "coordinates": _round(feat["geometry"]["coordinates"])},
            "properties": props}


def event_feature(event: Event, document: str) -> dict[str, Any]:
    """An event as a GeoJSON feature (a LineString for a crossing with both ends)."""
    feat = event.__geo_interface__
    geom = feat["geometry"]
    props = dict(feat["properties"], kind="event", document=document)
    return {"type": "Feature", "id": feat["id"] if event.document else "%s/%s" % (document, feat["id"]),
            "geometry": {"type": geom["type"], "coordinates": _round(geom["coordinates"])},
            "properties": props}


def extraction_features(extraction: Extraction, *, places: bool = True, events: bool = True) -> list[dict[str, Any]]:
    """The features of one document: its places (not demonyms), then its events."""
    doc = extraction.document.id
    out: list[dict[str, Any]] = []
    if places:
        out += [place_feature(p, doc) for p in extraction.places if not p.demonym]
    if events:
        out += [event_feature(e, doc) for e in extraction.events if e.places]
    return out


def feature_collection(extractions: Iterable[Extraction], **kw: bool) -> dict[str, Any]:
    """One FeatureCollection for many documents, with a bbox when it has features."""
    feats = [f for x in extractions for f in extraction_features(x, **kw)]
    fc: dict[str, Any] = {"type": "FeatureCollection", "features": feats}
    lons: list[float] = []
    lats: list[float] = []
    for f in feats:
        coords = f["geometry"]["coordinates"]
        pts = [coords] if f["geometry"]["type"] == "Point" else coords
        lons += [p[0] for p in pts]
        lats += [p[1] for p in pts]
    if feats:
        fc["bbox"] = [min(lons), min(lats), max(lons), max(lats)]
    return fc
