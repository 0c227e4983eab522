"""Many documents -> many maps: `geomap build` (incremental, parallel, with a gallery)."""
from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "run_build": "geomap.build.run",
    "BuildOptions": "geomap.build.config",
    "load_config": "geomap.build.config",
    "extract_inputs": "geomap.build.batch",
}
__all__ = list(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
