"""Places -> events: crossings, displacement, control, bases, military activity, attacks
and meetings, read sentence by sentence."""
from __future__ import annotations

from .. import lazy_exports

_EXPORTS = {
    "read_events": "geomap.events.reader",
    "read_date": "geomap.events.measures",
    "read_quantities": "geomap.events.measures",
}
__all__ = list(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
