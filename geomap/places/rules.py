"""The word lists the place rules read (``toponym_rules.json``) and the lexicon, as one object."""
from __future__ import annotations

from dataclasses import dataclass

from .lexicon import Lexicon, load_lexicon

__all__ = ["Rules"]


@dataclass(frozen=True)
class Rules:
    """Word lists (lower case unless noted) and the word tables of :class:`~.lexicon.Lexicon`."""

    lex: Lexicon
    connectors: frozenset[str]  # words inside a name: "of", "de", "al"
    particles: frozenset[str]  # between hyphens inside a name: "Mazar-i-Sharif"
    low_starts: frozenset[str]  # lower-case name starts: "al-Qaim"
    titles: frozenset[str]  # person titles before a name: "Mr", "Senator"
    after: dict[str, str]  # place word after a name -> cue: "province" -> adm1
    before: dict[str, str]  # place word before a name (as written) -> cue: "capital" -> city
    locative: frozenset[str]  # prepositions before places: "in", "near"
    speech: frozenset[str]  # speech verbs next to a person: "said"
    directions: frozenset[str]  # "northern", "greater"
    calendar: frozenset[str]  # months and days
    not_place_heads: frozenset[str]  # heads of names that are no places: "Post", "Airlines"
    strict_heads: frozenset[str]  # ... not even with a state's name before them: "Avenue", "Front"
    media: frozenset[str]  # heads of newspapers' and broadcasters' names: "Times", "Broadcasting"
    institutions: frozenset[str]  # a place's own institutions after it: "Police", "Senate"
    openers: frozenset[str]  # prepositions that open a sentence: "Near"

    @classmethod
    def load(cls, lex: Lexicon | None = None) -> Rules:
        lex = lex or load_lexicon()
        r = lex.rules
        return cls(
            lex=lex, connectors=r["connectors"], particles=r["hyphen_particles"], low_starts=r["lowercase_starts"],
            titles=r["person_titles"], after=r["place_words_after"], before=r["place_words_before"],
            locative=r["locative_before"], speech=r["speech_verbs"], directions=r["directions"],
            calendar=r["month_day_words"], not_place_heads=r["name_heads_not_places"],
            strict_heads=r["name_heads_not_even_states"], media=r["media_heads"],
            institutions=r["state_institution_words"], openers=r["opening_prepositions"],
        )
