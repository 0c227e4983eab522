"""Containers: the country or province the text puts a name in.

"Athens, Texas", "Springfield, Ill.", "Kunduz province of Afghanistan", "Bunagana, in
Kisoro district", "the Nigerien town of Tabarey-Barey", "the village of Banjska,
Leposavic" (a town contains a village named as such): the resolver keeps the name's
candidates inside its container, and places a name the gazetteer lacks there at the
container's point (``approximate``). A comma is read as containment only outside lists:
in "Kabul, Kandahar and Herat" no name contains another.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ..gazetteer.names import fold_name
from .chunks import is_cap
from .match import Match

if TYPE_CHECKING:
    from .finder import ToponymFinder

__all__ = ["find_containers"]

_LIST = {",", "and", "or", "&", "/"}
_BOXES = {"country", "adm1", "adm2"}
_DIVISION_WORDS = {"province", "region", "state", "district", "oblast", "governorate", "county", "prefecture"}
_SETTLEMENTS = {"city", "town"}  # containers of a village named as such
_SMALL_SETTLEMENTS = {"village", "hamlet", "settlement", "town"}
_SETTLEMENT_WORDS = {"town", "city", "village", "district", "region", "province", "area", "camp", "port"}


def find_containers(finder: ToponymFinder, doc: Doc, matches: list[Match], sent_start: int,
                    sent_end: int) -> list[Match]:
    """Set ``container`` on the matches the context places inside another name; return the
    matches plus names the gazetteer lacks that a demonym container introduces."""
    kept = [m for m in matches if m.reject is None]
    by_start = {m.start: m for m in kept}
    for m in kept:
        if m.target is not None or m.container:
            continue
        other = _after(finder, doc, m, by_start, sent_end)
        if other is None or other is m or other.target is not None:
            continue
        boxes = _BOXES | (_SETTLEMENTS if _settlement_of(doc, m) else set())
        if set(finder.known.features(other.key)) & boxes:
            m.container = other.surface + other.suffix
    return matches + _demonym_towns(finder, doc, kept, sent_end) + _villages_of_towns(
        finder, doc, kept, sent_start, sent_end)


def _after(finder: ToponymFinder, doc: Doc, m: Match, by_start: dict[int, Match], sent_end: int) -> Match | None:
    j = m.end
    if j < sent_end and doc[j].lower_ in finder.rules.after:  # "Kunduz province of Afghanistan"
        j += 1
        if j < sent_end and doc[j].lower_ in ("of", "in"):
            return by_start.get(j + 1)
        return None
    if j < sent_end and doc[j].text == ",":
        j += 1
        if j < sent_end and doc[j].lower_ in ("in", "near"):  # "Bunagana, in Kisoro district"
            other = by_start.get(j + 1)
            return other if other is not None and _followed_by_division(doc, other, sent_end) else None
        other = by_start.get(j)
        if other is None or _in_list(doc, m, other, sent_end):
            return None
        return other
    return None


def _settlement_of(doc: Doc, m: Match) -> bool:
    """ "the village of Banjska, Leposavic": a settlement word and "of" before the name,
    whose comma then names the town or municipality it belongs to."""
    return m.start >= 2 and doc[m.start - 1].lower_ == "of" and doc[m.start - 2].lower_ in _SMALL_SETTLEMENTS


def _followed_by_division(doc: Doc, m: Match, sent_end: int) -> bool:
    return bool(m.suffix) or (m.end < sent_end and doc[m.end].lower_ in _DIVISION_WORDS) \
        or m.cue in ("adm1", "adm2")


def _in_list(doc: Doc, m: Match, other: Match, sent_end: int) -> bool:
    """Whether "m, other" is part of a list ("Kabul, Kandahar and Herat")."""
    before = doc[m.start - 1].lower_ if m.start > 0 else ""
    after = doc[other.end].lower_ if other.end < sent_end else ""
    after2 = doc[other.end + 1].lower_ if other.end + 1 < sent_end else ""
    return before in _LIST or after in ("and", "or", "&", "/") or (after == "," and after2 in ("and", "or"))


def _demonym_towns(finder: ToponymFinder, doc: Doc, kept: list[Match], sent_end: int) -> list[Match]:
    """"the Nigerien town of X": X is inside the demonym's country; a name the gazetteer
    lacks there becomes a match of its own (source ``container``)."""
    by_start = {m.start: m for m in kept}
    new = []
    for d in kept:
        if not d.demonym:
            continue
        j = d.end
        if not (j + 2 < sent_end and doc[j].lower_ in _SETTLEMENT_WORDS and doc[j + 1].lower_ == "of"
                and is_cap(doc[j + 2])):
            continue
        start = j + 2
        x = by_start.get(start)
        if x is not None:
            if x.target is None and not set(finder.known.features(x.key)) & _BOXES:
                x.container = d.surface
            continue
        new.append(_unknown_name(doc, start, sent_end, d.surface))
    return new


def _unknown_name(doc: Doc, start: int, sent_end: int, container: str) -> Match:
    """A name the gazetteer lacks, from ``start`` over capitals and inner hyphens, placed in ``container``."""
    end = start
    while end < sent_end and (is_cap(doc[end]) or (doc[end].text == "-" and end + 1 < sent_end
                                                     and is_cap(doc[end + 1]) and not doc[end].whitespace_)):
        end += 1
    surface = doc.text[doc[start].idx: doc[end - 1].idx + len(doc[end - 1].text)]
    return Match(start, end, surface, fold_name(surface), container=container, confirmed=True, source="container")


def _villages_of_towns(finder: ToponymFinder, doc: Doc, kept: list[Match], sent_start: int,
                       sent_end: int) -> list[Match]:
    """ "the village of X, Y": X, a name the gazetteer lacks, lies in the town or division Y."""
    taken = {i for m in kept for i in range(m.start, m.end)}
    by_start = {m.start: m for m in kept}
    new = []
    for i in range(sent_start + 2, sent_end - 2):
        if i in taken or not is_cap(doc[i]) or doc[i - 1].lower_ != "of" \
                or doc[i - 2].lower_ not in _SMALL_SETTLEMENTS:
            continue
        x = _unknown_name(doc, i, sent_end, "")
        if x.end + 1 >= sent_end or doc[x.end].text != "," or any(k in taken for k in range(x.start, x.end)):
            continue
        y = by_start.get(x.end + 1)
        if y is None or y.target is not None or _in_list(doc, x, y, sent_end) \
                or not set(finder.known.features(y.key)) & (_BOXES | _SETTLEMENTS):
            continue
        x.container = y.surface + y.suffix
        new.append(x)
    return new
