"""Sentences, triggers and the places a trigger governs: the slot-filling under events.

A sentence's tokens are read with the places resolved in them; :func:`find_triggers`
finds the event words of the lexicon, :func:`object_places` the place list a trigger
governs ("seized *Rihkhawdar and Khawmawi*", "shelling Armenia's towns of *Goris and
Jermuk*"), read through transparent words, past possessive owners and stopping at a
place the preposition rules out or at a locative ("Dessie *in* Amhara").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Place
from .measures import event_lexicon

__all__ = ["Sentence", "sentences", "find_triggers", "negated", "relation", "object_places",
           "places_before", "nearest_place_before", "contains", "asides", "is_possessive", "trigger_index",
           "trigger_tokens", "trigger_matches"]

_TRANSPARENT = {
    "the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those", "two", "three",
    "four", "several", "some", "most", "much", "part", "parts", "town", "towns", "city", "cities", "village",
    "villages", "region", "regions", "province", "provinces", "district", "districts", "capital", "border",
    "settlement", "settlements", "area", "areas", "positions", "position", "nearby", "neighbouring",
    "neighboring", "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
    "northeastern", "northwestern", "southeastern", "southwestern", "strategic", "main", "major", "key",
    "large", "small", "country's", "nearest", "police", "station", "military", "base", "bases", "forward",
    "direction", "directions", "territory", "entire", "whole", "now", "then", "also", "still", "already",
    "even", "just", "only", "both", "all", "vast", "swathes", "huge", "outskirts", "heart", "centre", "center",
    "coastal", "frontline", "front", "line", "airport", "locality", "gas", "hub", "monastery", "town's", "city's",
    "important", "largest", "biggest", "second", "third", "first", "remaining", "occupied", "disputed",
}
_COORD = {"and", "or", ",", "&", "(", "-", "–", "/"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


@dataclass
class Sentence:
    start: int  # first token index
    end: int
    tokens: list[str]  # token texts
    low: list[str]
    char_start: int
    char_end: int
    places: dict[int, Place]  # first token index -> place (toponyms)
    demonyms: dict[int, Place]
    place_end: dict[int, int]  # first token index -> end token index


def sentences(doc: Any, places: list[Place]) -> list[Sentence]:
    by_char = {}
    for p in places:
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is not None:
            by_char[p.start] = (span.start, span.end, p)
    out = []
    starts = sorted(by_char.values(), key=lambda t: t[0])
    k = 0
    for sent in doc.sents:
        toks = [t.text for t in doc[sent.start:sent.end]]
        s = Sentence(sent.start, sent.end, toks, [t.lower() for t in toks], sent.start_char, sent.end_char, {}, {}, {})
        while k < len(starts) and starts[k][0] < sent.end:
            ts, te, p = starts[k]
            if ts >= sent.start:
                (s.demonyms if p.demonym else s.places)[ts - sent.start] = p
                s.place_end[ts - sent.start] = te - sent.start
            k += 1
        out.append(s)
    return out


def find_triggers(s: Sentence) -> list[tuple[str, int, int]]:
    """(type, first token, end token) of each trigger, longest match first, no overlaps;
    the same words may trigger two types ("seized the base": control only, "strikes": attack)."""
    table = trigger_index()
    out = []
    i = 0
    while i < len(s.low):
        best = None
        for etype, words in table.get(s.low[i], ()):
            n = len(words)
            if trigger_matches(s.low[i:i + n], words) and (best is None or n > best[2] - best[1]):
                best = (etype, i, i + n)
        if best is None:
            i += 1
            continue
        out.append(best)
        for etype, words in table.get(s.low[i], ()):
            n = len(words)
            if etype != best[0] and trigger_matches(s.low[i:i + n], words) and i + n == best[2]:
                out.append((etype, i, i + n))
        i = best[2]
    return out


def trigger_matches(tokens: list[str], words: tuple[str, ...]) -> bool:
    """Trigger words against tokens; "*" stands for any one word ("under * control")."""
    return len(tokens) == len(words) and all(w == "*" or w == t for w, t in zip(words, tokens))


def trigger_tokens(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase split the way the tokenizer splits text ("anti-terrorism" -> anti - terrorism)."""
    return tuple(t for t in re.split(r"\s+|(-)", phrase.lower()) if t)


@lru_cache(maxsize=1)
def trigger_index() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """First word -> [(event type, trigger words)] from the event lexicon."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for etype, words in event_lexicon()["triggers"].items():
        for w in words:
            toks = trigger_tokens(w)
            index.setdefault(toks[0], []).append((etype, toks))
    return index


def negated(s: Sentence, i: int, lex: dict, parsed: Any) -> bool:
    """A negation just before the trigger, or (with a dependency parse) on it or its head."""
    window = s.low[max(0, i - 4):i]
    if any(w in lex["negations"] for w in window) or any(w.endswith("n't") for w in window):
        return True
    if parsed is not None:
        tok = parsed[s.start + i]
        return any(c.dep_ == "neg" for c in tok.head.children) or any(c.dep_ == "neg" for c in tok.children)
    return False


def relation(s: Sentence, ti: int) -> tuple[str, int]:
    """The word governing the place at token ``ti`` ("from", "into", "and"...), read back
    through transparent words, "X of", possessive owners and bracketed asides, with its index."""
    j = ti - 1
    while j >= 0:
        w = s.low[j]
        if w in _POSSESSIVE and j > 0:
            owner = _place_ending_at(s, j)
            if owner is not None:
                j = owner - 1
                continue
        if w == "of" and j > 0 and s.low[j - 1] in _TRANSPARENT:
            j -= 1
            continue
        if w in _TRANSPARENT or w in ('"', "“", "”", "'") or (s.tokens[j][:1].isdigit() and w not in _COORD):
            j -= 1
            continue
        if j in s.demonyms or (j > 0 and (j - 1) in s.demonyms and s.place_end.get(j - 1) == j + 1):
            j -= 1  # "the Ukrainian region of Sumy"
            continue
        if w == "out" and j + 1 < len(s.low) and s.low[j + 1] == "of":
            return "of", j
        return w, j
    return "", -1


def _place_ending_at(s: Sentence, j: int) -> int | None:
    for start, end in s.place_end.items():
        if end == j and start in s.places:
            return start
    return None


def is_possessive(s: Sentence, ti: int) -> bool:
    end = s.place_end[ti]
    return end < len(s.low) and s.low[end] in _POSSESSIVE


def object_places(s: Sentence, after: int, etype: str, lex: dict, window: int, *, until: int | None = None) -> list[int]:
    """The places the words after token ``after`` name as the trigger's object (indexes)."""
    excluded = set(lex["relations"]["excluded"].get(etype, ()))
    stop = set(lex["clause_breaks"])
    out: list[int] = []
    last_status = None
    first_seen = False
    end = len(s.low) if until is None else until
    anchor = after
    j = after - 1
    while j + 1 < end:
        j += 1
        if s.low[j] in stop:
            # "... under its control as troops withdraw, including the Shir Khan Bandar crossing"
            nxt = s.low.index("including", j) if "including" in s.low[j:end] else -1
            if nxt < 0:
                break
            j = anchor = nxt
            continue
        if s.low[j] == "including" and not out:
            anchor = j  # "deployed in the country ..., including around 1,000 in Niamey"
        if j not in s.places:
            continue
        if is_possessive(s, j):
            continue
        rel, ri = relation(s, j)
        if not first_seen and j - anchor > window:
            break
        if rel in _COORD and last_status is not None:
            status = last_status
            if status and out and _apposition(s.places[out[-1]], s.places[j]) and rel == ",":
                status = False
        elif rel == ";" or (ri > 0 and s.low[ri - 1] == ";"):
            status = rel not in excluded  # a new item of a list: "...; from Herat into Iran"
        elif rel in excluded:
            status = False
        elif out:
            if rel == "including" or (rel in ("in", "at") and etype in ("attack", "military_activity", "base")
                                      and s.low[ri - 1:ri] == ["and"]):
                status = True
            else:
                break  # a locative after the object: "Dessie in Ethiopia's Amhara region"
        else:
            status = True
        first_seen = True
        last_status = status
        if status:
            out.append(j)
    return out


def _apposition(a: Place, b: Place) -> bool:
    """'Banjska, Leposavic': b locates a (contains it, or is a bigger place next to it)."""
    if b.feature in ("country", "adm1", "region", "adm2"):
        return (b.country == a.country) and (b.feature != "adm1" or b.admin1 == a.admin1)
    return abs(a.lat - b.lat) < 0.3 and abs(a.lon - b.lon) < 0.3


def places_before(s: Sentence, trig: int, etype: str, lex: dict) -> list[int]:
    """Places before a passive trigger ("which were taken control of"), back to a speech verb."""
    start = 0
    for j in range(trig - 1, -1, -1):
        if s.low[j] in ("said", "says", "told", "according", "reported"):
            start = j + 1
            break
    return [j for j in object_places(s, start, etype, lex, window=len(s.low), until=trig)]


def nearest_place_before(s: Sentence, trig: int, max_dist: int, relations: tuple[str, ...]) -> list[int]:
    cands = [j for j in s.places if j < trig and trig - s.place_end[j] <= max_dist and not is_possessive(s, j)]
    for j in sorted(cands, reverse=True):
        rel, _ = relation(s, j)
        if rel in relations:
            inner = [k for k in cands if k != j and contains(s.places[j], s.places[k])]
            return [inner[0]] if inner else [j]
    return []


def asides(s: Sentence) -> set[int]:
    """Token indexes inside ", who ... ," / ", which ... ," / "(...)" asides: their counts
    and nouns are not the clause's subject ("the refugees, who included 113 girls, crossed")."""
    out: set[int] = set()
    i = 0
    while i < len(s.low):
        if s.low[i] == "," and i + 1 < len(s.low) and s.low[i + 1] in ("who", "which", "including", "whose"):
            j = i + 1
            while j < len(s.low) and s.low[j] != ",":
                j += 1
            out.update(range(i, j + 1))
            i = j
        elif s.low[i] == "(":
            j = i + 1
            while j < len(s.low) and s.low[j] != ")":
                j += 1
            out.update(range(i, j + 1))
            i = j
        i += 1
    return out


def contains(big: Place, small: Place) -> bool:
    if big.feature == "country":
        return small.country == big.country and small.feature != "country"
    if big.feature == "adm1":
        return small.admin1 == big.admin1 and small.feature not in ("country", "adm1")
    return False


