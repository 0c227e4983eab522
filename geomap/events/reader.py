"""Events of a document: sentences -> frames -> event drafts -> merged events.

>>> from geomap.pipeline import Geoparser                       # doctest: +SKIP
>>> Geoparser().parse(Document("d", "Rebels seized Goma.")).events[0].type   # doctest: +SKIP
'control'
"""
from __future__ import annotations

from typing import Any

from ..model import Document, Event, Place
from .actors import named_groups
from .context import DocumentContext
from .frames import build_frames
from .kinds import Draft, base_places, frame_events
from .merge import merge
from .sentence import sentences

__all__ = ["read_events"]


def read_events(document: Document, doc: Any, places: list[Place] | tuple[Place, ...]) -> list[Event]:
    """The events of one document, in text order (restatements merged)."""
    places = list(places)
    if not any(not p.demonym for p in places):
        return []
    ctx = DocumentContext.of(places, document.published)
    parsed = doc if doc.has_annotation("DEP") else None
    drafts: list[Draft] = []
    for s in sentences(doc, places):
        found: list[Draft] = []
        for frame in build_frames(s, document.published, parsed):
            found.extend(frame_events(frame, ctx))
        found.extend(base_places(s, ctx))
        drafts.extend(found)
        ctx.remember([s.places[j] for j in sorted(s.places)])
        groups = named_groups(s, 0, len(s))
        if groups:
            ctx.last_group = groups[-1][2]
    return [_to_event(d, document) for d in merge(drafts)]


def _to_event(d: Draft, document: Document) -> Event:
    s = d.sentence
    text = document.text
    start, end = s.char_start, s.char_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Event(
        type=d.type, where=tuple(p.name for p in d.places), evidence=text[start:end], start=start, end=end,
        places=tuple(d.places), via=d.via.name if d.via else None, via_place=d.via, actor=d.actor,
        quantity=d.quantity, unit=d.unit, date=d.date, document=document.id,
    )
