"""The event lexicon: frames, the words that evoke them and the word lists the reader uses.

Everything here is data from ``geomap/data``: ``events_lexicon.json`` (frames, roles, cue
lists), ``cameo_verbs.tsv`` (CAMEO 2.0 verb blocks a frame may name), ``agents.tsv``
(generic agent nouns by class), ``armed_groups.tsv`` (named armed groups) and
``civil_organisations.tsv`` (intergovernmental and non-governmental bodies). Verbs are
listed by lemma and inflected here; a multi-word entry may hold ``*`` (one word) or ``**``
(up to four words).

>>> lex = event_lexicon()
>>> [t.frame for t, _ in lex.match("troops seized the town".split(), 1)]
['Conquering']
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..gazetteer.store import DATA_DIR

__all__ = ["FrameSpec", "Trigger", "EventLexicon", "event_lexicon", "inflect", "tokens_of"]

_VOWELS = set("aeiou")


@dataclass(frozen=True)
class FrameSpec:
    """A frame: the kind of event it reports and the role each preposition gives a place."""

    name: str
    kind: str
    default_kind: str | None
    roles: dict[str, str]
    object_role: str | None = None
    subject_role: str | None = None
    subject_passive: str | None = None
    object_is_theme: bool = False
    object_required: bool = False
    object_requires_place: bool = False
    role_kinds: dict[str, str] | None = None  # a role that makes it another kind ("offensive toward X")
    theme_class: str | None = None  # the frame holds only when what moves is of this class ("sent warships")


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: the frame it evokes, its words, part of speech, lemma and form
    (``base``, ``s``, ``past``, ``ing`` for verbs; ``noun``; ``pattern``)."""

    frame: str
    words: tuple[str, ...]
    pos: str
    lemma: str
    form: str


def tokens_of(phrase: str) -> tuple[str, ...]:
    """A phrase split the way the tokenizer splits text ("cross-border" -> cross - border)."""
    return tuple(t for t in re.split(r"\s+|(-)", phrase.lower()) if t)


def inflect(lemma: str, irregular: dict[str, list[str]] | None = None) -> dict[str, str]:
    """The forms of a verb: ``base``, ``s``, ``past`` (and participle), ``ing``.

    Examples
    --------
    >>> inflect("seize")["past"], inflect("stop")["ing"], inflect("occupy")["s"]
    ('seized', 'stopping', 'occupies')
    """
    if irregular and lemma in irregular:
        past, participle, s, ing = irregular[lemma]
        return {"base": lemma, "s": s, "past": past, "participle": participle, "ing": ing}
    w = lemma
    if w.endswith(("s", "sh", "ch", "x", "z")):
        s = w + "es"
    elif w.endswith("y") and w[-2:-1] not in _VOWELS:
        s = w[:-1] + "ies"
    else:
        s = w + "s"
    double = _doubles(w)
    if w.endswith("e"):
        past = w + "d"
        ing = w[:-1] + "ing" if not w.endswith(("ee", "ye", "oe")) else w + "ing"
    elif w.endswith("y") and w[-2:-1] not in _VOWELS:
        past, ing = w[:-1] + "ied", w + "ing"
    elif double:
        past, ing = w + w[-1] + "ed", w + w[-1] + "ing"
    else:
        past, ing = w + "ed", w + "ing"
    return {"base": w, "s": s, "past": past, "participle": past, "ing": ing}


def _doubles(word: str) -> bool:
    """One-syllable consonant-vowel-consonant verbs double their last letter (stop, plan)."""
    vowels = [c for c in word if c in _VOWELS]
    return (len(vowels) == 1 and len(word) >= 3 and word[-1] not in _VOWELS | set("wxy")
            and word[-2] in _VOWELS and word[-3] not in _VOWELS)


def _plural(noun: str) -> str:
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in _VOWELS:
        return noun[:-1] + "ies"
    return noun + "s"


class WordSet(frozenset):
    """A word list from the lexicon (a frozenset that keeps the file's order for display)."""


class EventLexicon:
    """Frames, triggers indexed by first word, and the reader's word lists."""

    def __init__(self, raw: dict[str, Any], cameo: list[dict[str, str]], agents: list[dict[str, str]],
                 groups: list[dict[str, str]], organisations: list[dict[str, str]] = ()):
        self.raw = raw
        self.irregular: dict[str, list[str]] = raw.get("irregular", {})
        self.frames: dict[str, FrameSpec] = {}
        self.index: dict[str, list[Trigger]] = {}
        for name, spec in raw["frames"].items():
            self.frames[name] = FrameSpec(
                name=name, kind=spec["kind"], default_kind=spec.get("default_kind"), roles=dict(spec["roles"]),
                object_role=spec.get("object"), subject_role=spec.get("subject"),
                subject_passive=spec.get("subject_passive"), object_is_theme=spec.get("object_is_theme", False),
                object_required=spec.get("object_required", False),
                object_requires_place=spec.get("object_requires_place", False),
                role_kinds=spec.get("role_kinds"),
                theme_class=spec.get("theme_class"),
            )
            self._add_frame(name, spec, cameo)
        self.words: dict[str, WordSet] = {}
        for key, value in raw.items():
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                self.words[key] = WordSet(value)
        for key, value in raw.get("modality", {}).items():
            self.words[key] = WordSet(value)
        for key, value in raw.get("clause_markers", {}).items():
            self.words[key] = WordSet(value)
        self.agent_class: dict[str, str] = {}
        codes = {"MIL": "armed", "REB": "armed", "UAF": "armed", "COP": "armed", "REF": "civilian",
                 "CVL": "civilian", "GOV": "leaders"}
        for row in agents:
            cls = codes.get(row["class"])
            noun = row["noun"]
            if cls and " " not in noun:
                self.agent_class.setdefault(noun, cls)
                self.agent_class.setdefault(_plural(noun), cls)
        for cls, nouns in raw["agents"].items():
            for noun in nouns:
                self.agent_class[noun] = cls
        self.groups: dict[tuple[str, ...], str] = {}
        for row in groups:
            alias = tokens_of(row["alias"])
            if alias and (len(alias) > 1 or len(alias[0]) >= 4):
                self.groups.setdefault(alias, row["name"])
        self.group_lengths: dict[str, list[int]] = {}  # first word -> name lengths, longest first
        for key in self.groups:
            self.group_lengths.setdefault(key[0], []).append(len(key))
        for lengths in self.group_lengths.values():
            lengths.sort(reverse=True)
        self.civil_organisations = frozenset(" ".join(tokens_of(r["name"])) for r in organisations)
        self.anaphora = {tokens_of(k): v for k, v in raw["anaphora"].items()}
        self.number_words: dict[str, int] = raw["number_words"]
        self.multipliers: dict[str, int] = raw["multipliers"]
        self.months: dict[str, int] = raw["months"]
        light = [tokens_of(v) for v in raw["light_verbs"]]
        self.light_verbs = frozenset(light)

    # -- building --------------------------------------------------------------------
    def _add(self, trigger: Trigger) -> None:
        if trigger.words and trigger.words[0] not in ("*", "**"):
            self.index.setdefault(trigger.words[0], []).append(trigger)

    def _add_frame(self, name: str, spec: dict[str, Any], cameo: list[dict[str, str]]) -> None:
        excluded = set(spec.get("exclude", ()))
        lemmas = list(spec.get("verbs", ()))
        blocks = set(spec.get("cameo", ()))
        extra_forms: dict[str, list[str]] = {}
        for row in cameo:
            if row["block"] in blocks and row["lemma"] not in excluded:
                lemmas.append(row["lemma"])
                if row["forms"]:
                    extra_forms.setdefault(row["lemma"], []).extend(row["forms"].split("|"))
        for lemma in dict.fromkeys(lemmas):
            self._add_verb(name, lemma, extra_forms.get(lemma, []))
        for noun in spec.get("nouns", ()):
            words = tokens_of(noun)
            self._add(Trigger(name, words, "noun", noun, "noun"))
            plural = words[:-1] + (_plural(words[-1]),)
            if plural != words and not noun.endswith(("ing", "ed")) and words[-1] not in ("of", "to", "from", "into"):
                self._add(Trigger(name, plural, "noun", noun, "noun"))
        for pattern in spec.get("patterns", ()):
            self._add(Trigger(name, tokens_of(pattern), "pattern", pattern, "pattern"))
        for word in spec.get("participles", ()):  # "stationed", "based": the verb only in this form
            self._add(Trigger(name, tokens_of(word), "verb", word, "past"))

    def _add_verb(self, frame: str, lemma: str, extra: list[str]) -> None:
        words = tokens_of(lemma)
        head, rest = words[0], words[1:]
        forms = inflect(head, self.irregular)
        seen = set()
        for form, word in forms.items():
            if (form, word) in seen:
                continue
            seen.add((form, word))
            self._add(Trigger(frame, (word, *rest), "verb", lemma, form if form != "participle" else "past"))
        for word in extra:  # CAMEO's irregular forms ("struck", "overran")
            toks = tokens_of(word)
            if toks and toks[0] not in forms.values():
                self._add(Trigger(frame, toks if len(toks) > 1 else (toks[0], *rest), "verb", lemma,
                                  "ing" if toks[0].endswith("ing") else "s" if toks[0].endswith("s") else "past"))

    # -- matching --------------------------------------------------------------------
    def has_noun(self, frame: str, lemma: str) -> bool:
        """Whether the frame lists ``lemma`` as a noun ("the return", "a move into")."""
        return any(t.frame == frame and t.pos == "noun" and t.lemma == lemma
                   for ts in self.index.values() for t in ts)

    def match(self, low: list[str], i: int) -> list[tuple[Trigger, int]]:
        """Every entry that matches the tokens from ``i``, with the end index of the match."""
        out = []
        for trig in self.index.get(low[i], ()):
            end = _match_words(trig.words, low, i)
            if end is not None:
                out.append((trig, end))
        return out

    def is_civil_organisation(self, name: str) -> bool:
        """Whether a group's name ("UN", "UNHCR", "Red Cross", "Medecins Sans Frontieres
        (MSF)") is an intergovernmental or non-governmental organisation's."""
        short = name.split(" (")[0]
        acronym = name[len(short) + 2:-1] if name.endswith(")") and " (" in name else ""
        return any(" ".join(tokens_of(n.lower())) in self.civil_organisations for n in (short, acronym) if n)

    def group_at(self, low: list[str], i: int) -> tuple[str, int] | None:
        """A named armed group starting at token ``i`` (canonical name, end), longest first."""
        for n in self.group_lengths.get(low[i], ()):
            name = self.groups.get(tuple(low[i:i + n]))
            if name is not None:
                return name, i + n
        return None


def _match_words(words: tuple[str, ...], low: list[str], i: int) -> int | None:
    """End index when ``words`` match ``low`` from ``i`` ("*" one word, "**" up to three)."""
    if not words:
        return i
    w = words[0]
    if w == "**":
        for skip in range(0, 5):
            end = _match_words(words[1:], low, i + skip)
            if end is not None and all(t not in (".", ";", ":") for t in low[i:i + skip]):
                return end
        return None
    if i >= len(low):
        return None
    if w == "*" and low[i] not in (".", ",", ";", ":") or w == low[i]:
        return _match_words(words[1:], low, i + 1)
    return None


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    """The shipped lexicon, loaded once per process."""
    raw = json.loads((DATA_DIR / "events_lexicon.json").read_text(encoding="utf-8"))
    return EventLexicon(raw, _rows("cameo_verbs.tsv"), _rows("agents.tsv"), _rows("armed_groups.tsv"),
                        _rows("civil_organisations.tsv"))
