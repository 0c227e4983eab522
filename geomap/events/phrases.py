"""The phrases of a frame: its subject (shared across coordinated, participle and
relative clauses), agent, theme, the theme's counts and the day the clause gives."""
from __future__ import annotations

import re
from functools import lru_cache

from .clauses import PREPOSITIONS, Chunks, Clause
from .frames import PRONOUNS, Frame, Span
from .lexicon import EventLexicon, event_lexicon
from .measures import Quantity, read_quantities, read_time
from .sentence import Sentence

_COUNT_LEADS = frozenset({"over", "about", "around", "some", "nearly", "almost", "at", "up", "more", "roughly",
                          "approximately", "under", "fewer", "less"})
_TIME_LEAD = frozenset({"earlier", "later", "last", "this", "next", "meanwhile", "however", "yesterday", "today",
                        "overnight", "then", "now", "also", "previously", "recently", "separately", "finally"})
_TIME_GLUE = frozenset({"on", "in", "at", "by", "since", "during", "the", "of", "early", "late", "mid", "mid-",
                        "morning", "night", "evening", "afternoon", "dawn", "-", "–", "and"})
_DAY_NUMBER = re.compile(r"^\d{1,4}(st|nd|rd|th)?([-–]\d{1,4}(st|nd|rd|th)?)?$|^\d{1,2}[:.]\d{2}(am|pm)?$|^(am|pm|a\.m|p\.m)$")
_NOT_OBJECTS = frozenset({"home", "back", "there", "here", "abroad", "overseas", "safely"})  # "returning home"


def _numeric(w: str) -> bool:
    return any(c.isdigit() for c in w) or w in event_lexicon().number_words


def _shift(q: Quantity, by: int) -> Quantity:
    return Quantity(q.value, q.unit, q.start + by, q.end + by)


@lru_cache(maxsize=1)
def _demonym_units() -> frozenset[str]:
    """Demonyms as count units: "6,000 Lebanese", "33,000 Haitians"."""
    from ..places.lexicon import load_lexicon

    return frozenset(f.lower() for f in load_lexicon().demonyms)


class PhraseReader:
    """Who and what a frame is about: the subject, agent and theme phrases, their counts, the day."""

    s: Sentence
    ch: Chunks
    lex: EventLexicon

    def subject(self, idx: int, before: int | None = None, depth: int = 0) -> Span | None:
        """The subject phrase of clause ``idx`` (shared from its host when it has none)."""
        ch, s, words = self.ch, self.s, self.lex.words
        c = ch.clauses[idx]
        low = s.low
        start = c.start
        if c.kind == "participle" and c.host is not None and depth < 3:
            return self.subject(c.host, depth=depth + 1)  # ", burning a UN office and prompting ..."
        if c.kind == "relative" and low[start] in ("who", "which", "that"):
            nxt = start + 1
            while nxt < c.end and low[nxt] in words["adverbs"]:
                nxt += 1
            if nxt < c.end and (ch.verbish[nxt] or low[nxt] in words["auxiliaries"]):
                return self._antecedent(c.marker if c.marker is not None else start)
        while start < c.end and (low[start] in (",", "and", "but", "that", "as", "while", "when", "after", "before",
                                                 "because", "since", "although", "though", "once", "if", "whereas",
                                                 "where", "whose", "who", "which")
                                 or low[start] in words["adverbs"]):
            start += 1
        limit = before if before is not None and c.start <= before <= c.end else c.end
        v = start
        while v < limit and not (ch.verbish[v] and not ch.aside[v]):
            v += 1
        if v == start and self._gerund_subject(start):
            v += 1  # "Fighting in Darfur has forced ...": a gerund heads the subject
            while v < limit and not (ch.verbish[v] and not ch.aside[v]):
                v += 1
        if v == start:
            if c.host is not None and depth < 3:
                return self.subject(c.host, depth=depth + 1)
            return None
        chunks = self._comma_chunks(start, v)
        for a, b in chunks:
            if self._only_time(a, b):
                continue  # "On November 27-28, ...", "In mid-March, ..."
            while a < b and (low[a] in _TIME_LEAD or low[a] in words["vague_times"] or low[a] in words["weekdays"]
                             or not s.tokens[a][:1].isalnum() or self._time_phrase_at(a)):
                a += 1  # "Earlier this month more than 1,000 troops ...", "On Monday about 4,000 ...", a quote
            if a >= b:
                continue
            counted = low[a] in _COUNT_LEADS and (any(_numeric(w) for w in low[a + 1:a + 3]) or low[a] == "some")
            if a >= b or (low[a] in PREPOSITIONS or low[a] in words["adverbs"]) and not counted \
                    or low[a] in words["reporting_verbs"]:
                continue
            if low[a].endswith("ing") and low[a] not in ("king",) and s.tokens[a][:1].isupper() and a == c.start \
                    and not ((a, b) == chunks[-1] and self._gerund_subject(a)):
                continue  # "Facing attacks by ..., they are fleeing": a participle, not the subject
            if (b - a == 1 or low[a] in ("its", "their")) and low[a] in PRONOUNS and c.kind == "complement" \
                    and c.host is not None and depth < 3:
                host = self.subject(c.host, depth=depth + 1)  # "X said they had seized": they = X
                if host is not None:
                    return host
            return Span(a, b)
        if c.host is not None and depth < 3:
            return self.subject(c.host, depth=depth + 1)
        return None

    def _gerund_subject(self, a: int) -> bool:
        """'Fighting in Darfur has forced ...': an -ing word and its place phrase as the subject."""
        low = self.s.low
        return low[a].endswith("ing") and self.s.tokens[a][:1].isupper() and a + 1 < len(low) \
            and low[a + 1] in PREPOSITIONS

    def _only_time(self, a: int, b: int) -> bool:
        """Every word of the phrase tells a time: 'On November 27-28', 'in early May 2023'."""
        words = self.lex.words
        return all(w in self.lex.months or w in words["weekdays"] or w in words["vague_times"] or w in _TIME_LEAD
                   or w in _TIME_GLUE or _DAY_NUMBER.match(w) or not w[:1].isalnum() for w in self.s.low[a:b])

    def _time_phrase_at(self, a: int) -> bool:
        """'On Monday', 'in March', 'on 13 September': a time phrase opening a clause."""
        low, words = self.s.low, self.lex.words
        nxt = low[a + 1] if a + 1 < len(low) else ""
        return low[a] in ("on", "in", "at", "by", "since", "during") and (
            nxt in words["weekdays"] or nxt in self.lex.months or nxt[:1].isdigit() or nxt in ("the", "early", "late")
            and a + 2 < len(low) and (low[a + 2] in words["weekdays"] or low[a + 2] in ("morning", "night", "evening")))

    def _comma_chunks(self, a: int, b: int) -> list[tuple[int, int]]:
        out, start = [], a
        for k in range(a, b):
            if self.s.low[k] == "," and not self.ch.aside[k] and not self.ch._list_comma(k):
                if k > start:
                    out.append((start, k))
                start = k + 1
        if b > start:
            out.append((start, b))
        return out

    def _antecedent(self, marker: int) -> Span | None:
        """The noun phrase a relative pronoun stands for: back from it to a boundary."""
        low = self.s.low
        end = marker
        while end > 0 and low[end - 1] == ",":
            end -= 1
        k = end - 1
        while k >= 0 and not (low[k] in (",", ";", ":") and not self.ch._list_comma(k)) and not self.ch.verbish[k] \
                and not (low[k] in PREPOSITIONS and low[k] != "of"):
            k -= 1
        return Span(k + 1, end) if end > k + 1 else None

    def _agent(self, f: Frame, subject: Span | None) -> Span | None:
        low = self.s.low
        agent_preps = [p for p, r in f.spec.roles.items() if r in ("agent", "recipient")]
        if f.passive or f.trigger.pos != "verb":
            agent_preps.append("by")
        agent_preps.sort(key=lambda w: w != "by")
        if f.trigger.words[-1] in agent_preps or f.trigger.words[-1] == "by":
            return self._np_after(f.end, f.clause.end)  # "occupied by Azerbaijan", "fell to the rebels"
        if f.trigger.pos == "pattern" and "*" in "".join(f.trigger.words):
            named = self._wildcard_words(f)
            if named is not None:
                return named  # "under rebel control", "in the jihadists' hands"
        for prep in agent_preps:
            for k in range(f.end, f.clause.end):
                if low[k] == prep:
                    span = self._np_after(k + 1, f.clause.end)
                    if span is not None:
                        return span
                if self.ch.verbish[k] and k > f.end + 1:
                    break
        if f.trigger.pos == "noun" and f.spec.name in ("Meeting", "Hostile_encounter"):
            partner = self._partner(f)  # "a meeting with X", "clashes between X and Y"
            if partner is not None:
                return partner
            if f.spec.name == "Meeting":
                return subject
        if f.trigger.pos in ("noun", "pattern"):
            mod = self._modifier_agent(f.start) if f.trigger.pos == "noun" else None
            if mod is not None:
                return mod
            if self._after_light_verb(f.start) or f.trigger.pos == "pattern":
                return subject
            return None
        if f.spec.subject_role:
            return None  # "Dessie fell to X", "Kapan came under fire": the subject is the place
        if f.trigger.form == "ing" and f.start > 0:
            k = f.start - 1
            owner = self.s.place_covering(k)
            if owner is not None and owner in self.s.places and not self.s.is_possessive(owner):
                return Span(owner, self.s.place_end[owner])  # "resulting in Azerbaijan recapturing X"
        return None if f.passive else subject

    def _wildcard_words(self, f: Frame) -> Span | None:
        """The words a pattern's wildcard matched, when they name who holds the place."""
        low = self.s.low
        fixed = [w for w in f.trigger.words if w not in ("*", "**")]
        inner = [k for k in range(f.start, f.end) if low[k] not in fixed and low[k] not in ("'s", "’s", "'")]
        inner = [k for k in inner if low[k] not in ("the", "a", "an")]
        if not inner or all(low[k] in PRONOUNS for k in inner):
            return None
        return Span(inner[0], inner[-1] + 1)

    def _partner(self, f: Frame) -> Span | None:
        low = self.s.low
        for k in range(f.end, f.clause.end):
            if low[k] in ("with", "between"):
                b = k + 1
                while b < f.clause.end and low[b] not in (",", ".", ";", "in", "at", "on", "near", "earlier", "last",
                                                            "this", "to", "over", "since", "after", "for") \
                        and not self.ch.verbish[b]:
                    b += 1
                return Span(k + 1, b) if b > k + 1 else None
        return None

    def _modifier_agent(self, start: int) -> Span | None:
        """'Israeli strike', 'Hezbollah drone attack', 'Russia's offensive', 'the RSF's advance'."""
        s, low = self.s, self.s.low
        k = start - 1
        while k >= 0 and low[k] in ("-", "claimed", "led", "launched", "backed", "explosive", "laden", "heavy",
                                    "fresh", "new", "latest", "overnight", "deadly", "major", "large-scale", "huge",
                                    "massive", "surprise", "lightning", "renewed", "alleged", "suspected", "ground",
                                    "air", "aerial", "naval", "joint", "military", "an", "a", "the", "its", "their"):
            if low[k] in ("a", "an", "the", "its", "their"):
                return None
            k -= 1
        if k < 0:
            return None
        if low[k] in ("'s", "’s") and k > 0:
            j = k - 1
            while j > 0 and s.tokens[j - 1][:1].isupper() and low[j - 1] not in ("the",):
                j -= 1
            return Span(j, k)
        owner = s.place_covering(k)
        if owner is not None:
            return Span(owner, s.place_end[owner]) if owner in s.demonyms else None
        if s.tokens[k][:1].isupper() and low[k] not in self.lex.words["determiners"]:
            j = k
            while j > 0 and s.tokens[j - 1][:1].isupper() and s.place_covering(j - 1) is None:
                j -= 1
            if j > 0 and s.place_covering(j - 1) is None:
                return Span(j, k + 1)  # "Hezbollah drone attack", "the RSF offensive"
        return None

    def _after_light_verb(self, start: int) -> bool:
        """'launched an offensive', 'carried out strikes', 'took part in drills'."""
        low = self.s.low
        k = start - 1
        while k >= self.ch.clause(start).start and (low[k] in self.lex.words["determiners"] or not self.ch.verbish[k]) \
                and low[k] not in PREPOSITIONS and start - k < 6:
            k -= 1
        for n in (3, 2, 1):
            if tuple(low[max(0, k - n + 1):k + 1]) in self.lex.light_verbs:
                return True
        if k >= 0 and low[k] in ("in", "of") and k > 0:  # "took part in drills"
            return tuple(low[max(0, k - 2):k + 1]) in self.lex.light_verbs or tuple(low[max(0, k - 1):k + 1]) in self.lex.light_verbs
        return False

    def _np_after(self, a: int, limit: int) -> Span | None:
        low = self.s.low
        b = a
        while b < limit and low[b] not in (",", ";", ":", ".", "(", "and", "who", "which", "that", "after", "as", "on",
                                           "in", "at", "from", "to", "with", "into", "since", "for") \
                and not (self.ch.verbish[b] and b > a):
            b += 1
        return Span(a, b) if b > a else None

    def _theme(self, f: Frame, subject: Span | None) -> Span | None:
        spec, low = f.spec, self.s.low
        caused = self._caused(f)
        if caused is not None:
            return caused  # "prompting thousands to flee", "forced 7 million people from their homes"
        if spec.object_role == "previous" and not f.passive and "**" in f.trigger.words:
            return self._wildcard_words(f)  # "expelled 2,000 migrants from X": who was made to leave
        if spec.object_is_theme and not f.passive:
            if f.trigger.pos == "verb" and "**" in f.trigger.words:
                inside = self._wildcard_words(f)
                if inside is not None:
                    return inside  # "forced seven million people from their homes"
            if f.trigger.pos == "verb":
                span = self._np_after(f.end, f.clause.end)
                if span is not None and self.s.place_covering(span.start) is None \
                        and low[span.start] not in _NOT_OBJECTS:
                    return span
            else:
                if f.end < len(low) and low[f.end] == "of":
                    return self._np_after(f.end + 1, f.clause.end)
        if f.trigger.pos == "noun" and f.end < len(low) and low[f.end] == "of":
            return self._np_after(f.end + 1, f.clause.end)
        if f.trigger.pos == "noun" and spec.kind == "movement" and not self._after_light_verb(f.start):
            return None  # "... that the exodus was not confined to X": the subject is not who moved
        return subject

    def _caused(self, f: Frame) -> Span | None:
        """Who was made to move: 'forcing thousands of people to flee'."""
        low = self.s.low
        if f.start < 2 or low[f.start - 1] != "to":
            return None
        for k in range(f.start - 2, max(f.clause.start - 1, f.start - 13), -1):
            if low[k] in self.lex.words["causatives"]:
                # "forcing aid workers to withdraw and thousands of people to flee": the last conjunct
                a = max([t + 1 for t in range(k + 1, f.start - 1) if low[t] == "and"], default=k + 1)
                return Span(a, f.start - 1) if f.start - 1 > a else None
        return None

    def _quantities(self, f: Frame) -> list[Quantity]:
        """The theme's counts; several demonymic groups ("6,000 Lebanese and 15,000
        Syrians") give one each."""
        units = _demonym_units()
        s = self.s
        spans = [f.theme] if f.theme is not None else []
        if f.spec.kind in ("military_activity", "base") or f.spec.name in ("Military_deployment",):
            spans.append(Span(f.clause.start, f.clause.end))
        for span in spans:
            if span is not f.theme and span == f.theme:
                continue
            toks = s.tokens[span.start:span.end]
            qs = [q for q in read_quantities(toks, units) if not self.ch.aside[span.start + q.start]]
            named = [q for q in qs if q.unit and q.unit not in self.lex.words["casualty_nouns"]]
            if named:
                demonymic = [q for q in named if q.unit in units and q.value is not None]
                return [_shift(q, span.start) for q in (demonymic if len(demonymic) > 1 else named[:1])]
            bare = [q for q in qs if not q.unit and q.value is not None and q.start == 0 or
                    (not q.unit and q.value is not None and all(t.lower() in self.lex.words["determiners"]
                                                                for t in toks[:q.start]))]
            if bare and span is f.theme and span is spans[0]:
                return [_shift(bare[0], span.start)]
        return []

    def _date(self, idx: int) -> str | None:
        ch = self.ch
        c = ch.clauses[idx]
        day, found = read_time(self._own_tokens(c), self.published)
        if found:
            return day
        if c.kind in ("complement", "coordinate", "participle", "main") or (c.kind == "report" and c.host is None):
            for k, other in enumerate(ch.clauses):
                if other.kind == "report" and k != idx:
                    day, found = read_time(self._own_tokens(other), self.published)
                    if found:
                        return day
            if c.host is not None and c.kind != "main":
                return self._date(c.host)
        if c.kind in ("main", "complement"):
            for other in ch.clauses:  # "escaped to India after militias overran two bases on Monday": that day
                if other.host == idx and other.kind in ("subordinate", "participle"):
                    day, found = read_time(self._own_tokens(other), self.published)
                    if found:
                        return day
        return None

    def _own_tokens(self, c: Clause) -> list[str]:
        return [t for i, t in enumerate(self.s.tokens[c.start:c.end], c.start) if not self.ch.aside[i]
                or self.s.low[i] in self.lex.words["weekdays"]]
