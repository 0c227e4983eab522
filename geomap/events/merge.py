"""Restatements merged: one event per thing that happened.

Within a sentence, the same kind at the same place is one event. Across sentences, a
later sentence that restates an earlier crossing ("the refugees crossed from the
Badakhshan province") folds into it, refining its places and filling what it lacked; a
later sentence with its own count is news, not a restatement. Meetings and bases at the
same place are one event unless their dates differ.
"""
from __future__ import annotations

from .drafts import Draft
from .sentence import contains

__all__ = ["merge"]

_GENERIC = frozenset({"forces", "troops", "the", "of", "and", "a", "an", "some", "its", "their"})


def merge(drafts: list[Draft]) -> list[Draft]:
    """Drafts in text order with restatements folded into the first telling."""
    out: list[Draft] = []
    for d in drafts:
        for e in out:
            if e.type == d.type and _same(e, d):
                _absorb(e, d)
                break
        else:
            out.append(d)
    return out


def _same(a: Draft, b: Draft) -> bool:
    if a.type != "crossing" and (a.sentence is b.sentence or a.type in ("meeting", "base")):
        return _same_place(a.places[0], b.places[0]) and (a.date is None or b.date is None or a.date == b.date)
    if a.type == "control" and _same_place(a.places[0], b.places[0]) and a.actor and b.actor:
        return _compatible_actor(a.actor, b.actor) and (a.date is None or b.date is None or a.date == b.date)
    if not _compatible_actor(a.actor, b.actor):
        return False
    if a.date is not None and b.date is not None and a.date != b.date:
        return False
    if b.quantity is not None and (a.quantity is None or abs(a.quantity - b.quantity) > 0.05 * max(a.quantity, b.quantity)):
        return False  # a new count is a new report
    if a.type == "crossing":
        (ao, ad), (bo, bd) = a.places, b.places
        return (ad.gazetteer_id == bd.gazetteer_id or contains(ad, bd) or contains(bd, ad)) and (
            ao.gazetteer_id == bo.gazetteer_id or contains(ao, bo) or contains(bo, ao)) and (b.restates or a.sentence is b.sentence)
    return b.sentence is a.sentence and a.places[0].gazetteer_id == b.places[0].gazetteer_id


def _same_place(a, b) -> bool:
    return a.gazetteer_id == b.gazetteer_id


def _compatible_actor(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    wa = {w.lower().rstrip("s") for w in a.split()} - _GENERIC
    wb = {w.lower().rstrip("s") for w in b.split()} - _GENERIC
    return not wa or not wb or bool(wa & wb)


def _absorb(keep: Draft, new: Draft) -> None:
    """Fold a restatement in: more specific places, attributes it lacked."""
    for i, (p, q) in enumerate(zip(keep.places, new.places)):
        if contains(p, q):
            keep.places[i] = q
            keep.sentence = new.sentence
    keep.via = keep.via or new.via
    keep.via_name = keep.via_name or new.via_name
    keep.contested = keep.contested or new.contested or bool(keep.actor and new.actor and keep.type == "control"
                                                             and not _compatible_actor(keep.actor, new.actor))
    keep.actor = keep.actor or new.actor
    if keep.quantity is None:
        keep.quantity, keep.unit = new.quantity, new.unit
    keep.date = keep.date or new.date
