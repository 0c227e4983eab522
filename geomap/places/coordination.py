"""Coordinated names: "North and South Kivu", "Camden and Charlton counties in Georgia".

Two rules, each on the matches of one sentence:

- :func:`expand_coordination`: a direction word coordinated with a directional name
  ("East and West Kordofan") is that name with its own direction (East Kordofan), in
  the country of the other;
- :func:`share_plural_cues`: names joined by "and" / "or" / commas before a plural place
  word ("Jackson and Barrow counties") all take that word's cue, and
  :func:`share_containers` gives them the container named after it ("... in Georgia").
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ..gazetteer.names import fold_name
from .match import Match

if TYPE_CHECKING:
    from .finder import ToponymFinder

__all__ = ["expand_coordination", "share_plural_cues", "share_containers"]

_AND = {"and", "or", "&"}
_DIVISIONS = {"adm1", "adm2", "region"}
_PLURAL_CUES = {"provinces", "counties", "districts", "states", "regions", "villages", "towns", "oblasts",
                "governorates", "municipalities", "cities", "parishes", "islands"}


def expand_coordination(finder: ToponymFinder, doc: Doc, matches: list[Match], sent_start: int) -> list[Match]:
    """Add "North" of "North and South Kivu" as North Kivu (a match whose ``target`` is
    the record), replacing whatever the lone direction word matched."""
    out = list(matches)
    for b in matches:
        if b.reject is not None or b.target is not None or b.end - b.start < 2:
            continue
        i = b.start
        if not (i - 2 >= sent_start and doc[i].lower_ in finder.rules.directions and doc[i - 1].lower_ in _AND
                and doc[i - 2].lower_ in finder.rules.directions and doc[i - 2].text[:1].isupper()):
            continue
        rest = doc.text[doc[i + 1].idx: doc[b.end - 1].idx + len(doc[b.end - 1].text)]
        record = _sibling(finder, fold_name(doc[i - 2].text + " " + rest), b.key)
        if record is None:
            continue
        out = [m for m in out if not (m.start <= i - 2 < m.end)]
        out.append(Match(i - 2, i - 1, doc[i - 2].text, fold_name(doc[i - 2].text), target=record, cue=b.cue,
                          confirmed=True))
    out.sort(key=lambda m: m.start)
    return out


def _sibling(finder: ToponymFinder, key: str, other_key: str) -> str | None:
    """The division named ``key`` in a country where ``other_key`` names one too."""
    countries = {c.country for c, _ in finder.gaz.key_rows(other_key) if c.feature in _DIVISIONS}
    found = [c for c, _ in finder.gaz.key_rows(key) if c.feature in _DIVISIONS and c.country in countries]
    if not found:
        return None
    return max(found, key=lambda c: (c.population, c.id)).id


def share_plural_cues(finder: ToponymFinder, doc: Doc, matches: list[Match], sent_end: int) -> list[list[Match]]:
    """Give every name of "A, B and C counties" the cue of the plural word; return the chains."""
    kept = [m for m in matches if m.reject is None and m.target is None]
    by_start = {m.start: m for m in kept}
    chains = []
    done: set[int] = set()
    for m in kept:
        if m.start in done:
            continue
        chain, j = [m], m.end
        while j < sent_end and (doc[j].lower_ in _AND or doc[j].text == ","):
            k = j + 1
            if doc[j].text == "," and k < sent_end and doc[k].lower_ in _AND:
                k += 1
            nxt = by_start.get(k)
            if nxt is None:
                break
            chain.append(nxt)
            j = nxt.end
        if len(chain) < 2 or j >= sent_end or doc[j].lower_ not in _PLURAL_CUES:
            continue
        cue = finder.rules.after.get(doc[j].lower_)
        for x in chain:
            x.cue = x.cue or cue
            x.confirmed = True
            done.add(x.start)
        chains.append(chain)
    return chains


def share_containers(chains: list[list[Match]]) -> None:
    """"Camden and Charlton counties in Georgia": the last name's container is everyone's."""
    for chain in chains:
        container = chain[-1].container
        if container:
            for x in chain[:-1]:
                x.container = x.container or container
