"""geomap: turn news text into maps of places, crossings, bases and control zones.

Importing geomap loads nothing heavy: the names below are imported on first use.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Gazetteer": "geomap.gazetteer",
    "GazetteerGeocoder": "geomap.geocoder",
    "Candidate": "geomap.model",
    "Document": "geomap.model",
    "Event": "geomap.model",
    "Extraction": "geomap.model",
    "Mention": "geomap.model",
    "Place": "geomap.model",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError("module 'geomap' has no attribute %r" % name)
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
