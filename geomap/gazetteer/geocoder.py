"""A geopy geocoder over the local gazetteer: swap it for Nominatim and work offline.

>>> from geomap.geocoder import GazetteerGeocoder
>>> geolocator = GazetteerGeocoder()                       # doctest: +SKIP
>>> geolocator.geocode("Sher Khan Bandar").point            # doctest: +SKIP
Point(37.19..., 68.57..., 0.0)
"""
from __future__ import annotations

from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from ..errors import GazetteerQueryError
from ..model import Candidate
from .lookup import Gazetteer

__all__ = ["GazetteerGeocoder"]


class GazetteerGeocoder(Geocoder):
    """Geocode and reverse-geocode against geomap's offline gazetteer.

    Parameters
    ----------
    gazetteer
        An open :class:`~geomap.gazetteer.Gazetteer`; by default the per-user store,
        opened (and built on first use) when the first query arrives.
    fuzzy
        Also match transliteration variants and near spellings when nothing matches exactly.

    Results are :class:`geopy.location.Location` objects whose ``raw`` is the gazetteer
    record (:meth:`geomap.model.Candidate.to_dict`), or ``None`` when nothing matches.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, fuzzy: bool = True, **kwargs: Any):
        super().__init__(**kwargs)
        self._gazetteer = gazetteer
        self.fuzzy = fuzzy

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.open()
        return self._gazetteer

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | list[str] | None = None,
        feature: str | list[str] | None = None,
        limit: int | None = None,
        timeout: Any = None,
    ) -> Location | list[Location] | None:
        """Return the best :class:`~geopy.location.Location` for ``query`` (or a list, with
        ``exactly_one=False``); ``None`` when nothing matches.

        ``country_codes`` limits results to ISO 3166-1 alpha-2 codes, ``feature`` to
        geomap features (``country``, ``adm1``, ``city``, ``crossing``...). ``timeout`` is
        accepted for geopy compatibility and ignored: nothing goes over the network.
        """
        if isinstance(query, dict):
            query = ", ".join(str(v) for v in query.values() if v)
        if not isinstance(query, str):
            raise GazetteerQueryError("query must be a string, got %s" % type(query).__name__)
        n = 1 if exactly_one else (limit or 10)
        found = self.gazetteer.search(query, country=country_codes, feature=feature, limit=n, fuzzy=self.fuzzy)
        if not found:
            return None
        locations = [self._location(c) for c in found]
        return locations[0] if exactly_one else locations

    def reverse(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        feature: str | list[str] | None = None,
        limit: int | None = None,
        max_km: float = 250.0,
        timeout: Any = None,
    ) -> Location | list[Location] | None:
        """Return the place nearest to ``query`` (a ``(lat, lon)`` pair, a geopy Point or
        ``"lat, lon"``), or ``None`` when nothing lies within ``max_km``."""
        try:
            point = Point(query)
        except (TypeError, ValueError) as err:
            raise GazetteerQueryError("not a point: %r (%s)" % (query, err)) from err
        n = 1 if exactly_one else (limit or 10)
        found = self.gazetteer.nearest(point.latitude, point.longitude, feature=feature, limit=n, max_km=max_km)
        if not found:
            return None
        locations = [self._location(c) for c in found]
        return locations[0] if exactly_one else locations

    def _location(self, c: Candidate) -> Location:
        parts = [p.name for p in self.gazetteer.hierarchy(c)]
        return Location(", ".join(parts), (c.lat, c.lon, 0.0), c.to_dict())
