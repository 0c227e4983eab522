"""Person names a document reveals, so that their words are no places elsewhere in it."""
from __future__ import annotations

from spacy.tokens import Doc

from .chunks import is_cap
from .context import Context
from .known import KnownNames
from .match import Match
from .rules import Rules

__all__ = ["learn_persons", "name_run"]

_NEVER = {"country"}  # "United Russia", "Nazi Germany", "Chad Smith" leave a country a place


def name_run(doc: Doc, m: Match, chunk: tuple[int, int]) -> tuple[int, int]:
    """The capitalised words around a match, up to a connector or punctuation inside its
    chunk: "Charlie Crist" in "Gov. Charlie Crist and Chief Financial Officer Alex Sink"."""
    cs, ce = chunk
    a, b = m.start, m.end
    while a > cs and is_cap(doc[a - 1]):
        a -= 1
    while b < ce and is_cap(doc[b]):
        b += 1
    return a, b


def learn_persons(rules: Rules, known: KnownNames, m: Match, ctx: Context, persons: set[str]) -> None:
    """After a match is rejected as part of a longer name: the last two or three words of
    its run of capitalised words, past titles and ordinary words ("Treasurer Thomas
    Ravenel" -> "Thomas Ravenel", "Conrad Rijnhout"), are a person's name when the match is
    among them and they are all names, none with digits; each word is then a person's
    name in the rest of the document. Country names are never learned,
    nor words with digits ("A429 Cirencester")."""
    doc = ctx.doc
    a, b = name_run(doc, m, ctx.chunk)
    a = max(a, b - 3)  # a name is its last two or three words: "Anderson County Sheriff Greg Taylor"
    while a < b and (doc[a].lower_.rstrip(".") in rules.titles or rules.lex.commonness(doc[a].text) > 0):
        a += 1
    if m.start < a:
        return
    words = [doc[i] for i in range(a, b)]
    if len(words) not in (2, 3) or any(_has_digit(w.text) or rules.lex.commonness(w.text) > 0 for w in words):
        return
    learn(known, persons, [w.lower_ for w in words])


def learn(known: KnownNames, persons: set[str], keys: list[str]) -> None:
    """Remember ``keys`` as person names, countries apart."""
    persons.update(k for k in keys if not set(known.features(k)) & _NEVER)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)
