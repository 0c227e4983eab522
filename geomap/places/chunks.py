"""Chunking: the maximal runs of capitalised tokens in a sentence, where names are looked for.

"Near Kunduz, ..." starts its run at "Kunduz" (a preposition capitalised only because it
opens the sentence); connectors ("Republic *of* Congo"), inner hyphens and particles
("Mazar*-i-*Sharif") and possessives between capitals ("People*'s* Republic") stay inside
a run.
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from .rules import Rules

__all__ = ["is_cap", "can_start", "joins", "chunks", "PUNCT_JOIN"]

PUNCT_JOIN = {"-", "'", "’"}
OPENERS = {'"', "“", "‘", "'", "(", "[", "—", "-", "–"}  # what may stand before a sentence's first word


def is_cap(tok: Token) -> bool:
    """A token that can be part of a name: capitalised (or a digit-letter code)."""
    ch = tok.text[:1]
    return ch.isupper() or (ch.isdigit() and any(c.isupper() for c in tok.text))


def can_start(tok: Token) -> bool:
    """A capitalised token that can begin a name: not a capitalised stop word ("The",
    "In", "A", "Most") unless written in capitals ("US")."""
    return is_cap(tok) and not (tok.is_stop and not (tok.is_upper and len(tok.text) > 1))


def joins(rules: Rules, tok: Token) -> bool:
    """A connector, hyphen or possessive: it joins names without making one longer name."""
    return tok.lower_ in rules.connectors or tok.text in PUNCT_JOIN or tok.lower_ in ("'s", "’s")


def chunks(rules: Rules, doc: Doc | Sequence[Token], start: int, end: int) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens (with joiners inside) in the sentence ``[start, end)``
    of a Doc (or of the list of its tokens, which is faster to index)."""
    out = []
    i = start
    while i < end:
        t = doc[i]
        lead = t.lower_ in rules.low_starts and i + 2 < end and doc[i + 1].text == "-" and is_cap(doc[i + 2])
        if opening_preposition(rules, doc, i, start, end):
            i += 1
            continue
        if not ((can_start(t) and t.lower_.rstrip(".") not in rules.calendar) or lead):
            i += 1
            continue
        j = i + 1
        last = i
        while j < end:
            tj = doc[j]
            if is_cap(tj) and tj.lower_.rstrip(".") not in rules.calendar:
                last = j
            elif not (_joiner(rules, doc, j, end) or _possessive_inside(doc, j, end)):
                break
            j += 1
        out.append((i, last + 1))
        i = last + 1
    return out


def opening_preposition(rules: Rules, doc: Doc | Sequence[Token], i: int, start: int, end: int) -> bool:
    """A preposition that opens the sentence (or a quote) before a capitalised word:
    "Near Kunduz, ...", capitalised only by its place."""
    t = doc[i]
    if t.lower_ not in rules.openers:
        return False
    first = i == start or (i - 1 >= start and doc[i - 1].text in OPENERS)
    return first and i + 1 < end and is_cap(doc[i + 1]) and not t.is_upper


def _joiner(rules: Rules, doc: Doc | Sequence[Token], i: int, end: int) -> bool:
    """A token that may sit inside a name: connector word, hyphen, particle, or the dot
    of a capitalised abbreviation the tokenizer split off ("ST. LOUIS", "MT. VERNON")."""
    t = doc[i]
    low = t.lower_
    if low in rules.connectors:
        return True
    if t.text in PUNCT_JOIN and i > 0 and not doc[i - 1].whitespace_ and not t.whitespace_:
        return True
    if t.text == "." and i > 0 and not doc[i - 1].whitespace_ and i + 1 < end and is_cap(doc[i + 1]):
        prev = doc[i - 1].text
        return prev.isalpha() and prev.isupper() and len(prev) <= 3
    return low in rules.particles and i > 0 and doc[i - 1].text == "-" and i + 1 < end and doc[i + 1].text == "-"


def _possessive_inside(doc: Doc | Sequence[Token], i: int, end: int) -> bool:
    """ "People's" in "People's Republic of China": a possessive between capitals."""
    return doc[i].lower_ in ("'s", "’s") and i + 1 < end and is_cap(doc[i + 1]) and not doc[i - 1].whitespace_
