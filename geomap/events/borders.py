"""Events "near the border with X": on the border between the country the sentence speaks
from and X, not at X's centre ("Poland deployed troops to its border with Belarus",
"shelling near the border with Lebanon" in an article about Israel).

The other side is the nearest place of another country named before in the sentence,
else the country the document names most. The place keeps its name and span in the text;
its point moves to the shared border (:func:`~.vias.border_point`) and it is marked
``approximate`` with a low confidence, as the contract asks.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from ..model import Event, Place
from .vias import border_point

__all__ = ["place_borders"]

_BORDER_WITH = re.compile(r"\b(?:border|borders|frontier)\s+with\s+(?:the\s+)?$", re.IGNORECASE)
_CONFIDENCE = 0.1


def place_borders(events: list[Event], places: list[Place], text: str, gazetteer: Any) -> list[Event]:
    """The events, each one placed at a country named as "the border with X" moved onto that border."""
    out = []
    for e in events:
        if e.type != "crossing" and len(e.places) == 1 and e.places[0].feature == "country":
            p = e.places[0]
            home = _home(e, p, places) if _BORDER_WITH.search(text[max(0, p.start - 40):p.start]) else None
            if home is not None:
                lat, lon = border_point(home, p, gazetteer)
                at = replace(p, lat=lat, lon=lon, feature="other", approximate=True, confidence=_CONFIDENCE,
                             gazetteer_id="approximate:border:%s-%s" % (home.country, p.country))
                e = replace(e, places=(at,))
        out.append(e)
    return out


def _home(e: Event, p: Place, places: list[Place]) -> Place | None:
    """The place on this side of the border: the last one of another country named before
    it in the sentence, else one of the country the document names most."""
    before = [q for q in places if e.start <= q.start < p.start and q.country and q.country != p.country]
    if before:
        return before[-1]
    counts = Counter(q.country for q in places if q.country and q.country != p.country)
    if not counts:
        return None
    top = counts.most_common(1)[0][0]
    return next(q for q in places if q.country == top)
