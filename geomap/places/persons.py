"""Person names a document reveals, so that their words are no places elsewhere in it."""
from __future__ import annotations

from .chunks import is_cap
from .context import Context
from .known import KnownNames
from .match import Match
from .rules import Rules

__all__ = ["learn_persons"]

_STRONG = {"country"}


def learn_persons(rules: Rules, known: KnownNames, m: Match, ctx: Context, persons: set[str]) -> None:
    """After a match is rejected as part of a longer name: a two- or three-word run of
    names, no ordinary words ("Andrew Watkins"), is a person's name, each word a person's
    name in the rest of the document; a single word after a name ("Sheriff Greg Taylor")
    is a surname. Country names are never learned ("United Russia",
    "Nazi Germany" leave them places), nor words with digits ("A429 Cirencester")."""
    doc = ctx.doc
    cs, ce = ctx.chunk
    words = [doc[i] for i in range(cs, ce)]
    if len(words) in (2, 3) and all(is_cap(w) and not _has_digit(w.text) for w in words) \
            and not any(rules.lex.commonness(w.text) > 0 for w in words):
        learned = {w.lower_ for w in words}
    elif m.size == 1 and m.end == ce and ctx.unexplained_before(m) and not _has_digit(doc[m.start - 1].text) \
            and rules.lex.commonness(doc[m.start - 1].text) <= 0:
        learned = {m.key}
    else:
        return
    persons.update(w for w in learned if not set(known.features(w)) & _STRONG)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)
