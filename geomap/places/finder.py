"""Toponym mentions: the gazetteer's names found in a spaCy Doc, kept or dropped by rules.

The default pipeline needs no model: ``spacy.blank("en")`` tokenises, a sentencizer
splits sentences, and :class:`ToponymFinder` runs, sentence by sentence:

1. :mod:`.chunks`: runs of capitalised tokens;
2. :mod:`.candidates`: the longest names the gazetteer (or the demonym table) knows in each;
3. :func:`judge`: :mod:`.cues` (what kind of place the context asks for, whether it says
   place at all) and :mod:`.filters` (people, longer names, ordinary words, speakers),
   with :mod:`.persons` remembering the people a document names;
4. :mod:`.ner` when a spaCy model with NER ran before;
5. :mod:`.districts` ("Sudzhansky district": at its seat, Sudzha), :mod:`.coordination`
   ("North and South Kivu") and :mod:`.containers` ("Athens, Texas").

Then, over the whole document: a name the context confirms once is a place in its
doubtful mentions too; a word read as a person once is a person everywhere.
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from ..gazetteer.lookup import Gazetteer
from ..model import Mention
from . import cues, filters
from .candidates import drop_weak, match_chunk
from .chunks import chunks, is_cap
from .containers import find_containers
from .context import Context
from .coordination import expand_coordination, share_containers, share_plural_cues
from .districts import adjectival_districts
from .known import KnownNames
from .lexicon import Lexicon
from .lists import mark_namesakes_of_unknown_lists
from .match import Match
from .ner import apply_ner
from .persons import learn, learn_persons
from .rules import Rules

__all__ = ["ToponymFinder", "judge"]

_Match = Match  # the name the rule modules used before the split
_is_cap = is_cap
# Rejections a confirmed mention of the same name elsewhere in the document overrides.
_DOUBTS = {"name of something else", "common word", "alias only", "speaker", "part of a longer name"}


def judge(rules: Rules, known: KnownNames, m: Match, ctx: Context, persons: set[str], commonness: float) -> None:
    """Set ``m.reject`` (a reason), or ``m.cue`` and ``m.confirmed``, from the context."""
    m.reject = filters.named_person(m, persons)
    if m.reject:
        return
    m.reject = filters.person_title(rules, m, ctx)
    if m.reject:
        if m.size == 1 and m.target is None:
            learn(known, persons, [m.key])  # "Gov. Crist", and Crist later on
        return
    cues.read_cue(rules, m, ctx)
    if m.target is not None:
        continent = _is_continent(known, m)
        m.reject = filters.demonym_in_longer_name(rules, m, ctx, continent)
        if m.reject is None and any(_is_continent(known, x) for x in ctx.left):
            m.reject = "demonym in a longer name"  # "African American", "Asian Americans"
        return
    strong = bool(set(known.features(m.key)) & {"country", "adm1"})
    m.reject = filters.part_of_longer_name(rules, m, ctx, strong) or filters.next_to_name(m, ctx)
    if m.reject:
        learn_persons(rules, known, m, ctx, persons)
        return
    info = known.info(m.key)
    says_place = cues.says_place(rules, known, m, ctx, info)
    m.reject = filters.bare_river(m, ctx, info) or filters.of_an_organisation(m, ctx, info) \
        or filters.name_with_number(m, ctx)
    if m.reject:
        return
    m.confirmed = cues.confirms_place(known, m, ctx)
    if cues.dateline(m, ctx):
        m.confirmed = True  # the word rules do not apply to where a story was filed
        return
    if m.size > 1:
        return
    m.reject = filters.single_word(rules, m, ctx, info, says_place, commonness)
    if m.reject == "speaker":
        persons.add(m.key)  # and a person in the rest of the document


def _is_continent(known: KnownNames, m: Match) -> bool:
    """Whether a demonym stands for a continent ("European", "Asians")."""
    return bool(m.demonym and m.target) and known.feature_code(m.target) == "CONT"


class ToponymFinder:
    """Find toponym mentions in a spaCy Doc.

    Parameters
    ----------
    gazetteer
        The gazetteer whose names are matched.
    lexicon
        Word tables (default: the shipped ones).
    commonness
        Single capitalised words written in lower case more than ``e**commonness``
        times as often are treated as ordinary words unless the context says place.
    """

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon | None = None, *, commonness: float = 1.0):
        self.gaz = gazetteer
        self.rules = Rules.load(lexicon)
        self.lex = self.rules.lex
        self.known = KnownNames(gazetteer)
        self.commonness = commonness

    def find(self, doc: Doc, *, ner: bool = True) -> list[Mention]:
        """The toponym mentions of a Doc, in text order."""
        persons: set[str] = set()
        kept: list[Match] = []
        doubtful: list[Match] = []
        use_ner = ner and doc.has_annotation("ENT_IOB")
        text = doc.text
        tokens = list(doc)  # each Token made once: the scans below index them many times
        for sent in doc.sents:
            matches = self._sentence(doc, tokens, text, sent.start, sent.end, persons)
            matches = adjectival_districts(self.known, doc, matches, sent.start, sent.end)
            mark_namesakes_of_unknown_lists(self.known, tokens, matches, sent.start, sent.end)
            if use_ner:
                matches = apply_ner(self.known, doc, matches, sent.start, sent.end)
            matches = expand_coordination(self, doc, matches, sent.start)
            chains = share_plural_cues(self, doc, matches, sent.end)
            matches = find_containers(self, doc, matches, sent.start, sent.end)
            share_containers(chains)
            kept.extend(m for m in matches if m.reject is None)
            doubtful.extend(m for m in matches if m.reject in _DOUBTS)
        # One sense per document: a name the context confirms somewhere ("Greer, South
        # Carolina") is a place in its other mentions too ("Greer's city limits").
        confirmed = {m.key for m in kept if m.confirmed}
        kept += [m for m in doubtful if m.key in confirmed and m.key not in persons]
        kept.sort(key=lambda m: m.start)
        return [self._mention(doc, m) for m in kept  # a person everywhere, unless the context says place
                if not (m.target is None and m.size == 1 and m.key in persons and not m.confirmed)]

    def _sentence(self, doc: Doc, tokens: list, text: str, start: int, end: int, persons: set[str]) -> list[Match]:
        """The judged matches of one sentence (``tokens``: the Doc's tokens, as a list)."""
        per_chunk = [(c, drop_weak(self.rules, doc, c, match_chunk(self.rules, self.known, doc, *c, text)))
                     for c in chunks(self.rules, tokens, start, end)]
        starts = {m.start: m for _, ms in per_chunk for m in ms}
        matches: list[Match] = []
        for chunk, ms in per_chunk:
            for m in ms:
                judge(self.rules, self.known, m, Context.of(doc, m, chunk, ms, start, end, starts), persons,
                      self.commonness)
            matches.extend(ms)
        return matches

    @staticmethod
    def _mention(doc: Doc, m: Match) -> Mention:
        start = doc[m.start].idx
        name = m.surface + m.suffix
        return Mention(name=name, start=start, end=start + len(name), cue=m.cue, demonym=m.demonym,
                       target=m.target, source=m.source, container=m.container)


# The spaCy factory moved to components.py; its names stay importable from here.
_MOVED_NAMES = ("ToponymComponent", "make_toponym_finder", "MENTIONS_ATTR")


def __getattr__(name: str) -> Any:
    if name in _MOVED_NAMES:
        from . import components

        return getattr(components, name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
