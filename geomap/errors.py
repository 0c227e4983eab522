"""The geomap exception hierarchy.

Every error geomap raises derives from :class:`GeomapError`, and each subclass also
derives from the built-in or geopy error a caller would catch anyway, so a geopy user
catching ``GeocoderUnavailable`` or a script catching ``ValueError`` keeps working.
"""
from __future__ import annotations

from geopy import exc as _geopy_exc

__all__ = [
    "GeomapError",
    "ConfigurationError",
    "InputError",
    "InputUnreadable",
    "OutputError",
    "GazetteerUnavailable",
    "GazetteerQueryError",
    "ProcessingError",
    "RenderError",
    "BrowserUnavailable",
]


class GeomapError(Exception):
    """Base class of every geomap error."""


class ConfigurationError(GeomapError, _geopy_exc.ConfigurationError):
    """A bad option, configuration file or argument combination."""


class InputError(GeomapError, ValueError):
    """An input document that cannot be used (empty, not text, malformed JSONL line)."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.source = source
        self.line = line
        self.reason = message
        where = source or ""
        if line is not None:
            where = "%s:%d" % (where, line) if where else "line %d" % line
        super().__init__("%s: %s" % (where, message) if where else message)


class InputUnreadable(InputError, OSError):
    """An input file that cannot be read at all (missing, permissions, a directory)."""


class OutputError(GeomapError, OSError):
    """An output that cannot be written (no space, permission denied, a directory in the way)."""

    def __init__(self, message: str, *, path: str | None = None, errno: int | None = None):
        super().__init__(message)
        self.message = message
        self.filename = path
        self.errno = errno

    def __str__(self) -> str:
        return self.message


class GazetteerUnavailable(GeomapError, _geopy_exc.GeocoderUnavailable):
    """The gazetteer store is missing, corrupt or cannot be built."""


class GazetteerQueryError(GeomapError, _geopy_exc.GeocoderQueryError):
    """A gazetteer query that cannot be answered as asked (bad coordinates, bad filter)."""


class ProcessingError(GeomapError, RuntimeError):
    """A document that was read but could not be processed (a bug: please report it)."""

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        super().__init__("%s: %s" % (source, message) if source else message)


class RenderError(GeomapError, RuntimeError):
    """A map cannot be rendered or written."""


class BrowserUnavailable(RenderError):
    """No headless Chromium to take a PNG screenshot with."""
