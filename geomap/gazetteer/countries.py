"""The shipped country table: ISO codes, names and land neighbours (GeoNames countryInfo)."""
from __future__ import annotations

import csv
from functools import lru_cache

from .store import DATA_DIR

__all__ = ["country_rows", "country_name", "neighbours"]


@lru_cache(maxsize=1)
def country_rows() -> tuple[dict[str, str], ...]:
    """The shipped country table (``countries.tsv``): iso, id, name, neighbours..., read once."""
    with open(DATA_DIR / "countries.tsv", encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def country_name(iso: str) -> str:
    """A country's English name from its ISO code (the code itself when unknown)."""
    return next((r["name"] for r in country_rows() if r["iso"] == iso), iso)


@lru_cache(maxsize=1)
def _neighbour_table() -> dict[str, frozenset[str]]:
    return {row["iso"]: frozenset(c for c in row["neighbours"].split(",") if c) for row in country_rows()}


def neighbours(a: str | None, b: str | None) -> bool:
    """Whether two countries (ISO codes) share a land border (GeoNames countryInfo).

    Examples
    --------
    >>> neighbours("AF", "TJ"), neighbours("PA", "US")
    (True, False)
    """
    if not a or not b:
        return False
    table = _neighbour_table()
    return b in table.get(a, ()) or a in table.get(b, ())
