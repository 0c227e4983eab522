"""Lists of names: what the other members of a list say about a known name in it.

"The liberated villages are Karkhulu, Shukurbayli, Charakan, Dashkasan, Horovlu and
Mahmudlu": when most members of a long list are names the gazetteer lacks, the list is
of small places it does not hold, and a member it does know as a small town may well be
a namesake somewhere else. Such members are marked (``source="list"``): the resolver
keeps them only near the document's other places.
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from .chunks import is_cap
from .known import KnownNames
from .match import Match

__all__ = ["members", "mark_namesakes_of_unknown_lists"]

_JOINS = {",", "and", "or", "&"}
_MIN_MEMBERS = 4
_SMALL = 50_000  # a known member this small may be a namesake in a list of unknown villages
_STRONG = {"country", "adm1", "region"}


def members(doc: Doc | Sequence[Token], start: int, end: int) -> list[list[tuple[int, int]]]:
    """The lists of a sentence: runs of capitalised names joined by commas, "and", "or"."""
    out: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    i = start
    while i < end:
        if is_cap(doc[i]):
            j = i
            while j < end and (is_cap(doc[j]) or (doc[j].text == "-" and j + 1 < end and is_cap(doc[j + 1]))):
                j += 1
            current.append((i, j))
            i = j
            k = i
            while k < end and doc[k].lower_ in _JOINS:
                k += 1
            if k > i and k < end and is_cap(doc[k]):
                i = k
                continue
        if len(current) >= _MIN_MEMBERS:
            out.append(current)
        current = []
        i += 1
    if len(current) >= _MIN_MEMBERS:
        out.append(current)
    return out


def mark_namesakes_of_unknown_lists(known: KnownNames, doc: Doc | Sequence[Token], matches: list[Match], start: int,
                                    end: int) -> None:
    """Mark the small known members of lists whose members the gazetteer mostly lacks."""
    by_span = {(m.start, m.end): m for m in matches if m.reject is None and m.target is None}
    for items in members(doc, start, end):
        found = [by_span[s] for s in items if s in by_span]
        if 2 * len(found) >= len(items):
            continue
        for m in found:
            info = known.info(m.key)
            if not set(info.features) & _STRONG and info.max_population < _SMALL:
                m.source = "list"
