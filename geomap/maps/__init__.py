"""Events -> maps: self-contained Leaflet pages, fragments, GeoJSON and PNG screenshots."""
from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "build_map": "geomap.maps.render",
    "render_html": "geomap.maps.render",
    "write_map": "geomap.maps.render",
    "screenshot": "geomap.maps.render",
    "write_shared_assets": "geomap.maps.render",
    "feature_collection": "geomap.maps.geojson",
}
__all__ = list(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
