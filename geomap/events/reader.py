"""Events of a document: sentences -> frames -> event drafts -> merged events.

>>> from geomap.pipeline import Geoparser                       # doctest: +SKIP
>>> Geoparser().parse(Document("d", "Rebels seized Goma.")).events[0].type   # doctest: +SKIP
'control'
"""
from __future__ import annotations

from typing import Any

from ..model import Document, Event, Place
from .actors import actor_name, named_groups
from .builder import build_frames
from .context import DocumentContext
from .drafts import Draft
from .kinds import base_places, frame_events
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
        frames = build_frames(s, document.published, parsed)
        for frame in frames:
            found.extend(frame_events(frame, ctx))
            _base_size(frame, ctx)
        found.extend(base_places(s, frames, ctx))
        drafts.extend(found)
        ctx.remember([s.places[j] for j in sorted(s.places)])
        for frame in frames:  # who acted is remembered for "the group" later, event or not
            if frame.agent is not None:
                actor_name(s, frame.agent.start, frame.agent.end, ctx)
        groups = named_groups(s, 0, len(s))
        if groups:
            ctx.last_group = groups[-1][2]
    return [_to_event(d, document) for d in merge(drafts)]


def _base_size(frame, ctx: DocumentContext) -> None:
    """'the base houses about 5,500 troops': the size of the base named before."""
    if frame.spec.kind == "base" and not frame.args and ctx.bases and ctx.bases[-1].quantity is None and any(
            w in ("houses", "hosts", "holds", "house", "host", "accommodates") for w in frame.s.low):
        q = next((q for q in frame.quantities if q.unit and q.value is not None), None)
        if q is not None:
            ctx.bases[-1].quantity, ctx.bases[-1].unit = q.value, q.unit


def _to_event(d: Draft, document: Document) -> Event:
    s = d.sentence
    text = document.text
    start, end = s.char_start, s.char_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    via, via_span = (d.via.name if d.via else None), None
    if d.via is None and d.via_name is not None:
        via_span = (s.token_chars[d.via_name[0]][0], s.token_chars[d.via_name[1] - 1][1])
        via = text[via_span[0]:via_span[1]]
    return Event(
        type=d.type, where=tuple(p.name for p in d.places), evidence=text[start:end], start=start, end=end,
        places=tuple(d.places), via=via, via_place=d.via, via_span=via_span, actor=d.actor,
        quantity=d.quantity, unit=d.unit, date=d.date, document=document.id, contested=d.contested,
    )
