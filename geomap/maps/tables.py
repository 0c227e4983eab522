"""Events and places as tables: ACLED-style rows, RFC 4180 CSV, pandas and GeoPandas frames.

One row per event. Columns carry ACLED's names wherever they mean the same thing
(``event_id_cnty``, ``event_date``, ``year``, ``time_precision``, ``event_type``,
``actor1``, ``iso``, ``country``, ``admin1``, ``admin2``, ``location``, ``latitude``,
``longitude``, ``geo_precision``, ``source``, ``notes``), then geomap's own (``quantity``,
``unit``, ``origin`` and ``destination`` with their coordinates, ``via``, ``document``).
Two columns differ from ACLED in content: ``event_type`` holds geomap's kinds (crossing,
control, ...), and ``iso`` the ISO 3166-1 alpha-2 code (ACLED's is numeric).

The event's location is its place; for a crossing, the border crossing used when the text
names it, else the destination. ``geo_precision`` follows ACLED: 1 a town or a point
(crossing, base), 2 a district or a place near one (river, mountain), 3 a province,
region or country (and any place put at its container's point). ``event_date`` is the
date the sentence gives (``time_precision`` 1) or else the publication day
(``time_precision`` 2: the event is reported, not dated, by then).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import IO, Any

from ..gazetteer.countries import country_name, country_rows
from ..gazetteer.lookup import Gazetteer
from ..model import Event, Extraction, Place

__all__ = [
    "EVENT_COLUMNS",
    "PLACE_COLUMNS",
    "event_rows",
    "place_rows",
    "write_csv",
    "events_csv",
    "to_dataframe",
    "to_geodataframe",
]

EVENT_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "actor1", "iso", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "quantity", "unit", "origin", "origin_latitude", "origin_longitude",
    "destination", "destination_latitude", "destination_longitude", "via", "document",
)
PLACE_COLUMNS = (
    "document", "name", "start", "end", "lat", "lon", "feature", "country", "gazetteer_id", "confidence",
    "demonym", "approximate", "place_name", "admin1",
)
_PRECISION = {"city": 1, "town": 1, "crossing": 1, "base": 1, "adm2": 2, "water": 2, "landform": 2, "other": 2,
              "adm1": 3, "region": 3, "country": 3}
_TABLES = ("events", "places")


@lru_cache(maxsize=1)
def _iso3() -> dict[str, str]:
    return {r["iso"]: r["iso3"] for r in country_rows()}


def _number(value: float | None) -> float | int | None:
    """A count as an int when it is whole (350, not 350.0)."""
    return int(value) if value is not None and float(value).is_integer() else value


def geo_precision(place: Place) -> int:
    """ACLED's geo_precision of a place: 1 town or point, 2 district or near, 3 province or country."""
    if place.approximate or place.demonym:
        return 3
    return _PRECISION.get(place.feature, 2)


class _Admin:
    """First-level division names, from the gazetteer (opened only when a row needs one)."""

    def __init__(self, gazetteer: Gazetteer | None):
        self._gaz = gazetteer

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = Gazetteer.open()
        return self._gaz

    def admin1(self, place: Place) -> str | None:
        if place.feature in ("country", "region"):
            return None
        if place.feature == "adm1":
            return place.place_name or place.name
        if place.admin1:
            cc, _, code = place.admin1.partition(".")
            record = self.gaz.admin1(cc, code)
        else:
            record = self.gaz.containing(place.lat, place.lon)[1]
        return record.name if record is not None else None


def _location(event: Event) -> Place | None:
    if not event.places:
        return None
    if event.type == "crossing":
        return event.via_place or event.places[-1]
    return event.places[0]


def _event_row(extraction: Extraction, event: Event, n: int, admin: _Admin) -> dict[str, Any]:
    doc = extraction.document
    where = _location(event)
    iso = where.country if where is not None else None
    day = event.date or (doc.published.isoformat() if doc.published else None)
    prefix = _iso3().get(iso or "", "")
    row: dict[str, Any] = dict.fromkeys(EVENT_COLUMNS)
    row.update({
        "event_id_cnty": "%s%s-%d" % (prefix + "-" if prefix else "", doc.id, n),
        "event_date": day, "year": int(day[:4]) if day else None,
        "time_precision": (1 if event.date else 2) if day else None,
        "event_type": event.type, "actor1": event.actor, "iso": iso,
        "country": country_name(iso) if iso else None,
        "source": doc.url or doc.title or doc.id, "notes": event.evidence,
        "quantity": _number(event.quantity), "unit": event.unit, "via": event.via, "document": doc.id,
    })
    if where is not None:
        row.update({
            "admin1": admin.admin1(where),
            "admin2": (where.place_name or where.name) if where.feature == "adm2" else None,
            "location": where.place_name or where.name,
            "latitude": round(where.lat, 5), "longitude": round(where.lon, 5),
            "geo_precision": geo_precision(where),
        })
    if event.type == "crossing" and len(event.places) == 2:
        for end, p in zip(("origin", "destination"), event.places):
            row.update({end: p.name, end + "_latitude": round(p.lat, 5), end + "_longitude": round(p.lon, 5)})
    return row


def _extractions(source: Extraction | Iterable[Extraction]) -> Iterator[Extraction]:
    if isinstance(source, Extraction):
        yield source
        return
    for item in source:
        if not isinstance(item, Extraction):
            raise TypeError("expected Extraction objects, got %s" % type(item).__name__)
        yield item


def event_rows(source: Extraction | Iterable[Extraction], *, gazetteer: Gazetteer | None = None
               ) -> Iterator[dict[str, Any]]:
    """One ACLED-style row per event (keys: :data:`EVENT_COLUMNS`), in document and text order.

    Parameters
    ----------
    source
        An extraction or several.
    gazetteer
        Where province names come from (default: :meth:`Gazetteer.open`, when first needed).
    """
    admin = _Admin(gazetteer)
    for x in _extractions(source):
        for n, event in enumerate(x.events, 1):
            yield _event_row(x, event, n, admin)


def place_rows(source: Extraction | Iterable[Extraction]) -> Iterator[dict[str, Any]]:
    """One row per place mention (keys: :data:`PLACE_COLUMNS`: the contract's fields)."""
    for x in _extractions(source):
        for p in x.places:
            row = dict.fromkeys(PLACE_COLUMNS)
            row.update(p.to_dict(), document=x.document.id, demonym=p.demonym, approximate=p.approximate)
            yield row


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str], *, columns: tuple[str, ...] = EVENT_COLUMNS,
              header: bool = True) -> int:
    """Write rows as RFC 4180 CSV (quoted where needed, CRLF line ends, empty for none);
    return how many. Open files with ``newline=""``."""
    writer = csv.DictWriter(out, fieldnames=columns, dialect="excel", lineterminator="\r\n")
    if header:
        writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def events_csv(source: Extraction | Iterable[Extraction], *, gazetteer: Gazetteer | None = None) -> str:
    """The events of extractions as CSV text, header included."""
    buf = io.StringIO(newline="")
    write_csv(event_rows(source, gazetteer=gazetteer), buf)
    return buf.getvalue()


# ------------------------------------------------------------------------- data frames
def _frame_rows(source: Extraction | Iterable[Extraction], table: str, gazetteer: Gazetteer | None
                ) -> tuple[list[dict[str, Any]], list[Any], tuple[str, ...]]:
    """Rows, and the objects whose ``__geo_interface__`` gives each row's geometry."""
    if table not in _TABLES:
        raise ValueError("table must be 'events' or 'places', got %r" % (table,))
    extractions = list(_extractions(source))
    if table == "places":
        return list(place_rows(extractions)), [p for x in extractions for p in x.places], PLACE_COLUMNS
    objects = [e for x in extractions for e in x.events]
    return list(event_rows(extractions, gazetteer=gazetteer)), objects, EVENT_COLUMNS


def _require(module: str, extra: str) -> Any:
    from importlib import import_module

    try:
        return import_module(module)
    except ImportError as err:
        raise ImportError("this needs %s: pip install 'geomap[%s]'" % (module, extra)) from err


def to_dataframe(source: Extraction | Iterable[Extraction], *, table: str = "events",
                 gazetteer: Gazetteer | None = None) -> Any:
    """A pandas DataFrame of events (ACLED-style columns, see :data:`EVENT_COLUMNS`) or places.

    Parameters
    ----------
    source
        An extraction or several (``geomap.extract_many(...)`` works as it is).
    table
        ``"events"`` (one row per event) or ``"places"`` (one row per place mention).
    gazetteer
        Where province names come from (default: the shipped gazetteer).

    Returns
    -------
    pandas.DataFrame
        ``event_date`` as datetime64, counts and precisions as nullable integers.
    """
    pd = _require("pandas", "pandas")
    rows, _, columns = _frame_rows(source, table, gazetteer)
    return _typed(pd, pd.DataFrame.from_records(rows, columns=list(columns)), table)


def _typed(pd: Any, df: Any, table: str) -> Any:
    if table == "events":
        df["event_date"] = pd.to_datetime(df["event_date"], format="%Y-%m-%d")
        for col in ("year", "time_precision", "geo_precision"):
            df[col] = df[col].astype("Int64")
        for col in ("latitude", "longitude", "quantity", "origin_latitude", "origin_longitude",
                    "destination_latitude", "destination_longitude"):
            df[col] = df[col].astype("float64")
    else:
        for col in ("lat", "lon", "confidence"):
            df[col] = df[col].astype("float64")
        for col in ("start", "end"):
            df[col] = df[col].astype("int64")
        for col in ("demonym", "approximate"):
            df[col] = df[col].astype("bool")
    return df


def to_geodataframe(source: Extraction | Iterable[Extraction], *, table: str = "events",
                    gazetteer: Gazetteer | None = None) -> Any:
    """:func:`to_dataframe` as a GeoPandas GeoDataFrame (EPSG:4326).

    Each row's geometry comes from its event's or place's ``__geo_interface__``: a point,
    or for a crossing a line origin -> (border crossing) -> destination. Needs
    ``pip install 'geomap[geo]'``.
    """
    gpd = _require("geopandas", "geo")
    pd = _require("pandas", "geo")
    from shapely.geometry import shape

    rows, objects, columns = _frame_rows(source, table, gazetteer)
    df = _typed(pd, pd.DataFrame.from_records(rows, columns=list(columns)), table)
    geometry = [None if isinstance(o, Event) and not o.places else shape(o) for o in objects]
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")

