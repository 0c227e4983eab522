"""Frozen records that flow between the stages: text -> places -> events -> map.

Coordinates are ``lat``/``lon`` by name everywhere; ``(lon, lat)`` order appears only in
``__geo_interface__``, which lets shapely (``shape(place)``) and folium (``GeoJson(place)``)
take these objects as they are.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

__all__ = [
    "FEATURES",
    "EVENT_TYPES",
    "Candidate",
    "Document",
    "Mention",
    "Place",
    "Event",
    "Extraction",
]

FEATURES = (
    "country", "adm1", "adm2", "city", "town", "crossing", "base", "region", "water",
    "landform", "other",
)
EVENT_TYPES = (
    "crossing", "displacement", "control", "base", "military_activity", "attack", "meeting",
)


def _check_point(obj: Any) -> None:
    lat, lon = obj.lat, obj.lon
    for label, value in (("lat", lat), ("lon", lon)):
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError("%s: %s must be a finite number, got %r" % (type(obj).__name__, label, value))
    if not -90 <= lat <= 90:
        hint = " (lat and lon swapped?)" if -90 <= lon <= 90 else ""
        raise ValueError("%s: lat %r outside [-90, 90]%s" % (type(obj).__name__, lat, hint))
    if not -180 <= lon <= 180:
        raise ValueError("%s: lon %r outside [-180, 180]" % (type(obj).__name__, lon))


def _check_span(obj: Any) -> None:
    if not (0 <= obj.start <= obj.end) or obj.end - obj.start != len(obj.name):
        raise ValueError(
            "%s %r: span %d-%d does not fit the name" % (type(obj).__name__, obj.name, obj.start, obj.end)
        )


def _point_feature(fid: str, lat: float, lon: float, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": fid,
        "geometry": {"type": "Point", "coordinates": (lon, lat)},
        "properties": props,
    }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer record, as a lookup returns it.

    ``matched`` is the name the query reached it by, ``match`` how (``exact``,
    ``alias``, ``variant``, ``skeleton``, ``token``, ``fuzzy``, ``reverse``),
    ``similarity`` in [0, 1] and ``distance_km`` for reverse lookups.
    """

    id: str
    name: str
    feature: str
    code: str
    country: str | None
    lat: float
    lon: float
    population: int = 0
    countries: tuple[str, ...] = ()
    admin1: str | None = None
    admin2: str | None = None
    matched: str = ""
    match: str = "exact"
    similarity: float = 1.0
    distance_km: float | None = None

    def __post_init__(self) -> None:
        _check_point(self)
        if self.feature not in FEATURES:
            raise ValueError("Candidate %r: unknown feature %r" % (self.id, self.feature))

    @property
    def admin1_key(self) -> str | None:
        """``"AF.24"``: the GeoNames code of the first-level division it lies in."""
        return "%s.%s" % (self.country, self.admin1) if self.country and self.admin1 else None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-safe dict (the ``raw`` of a geopy Location)."""
        d = asdict(self)
        d["countries"] = list(self.countries)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Candidate:
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["countries"] = tuple(kw.get("countries") or ())
        return cls(**kw)

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        props = {k: v for k, v in self.to_dict().items() if k not in ("lat", "lon", "countries")}
        props["countries"] = ",".join(self.countries)
        return _point_feature(self.id, self.lat, self.lon, props)


@dataclass(frozen=True, slots=True)
class Document:
    """One input article: an id, its text, when it was published, where it came from."""

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None  # the file (and line) it was read from

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError("Document %r: text must be str" % self.id)
        if not self.id:
            raise ValueError("Document: id must not be empty")


@dataclass(frozen=True, slots=True)
class Mention:
    """A toponym found in the text, before it is placed.

    ``cue`` is the feature the context asks for ("Kunduz *province*" -> ``adm1``);
    ``demonym`` marks a country adjective or demonym ("Afghan refugees"), whose
    ``target`` is the gazetteer id it stands for.
    """

    name: str
    start: int
    end: int
    cue: str | None = None
    demonym: bool = False
    target: str | None = None
    source: str = "gazetteer"
    container: str | None = None  # "Athens, Texas" -> "Texas"; "Kunduz province of Afghanistan"

    def __post_init__(self) -> None:
        _check_span(self)


@dataclass(frozen=True, slots=True)
class Place:
    """A mention placed on the map: the contract's ``places`` entry."""

    name: str
    start: int
    end: int
    lat: float
    lon: float
    feature: str
    country: str | None
    gazetteer_id: str
    confidence: float
    demonym: bool = False
    place_name: str = ""  # the gazetteer's own name ("Kunduz" for "Qunduz")
    admin1: str | None = None  # "AF.24"
    approximate: bool = False  # placed at its container's point: the gazetteer lacks it there

    def __post_init__(self) -> None:
        _check_span(self)
        _check_point(self)
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError("Place %r: confidence %r outside [0, 1]" % (self.name, self.confidence))

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape (``demonym`` and ``approximate`` only when true)."""
        d: dict[str, Any] = {
            "name": self.name, "start": self.start, "end": self.end,
            "lat": round(self.lat, 5), "lon": round(self.lon, 5), "feature": self.feature,
            "country": self.country, "gazetteer_id": self.gazetteer_id,
            "confidence": round(self.confidence, 3),
        }
        if self.demonym:
            d["demonym"] = True
        if self.approximate:
            d["approximate"] = True
        if self.place_name:
            d["place_name"] = self.place_name
        if self.admin1:
            d["admin1"] = self.admin1
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        return cls(
            name=d["name"], start=d["start"], end=d["end"], lat=d["lat"], lon=d["lon"],
            feature=d["feature"], country=d.get("country"), gazetteer_id=d["gazetteer_id"],
            confidence=d["confidence"], demonym=bool(d.get("demonym", False)),
            place_name=d.get("place_name", ""),
            admin1=d.get("admin1"), approximate=bool(d.get("approximate", False)),
        )

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        props = {k: v for k, v in self.to_dict().items() if k not in ("lat", "lon")}
        return _point_feature("%s@%d" % (self.gazetteer_id, self.start), self.lat, self.lon, props)


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened somewhere, read from one sentence: the contract's event."""

    type: str
    where: tuple[str, ...]
    evidence: str
    start: int
    end: int
    places: tuple[Place, ...] = ()
    via: str | None = None
    via_place: Place | None = None
    actor: str | None = None
    quantity: float | None = None
    unit: str | None = None
    date: str | None = None
    document: str | None = None

    def __post_init__(self) -> None:
        if self.type not in EVENT_TYPES:
            raise ValueError("Event: unknown type %r" % self.type)
        if len(self.places) != len(self.where):
            raise ValueError("Event %s: %d places for %d where names" % (self.type, len(self.places), len(self.where)))
        if self.quantity is not None and not math.isfinite(self.quantity):
            raise ValueError("Event %s: quantity %r is not finite" % (self.type, self.quantity))

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape."""
        q = self.quantity
        return {
            "type": self.type, "where": list(self.where), "via": self.via, "actor": self.actor,
            "quantity": int(q) if q is not None and float(q).is_integer() else q,
            "unit": self.unit, "date": self.date, "evidence": self.evidence,
            "start": self.start, "end": self.end,
        }

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        pts = [(p.lon, p.lat) for p in self.places]
        if self.type == "crossing" and len(pts) == 2:
            if self.via_place is not None:
                pts.insert(1, (self.via_place.lon, self.via_place.lat))
            geometry: dict[str, Any] = {"type": "LineString", "coordinates": tuple(pts)}
        else:
            geometry = {"type": "Point", "coordinates": pts[0]}
        props = {k: v for k, v in self.to_dict().items() if k not in ("start", "end")}
        props["where"] = " -> ".join(self.where)
        props["document"] = self.document
        return {
            "type": "Feature",
            "id": "%s:%s@%d:%s" % (self.document or "", self.type, self.start, "+".join(p.gazetteer_id for p in self.places)),
            "geometry": geometry, "properties": props,
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """A document with the places and events read from it."""

    document: Document
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        text = self.document.text
        for p in self.places:
            if text[p.start:p.end] != p.name:
                raise ValueError(
                    "Place %r at %d-%d does not match the text %r"
                    % (p.name, p.start, p.end, text[p.start:p.end])
                )

    def to_dict(self) -> dict[str, Any]:
        """The contract's per-document JSON object."""
        return {
            "id": self.document.id,
            "places": [p.to_dict() for p in self.places],
            "events": [e.to_dict() for e in self.events],
        }

    def to_geojson(self) -> dict[str, Any]:
        """An RFC 7946 FeatureCollection of its places (not demonyms) and events."""
        from .maps.geojson import feature_collection

        return feature_collection([self])

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return self.to_geojson()

    def to_records(self, *, gazetteer: Any = None) -> list[dict[str, Any]]:
        """One ACLED-style row per event, as ``geomap extract --format csv`` writes them
        (see :mod:`geomap.maps.tables`); ``gazetteer`` gives province names (default: the
        shipped one)."""
        from .maps.tables import event_rows

        return list(event_rows(self, gazetteer=gazetteer))

    def _repr_html_(self) -> str:
        """A small map, for Jupyter."""
        from .maps.render import build_map

        return build_map([self])._repr_html_()

    def to_record(self) -> dict[str, Any]:
        """Everything needed to rebuild this object (document text included), JSON-safe."""
        d = self.document
        index = {(p.gazetteer_id, p.start): i for i, p in enumerate(self.places)}

        def ref(p: Place | None) -> Any:
            return None if p is None else index.get((p.gazetteer_id, p.start), p.to_dict())

        return {
            "document": {"id": d.id, "text": d.text, "published": d.published.isoformat() if d.published else None,
                         "title": d.title, "url": d.url, "source": d.source},
            "places": [p.to_dict() for p in self.places],
            "events": [dict(e.to_dict(), places=[ref(p) for p in e.places], via_place=ref(e.via_place),
                            document=e.document) for e in self.events],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> Extraction:
        """The inverse of :meth:`to_record`."""
        d = r["document"]
        doc = Document(d["id"], d["text"], date.fromisoformat(d["published"]) if d.get("published") else None,
                       d.get("title"), d.get("url"), d.get("source"))
        places = tuple(Place.from_dict(p) for p in r["places"])

        def deref(x: Any) -> Place | None:
            if x is None:
                return None
            return places[x] if isinstance(x, int) else Place.from_dict(x)

        events = tuple(
            Event(type=e["type"], where=tuple(e["where"]), evidence=e["evidence"], start=e["start"], end=e["end"],
                  places=tuple(deref(p) for p in e["places"]), via=e.get("via"), via_place=deref(e.get("via_place")),
                  actor=e.get("actor"), quantity=e.get("quantity"), unit=e.get("unit"), date=e.get("date"),
                  document=e.get("document"))
            for e in r["events"])
        return cls(doc, places, events, tuple(r.get("warnings", ())))
