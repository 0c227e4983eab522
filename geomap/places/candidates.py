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
_RARE_WORD = -14.0  # log-probability below which a capitalised short word is a name ("Uri"), not a word ("Red")


def accept_surface(surface: str, key: str, after_locative: bool = False) -> bool:
    """Short names must be capitals ("UK", "DRC") or dotted abbreviations ("Ill."); a
    three-letter name written as a name passes right after a locative ("in Uri")."""
    letters = key.replace(" ", "")
    if len(letters) <= 3:
        core = surface.replace(".", "").replace(" ", "")
        return core.isalpha() and (core.isupper() or "." in surface or (
            after_locative and len(core) == 3 and core.istitle()))
    return True


def match_chunk(rules: Rules, known: KnownNames, doc: Doc, cs: int, ce: int, text: str | None = None) -> list[Match]:
    """The known names of the chunk ``[cs, ce)``, left to right, longest first at each start
    (``text`` is ``doc.text``, which spaCy rebuilds on every access: pass it when calling often)."""
    text = doc.text if text is None else text
    out = []
    pos = cs
    locative = cs > 0 and doc[cs - 1].lower_ in rules.locative and rules.lex.title_logp(doc[cs].text) < _RARE_WORD
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
                found = Match(pos, k, surface, key, target=target, demonym=True)
                break
            if key and accept_surface(surface, key, locative and pos == cs) and known.features(key):
                found = Match(pos, k, surface, key)
                break
            if key and _dot_after(doc, k) and accept_surface(surface + ".", key) \
                    and "adm1" in known.features(key):
                found = Match(pos, k, surface, key)  # "Que" + "." -> "Que.": a province's abbreviation
                break
        if found is None:
            pos += 1
            continue
        _take_direction(known, doc, found)
        if _dot_after(doc, found.end) and ("." in found.surface or not accept_surface(found.surface, found.key)):
            found.surface += "."  # "W.Va" + "." -> "W.Va.", "Que" + "." -> "Que."
            found.end += 1
        out.append(found)
        pos = found.end
    return out


_CARDINALS = {"north", "south", "east", "west"}


def _take_direction(known: KnownNames, doc: Doc, m: Match) -> None:
    """ "north Kivu" written in lower case is North Kivu when the gazetteer knows that name."""
    i = m.start - 1
    if m.target is None and i >= 0 and doc[i].text in _CARDINALS and doc[i].whitespace_:
        key = fold_name(doc[i].text + " " + m.surface)
        if set(known.features(key)) & {"adm1", "adm2", "region", "country"}:
            m.start, m.surface, m.key = i, doc[i].text + doc[i].whitespace_ + m.surface, key


def _dot_after(doc: Doc, k: int) -> bool:
    """Whether token ``k`` is a dot written right after the token before it."""
    return k < len(doc) and doc[k].text == "." and not doc[k - 1].whitespace_


def drop_weak(rules: Rules, doc: Doc, chunk: tuple[int, int], ms: list[Match]) -> list[Match]:
    """A single ordinary word ("Forest" in "Texas Forest Service"), direction ("Northeast
    Georgia"), title or institution word ("Council" in "Mayo County Council", "Supreme"
    in "Ohio Supreme Court": both are towns somewhere) written right next to another
    capitalised word is a word of a longer name, not a place of its own."""
    cs, ce = chunk
    if ce - cs < 2 or len(ms) < 2:
        return ms
    keep = []
    for m in ms:
        word = doc[m.start]
        low = word.lower_.rstrip(".")
        attached = (m.start > cs and is_cap(doc[m.start - 1])) or (m.end < ce and is_cap(doc[m.end]))
        weak = (attached and m.target is None and m.size == 1 and not word.is_upper
                and (rules.lex.commonness(word.text) > 0.5 or low in rules.directions or low in rules.titles
                     or low in rules.institutions or low in rules.not_place_heads))
        if not weak:
            keep.append(m)
    return keep
