"""The places a frame governs and their roles: each place's governing word (from the
chunker, or the parse) looked up in the frame's preposition table, with the readings
of subjects, objects, appositions, lists, relative clauses and containers."""
from __future__ import annotations

from functools import lru_cache

from .clauses import PREPOSITIONS, Chunks
from .frames import Argument, Frame, Span, a_thing, named_way
from .lexicon import EventLexicon, event_lexicon
from .measures import Quantity, read_quantities
from .sentence import Sentence, contains

_LOCATIVE = ("in", "at", "near", "around", "outside", "inside", "on")
_TERRITORY = frozenset({"territory", "soil", "airspace", "waters", "side", "lands", "land"})
_SPAN_START = frozenset({"since", "until", "before"})


def s_poss(s: Sentence, j: int) -> bool:
    return s.is_possessive(j)


def _closing(low: list[str], open_index: int) -> int:
    depth = 0
    for i in range(open_index, len(low)):
        if low[i] == "(":
            depth += 1
        elif low[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(low)


_WINDOW = 14  # tokens between a trigger and the preposition of a place it governs
_RANK = {"country": 5, "region": 4, "adm1": 4, "adm2": 3, "water": 2, "landform": 2}
_PLACE_ROLES = ("location", "target", "place", "destination")


@lru_cache(maxsize=1)
def _base_nouns() -> frozenset[str]:
    """The one-word nouns of the Base frame ("base", "bases", "garrison")."""
    nouns = event_lexicon().raw["frames"]["Base"].get("nouns", [])
    return frozenset(n for n in nouns if " " not in n)


_CAUSE_PLACE = frozenset({"in", "near", "around", "across", "at"})  # where a cause of flight was

class RoleReader:
    """The places a trigger governs and the role each plays (origin, destination, path, location, ...)."""

    s: Sentence
    ch: Chunks
    lex: EventLexicon

    def _arguments(self, f: Frame, subject: Span | None) -> list[Argument]:
        s, ch, spec = self.s, self.ch, f.spec
        words = self.lex.words
        out: list[Argument] = []
        clause = f.clause
        hi = self._argument_end(f)
        outside = range(subject.start, subject.end) if subject is not None and subject.start < clause.start else range(0)
        for j in sorted(s.places):
            if not (clause.start <= j < hi or j in outside) or j in range(f.start, f.end):
                continue
            if s.hyphen_modifier(j, words["hyphen_modifiers"]):
                continue
            if a_thing(s, self.ch, j):
                continue
            if s.places[j].feature == "country" and s.place_end[j] < len(s.low) \
                    and s.low[s.place_end[j]] in _base_nouns():
                continue  # "attacked US bases in Iraq": whose bases, not where
            if s.is_possessive(j) and not self._possessive_location(j, spec.kind == "movement"):
                continue
            if self._modifies_people(j) and not self._modifies_people(j, civilian=True) \
                    or self._modifies_people(j) and spec.kind != "movement":
                continue  # "100,000 US troops", "US forces started a withdrawal"
            if ch.aside[j] and not self._list_aside(j):
                continue
            role = self._role(f, j, subject)
            if role is None:
                continue
            gov, gi = ch.governor(j)
            if gi > f.end and sum(w[:1].isalnum() for w in s.low[f.end:gi]) > _WINDOW and gov not in ("including",):
                continue  # "... nearly a year into exchanges between X and Hezbollah allied with Hamas in Gaza"
            q = self._bound_count(gi) if gi >= 0 else None
            if spec.kind == "movement" and role in ("destination", "origin") and gov in ("at", "in", "") and (
                    named_way(s, j)):
                role = "path"  # "crossed into Poland at the Medyka crossing", "arrive at the X border crossing"
            if gov == "in" and role in ("location", "origin", "destination") and self._after_unknown_names(gi):
                continue  # "from Velyka Komyshuvakha and Zavody in the Kharkiv region": names we could not place
            out.append(Argument(role, s.places[j], j, q, gov))
        for j in sorted(s.demonyms):  # "entered Syrian territory", "the Turkish side of the border"
            end = s.place_end[j]
            bare_object = j == f.end and spec.object_role == "destination" and (
                end >= len(s.low) or s.low[end] in PREPOSITIONS or not s.tokens[end][:1].isalpha())
            if clause.start <= j < hi and j >= f.end and (bare_object or end < len(s.low) and s.low[end] in _TERRITORY):
                role = self._role(f, j, subject)
                if role is not None:
                    out.append(Argument(role, s.demonyms[j], j))
        if spec.kind == "movement":
            for j in sorted(s.places):  # a crossing point named in the clause is the way taken
                p = s.places[j]
                if clause.start <= j < hi and p.feature == "crossing" and not any(a.index == j for a in out):
                    out.append(Argument("path", p, j))
        if spec.kind == "control" and not any(a.role == "place" for a in out):
            out.extend(self._crossing_list(f))
        if f.clause.kind == "relative" and f.clause.marker is not None and s.low[f.clause.marker] == "where":
            if not any(a.role in ("location", "target", "place", "destination") for a in out):
                ante = self._place_before(f.clause.marker)
                role = spec.roles.get("in")
                if ante is not None and role:
                    out.append(Argument(role, s.places[ante], ante))
        if "there" in s.low[f.end:clause.end] and not out:
            ante = self._place_before(f.start, locative=True)
            role = spec.roles.get("in")
            if ante is not None and role:
                out.append(Argument(role, s.places[ante], ante))
        if f.passive and not any(a.role == (spec.subject_passive or spec.object_role) for a in out) and f.start > 0 \
                and s.low[f.start - 1] == ",":
            out.extend(self._modified_by_participle(f))
        if not out and spec.kind in ("attack", "displacement", "military_activity") and clause.kind in (
                "subordinate", "participle", "coordinate") and clause.host is not None:
            out = self._host_locations(f)  # "set up camp in X, as attacks by gangs pushed people to seek shelter"
        if spec.name == "Fleeing" and not any(a.role == "origin" for a in out) and clause.kind == "participle" \
                and clause.host is not None:
            out.extend(self._host_places(f, "origin"))  # "Gangs attacked X, forcing residents to flee to Y"
        return _drop_containers(out)

    def _modified_by_participle(self, f: Frame) -> list[Argument]:
        """'Shushi, the famous cultural city of Nagorno-Karabakh, occupied by Azerbaijan':
        the participle describes the place before the apposition."""
        s = self.s
        role = f.spec.subject_passive or f.spec.object_role
        if not role:
            return []
        before = [j for j in sorted(s.places) if j < f.start and f.start - j <= 14 and not s.is_possessive(j)]
        for j in before:
            if not any(self.ch.verbish[k] for k in range(s.place_end[j], f.start)):
                inner = [k for k in before if k > j and contains(s.places[j], s.places[k])]
                pick = j if not any(contains(s.places[k], s.places[j]) for k in before if k != j) else j
                return [Argument(role, s.places[inner[0] if inner else pick], inner[0] if inner else pick)]
        return []

    def _after_unknown_names(self, gi: int) -> bool:
        """The preposition follows capitalised names that are not places we know: the place
        after it is their container, not the event's place."""
        s = self.s
        k = gi - 1
        if not (k > 0 and s.tokens[k][:1].isupper() and s.place_covering(k) is None and s.low[k] not in ("the", "a")
                and not s.tokens[k].isupper()):
            return False
        while k > 0 and s.tokens[k - 1][:1].isupper() and s.place_covering(k - 1) is None:
            k -= 1
        before = s.low[k - 1] if k > 0 else ""
        person = self.lex.agent_class.get(s.low[k]) == "leaders" or self.lex.agent_class.get(before) == "leaders" \
            or s.place_covering(k - 1) in s.demonyms if k > 0 else False
        return not person  # "met President Andrzej Duda in Warsaw" names a person, not a place

    def _host_places(self, f: Frame, role: str) -> list[Argument]:
        """The place the host clause's verb acts on: 'attacked the town of X, forcing ...'."""
        s, ch = self.s, self.ch
        host = ch.clauses[f.clause.host]
        for j in sorted(s.places):
            if host.start <= j < host.end and not s.is_possessive(j) and ch.governor(j)[0] in ("", "of", "in", "at"):
                if s.places[j].feature not in ("country",):
                    return [Argument(role, s.places[j], j)]
        return []

    def _host_locations(self, f: Frame) -> list[Argument]:
        s, ch = self.s, self.ch
        host = ch.clauses[f.clause.host]
        if f.clause.kind == "subordinate" and f.clause.marker is not None and s.low[f.clause.marker] in _SPAN_START:
            return []  # "Since the fighting began, 500,000 refugees have arrived in Chad": not fighting in Chad
        role = f.spec.roles.get("in") or f.spec.roles.get("at")
        for j in sorted(s.places):
            if host.start <= j < host.end and not s.is_possessive(j) and ch.governor(j)[0] in _LOCATIVE + ("around",):
                return [Argument(role, s.places[j], j)] if role else []
        return []

    def _path_name(self, f: Frame) -> Span | None:
        """A named way the people took that is no place we know: 'via the Darien Gap',
        'through the Jdeidet Yabus border', 'crossing the Naf River'."""
        s, low = self.s, self.s.low
        heads = self.lex.words["path_heads"]
        starts = [k + 1 for k in range(f.end, min(f.clause.end, f.end + _WINDOW)) if low[k] in ("via", "through", "across", "over")]
        if f.spec.object_role == "path" or f.trigger.words[-1:] in (("via",), ("through",), ("across",), ("over",)):
            starts.insert(0, f.end)  # "crossing the Naf River", "fled across the Moei River"
        for k in starts:
            if k < len(low) and low[k] == "the":
                k += 1
            e = k
            while e < len(low) and e - k < 5 and s.tokens[e][:1].isupper() and s.place_covering(e) is None:
                e += 1
            if e > k and (low[e - 1] in heads or (e < len(low) and low[e] in heads)):
                return Span(k, e)
        return None

    def _crossing_list(self, f: Frame) -> list[Argument]:
        """'control ... border crossings (from Kunduz into Tajikistan; from Herat into Iran)':
        the crossings named by the place on their side, the first of each item."""
        s, low = self.s, self.s.low
        nouns = self.lex.words["crossing_nouns"]
        for k in range(f.end, f.clause.end - 1):
            if low[k] in nouns and low[k + 1] == "(":
                close = _closing(low, k + 1)
                out, item_start = [], k + 2
                for i in range(k + 2, close + 1):
                    if i == close or low[i] == ";":
                        first = next((j for j in sorted(s.places) if item_start <= j < i), None)
                        if first is not None:
                            out.append(Argument("place", s.places[first], first))
                        item_start = i + 1
                return out
        return []

    def _argument_end(self, f: Frame) -> int:
        """Where a trigger's arguments end: its clause, or a list it opens after a
        subordinate clause ("... under its control as troops withdraw, including X")."""
        ch, low = self.ch, self.s.low
        end = f.clause.end
        idx = ch.clause_of[f.start]
        nxt = ch.clauses[idx + 1] if idx + 1 < len(ch.clauses) else None
        if f.spec.kind == "movement" and nxt is not None and nxt.kind == "participle" and (
                low[nxt.start] in self.lex.words["motion_participles"]):
            return nxt.end  # "fifty refugees entered the country, coming from the Axum town"
        if f.clause.kind not in ("main", "complement", "coordinate", "report", "resume"):
            return end
        for nxt in ch.clauses[idx + 1:idx + 3]:
            if "including" in low[nxt.start:nxt.end]:
                k = low.index("including", nxt.start, nxt.end)
                if low[k - 1] == ",":
                    return nxt.end
        return end

    def _role(self, f: Frame, j: int, subject: Span | None) -> str | None:
        ch, spec = self.ch, f.spec
        if j >= f.end:
            gov, gi = ch.governor(j, floor=f.end)
            if gov == "of-place":
                return None
            if gov in _CAUSE_PLACE and gi == self._cause_end(f):
                return "origin"  # "fled fighting in Darfur into Chad": where the cause was
            if f.trigger.pos == "noun" and self._noun_phrase_ends(f.end, j):
                return None  # "airstrikes in the area, would put pressure on Raqqa"
            if gov == "including":
                return self._including_role(f, gi)
            if gov == "":
                last = " ".join(f.trigger.words[-2:]) if len(f.trigger.words) > 1 else ""
                for prep in (last, f.trigger.words[-1]):
                    if prep in spec.roles and f.trigger.pos != "pattern":
                        return spec.roles[prep]  # "driven out of Timbuktu", "fled into Uzbekistan"
                if f.trigger.pos in ("noun", "pattern") or self._after_clause_verb(f, j):
                    return None
                return spec.object_role
            if gi > f.end and self._after_clause_verb(f, gi):
                return None  # "captured villages as part of an offensive to take control of Donbas"
            return spec.roles.get(gov)
        # before the trigger
        if spec.kind == "base" and f.trigger.pos == "noun" and self.s.is_possessive(j) and f.start - self.s.place_end[j] <= 3:
            return spec.roles.get("in")  # "Damasak's garrison"
        gov, gi = ch.governor(j)
        if spec.kind == "base" and f.trigger.pos == "noun" and subject is not None and subject.start <= j < subject.end \
                and gov == "" and self._predicate_of_subject(subject, f.start):
            return spec.roles.get("in")  # "Barentu had served as a major command centre"
        if f.trigger.pos == "noun" and self._modifies(j, f.start) and not s_poss(self.s, j):
            return spec.roles.get("in")  # "the Dushanbe meeting", "the Munich Security Conference"
        if f.trigger.pos == "noun" and gov in _LOCATIVE and self._leads_to(j, f.start):
            return spec.roles.get(gov)  # "journalists near the Hsinchu air force base"
        in_subject = subject is not None and subject.start <= j < subject.end
        displaces = spec.kind in ("displacement", "attack") or spec.default_kind == "displacement"
        if in_subject and gov in _LOCATIVE and displaces and f.trigger.pos == "verb":
            return spec.roles.get(gov)  # "The war in Sudan has forced millions from their homes"
        if in_subject and gov == "from" and spec.kind in ("movement", "displacement"):
            return "origin"  # "350 refugees from Afghanistan had crossed", "soldiers from X sought refuge in Y"
        if in_subject and gov in _LOCATIVE and f.trigger.pos == "noun" and self._after_light_verb(f.start):
            return spec.roles.get(gov)  # "troops at the base in Dushanbe took part in drills"
        if in_subject:
            if self._names_a_thing(j, subject):
                return None  # "the Golden Dragon exercises were held": the name of something else
            if spec.subject_role:
                return spec.subject_role
            if f.passive or f.trigger.pos == "pattern":
                return spec.subject_passive or spec.object_role
            if self._modifies_people(j, civilian=True):
                return "origin" if spec.kind == "movement" else None
            return None
        if gov == "of-place":
            return None
        if gov == "to" and spec.kind == "meeting" and f.trigger.pos == "noun" and "for" in self.s.low[max(0, f.start - 3):f.start]:
            return "location"  # "travelled to Tehran for talks"
        if gov == "" and f.trigger.pos == "pattern":
            return spec.object_role  # "brought Afghanistan under its control"
        if gov in _LOCATIVE and f.trigger.pos != "pattern":
            return spec.roles.get(gov) if spec.roles.get(gov) in ("location", "target", "origin") else None
        if gov == "" and self._modifies_people(j, civilian=True) and spec.kind == "movement":
            return "origin"  # "Tigray refugees crossed"
        return None

    def _names_a_thing(self, j: int, subject: Span) -> bool:
        """The place is a modifier of a common noun that is no place ("X exercises")."""
        s, words = self.s, self.lex.words
        k = s.place_end[j]
        if k >= subject.end or not s.tokens[k][:1].islower() or not s.low[k].isalpha():
            return False
        return not (s.low[k] in ("and", "or", "nor") or s.low[k] in words["determiners"]
                    or s.low[k] in words["place_nouns"] or s.low[k] in words["crossing_nouns"]
                    or s.low[k] in words["path_heads"] or s.low[k] in PREPOSITIONS or self.ch.verbish[k]
                    or s.low[k] in self.lex.agent_class or s.low[k] in words["people_nouns"])

    def _predicate_of_subject(self, subject: Span, start: int) -> bool:
        """The noun is what the subject is: 'X is / was / served as / became a base'."""
        words = self.s.low[subject.end:start]
        if words[:1] == [","] and "," in words[1:]:
            words = words[words.index(",", 1) + 1:]  # "Barentu, about 45 miles inside Eritrea, had served as"
        return any(w in ("is", "was", "became", "becomes", "serves", "served", "remains", "remained", "hosts", "housed")
                   for w in words) and len(words) <= 8

    def _light(self, k: int) -> bool:
        """A light or intransitive verb a noun trigger keeps its places across ("broke out")."""
        low, light = self.s.low, self.lex.light_verbs
        return (low[k],) in light or tuple(low[k:k + 2]) in light or (k > 0 and tuple(low[k - 1:k + 1]) in light)

    def _noun_phrase_ends(self, a: int, j: int) -> bool:
        """A verb or a clause comma ends a noun trigger's phrase; a purpose does not ("a
        ground offensive to push them out of Amhara")."""
        low, words = self.s.low, self.lex.words
        return any((self.ch.verbish[k] and not (k > 0 and low[k - 1] == "to") and "by" not in low[k + 1:k + 3]
                    and low[k] not in words["auxiliaries"] and not self._light(k))
                   or (low[k] == "," and not self.ch._list_comma(k) and not self.ch.aside[k]) for k in range(a, j))

    def _including_role(self, f: Frame, gi: int) -> str | None:
        """'seven adjacent regions, including Kalbajar': the list extends the noun before it;
        after a clause with no such noun ("as troops withdraw, including X") it extends the
        main clause's object."""
        low = self.s.low
        k = gi - 1
        while k >= 0 and low[k] in (",",):
            k -= 1
        noun = low[k] if k >= 0 else ""
        placeish = noun in self.lex.words["place_nouns"]
        if placeish:
            return f.spec.object_role or f.spec.roles.get("in") if f.clause.start <= k else None
        if f.clause.kind in ("subordinate", "relative", "participle"):
            return None
        return f.spec.object_role or f.spec.roles.get("in")

    def _after_clause_verb(self, f: Frame, j: int) -> bool:
        """Another verb stands between the trigger and the place ("seized X and said Y");
        a purpose after a deployment does not ("deployed ships to encircle Taiwan")."""
        low = self.s.low
        cause = self._cause_end(f) or f.end
        for k in range(cause, j):  # "fled fighting in ...": the cause is no verb
            if f.trigger.pos == "noun" and self._light(k):
                continue  # "talks were held in Dushanbe", "clashes broke out near X"
            if f.spec.kind == "movement" and low[k] in self.lex.words["motion_participles"]:
                continue  # "entered the country, coming from the Axum town"
            if k > f.end and low[k].endswith("ed") and k + 1 < j and low[k + 1] in PREPOSITIONS \
                    and low[k - 1] not in self.lex.words["auxiliaries"] and low[k - 1] != ",":
                continue  # "discussed proposals related to a truce with officials in Cairo": a modifier
            if self.ch.verbish[k] and low[k] not in self.lex.words["auxiliaries"] and "by" not in low[k + 1:k + 3]:
                return not (low[k - 1] == "to" and f.spec.kind in ("military_activity", "attack"))
        return False

    def _cause_end(self, f: Frame) -> int | None:
        """After a verb whose object is where people leave ("fled", "escaped"), the end
        of the cause it names instead ("fled heavy fighting", "escaped the violence")."""
        if f.spec.object_role != "origin" or f.trigger.pos != "verb":
            return None
        low, causes = self.s.low, self.lex.words["flight_causes"]
        for k in range(f.end, min(f.end + 3, len(low))):
            if low[k] in causes:
                return k + 1
            if not low[k].isalpha() or low[k] in PREPOSITIONS or low[k] in ("and", "or"):
                return None
            if self.ch.verbish[k] and not (k + 1 < len(low) and low[k + 1] in causes):
                return None  # "fled renewed fighting" (an adjective), not "fled, leaving"
        return None

    def _leads_to(self, j: int, start: int) -> bool:
        """The place modifies the trigger noun: only name words stand between them."""
        s = self.s
        between = s.tokens[s.place_end[j]:start]
        return len(between) <= 4 and all(t[:1].isupper() or t.lower() in ("air", "force", "naval", "military", "army", "-")
                                         for t in between)

    def _modifies(self, j: int, start: int) -> bool:
        s = self.s
        between = s.tokens[s.place_end[j]:start]
        return len(between) <= 3 and all(t[:1].isupper() or t in ("-",) for t in between)

    def _possessive_location(self, j: int, moving: bool = False) -> bool:
        """'Ream's new pier', 'Damasak's garrison', 'Goma's airport': a town's facility is
        where things happen; a country's ("Russia's base") is its owner."""
        s = self.s
        end = s.place_end[j] + 1
        nouns = [k for k in range(end, min(len(s.low), end + 3)) if s.low[k] in self.lex.words["place_nouns"]]
        if s.places[j].feature == "country":
            # "poured into South Sudan's Renk county": a part of the country we cannot place is in it
            return moving and bool(nouns) and not any(s.place_covering(k) is not None for k in range(end, nouns[0] + 1))
        return bool(nouns)

    def _modifies_people(self, j: int, civilian: bool = False) -> bool:
        """The place names whose people a noun is: "US troops", "Tigray refugees"."""
        s = self.s
        end = s.place_end[j]
        if end >= len(s.low):
            return False
        w = s.low[end]
        if civilian:
            return self.lex.agent_class.get(w) == "civilian"
        return w in self.lex.agent_class or w in self.lex.words["people_nouns"]

    def _list_aside(self, j: int) -> bool:
        """A bracketed list of places right after a noun: 'districts (Ain, Al-Olya and Usaylan)'."""
        s, low = self.s, self.s.low
        depth, k = 0, j
        while k > 0:
            k -= 1
            depth += low[k].count(")") - low[k].count("(")
            if depth < 0:
                break
        else:
            return False
        close = _closing(low, k)
        inside = [i for i in range(k + 1, close) if s.place_covering(i) is None and low[i] not in (",", "and", "or")]
        before = k - 1
        return not inside and before >= 0 and not self.ch.verbish[before] and s.place_covering(before) is None \
            and s.tokens[before][:1].islower()

    def _place_before(self, i: int, locative: bool = False) -> int | None:
        """The place a "where" or "there" refers to: for "where", the place just before it
        (the town, not the province after it: "Dessie in Amhara region, where ...")."""
        s = self.s
        before = [j for j in sorted(s.places) if s.place_end[j] <= i and not s.is_possessive(j)]
        if locative:
            before = [j for j in before if self.ch.governor(j)[0] in _LOCATIVE + ("of-place",)]
            return before[-1] if before else None
        if not before or any(w not in self.lex.words["transparent"] and w != ","
                             for w in s.low[s.place_end[before[-1]]:i]):
            return None
        j = before[-1]
        while len(before) > 1 and contains(s.places[j], s.places[before[-2]]) and self.ch.governor(j)[0] in (
                "in", "of-place", ""):
            before.pop()
            j = before[-1]
        return j

    def _bound_count(self, gi: int) -> Quantity | None:
        """A count right before the preposition: 'around 1,000 in Niamey', '8,000 to Mexico'."""
        s = self.s
        a = max(0, gi - 4)
        for q in read_quantities(s.tokens[a:gi]):
            if q.value is not None and a + q.end == gi:
                return Quantity(q.value, q.unit, a + q.start, a + q.end)
        return None


def _drop_containers(args: list[Argument]) -> list[Argument]:
    """Keep the innermost place: never the province of a named town ("Rihkhawdar and
    Khawmawi in Myanmar's Chin state", "Nyzhnye and Orikhiv in the Zaporizhzhia region")."""
    args = [a for a in args if not _locates_path(a, args)]
    out = []
    for a in args:
        same = [b for b in args if b is not a and (b.role == a.role or (a.role in _PLACE_ROLES and b.role in _PLACE_ROLES))]
        if any(contains(a.place, b.place) for b in same):
            continue
        if a.index >= 0 and a.gov in ("in", "of-place") and any(
                0 <= b.index < a.index and a.index - b.index <= 12 and b.gov != "including"
                and _RANK.get(a.place.feature, 1) > _RANK.get(b.place.feature, 1) for b in same):
            continue  # "X ... in the Y region": Y only says where X is
        out.append(a)
    return out


def _locates_path(a: Argument, args: list[Argument]) -> bool:
    """'via the X crossing in Y province': Y says where the way is, not where they went."""
    return a.gov == "in" and any(
        b.role == "path" and 0 <= b.index < a.index <= b.index + 6
        and (contains(a.place, b.place) or _RANK.get(a.place.feature, 1) > _RANK.get(b.place.feature, 1))
        for b in args)
