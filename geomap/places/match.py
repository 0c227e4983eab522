"""A candidate toponym in a sentence, as the place rules see and annotate it."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Match"]


@dataclass
class Match:
    """A run of tokens whose text the gazetteer (or the demonym table) knows.

    The rules fill in ``reject`` (why it is no place), ``cue`` (the kind of place the
    context asks for), ``container`` (the name it lies in) and ``confirmed`` (the context
    says place).
    """

    start: int  # token index
    end: int
    surface: str
    key: str
    target: str | None = None  # the place id a demonym, an expanded or a seat-named name stands for
    demonym: bool = False  # "Afghan": a demonym of its country (``target``)
    reject: str | None = None
    cue: str | None = None
    container: str | None = None
    suffix: str = ""  # " province" in "Kunduz province": part of the mention's name
    confirmed: bool = False  # the context says place ("in X", "X province", "X, Texas")
    source: str = "gazetteer"  # "container": a name the gazetteer lacks, placed in its container

    @property
    def size(self) -> int:
        """Number of tokens."""
        return self.end - self.start
