"""The local gazetteer: a SQLite store built from the shipped tables, name and reverse
lookups, the country table and a geopy geocoder over it."""
from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "Gazetteer": "geomap.gazetteer.lookup",
    "prior_score": "geomap.gazetteer.lookup",
    "haversine_km": "geomap.gazetteer.lookup",
    "GazetteerGeocoder": "geomap.gazetteer.geocoder",
    "fold_name": "geomap.gazetteer.names",
    "country_name": "geomap.gazetteer.countries",
    "neighbours": "geomap.gazetteer.countries",
}
__all__ = list(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
