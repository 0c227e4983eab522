"""geomap: turn news text into maps of places, crossings, bases and control zones.

The stages, in the order data flows: :mod:`geomap.gazetteer` (the local place store),
:mod:`geomap.places` (text -> places), :mod:`geomap.events` (places -> events),
:mod:`geomap.maps` (events -> Leaflet maps), :mod:`geomap.build` (many documents -> many
maps) and :mod:`geomap.cli`. Importing geomap loads nothing heavy: the names below are
imported on first use.

>>> import geomap
>>> x = geomap.extract("Refugees crossed from Badakhshan into Tajikistan.")  # doctest: +SKIP
>>> geomap.to_dataframe(x)                                                  # doctest: +SKIP
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "extract": "geomap.api",
    "extract_many": "geomap.api",
    "to_dataframe": "geomap.maps.tables",
    "to_geodataframe": "geomap.maps.tables",
    "Gazetteer": "geomap.gazetteer",
    "GazetteerGeocoder": "geomap.gazetteer",
    "Geoparser": "geomap.pipeline",
    "Candidate": "geomap.model",
    "Document": "geomap.model",
    "Event": "geomap.model",
    "Extraction": "geomap.model",
    "Mention": "geomap.model",
    "Place": "geomap.model",
}
__all__ = ["__version__", *_EXPORTS]


def lazy_exports(package: str, exports: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module ``__getattr__``/``__dir__`` that import each exported name on first use."""
    module = sys.modules[package]

    def __getattr__(name: str) -> Any:
        source = exports.get(name)
        if source is None:
            raise AttributeError("module %r has no attribute %r" % (package, name))
        value = getattr(import_module(source), name)
        setattr(module, name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(module.__dict__) | set(exports))

    return __getattr__, __dir__


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

# Modules that moved into the stage subpackages stay importable under their old names.
_MOVED = {
    "geomap.render": "geomap.maps.render",
    "geomap.geojson": "geomap.maps.geojson",
    "geomap.mapdata": "geomap.maps.mapdata",
    "geomap.geocoder": "geomap.gazetteer.geocoder",
    "geomap.store": "geomap.gazetteer.store",
    "geomap.names": "geomap.gazetteer.names",
    "geomap.query": "geomap.gazetteer.query",
    "geomap.sources": "geomap.gazetteer.sources",
    "geomap.resolve": "geomap.places.resolve",
    "geomap.lexicon": "geomap.places.lexicon",
    "geomap.sentences": "geomap.places.sentences",
    "geomap.measures": "geomap.events.measures",
    "geomap.batch": "geomap.build.batch",
    "geomap.buildconfig": "geomap.build.config",
}


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Import ``geomap.render`` as the module now at ``geomap.maps.render``."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        return importlib.util.spec_from_loader(name, self) if name in _MOVED else None

    def exec_module(self, module: Any) -> None:
        new = import_module(_MOVED[module.__name__])
        module.__dict__.update({k: v for k, v in vars(new).items() if not k.startswith("__")})
        module.__doc__ = new.__doc__


if not any(isinstance(f, _MovedModules) for f in sys.meta_path):
    sys.meta_path.append(_MovedModules())
