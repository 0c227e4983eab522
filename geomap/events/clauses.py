"""A shallow chunker for the model-free pipeline: clauses, verb groups and the word that
governs each place.

spaCy's blank pipeline gives tokens only, so the reader works from closed word classes
(prepositions, auxiliaries, determiners, reporting verbs, clause markers: the lexicon's
lists) and from the trigger words it knows. A sentence is cut into clauses at relative
pronouns, subordinators, reporting verbs, coordinated verb phrases and participles; each
clause knows the clause whose subject it shares (``host``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lexicon import EventLexicon, event_lexicon
from .sentence import Sentence

__all__ = ["Clause", "Chunks", "chunk", "PREPOSITIONS"]

PREPOSITIONS = frozenset({
    "in", "at", "on", "near", "from", "to", "into", "onto", "towards", "toward", "across", "through", "via",
    "over", "under", "along", "around", "against", "outside", "inside", "within", "between", "with", "by",
    "for", "of", "off", "upon", "past", "beyond", "behind", "beside", "amid", "amidst", "throughout", "during",
    "after", "before", "like", "per", "including", "among", "despite", "since", "until", "as",
})
# Two-word prepositions, read as one ("out of" -> origin).
_COMPOUND = {("out", "of"): "out of", ("north", "of"): "north of", ("south", "of"): "south of",
             ("east", "of"): "east of", ("west", "of"): "west of", ("back", "to"): "back to",
             ("outskirts", "of"): "near", ("close", "to"): "near", ("next", "to"): "near",
             ("direction", "of"): "toward", ("side", "of"): "in", ("heart", "of"): "in"}
_COORD = {"and", "or", ",", "&", "/", "plus"}
_OUTER = frozenset({"from", "to", "into", "towards", "toward", "out of", "via", "through", "across", "for", "back to",
                    "onto", "upon", "against"})
_LIST_JOIN = frozenset({"as", "well", "–", "—", "-", "--", "(", ")"})  # "Latvia -- as well as Poland"
_DISTANCE = frozenset({"border", "km", "kilometres", "kilometers", "miles", "mile", "metres", "meters", "away", "far",
                       "distance", "frontier", "kilometre", "kilometer", "m"})
_NOT_PARTICIPLES = frozenset({"including", "according", "following", "during", "morning", "evening", "building",
                              "bring", "king", "wing", "spring", "something", "nothing", "anything", "ceiling"})
_NOT_VERBS_ED = frozenset({"need", "seed", "speed", "feed", "bed", "red", "shed", "hundred", "indeed", "embed",
                           "breed", "creed", "greed", "weed", "bled", "fled"})


@dataclass
class Clause:
    """Tokens ``start:end`` of one clause; ``kind`` says how it attaches (main, report,
    complement, relative, subordinate, participle, coordinate, resume) and ``host`` is the
    clause whose subject it shares or whose noun it describes."""

    start: int
    end: int
    kind: str
    host: int | None = None
    marker: int | None = None  # index of the word that opened it


@dataclass
class Chunks:
    """Per-token word classes and the clauses of one sentence."""

    s: Sentence
    verbish: list[bool]
    clauses: list[Clause]
    clause_of: list[int]
    aside: list[bool]  # inside brackets

    def clause(self, i: int) -> Clause:
        return self.clauses[self.clause_of[i]]

    def governor(self, j: int, floor: int = 0) -> tuple[str, int]:
        """The word governing the place at token ``j``: a preposition ("from", "out of"),
        ``"including"``, ``"of-place"`` (it names the container of the place before),
        ``""`` (no preposition: a subject or object) with its index (-1 when none).
        Reading back stops at ``floor`` (the end of the trigger that may govern the place)."""
        s, lex = self.s, event_lexicon()
        transparent, dets = lex.words["transparent"], lex.words["determiners"]
        lo = max(self.clause(j).start, floor)
        k, item = j - 1, j
        found: tuple[str, int] | None = None
        while k >= lo:
            w = s.low[k]
            owner = s.place_covering(k)
            if owner is not None and owner != j:
                if s.place_end[owner] == k + 1 and k + 1 < len(s.low) and s.low[k + 1] in ("'s", "’s"):
                    k = owner - 1  # "Armenia's towns of Goris": read past the owner
                    continue
                if owner in s.demonyms:
                    k = owner - 1  # "the Ukrainian region of Sumy"
                    continue
                between = s.low[s.place_end[owner]:item]
                if found is None and between and between[-1] == "of" and item == j:
                    return "of-place", k  # "Cox's Bazar of Bangladesh": a container
                if found is None and any(t in _COORD or t == "well" for t in between) and all(
                        t in _COORD or t in transparent or t in _LIST_JOIN for t in between):
                    k, item = owner - 1, owner  # a list shares its first item's governor
                    continue
                return found or ("", -1)
            if w in ("'s", "’s"):
                k -= 1
                continue
            if w in _COORD and k > lo and s.place_covering(k - 1) is not None and found is None:
                k -= 1  # "Tigray and Amhara": on to the item before
                continue
            if w == "of" and found is None and item == j and k > lo and s.place_covering(k - 1) is not None \
                    and s.place_covering(k - 1) not in s.demonyms:
                return "of-place", k  # "Cox's Bazar of Bangladesh": a container
            pair = (s.low[k - 1], w) if k > 0 else None
            if pair in _COMPOUND:
                prep: tuple[str, int] | None = (_COMPOUND[pair], k - 1)
            elif w == "with" and k > 0 and s.low[k - 1] in ("border", "borders", "frontier"):
                prep = ("near", k)  # "massed near the border with Ukraine"
            elif w == "from" and k > 0 and s.low[k - 1] in _DISTANCE:
                return found or ("distance", k)  # "just across the border from Kursk", "50 km from X"
            elif w in PREPOSITIONS and not (w == "of" and k > 0 and s.low[k - 1] in transparent):
                prep = (w, k)
            else:
                prep = None
            if prep is not None:
                if w == "including":
                    return prep
                if found is not None:
                    # "from different areas in the Tigray region": a direction outside the noun phrase
                    # wins; "around the main square of X": so does the place the "of" phrase sits in
                    return prep if prep[0] in _OUTER or found[0] == "of" else found
                found = prep
                if prep[0] not in ("in", "at", "of", "near", "on", "inside", "outside", "around"):
                    return found
                k = prep[1] - 1
                continue
            if self.verbish[k] or w in (";", ":") or w in _COORD and w != "," or (w == "," and not self._list_comma(k)):
                return found or ("", -1)
            if not (w in transparent or w in dets or _numeric(w) or not s.tokens[k][:1].isalpha() or w.isalpha()):
                return found or ("", -1)
            k -= 1
        return found or ("", -1)

    def _list_comma(self, k: int) -> bool:
        """A comma inside a list of places ("Goris, Sotk and Jermuk") or of demonyms
        ("British, Polish and American troops")."""
        s = self.s
        before = s.place_covering(k - 1) if k > 0 else None
        if before is None:
            return False
        return (k + 1 in s.places and before in s.places) or (k + 1 in s.demonyms and before in s.demonyms)


def _numeric(w: str) -> bool:
    return any(c.isdigit() for c in w)


@lru_cache(maxsize=1)
def _verb_forms() -> frozenset[str]:
    lex = event_lexicon()
    forms = {t.words[0] for ts in lex.index.values() for t in ts if t.pos == "verb"}
    forms |= set(lex.words["auxiliaries"]) | set(lex.words["reporting_verbs"])
    forms |= {w for phrase in lex.light_verbs for w in phrase[:1]}
    return frozenset(forms)


_PARTICIPLES = frozenset({"known", "shown", "given", "taken", "seen", "made", "held", "built", "led", "called", "named",
                          "located", "situated", "based", "set", "run", "kept", "found", "left", "brought", "driven"})


_AS_PREDICATE = frozenset({"serve", "serves", "served", "serving", "act", "acts", "acted", "acting", "used",
                           "regarded", "described", "seen", "function", "functions", "functioned", "doubles", "doubled"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am"})
_ATTRIBUTIVE_AFTER = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "these", "those"})
"""After these no word is a verb: an -ed word modifies a noun ("the armed factions"), an
-ing word is one ("the crossing"), and so is a verb's form ("the floods", "its strikes")."""


def _is_verbish(word: str, lex: EventLexicon) -> bool:
    if word in _PARTICIPLES:
        return True
    if word in ("'s", "’s", "'d", "'re", "'ve") or word in lex.agent_class:
        return False  # a possessive as often as a verb; "forces", "troops": nouns first
    if word in _verb_forms():
        return word not in lex.words["determiners"]
    return len(word) >= 5 and word.endswith("ed") and word.isalpha() and word not in _NOT_VERBS_ED


def chunk(s: Sentence) -> Chunks:
    """Word classes and clauses of a sentence."""
    lex = event_lexicon()
    n = len(s.low)
    verbish = [_is_verbish(w, lex) and s.place_covering(i) is None
               and not (i > 0 and s.low[i - 1] in _ATTRIBUTIVE_AFTER)
               and not (i > 0 and s.low[i - 1] == "-" and s.glued[i])  # "Iranian-backed militias"
               and not (i > 0 and s.low[i - 1] == "border" and w in lex.words["crossing_nouns"])  # "border crossing"
               and not (i > 0 and w in lex.months and s.tokens[i][:1].isupper())  # "on 12 March", "in May"
               for i, w in enumerate(s.low)]
    for i, w in enumerate(s.low):  # "are currently undergoing treatment": a progressive is a verb
        if i > 0 and w.endswith("ing") and len(w) > 5 and s.place_covering(i) is None and (
                s.low[i - 1] in _BE or i > 1 and s.low[i - 2] in _BE
                and (s.low[i - 1] in lex.words["adverbs"] or s.low[i - 1].endswith("ly"))):
            verbish[i] = True
    aside = [False] * n
    depth = 0
    for i, w in enumerate(s.low):
        opens, closes = w.count("(") + w.count("["), w.count(")") + w.count("]")
        aside[i] = depth > 0 or bool(opens or closes)
        depth = max(0, depth + opens - closes)
    cuts = _cuts(s, verbish, aside, lex)
    clauses: list[Clause] = []
    clause_of = [0] * n
    for start, end, kind, marker in cuts:
        idx = len(clauses)
        clauses.append(Clause(start, end, kind, None, marker))
        for i in range(start, end):
            clause_of[i] = idx
    _attach(clauses, s)
    return Chunks(s, verbish, clauses, clause_of, aside)


def _cuts(s: Sentence, verbish: list[bool], aside: list[bool], lex: EventLexicon) -> list[tuple[int, int, str, int | None]]:
    """(start, end, kind, marker) of each clause, in order."""
    low = s.low
    n = len(low)
    words = lex.words
    starts: list[tuple[int, str, int | None]] = [(0, "main", None)]

    def cut(i: int, kind: str, marker: int | None = None) -> None:
        if 0 < i < n and (not starts or starts[-1][0] < i):
            starts.append((i, kind, marker))

    relative_open: tuple[int, bool] | None = None  # (start, opened after a comma)
    for i, w in enumerate(low):
        if (aside[i] and not w.endswith(":")) or i == 0:
            continue
        prev = low[i - 1]
        nxt = low[i + 1] if i + 1 < n else ""
        if relative_open is not None and starts[-1][1] == "relative":
            r_start, after_comma = relative_open
            if after_comma and w == "," and not _list_comma_at(s, i) and i > r_start + 2:
                cut(i + 1, "resume", i)  # "X, who met Y, voiced ...": back to the main clause
                relative_open = None
                continue
            if not after_comma and i > r_start + 2 and _finite(s, verbish, i, words) and any(
                    verbish[k] for k in range(r_start + 1, i - 1)) and not verbish[i - 1] and prev not in ("to", ","):
                cut(i, "resume", i)  # "groups that have been clashing ... have been advancing"
                relative_open = None
                continue
        if w in (";", ":") or (w.endswith(":") and not w[:1].isalnum()) or (
                w in ("—", "–", "-", "--") and i < 16 and not s.glued[i] and i + 1 < n and not s.glued[i + 1]):
            cut(i + 1, "main", i)
        elif w == "that" and prev in words["reporting_verbs"]:
            cut(i + 1, "complement", i)
        elif w == "that" and nxt in words["determiners"] and nxt not in ("the", "a", "an", "its", "their"):
            continue  # "that many", "that number"
        elif w in words["relative"] and w != "when":
            cut(i, "relative", i)
            relative_open = (i, prev == ",")
        elif w in words["subordinate"]:
            if w == "as" and (nxt in words["not_after_as"] or prev in ("such", "known", "as", "so", "same", "well")
                              or prev in _AS_PREDICATE):  # "had served as a command centre"
                continue
            if w in ("since", "until", "following", "after", "before", "amid") and (nxt in words["time_words"] or _num(nxt)):
                continue
            cut(i, "subordinate", i)
        elif w in words["reporting_verbs"] and s.place_covering(i) is None:  # not "the United States"
            _report_cut(s, i, starts, cut, words)
        elif w in ("and", "but") and any(verbish[t] for t in range(starts[-1][0], i)) and _clause_follows(
                s, verbish, i + 1, words):
            cut(i, "coordinate", i)
        elif w == "," and nxt.endswith("ing") and nxt not in _NOT_PARTICIPLES:
            cut(i + 1, "participle", i)
    if low and low[0] in words["subordinate"] and len(starts) > 0:
        # "After the rebels entered X, government forces handed over Y": the opening clause ends
        # at its comma and the main clause follows
        limit = starts[1][0] if len(starts) > 1 else n
        comma = next((i for i in range(1, limit) if low[i] == "," and not aside[i] and not _list_comma_at(s, i)), None)
        if comma is not None:
            starts[0] = (0, "subordinate", 0)
            starts.insert(1, (comma + 1, "main", None))
    bounds = []
    for k, (start, kind, marker) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else n
        if end > start:
            bounds.append((start, end, kind, marker))
    return bounds


def _report_cut(s: Sentence, i: int, starts: list, cut, words) -> None:
    """'X said (that) ...' opens a complement; '..., X said Thursday.' is a report clause
    after the news it reports."""
    low = s.low
    if low[i] == "according":
        cut(i, "report", i)
        if i > 0 and low[i - 1] == ",":  # "The war, according to the UN, has forced ...": an aside
            close = next((c for c in range(i + 2, min(len(low), i + 12)) if low[c] == ","
                          and not _list_comma_at(s, c)), None)
            if close is not None and close + 1 < len(low) and (
                    _is_verb_form(low[close + 1]) or low[close + 1] in words["auxiliaries"]):
                cut(close + 1, "resume", close)
        return
    if i > 0 and low[i - 1] in ("was", "were", "is", "are", "been", "being", "be"):
        return  # "fighting was reported near X": a passive, not a report of a clause
    k = i + 1
    while k < len(low) and (low[k] in words["time_words"] or low[k] in ("on", "in", "late", "earlier", "a", "statement")
                            or _date_number(low, k)):
        k += 1
    if k < len(low) and low[k] in ("a", "an", "the", "its", "their", "his", "her", "plans", "new") and k == i + 1 \
            and low[i] not in ("said", "says", "say", "saying", "added", "adds", "stated", "wrote", "noted"):
        return  # "announced a withdrawal", "reported the attack": the verb takes an object, not a clause
    opening = k + 1 < len(low) and low[k] in ('"', "“") and low[k + 1] not in (".", ",", ";")
    trailing = not opening and (k >= len(low) or low[k] in (".", "!", "?", '"', "”", "’", ",", ";"))
    comma = next((c for c in range(i - 1, max(-1, i - 8), -1) if low[c] == ","), None)
    if trailing:
        if comma is not None and comma > starts[-1][0]:
            cut(comma + 1, "report", i)
        elif starts[-1][1] == "main":
            starts[-1] = (starts[-1][0], "report", i)
        if k < len(low) and low[k] == ",":
            k += 1
            cut(k, "subordinate" if k < len(low) and low[k] in words["subordinate"] else "main", None)
        return
    that = next((t for t in range(k, min(len(low), k + 7)) if low[t] == "that"), None)
    if that is not None and not any(_is_verb_form(low[t]) for t in range(k, that)):
        k = that  # "told reporters in Washington that ...": the addressee stays in the report
    if comma is not None and comma > starts[-1][0] and i - comma <= 6:
        cut(comma + 1, "report", i)  # ", after the Israeli military said it hit ..."
    elif starts[-1][1] == "main":
        starts[-1] = (starts[-1][0], "report", i)
    if k < len(low) and low[k] == "that":
        k += 1
    if k < len(low) - 1:
        cut(k, "complement", i)


def _date_number(low: list[str], k: int) -> bool:
    """A number that is part of a date ("said on 13 September", "said in 2021")."""
    w = low[k]
    if not w.isdigit():
        return False
    months = event_lexicon().months
    return (len(w) == 4 and w[:2] in ("19", "20")) or (k + 1 < len(low) and low[k + 1] in months) or (
        k > 0 and low[k - 1] in months)


def _is_verb_form(word: str) -> bool:
    return word in _verb_forms() or (len(word) >= 5 and word.endswith("ed"))


def _finite(s: Sentence, verbish: list[bool], i: int, words) -> bool:
    """A verb group that starts a new finite clause: an auxiliary or a past-tense verb."""
    return s.low[i] in ("has", "have", "had", "is", "are", "was", "were", "will", "would") or (
        verbish[i] and s.low[i].endswith("ed"))


def _clause_follows(s: Sentence, verbish: list[bool], i: int, words) -> bool:
    """'... and were advancing', '... and about 2,000 were deported': a verb after at most a
    short subject opens a coordinated clause."""
    k = i
    while k < len(s.low) and s.low[k] in words["adverbs"]:
        k += 1
    if k < len(s.low) and verbish[k] and s.low[k] not in words["determiners"]:
        return True
    for j in range(k, min(len(s.low), k + 5)):
        if s.low[j] in (",", ";", "and", "or") or s.place_covering(j) is not None and j > k + 2:
            return False
        if s.low[j] in ("has", "have", "had", "is", "are", "was", "were", "will", "would") and j > k:
            return True
        if j > k and verbish[j] and s.low[j].endswith("ed") and all(
                s.tokens[t][:1].isupper() or s.low[t] == "the" for t in range(k, j)):
            return True  # "..., and Rome moved to ...": a named subject and its past-tense verb
        if j > k and verbish[j] and s.low[j - 1] in words["people_nouns"] and not any(verbish[t] for t in range(k, j)):
            return True  # "..., and hundreds of soldiers fled": people and their verb
    return False


def _list_comma_at(s: Sentence, k: int) -> bool:
    before = s.place_covering(k - 1) if k > 0 else None
    return before is not None and ((k + 1 in s.places and before in s.places)
                                   or (k + 1 in s.demonyms and before in s.demonyms))


def _num(w: str) -> bool:
    return any(c.isdigit() for c in w)


def _attach(clauses: list[Clause], s: Sentence) -> None:
    """Each clause's host: the clause whose subject a coordinate, participle or complement
    clause shares, or whose noun a relative clause describes."""
    main = 0
    for idx, c in enumerate(clauses):
        if c.kind in ("main", "report") and idx:
            if c.kind == "main":
                main = idx
            c.host = None
            continue
        if c.kind == "resume":
            c.host = _previous(clauses, idx, ("main", "complement", "coordinate"))
            if c.host is None:
                c.host = _previous(clauses, idx, ("report",))
        elif c.kind in ("coordinate", "participle"):
            c.host = _previous(clauses, idx, ("main", "complement", "coordinate", "subordinate", "relative"))
        elif c.kind == "complement":
            prev = clauses[idx - 1] if idx else None  # "after the Israeli military said (that) it hit ...": that clause
            reported = prev is not None and any(w in event_lexicon().words["reporting_verbs"]
                                                for w in s.low[prev.start:prev.end])
            c.host = idx - 1 if reported else _previous(clauses, idx, ("report",))
        elif c.kind in ("relative", "subordinate"):
            c.host = idx - 1 if idx else (1 if len(clauses) > 1 and clauses[1].kind == "main" else None)
        else:
            c.host = main if idx != main else None


def _previous(clauses: list[Clause], idx: int, kinds: tuple[str, ...]) -> int | None:
    for k in range(idx - 1, -1, -1):
        if clauses[k].kind in kinds:
            return k
    return None
