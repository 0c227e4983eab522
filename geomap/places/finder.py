"""Toponym mentions: a spaCy component driven by the gazetteer's names, with rules.

The default pipeline needs no model: ``spacy.blank("en")`` tokenises, a sentencizer
splits sentences, and :class:`ToponymFinder` looks up capitalised token runs in the
gazetteer, longest first. Rules then keep real toponyms and drop false ones: person
names (titles, first-name/surname pairs), organisations (a place inside a longer
capitalised name: "Washington Post"), capitalised common words ("May", "Police"),
month names and bare acronyms. Demonyms ("Afghan refugees") become mentions of their
country. When a spaCy model with NER is given, its PERSON/ORG spans veto matches and
its GPE/LOC/FAC spans add names the rules would miss.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from ..gazetteer.lookup import Gazetteer
from ..gazetteer.names import fold_name
from ..model import Mention
from .containers import find_containers
from .coordination import expand_coordination, share_containers, share_plural_cues
from .lexicon import Lexicon, load_lexicon

__all__ = ["ToponymFinder"]

MAX_TOKENS = 7
_NER_PLACE = {"GPE", "LOC", "FAC"}
_PUNCT_JOIN = {"-", "'", "’"}
_STRONG_FEATURES = {"country", "adm1", "region"}
_OPENERS = {'"', "“", "‘", "'", "(", "[", "—", "-", "–"}


@dataclass
class _Match:
    start: int  # token index
    end: int
    surface: str
    key: str
    target: str | None = None  # demonym -> place id
    reject: str | None = None
    cue: str | None = None
    container: str | None = None
    suffix: str = ""  # " province" in "Kunduz province": part of the mention's name
    confirmed: bool = False  # the context says place ("in X", "X province", "X, Texas")
    source: str = "gazetteer"  # "container": a name the gazetteer lacks, placed in its container


# Nouns that make "X state" a modifier ("the Armenia state border"), not a name.
_NOT_NAME_AFTER = {"border", "borders", "line", "boundary", "government", "media", "officials", "police", "forces",
                   "television", "tv", "news", "agency", "authorities", "capital", "level", "budget", "department"}
# Lower-case place words that belong to the name they follow ("the Kursk region").
_SPAN_CUES = {"region", "province", "district", "state", "oblast", "governorate", "county", "prefecture",
              "river", "lake", "valley"}


def _is_cap(tok: Token) -> bool:
    """A token that can be part of a name: capitalised (or a digit-letter code)."""
    ch = tok.text[:1]
    return ch.isupper() or (ch.isdigit() and any(c.isupper() for c in tok.text))


def _can_start(tok: Token) -> bool:
    """A capitalised token that can begin a name: not a capitalised stop word ("The",
    "In", "A", "Most") unless written in capitals ("US")."""
    return _is_cap(tok) and not (tok.is_stop and not (tok.is_upper and len(tok.text) > 1))


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
        self.lex = lexicon or load_lexicon()
        self.commonness = commonness
        r = self.lex.rules
        self.connectors: frozenset[str] = r["connectors"]
        self.particles: frozenset[str] = r["hyphen_particles"]
        self.low_starts: frozenset[str] = r["lowercase_starts"]
        self.titles: frozenset[str] = r["person_titles"]
        self.after: dict[str, str] = r["place_words_after"]
        self.before: dict[str, str] = r["place_words_before"]
        self.locative: frozenset[str] = r["locative_before"]
        self.speech: frozenset[str] = r["speech_verbs"]
        self.directions: frozenset[str] = r["directions"]
        self.calendar: frozenset[str] = r["month_day_words"]
        self.not_place_heads: frozenset[str] = r["name_heads_not_places"]
        self.institutions: frozenset[str] = r["state_institution_words"]
        self.openers: frozenset[str] = r["opening_prepositions"]
        self._known_cache: dict[str, tuple[tuple[str, ...], int, bool]] = {}

    # -- gazetteer access -----------------------------------------------------------
    def _features(self, key: str) -> tuple[str, ...]:
        """Features of the records a key reaches, most important first (empty if none)."""
        return self._key_info(key)[0]

    def _key_info(self, key: str) -> tuple[tuple[str, ...], int, bool]:
        """(features, largest population, whether any record has it as its own name) of the
        records a key reaches."""
        hit = self._known_cache.get(key)
        if hit is None:
            rows = self.gaz.key_rows(key)
            feats = tuple(sorted({c.feature for c, _ in rows}, key=_FEATURE_ORDER.get))
            hit = (feats, max((c.population for c, _ in rows), default=0), any(kind != 1 for _, kind in rows))
            if len(self._known_cache) > 200_000:
                self._known_cache.clear()
            self._known_cache[key] = hit
        return hit

    # -- chunking ---------------------------------------------------------------------
    def _joiner(self, doc: Doc, i: int, end: int) -> bool:
        """A token that may sit inside a name: connector word, hyphen or particle."""
        t = doc[i]
        low = t.lower_
        if low in self.connectors:
            return True
        if t.text in _PUNCT_JOIN and i > 0 and not doc[i - 1].whitespace_ and not t.whitespace_:
            return True
        if low in self.particles and i > 0 and doc[i - 1].text == "-" and i + 1 < end and doc[i + 1].text == "-":
            return True
        return False

    def _chunks(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """Maximal runs of capitalised tokens (with joiners inside) in one sentence."""
        out = []
        i = start
        while i < end:
            t = doc[i]
            lead = t.lower_ in self.low_starts and i + 2 < end and doc[i + 1].text == "-" and _is_cap(doc[i + 2])
            if self._opening_preposition(doc, i, start, end):
                i += 1  # "Near Kunduz, ...": a preposition capitalised only by its place
                continue
            if not ((_can_start(t) and t.lower_.rstrip(".") not in self.calendar) or lead):
                i += 1
                continue
            j = i + 1
            last = i
            while j < end:
                tj = doc[j]
                if _is_cap(tj) and tj.lower_.rstrip(".") not in self.calendar:
                    last = j
                elif not (self._joiner(doc, j, end) or self._possessive_inside(doc, j, end)):
                    break
                j += 1
            out.append((i, last + 1))
            i = last + 1
        return out

    def _opening_preposition(self, doc: Doc, i: int, start: int, end: int) -> bool:
        """A preposition that opens the sentence (or a quote) before a capitalised word."""
        t = doc[i]
        first = i == start or (i - 1 >= start and doc[i - 1].text in _OPENERS)
        return (first and t.lower_ in self.openers and i + 1 < end and _is_cap(doc[i + 1])
                and not t.is_upper)

    @staticmethod
    def _possessive_inside(doc: Doc, i: int, end: int) -> bool:
        """ "People's" in "People's Republic of China": a possessive between capitals."""
        return doc[i].lower_ in ("'s", "’s") and i + 1 < end and _is_cap(doc[i + 1]) and not doc[i - 1].whitespace_

    # -- matching ---------------------------------------------------------------------
    def _accept_surface(self, surface: str, key: str) -> bool:
        """Short names must be capitals ("UK", "DRC") or dotted abbreviations ("Ill.")."""
        letters = key.replace(" ", "")
        if len(letters) <= 3:
            core = surface.replace(".", "").replace(" ", "")
            return core.isalpha() and (core.isupper() or "." in surface)
        return True

    def _match_chunk(self, doc: Doc, text: str, cs: int, ce: int) -> list[_Match]:
        out = []
        pos = cs
        while pos < ce:
            if not (_can_start(doc[pos]) or doc[pos].lower_ in self.low_starts):
                pos += 1
                continue
            found = None
            for k in range(min(ce, pos + MAX_TOKENS), pos, -1):
                last = doc[k - 1]
                if not _is_cap(last):
                    continue
                surface = text[doc[pos].idx: last.idx + len(last.text)]
                target = self.lex.demonyms.get(surface)
                key = fold_name(surface)
                if target is not None:
                    found = _Match(pos, k, surface, key, target=target)
                    break
                if key and self._accept_surface(surface, key) and self._features(key):
                    found = _Match(pos, k, surface, key)
                    break
            if found is None:
                pos += 1
                continue
            last = doc[found.end - 1]
            if "." in found.surface and found.end < len(doc) and doc[found.end].text == "." and not last.whitespace_:
                found.surface += "."  # "W.Va" + "." -> "W.Va."
                found.end += 1
            out.append(found)
            pos = found.end
        return out

    # -- rules ------------------------------------------------------------------------
    def _joins(self, tok: Token) -> bool:
        """A connector, hyphen or possessive: it joins names without making one longer name."""
        return tok.lower_ in self.connectors or tok.text in _PUNCT_JOIN or tok.lower_ in ("'s", "’s")

    def _prev_word(self, doc: Doc, i: int, sent_start: int) -> Token | None:
        j = i - 1
        while j >= sent_start and doc[j].text in (".", "'s", "’s"):
            j -= 1
        return doc[j] if j >= sent_start else None

    def _judge(self, doc: Doc, m: _Match, chunk: tuple[int, int], matches: list[_Match],
               sent_start: int, sent_end: int, persons: set[str], starts: dict[int, _Match] | None = None) -> None:
        """Set ``m.reject`` (a reason) or ``m.cue``/``m.container`` from the context."""
        cs, ce = chunk
        ntok = m.end - m.start
        prev = self._prev_word(doc, m.start, sent_start)
        nxt = doc[m.end] if m.end < sent_end else None
        if prev is not None and prev.lower_.rstrip(".") in self.titles:
            m.reject = "person title"
            return
        if m.target is None and ntok == 1 and m.key in persons:
            m.reject = "person named earlier"
            return
        # Cue words right after ("Kunduz province") or before ("capital Dushanbe").
        if nxt is not None and nxt.lower_ in self.after:
            m.cue = self.after[nxt.lower_]
            after_cue = doc[m.end + 1].lower_ if m.end + 1 < sent_end else ""
            if nxt.text in _SPAN_CUES and m.target is None and after_cue not in _NOT_NAME_AFTER:
                m.suffix = doc.text[doc[m.end - 1].idx + len(doc[m.end - 1].text):nxt.idx + len(nxt.text)]
            if nxt.lower_ == "border" and m.end + 1 < sent_end and doc[m.end + 1].lower_ in ("crossing", "post", "checkpoint"):
                m.cue = "crossing"
        elif prev is not None and prev.text in self.before:  # lower case: "capital Dushanbe", not "State Council"
            m.cue = self.before[prev.text]
        elif prev is not None and prev.lower_ == "of" and m.start - 2 >= sent_start and doc[m.start - 2].text in self.before:
            m.cue = self.before[doc[m.start - 2].text]
        left = [x for x in matches if x.end == m.start]
        right = [x for x in matches if x.start == m.end]
        uncovered_before = m.start > cs and not left
        uncovered_after = m.end < ce and not right
        if m.target is not None:
            # "Russian Foreign Minister" refers to Russia; "European Central Bank" and
            # "African American" do not.
            after = doc[m.end] if uncovered_after else None
            before = doc[m.start - 1] if uncovered_before else None
            if after is not None and not (after.lower_ in self.institutions or self._joins(after)):
                m.reject = "demonym in a longer name"
            elif before is not None and not (before.lower_ in self.directions or self._joins(before)) \
                    and self.lex.commonness(before.text) <= 0.5:
                m.reject = "demonym in a longer name"
            return
        # Inside a longer capitalised name: institutions keep the place ("Texas Forest
        # Service", "Anderson County Sheriff"); media, firms, teams, streets and people
        # do not ("Washington Post", "Paris Hilton", "Andrew Watkins").
        if uncovered_after:
            word = doc[m.end]
            low = word.lower_
            if doc[ce - 1].lower_ in self.not_place_heads and ce - 1 >= m.end:
                m.reject = "part of a longer name"  # "Shanghai Cooperation Organisation", "St. Patrick's Day"
            elif low in self.after or self._joins(word):
                pass  # "Nyanza Province", "Russia's Central ...": not a longer name
            elif low.rstrip(".") in self.titles or low in self.institutions:
                pass  # "U.S. Rep.", "Florida Attorney General", "Texas National Guard"
            elif low in self.not_place_heads or self.lex.commonness(word.text) <= 0:
                m.reject = "part of a longer name"
        if uncovered_before and m.reject is None:
            word = doc[m.start - 1]
            acronym = word.is_upper and word.is_alpha and len(word.text) <= 5  # "CBC Toronto"
            if not (word.lower_ in self.directions or self._joins(word) or word.text in self.before or acronym):
                m.reject = "part of a longer name"
        if m.reject is None and (left or right):
            if any(x.target is None for x in left + right):
                m.reject = "next to another name"
        if m.reject is not None:
            if (ce - cs) in (2, 3) and all(_is_cap(doc[i]) for i in range(cs, ce)) and not any(
                self.lex.commonness(doc[i].text) > 0 for i in range(cs, ce)
            ):
                persons.update(doc[i].lower_ for i in range(cs, ce))
            elif ntok == 1 and m.end == ce and uncovered_before and self.lex.commonness(doc[m.start - 1].text) <= 0:
                persons.add(m.key)  # "Sheriff Greg Taylor": Taylor is a surname here, and later on
            return
        # Ordinary capitalised words, calendar words, acronyms, speakers.
        feats, max_pop, own_name = self._key_info(m.key)
        natural = bool(set(feats) & {"water", "landform", "region"}) and prev is not None and prev.lower_ == "the"
        container = nxt is not None and nxt.text == "," and starts is not None and m.end + 1 in starts \
            and bool(set(self._features(starts[m.end + 1].key)) & {"country", "adm1"})  # "Greer, South Carolina"
        context = natural or container or m.cue is not None or (
            prev is not None and prev.lower_ in self.locative and m.start != sent_start)
        if set(feats) <= {"water"} and not m.cue and not (prev is not None and prev.lower_ == "the"):
            m.reject = "bare river name"
            return
        strong = bool(set(feats) & _STRONG_FEATURES)
        m.confirmed = container or m.cue is not None or (
            prev is not None and prev.lower_ in ("in", "near", "outside", "across") and m.start != sent_start)
        if ntok > 1:
            return
        word = doc[m.start]
        if word.lower_.rstrip(".") in self.calendar:
            m.reject = "calendar word"
            return
        if word.lower_ in self.directions and m.cue is None:
            m.reject = "direction word"  # "Western diplomats", "Southern Command", "East and West ..."
            return
        letters = m.surface.replace(".", "")
        if letters.isupper() and len(letters) <= 5:
            if not strong:
                m.reject = "acronym"
            elif nxt is not None and nxt.like_num and len(letters) <= 3 and "." not in m.surface:
                m.reject = "road number"  # "KY 80" (but "U.S. 29" names the country's road)
            return
        big = strong or "city" in feats
        if self.lex.commonness(word.text) > self.commonness and not (context and big):
            m.reject = "common word"
            return
        if not strong and max_pop < 100_000 and not context and self.lex.title_logp(word.text) > -15.5:
            m.reject = "name of something else"  # "Walsh", "Bell", "Obama": a known word, a small place
            return
        if not own_name and not context and not strong and self.lex.title_logp(word.text) > -16.0:
            m.reject = "alias only"  # "Hamas" is an alternate name of Hamm: not without a locative
            return
        alone = m.start == cs and m.end == ce  # not "said Fargo City Commissioner Tim Mahoney"
        speaker = alone and ((nxt is not None and nxt.lower_ in self.speech)
                             or (prev is not None and prev.lower_ in self.speech))
        if speaker and not strong and (max_pop < 200_000 or self.lex.is_given_name(word.text)):
            m.reject = "speaker"  # "Taylor told", "said Walsh", "Florence told"; "Moscow said" stays
            persons.add(m.key)  # and a person in the rest of the document

    # -- entry point ------------------------------------------------------------------
    def find(self, doc: Doc, *, ner: bool = True) -> list[Mention]:
        """The toponym mentions of a Doc, in text order."""
        persons: set[str] = set()
        kept: list[_Match] = []
        doubtful: list[_Match] = []
        text = doc.text
        use_ner = ner and doc.has_annotation("ENT_IOB")
        for sent in doc.sents:
            matches: list[_Match] = []
            chunks = self._chunks(doc, sent.start, sent.end)
            per_chunk = [(c, self._drop_weak(doc, c, self._match_chunk(doc, text, *c))) for c in chunks]
            starts = {m.start: m for _, ms in per_chunk for m in ms}
            for chunk, ms in per_chunk:
                for m in ms:
                    self._judge(doc, m, chunk, ms, sent.start, sent.end, persons, starts)
                matches.extend(ms)
            if use_ner:
                matches = self._apply_ner(doc, matches, sent.start, sent.end)
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
        # A name rejected as a person anywhere is a person everywhere ("Kabulov said").
        out = []
        for m in kept:
            if m.target is None and (m.end - m.start) == 1 and m.key in persons:
                continue
            start = doc[m.start].idx
            name = m.surface + m.suffix
            out.append(Mention(
                name=name, start=start, end=start + len(name), cue=m.cue, demonym=m.target is not None,
                target=m.target, source=m.source, container=m.container,
            ))
        return out

    def _drop_weak(self, doc: Doc, chunk: tuple[int, int], ms: list[_Match]) -> list[_Match]:
        """A single ordinary word ("Forest" in "Texas Forest Service") or direction
        ("Northeast Georgia") written right next to another capitalised word is a word of
        a longer name, not a place of its own."""
        cs, ce = chunk
        if ce - cs < 2 or len(ms) < 2:
            return ms
        keep = []
        for m in ms:
            word = doc[m.start]
            attached = (m.start > cs and _is_cap(doc[m.start - 1])) or (m.end < ce and _is_cap(doc[m.end]))
            weak = (attached and m.target is None and m.end - m.start == 1 and not word.is_upper
                    and (self.lex.commonness(word.text) > 0.5 or word.lower_ in self.directions))
            if not weak:
                keep.append(m)
        return keep

    def _apply_ner(self, doc: Doc, matches: list[_Match], s: int, e: int) -> list[_Match]:
        """Let a statistical NER vote: a longer PERSON span vetoes a match inside it, an
        exact GPE/LOC/FAC span rescues one the rules rejected, and GPE/LOC/FAC spans the
        gazetteer matcher missed are added when the gazetteer knows the name. (Small
        models tag many places PERSON or ORG, so those alone veto nothing.)"""
        ents = [ent for ent in doc.ents if ent.start >= s and ent.end <= e]
        for m in matches:
            for ent in ents:
                if not (ent.start < m.end and m.start < ent.end):
                    continue
                exact = ent.start == m.start and ent.end == m.end
                if ent.label_ in _NER_PLACE and exact and m.reject is not None and m.reject != "person title":
                    m.reject = None
                elif (m.target is None and m.reject is None and ent.label_ == "PERSON"
                      and ent.start <= m.start and m.end <= ent.end and not exact):
                    m.reject = "NER PERSON"  # "Paris" in "Paris Hilton"
        covered = {i for m in matches for i in range(m.start, m.end)}
        for ent in ents:
            if ent.label_ in _NER_PLACE and not covered.intersection(range(ent.start, ent.end)):
                key = fold_name(ent.text)
                if key and self._features(key):
                    matches.append(_Match(ent.start, ent.end, ent.text, key))
        matches.sort(key=lambda m: m.start)
        return matches


# Rejections a confirmed mention of the same name elsewhere in the document overrides.
_DOUBTS = {"name of something else", "common word", "alias only", "speaker"}

_FEATURE_ORDER = {f: i for i, f in enumerate(
    ("country", "adm1", "region", "city", "crossing", "base", "town", "adm2", "water", "landform", "other"))}


# The spaCy factory moved to components.py; its names stay importable from here.
_MOVED_NAMES = ("ToponymComponent", "make_toponym_finder", "MENTIONS_ATTR")


def __getattr__(name: str) -> Any:
    if name in _MOVED_NAMES:
        from . import components

        return getattr(components, name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
