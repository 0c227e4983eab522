"""Who an event's actor is, in a word a legend can show: "Taliban fighters" -> "Taliban".

An actor phrase from an article ("Tajikistan's forces", "the militias", "Azerbaijani Armed
Forces", "they") names a group only sometimes. :func:`actor_key` keeps the canonical short
name when it does (an acronym, a country by its name or demonym, a proper name) and
gives None when it does not (pronouns, generic nouns, a place's name), so a legend lists
groups, never fragments. The word lists are data (``_GENERIC``, ``_SHORT``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Event

__all__ = ["actor_key", "mover_class"]

# Words that name no group on their own (a capital letter at a sentence start changes nothing).
_GENERIC = frozenset("""
a an the of and or in on at from to by with for as its their his her our they them we he she it who
this that these those some many several all other others another both each
forces force fighters fighter troops troop soldiers soldier militia militias army armies military
group groups units unit government governments govt security armed regime ministry officials official
delegation delegations ministers minister foreign state people person persons civilians civilian
residents resident families family children child women men refugees refugee migrants migrant
asylum seekers displaced wounded injured dead killed victims victim casualties survivors
police guards guard border personnel gunmen militants militant rebels rebel insurgents insurgent
jihadists jihadist fighters mercenaries airmen marines sailors navy air defence defense
battalion battalions brigade brigades division divisions elements convoy convoys squad
rockets rocket missiles missile drones drone jets jet aircraft artillery shells shelling tanks
authorities authority leaders leader president prime spokesman spokesperson commander commanders
thousands hundreds dozens tens scores millions thousand hundred dozen million
northern southern eastern western central north south east west
asian african european arab latin middle far near international western-backed
local special regular national federal interim transitional joint allied coalition
peacekeepers peacekeeping mission observers monitors
side sides party parties movement organisation organization
""".split())
# Country names a legend writes short.
_SHORT = {
    "Democratic Republic of the Congo": "DR Congo", "United States": "US", "United Kingdom": "UK",
    "United Arab Emirates": "UAE", "Central African Republic": "CAR", "Russian Federation": "Russia",
    "Republic of the Congo": "Congo", "Bosnia and Herzegovina": "Bosnia",
}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,6}$|^[A-Z][0-9]{1,3}$")
_COUNTRY_ACRONYMS = {"US": "US", "USA": "US", "UK": "UK", "UAE": "UAE", "DRC": "DR Congo", "CAR": "CAR"}
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F.-]*")



@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Lower-case country name or demonym -> the country's short name."""
    from ..gazetteer.countries import country_rows
    from ..places.lexicon import load_lexicon

    names = {r["id"]: r["name"] for r in country_rows()}
    out = {form.lower(): names[pid] for form, pid in load_lexicon().demonyms.items() if pid in names}
    out.update({name.lower(): name for name in names.values()})
    return {k: _SHORT.get(v, v) for k, v in out.items()}


def actor_key(actor: str | None, *, places: frozenset[str] = frozenset()) -> str | None:
    """The canonical short name of the group an actor phrase names, or None.

    ``places`` (lower-case names of the places a document mentions) keeps a place's name
    from passing for a group.

    Examples
    --------
    >>> actor_key("Taliban fighters"), actor_key("Russian forces"), actor_key("Tajikistan's forces")
    ('Taliban', 'Russia', 'Tajikistan')
    >>> actor_key("the militias"), actor_key("they"), actor_key("RSF fighters"), actor_key(None)
    (None, None, 'RSF', None)
    """
    if not actor:
        return None
    text = re.sub(r"['’]s\b", "", actor)
    words = _WORD.findall(text)
    for w in words:
        w = w.strip(".-")
        if _ACRONYM.match(w):
            return _COUNTRY_ACRONYMS.get(w, w)
    countries = _countries()
    lower = [w.lower().strip(".-") for w in words]
    for size in (4, 3, 2, 1):
        for i in range(len(lower) - size + 1):
            name = countries.get(" ".join(lower[i:i + size]))
            if name:
                return name
    i = 0
    while i < len(words):
        w = words[i]
        if w[:1].isupper() and lower[i] not in _GENERIC:
            run = [w]
            j = i + 1
            while j < len(words) and words[j][:1].isupper() and len(run) < 4:
                run.append(words[j])
                j += 1
            name = " ".join(run).strip(".-")
            if name.lower() not in places and run[0].lower() not in places:
                return name
            i = j
        else:
            i += 1
    return None


def mover_class(event: Event) -> str:
    """Who crosses: ``armed`` (troops, fighters, police: the event lexicon's armed agents)
    or ``civilians``."""
    from ..events.lexicon import event_lexicon

    kinds = event_lexicon().agent_class
    words = _WORD.findall(" ".join(filter(None, [event.actor, event.unit])).lower())
    return "armed" if any(kinds.get(w) == "armed" for w in words) else "civilians"
