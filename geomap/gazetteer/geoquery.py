"""Reading a geocoder query the way people write them: "place, region, country".

"Kassala, Sudan", "Columbus, OH", "Victoria, BC", "Springfield, Illinois, USA": the first
comma part names the place, the others are containers, each read as a country (name,
short form, ISO alpha-2 or alpha-3 code) or a first-level division (name, abbreviation,
US / Canadian / Australian postal code). The place's candidates are kept when they lie
in every container; when none does, the innermost container itself is the answer
(``match="container"``), never a same-named place elsewhere.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..model import Candidate
from .countries import country_rows
from .store import DATA_DIR

if TYPE_CHECKING:
    from .lookup import Gazetteer

__all__ = ["Container", "split_query", "read_container", "geocode_query"]


@dataclass(frozen=True)
class Container:
    """A country, or a first-level division of one (``admin1`` set), and its record."""

    country: str
    admin1: str | None
    record: Candidate

    def holds(self, c: Candidate) -> bool:
        """Whether ``c`` lies inside (a country holds its divisions and places)."""
        if self.admin1 is None:
            return c.id != self.record.id and (c.country == self.country or self.country in c.countries)
        return c.country == self.country and c.admin1 == self.admin1 and c.id != self.record.id


def split_query(query: str) -> list[str]:
    """The comma parts of a query, trimmed, empty ones dropped.

    Examples
    --------
    >>> split_query(" Kassala ,  Sudan ,")
    ['Kassala', 'Sudan']
    """
    return [p.strip() for p in query.split(",") if p.strip()]


@lru_cache(maxsize=1)
def _region_codes() -> dict[str, tuple[str, str]]:
    """Postal / ISO 3166-2 codes of Canadian and Australian divisions -> (country, admin1)."""
    out: dict[str, tuple[str, str]] = {}
    with open(DATA_DIR / "region_codes.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            cc, _, a1 = row["target"].removeprefix("admin1:").partition(".")
            out.setdefault(row["code"], (cc, a1))
    return out


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """ISO alpha-2 and alpha-3 codes -> alpha-2."""
    out = {}
    for row in country_rows():
        out[row["iso"]] = row["iso"]
        if row.get("iso3"):
            out[row["iso3"]] = row["iso"]
    return out


def read_container(gaz: Gazetteer, text: str) -> list[Container]:
    """Every country or first-level division a qualifier can mean ("OH" is Ohio, not a
    country; "GA" is Gabon or Georgia: the place decides)."""
    out: list[Container] = []
    code = text.replace(".", "").strip()
    if code.isascii() and code.isalpha() and code.isupper() and 2 <= len(code) <= 3:
        cc = _country_codes().get(code)
        if cc and (rec := gaz.country(cc)) is not None:
            out.append(Container(cc, None, rec))
        if len(code) == 2 and (rec := gaz.admin1("US", code)) is not None:
            out.append(Container("US", code, rec))
        if code in _region_codes():
            cc, a1 = _region_codes()[code]
            if (rec := gaz.admin1(cc, a1)) is not None:
                out.append(Container(cc, a1, rec))
    for c in gaz.lookup(text, feature=("country", "adm1")):
        if c.feature == "country" and c.country:
            out.append(Container(c.country, None, c))
        elif c.feature == "adm1" and c.country and c.admin1:
            out.append(Container(c.country, c.admin1, c))
    seen: set[tuple[str, str | None]] = set()
    return [k for k in out if (k.country, k.admin1) not in seen and not seen.add((k.country, k.admin1))]


def geocode_query(gaz: Gazetteer, query: str, *, country: Any = None, feature: Any = None, limit: int = 10,
                  fuzzy: bool = True) -> tuple[Candidate, ...]:
    """Candidates for a query, best first: a bare name is searched as it is; a name
    followed by containers is searched inside them (see the module docstring)."""
    if not isinstance(query, str):
        return gaz.search_name(query, country=country, feature=feature, limit=limit, fuzzy=fuzzy)
    parts = split_query(query)
    if len(parts) < 2:
        return gaz.search_name(query, country=country, feature=feature, limit=limit, fuzzy=fuzzy)
    name, qualifiers = parts[0], parts[1:]
    readings = [read_container(gaz, q) for q in qualifiers]
    readings = [r for r in readings if r]
    if not readings:  # "Washington, D.C."-like names, or unknown qualifiers: the whole text
        whole = gaz.search_name(query, country=country, feature=feature, limit=limit, fuzzy=fuzzy)
        return whole or gaz.search_name(name, country=country, feature=feature, limit=limit, fuzzy=fuzzy)
    countries = sorted({k.country for r in readings for k in r})
    found = gaz.search_name(name, country=countries, feature=feature, limit=max(50, limit), fuzzy=fuzzy)
    if country:
        found = tuple(gaz.search_name(name, country=country, feature=feature, limit=max(50, limit), fuzzy=fuzzy))
    scored = []
    for rank, c in enumerate(found):
        held = sum(1 for r in readings if any(k.holds(c) for k in r))
        scored.append((-held, rank, c))
    scored.sort(key=lambda t: t[:2])
    best = [c for held, _, c in scored if -held == len(readings)]
    if best:
        return tuple(best[:limit])
    return _container_answer(readings, country, feature)


def _container_answer(readings: list[list[Container]], country: Any, feature: Any) -> tuple[Candidate, ...]:
    """The innermost container the query names (a division before a country), when the
    place itself is not known inside it."""
    from .query import keep

    options = [k for r in readings for k in r]
    options.sort(key=lambda k: (k.admin1 is None,))
    for k in options:
        if keep(k.record, country, feature):
            return (replace(k.record, match="container", similarity=0.5),)
    return ()
