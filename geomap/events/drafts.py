"""Event drafts (an event before merging) and the small readings the kinds share: the
innermost of nested places, a place reached by "the city", the country of the people moving."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Place
from .context import DocumentContext, anaphora_heads
from .frames import Argument, Frame
from .sentence import Sentence, contains

__all__ = ["Draft", "innermost", "anaphoric", "theme_country", "country_place"]

LOCAL_HEADS = frozenset({"city", "town", "village", "district", "capital", "crossing", "base", "airport", "camp"})


@dataclass
class Draft:
    """An event before merging: kind, places, the sentence and what the frame told."""

    type: str
    places: list[Place]
    sentence: Sentence
    via: Place | None = None
    actor: str | None = None
    quantity: float | None = None
    unit: str | None = None
    date: str | None = None
    mover: str | None = None  # armed | civilian
    via_name: tuple[int, int] | None = None  # token span of a via named only in the text
    restates: bool = False  # the sentence refers back to people already counted ("the refugees")
    contested: bool = False  # a claim the text reports as denied


def innermost(args: list[Argument]) -> list[Argument]:
    return [a for a in args if not any(b is not a and contains(a.place, b.place) for b in args)]


def anaphoric(f: Frame, ctx: DocumentContext, role: str) -> list[Argument]:
    """'seized part of the city', 'took control of the city's border crossing': a place the
    text named before, reached through "the <kind of place>" in an argument position."""
    s, low = f.s, f.s.low
    heads = anaphora_heads()
    for k in range(f.end, min(f.clause.end, f.end + 8)):
        if low[k] != "the" or k + 1 >= len(low) or low[k + 1] not in heads:
            continue
        if low[k + 1] not in LOCAL_HEADS:
            continue  # "the country", "the region" are too vague to draw for these kinds
        earlier = [s.places[j] for j in sorted(s.places) if j < k]
        p = ctx.anaphor(low[k + 1], earlier)
        if p is not None and p.feature not in ("country",):
            return [Argument(role, p, -1)]
    return []


def theme_country(f: Frame) -> str | None:
    """The country of the people moving: 'Afghan refugees', '3,000 Sudanese'."""
    if f.theme is None:
        return None
    s = f.s
    for i in range(f.theme.start, f.theme.end):
        if i in s.demonyms:
            return s.demonyms[i].country
    return None


def country_place(ctx: DocumentContext, iso: str | None, f: Frame) -> Place | None:
    """A place for a country: a toponym naming it, else the demonym that stands for it."""
    return ctx.country_place(iso) or next((p for p in f.s.demonyms.values() if p.country == iso), None)


def span_of(span) -> tuple[int, int] | None:
    return (span.start, span.end) if span is not None else None
