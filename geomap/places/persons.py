"""Person names a document reveals, so that their words are no places elsewhere in it."""
from __future__ import annotations

from .chunks import is_cap
from .context import Context
from .match import Match
from .rules import Rules

__all__ = ["learn_persons"]


def learn_persons(rules: Rules, m: Match, ctx: Context, persons: set[str]) -> None:
    """After a match is rejected as part of a longer name: a two- or three-word run of
    names no ordinary words ("Andrew Watkins") is a person's name, each word a person's
    name in the rest of the document; a single word after an ordinary capitalised word
    ("Sheriff Greg Taylor") is a surname."""
    doc = ctx.doc
    cs, ce = ctx.chunk
    if (ce - cs) in (2, 3) and all(is_cap(doc[i]) for i in range(cs, ce)) and not any(
        rules.lex.commonness(doc[i].text) > 0 for i in range(cs, ce)
    ):
        persons.update(doc[i].lower_ for i in range(cs, ce))
    elif m.size == 1 and m.end == ce and ctx.unexplained_before(m) and rules.lex.commonness(doc[m.start - 1].text) <= 0:
        persons.add(m.key)
