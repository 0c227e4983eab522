"""Events read from sentences over resolved places (filled in by the events stage)."""
from __future__ import annotations

from typing import Any

from .model import Document, Event, Place

__all__ = ["read_events"]


def read_events(document: Document, doc: Any, places: list[Place]) -> list[Event]:
    """The events of a document (none yet: the events stage is not built)."""
    return []
