"""Candidate finding: the longest known names inside a chunk, and weak single words dropped.

A name is known when the gazetteer has its folded key, or when it is a demonym
("Afghan"). Within a chunk the longest known run wins ("Republic of the Congo" over
"Congo"); short names must be written in capitals or as dotted abbreviations.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..gazetteer.names import fold_name
from .chunks import can_start, is_cap
from .known import KnownNames
from .match import Match
from .rules import Rules

__all__ = ["match_chunk", "drop_weak", "accept_surface", "MAX_TOKENS"]

MAX_TOKENS = 7


def accept_surface(surface: str, key: str) -> bool:
    """Short names must be capitals ("UK", "DRC") or dotted abbreviations ("Ill.")."""
    letters = key.replace(" ", "")
    if len(letters) <= 3:
        core = surface.replace(".", "").replace(" ", "")
        return core.isalpha() and (core.isupper() or "." in surface)
    return True


def match_chunk(rules: Rules, known: KnownNames, doc: Doc, cs: int, ce: int) -> list[Match]:
    """The known names of the chunk ``[cs, ce)``, left to right, longest first at each start."""
    text = doc.text
    out = []
    pos = cs
    while pos < ce:
        if not (can_start(doc[pos]) or doc[pos].lower_ in rules.low_starts):
            pos += 1
            continue
        found = None
        for k in range(min(ce, pos + MAX_TOKENS), pos, -1):
            last = doc[k - 1]
            if not is_cap(last):
                continue
            surface = text[doc[pos].idx: last.idx + len(last.text)]
            target = rules.lex.demonyms.get(surface)
            key = fold_name(surface)
            if target is not None:
                found = Match(pos, k, surface, key, target=target)
                break
            if key and accept_surface(surface, key) and known.features(key):
                found = Match(pos, k, surface, key)
                break
        if found is None:
            pos += 1
            continue
        last = doc[found.end - 1]
        if "." in found.surface and found.end < len(doc) and doc[found.end].text == "." and not last.whitespace_:
            found.surface += "."  # "W.Va" + "." -> "W.Va."
            found.end += 1
        out.append(found)
        pos = found.end
    return out


def drop_weak(rules: Rules, doc: Doc, chunk: tuple[int, int], ms: list[Match]) -> list[Match]:
    """A single ordinary word ("Forest" in "Texas Forest Service") or direction
    ("Northeast Georgia") written right next to another capitalised word is a word of
    a longer name, not a place of its own."""
    cs, ce = chunk
    if ce - cs < 2 or len(ms) < 2:
        return ms
    keep = []
    for m in ms:
        word = doc[m.start]
        attached = (m.start > cs and is_cap(doc[m.start - 1])) or (m.end < ce and is_cap(doc[m.end]))
        weak = (attached and m.target is None and m.size == 1 and not word.is_upper
                and (rules.lex.commonness(word.text) > 0.5 or word.lower_ in rules.directions))
        if not weak:
            keep.append(m)
    return keep
