"""Districts named by an adjective of their seat: "Sudzhansky district", "Pokrovskyi raion".

Russian, Ukrainian and other post-Soviet districts take their name from the town that
seats them, as an adjective (Sudzha -> Sudzhansky, Pokrovsk -> Pokrovsky, Korenevo ->
Korenevsky). The gazetteer rarely holds these districts, but it holds the seats: the
district becomes a mention placed at its seat's point, flagged approximate
(``source="seat"``) so that the map says where it stands in for the district.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..gazetteer.names import fold_name
from .known import KnownNames
from .match import Match

__all__ = ["adjectival_districts", "seat_names", "SEAT_COUNTRIES"]

# Adjective endings, longest first, and the words for a district after them.
_ENDINGS = ("skaya", "skiy", "skyi", "skyy", "skii", "skoy", "sky", "ska", "ski")
_DISTRICT_WORDS = {"district", "districts", "raion", "rayon", "raions", "rayons", "hromada", "municipality"}
# Where districts are named this way (the seat must lie in one of these countries).
SEAT_COUNTRIES = frozenset("RU UA BY KZ KG TJ UZ TM MD".split())


def seat_names(adjective: str) -> list[str]:
    """Folded names the seat of a district called ``adjective`` may have, likeliest first.

    Examples
    --------
    >>> seat_names("Sudzhansky")[:3]
    ['sudzhansk', 'sudzhan', 'sudzhano']
    >>> "sudzha" in seat_names("Sudzhansky") and "korenevo" in seat_names("Korenevsky")
    True
    """
    low = fold_name(adjective)
    stem = next((low[: -len(e)] for e in _ENDINGS if low.endswith(e) and len(low) > len(e) + 2), None)
    if stem is None or " " in stem:
        return []
    out = [stem + "sk", stem, stem + "o", stem + "a", stem + "e", stem + "ka"]
    if stem.endswith("n"):
        out += [stem[:-1], stem[:-1] + "a"]  # Sudzha -> Sudzhansky
    return list(dict.fromkeys(out))


def _seat(known: KnownNames, adjective: str) -> str | None:
    """The id of the town a district adjective names, when the gazetteer holds it."""
    for key in seat_names(adjective):
        rows = [c for c, kind in known.gaz.key_rows(key)
                if kind != 1 and c.feature in ("city", "town") and c.country in SEAT_COUNTRIES]
        if rows:
            return max(rows, key=lambda c: (c.population, c.id)).id
    return None


def adjectival_districts(known: KnownNames, doc: Doc, matches: list[Match], start: int, end: int) -> list[Match]:
    """The matches of a sentence plus one for each "<Adjective> district" it names."""
    taken = {i for m in matches for i in range(m.start, m.end)}
    new = []
    for i in range(start, end - 1):
        word = doc[i]
        if i in taken or not word.text[:1].isupper() or not word.is_alpha:
            continue
        nxt = doc[i + 1]
        if nxt.lower_ not in _DISTRICT_WORDS:
            continue
        seat = _seat(known, word.text)
        if seat is None:
            continue
        suffix = doc.text[word.idx + len(word.text): nxt.idx + len(nxt.text)]
        new.append(Match(i, i + 1, word.text, fold_name(word.text), target=seat, cue="adm2", suffix=suffix,
                         confirmed=True, source="seat"))
    return sorted(matches + new, key=lambda m: m.start) if new else matches
