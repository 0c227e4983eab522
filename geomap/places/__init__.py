"""Text -> places: toponym mentions found in a spaCy Doc, then placed on the gazetteer."""
from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "ToponymFinder": "geomap.places.finder",
    "make_toponym_finder": "geomap.places.components",
    "resolve_mentions": "geomap.places.resolve",
    "Weights": "geomap.places.resolve",
    "load_lexicon": "geomap.places.lexicon",
}
__all__ = list(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
