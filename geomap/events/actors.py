"""Who acts: an agent phrase turned into a canonical short name.

A named group wins ("Fighters with the Tigray People's Liberation Front (TPLF)" ->
"Tigray People's Liberation Front"), then a demonym with a force noun ("Russian forces"),
then a country or capital standing for its government ("Baku" -> "Azerbaijan"), then the
phrase's own head ("armed rebel groups"); pronouns and "the militia" take the group
named last. Named groups come from the lexicon's armed-group table, from capitalised
names ending in a group word ("Rapid Support Forces", "Arakan Army") and from acronyms.
"""
from __future__ import annotations

from ..gazetteer.countries import country_name
from .context import DocumentContext
from .lexicon import event_lexicon
from .sentence import Sentence

__all__ = ["actor_name", "named_group", "agent_class"]

_STRIP = frozenset({"the", "a", "an", "some", "about", "around", "almost", "nearly", "more", "than", "over", "at",
                    "least", "roughly", "approximately", "up", "to", "its", "their", "his", "her", "of", "and",
                    "also", "other", "several", "many", "those", "these", "this", "that", "both", "all", "rival",
                    "two", "three", "four", "dozens", "hundreds", "thousands", "units", "there"})
_PARTITIVE = frozenset({"elements", "element", "members", "member", "units", "unit", "remnants", "part", "some", "most",
                        "convoy", "convoys", "column", "columns", "contingent", "boatload", "busload", "batch",
                        "of", "the", "about", "around", "nearly", "more", "than", "at", "least"})
_FORCE_WORDS = frozenset({"armed", "government", "security", "border", "special", "air", "naval", "army", "military",
                          "police", "forces", "troops"})
_ANAPHORIC = frozenset({"they", "them", "it", "its", "their", "he", "she", "militia", "militias", "group", "rebels",
                        "militants", "insurgents", "movement", "jihadists", "gunmen", "fighters", "organisation",
                        "organization", "extremists", "terrorists", "force"})


_ARMED_ANAPHORS = frozenset({"rebels", "militants", "fighters", "insurgents", "jihadists", "gunmen", "militia",
                             "militias", "extremists", "terrorists"})


def _antecedent(ctx: DocumentContext, words: list[str]) -> str | None:
    """The group an anaphoric phrase refers back to: the last one named, but "the rebels",
    "militants" and the like never refer to a civil organisation ("the UN")."""
    group = ctx.last_group
    if group is None or not _ARMED_ANAPHORS & set(words):
        return group
    return None if event_lexicon().is_civil_organisation(group) else group


def named_group(s: Sentence, a: int, b: int) -> str | None:
    """The first named group inside tokens ``a:b``, as written, if any."""
    found = named_groups(s, a, b)
    return found[0][2] if found else None


def named_groups(s: Sentence, a: int, b: int) -> list[tuple[int, int, str]]:
    """Every named group in tokens ``a:b``: a name from the armed-group table
    ("Taliban"), a capitalised name ending in a group word ("Rapid Support Forces",
    "Arakan Army") or an acronym ("RSF", "M23"), with its token span."""
    lex = event_lexicon()
    low, toks = s.low, s.tokens
    heads = lex.words["group_heads"]
    out: list[tuple[int, int, str]] = []
    i = a
    while i < b:
        hit = lex.group_at(low, i)
        if hit is not None and toks[i][:1].isupper() and hit[1] <= b:
            out.append((i, hit[1], _clean(s.text(i, hit[1]))))
            i = hit[1]
            continue
        if toks[i][:1].isupper() and low[i] not in _STRIP:
            j = i
            while j + 1 < b and (toks[j + 1][:1].isupper() or low[j + 1] in ("of", "'s", "’s", "-", "for", "and")
                                 and j + 2 < b and toks[j + 2][:1].isupper()):
                j += 1
            words = low[i:j + 1]
            named = len(words) > 1 and words[-1] in heads and not all(w in heads for w in words)
            if named and (i > 0 or any(s.place_covering(k) is None for k in range(i, j))):
                acronym = _acronym_after(s, j + 1, len(toks))
                name = _clean(s.text(i, j + 1))  # "Tigray People's Liberation Front (TPLF)"
                out.append((i, j + 1, "%s (%s)" % (name, acronym) if acronym else name))
            elif len(words) == 1 and _is_acronym(toks[i]) and i > 0 and s.place_covering(i) is None:
                out.append((i, i + 1, toks[i]))
            i = j + 1
        else:
            i += 1
    return out


def _acronym_after(s: Sentence, k: int, b: int) -> str | None:
    if k + 2 < len(s.tokens) and s.tokens[k] == "(" and _is_acronym(s.tokens[k + 1]) and s.tokens[k + 2] == ")":
        return s.tokens[k + 1]
    return None


def _is_acronym(tok: str) -> bool:
    letters = [c for c in tok if c.isalpha()]
    return 2 <= len(tok) <= 7 and len(letters) >= 1 and all(c.isupper() for c in letters) and tok.isalnum()


def _clean(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in _STRIP:
        words.pop(0)
    return " ".join(words)


def agent_class(s: Sentence, a: int, b: int) -> str | None:
    """``armed``, ``civilian`` or ``leaders``: what kind of people the phrase names."""
    lex = event_lexicon()
    for i in range(b - 1, a - 1, -1):
        w = s.low[i]
        if w in lex.agent_class:
            return lex.agent_class[w]
        if i in s.demonyms and (i + 1 >= b or s.low[s.place_end[i]] in (",", "and", ".")):
            return "civilian"  # "6,000 Lebanese", "Thousands of Syrians"
    if any(lex.group_at(s.low, i) is not None and s.tokens[i][:1].isupper() for i in range(a, b)):
        return "armed"  # "Daesh fled to the outskirts": a group of the armed-group table
    return None


def generic(name: str | None) -> bool:
    """The name is only generic words ("Troops", "the forces"): it names nobody."""
    lex = event_lexicon()
    words = [w for w in (name or "").lower().split() if w not in _STRIP]
    return bool(name) and all(w in lex.agent_class or w in _FORCE_WORDS for w in words)


def actor_name(s: Sentence, a: int, b: int, ctx: DocumentContext) -> str | None:
    """The canonical short name of the agent phrase ``a:b``."""
    lex = event_lexicon()
    low = s.low
    if b <= a:
        return None
    group = named_group(s, a, b)
    if group:
        ctx.last_group = group
        return group
    head = next((w for w in reversed(low[a:b]) if w in lex.agent_class), None)
    if low[a] == "the" and b - a == 2 and head in ctx.last_by_head:
        return ctx.last_by_head[head]  # "anti-regime groups advanced ... the groups entered": the same groups
    if low[a] == "the" and head in _ANAPHORIC and (group := _antecedent(ctx, low[a:b])):
        return group  # "the Palestinian militant group"
    counted = any(c[:1].isdigit() for c in low[a:b])
    while a < b and (low[a] in _PARTITIVE or low[a] in ("a", "an") or not low[a][:1].isalpha()):
        # '"97 elements of the special forces"', "a convoy of Wagner fighters"
        a += 1
    words = [w for w in low[a:b] if w not in _STRIP and w not in (",", "(", ")")]
    if not words:
        return ctx.last_people if counted else None  # "About 8,000 returned"
    if all(w in _ANAPHORIC for w in words) or (len(words) == 1 and words[0] in _ANAPHORIC):
        return _antecedent(ctx, words) or _clean(s.text(a, b))
    for i in range(a, b):  # "Russian forces", "Myanmar soldiers", "British, Polish and US troops"
        if i in s.demonyms:
            k = s.place_end[i]
            while k < b and (low[k] in (",", "and", "or") or k in s.demonyms):
                k = s.place_end[k] if k in s.demonyms else k + 1
            end = k
            while end < b and (low[end] in lex.agent_class or low[end] in _FORCE_WORDS):
                end += 1
            if end > k and lex.agent_class.get(low[end - 1]) == "leaders":
                while end < b and s.tokens[end][:1].isupper() and s.place_covering(end) is None:
                    end += 1  # "Azerbaijani President Ilham Aliyev": the person
            if end > k:
                if any(lex.agent_class.get(w) == "armed" for w in low[k:end]):
                    ctx.last_armed_country = s.demonyms[i].country  # "French soldiers": whose troops these are
                return _clean(s.text(i, end))
            break
    places = [i for i in s.places if a <= i < b]
    rest = [k for k in range(a, b) if s.place_covering(k) is None and low[k] not in ("and", ",", "the", "&")]
    if len(places) > 1 and not rest:
        return " and ".join(s.places[i].name for i in sorted(places))  # "Azerbaijan and Armenia held talks"
    headed = any(w in lex.agent_class for w in low[a:b])  # "Wagner fighters", "residents of Mariupol"
    if places and len([w for w in low[a:b] if w not in _STRIP]) <= len(s.tokens[places[0]:s.place_end[places[0]]]) + 1:
        p = s.places[places[0]]
        if p.feature == "country" or (p.feature in ("city", "town") and p.country and not headed):
            return country_name(p.country) if p.feature != "country" else p.name
    heads = [i for i in range(a, b) if low[i] in lex.agent_class]
    if heads:
        h = heads[0]
        while h + 1 < b and low[h + 1] in lex.agent_class:
            h += 1
        if lex.agent_class.get(low[h]) == "leaders" and h + 1 < b and s.tokens[h + 1][:1].isupper():
            e = h + 1
            while e < b and s.tokens[e][:1].isupper() and s.place_covering(e) is None:
                e += 1
            return _clean(s.text(h, e))  # "President Emomali Rahmon"
        k = h
        while k > a and (low[k - 1] not in _STRIP and low[k - 1] not in (",", "(", ")") and not low[k - 1][:1].isdigit()
                         and h - k < 3):
            k -= 1
        text = _clean(s.text(k, h + 1))
        if text.lower() in ("militia", "group", "rebels", "militants", "fighters", "insurgents", "gunmen") \
                and (group := _antecedent(ctx, [text.lower()])):
            return group
        if text and k < h:
            ctx.last_by_head[low[h]] = text
        return text or None
    if s.tokens[a][:1].isupper() and low[a] not in _STRIP and b - a <= 6:
        return _clean(s.text(a, b))
    plural = [i for i in range(a, b) if s.tokens[i][:1].isupper() and low[i].endswith("s") and s.place_covering(i) is None]
    if plural:
        return s.tokens[plural[-1]]  # "some 8,000 Rohingyas": a people's name
    return None
