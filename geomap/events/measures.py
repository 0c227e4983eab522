"""How many and when: counts with their unit noun, and dates (absolute or relative to the
published date), read from the tokens of one sentence.

Functions take plain token texts, so they work on any tokenizer's output.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .lexicon import event_lexicon

__all__ = ["Quantity", "read_quantities", "read_date", "read_time", "parse_number"]

_NUM = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_RANGE = re.compile(r"^(\d[\d,.]*)[-–](\d[\d,.]*)$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^(19|20)\d{2}$")


@lru_cache(maxsize=8)
def _unit_nouns(extra: frozenset[str]) -> frozenset[str]:
    return frozenset(event_lexicon().words["people_nouns"]) | extra


@dataclass(frozen=True)
class Quantity:
    """A count in a sentence: its value (None when vague), unit noun and token span."""

    value: float | None
    unit: str
    start: int
    end: int


def parse_number(text: str) -> float | None:
    """A numeral or number word as a float ("1,037" -> 1037, "two" -> 2); None otherwise.

    Examples
    --------
    >>> parse_number("1,037"), parse_number("twenty-four"), parse_number("2.5")
    (1037.0, 24.0, 2.5)
    """
    t = text.lower().strip()
    if _NUM.match(t):
        return float(t.replace(",", ""))
    words = event_lexicon().number_words
    if t in words:
        return float(words[t])
    if "-" in t:
        a, _, b = t.partition("-")
        if a in words and b in words and words[a] >= 20 and words[b] < 10:
            return float(words[a] + words[b])
    return None


_NOT_COUNTS = {"km", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "metres", "meters",
               "m", "%", "percent", "per", "years", "year", "year-old", "months", "days", "hours", "minutes",
               "am", "pm", "a.m.", "p.m.", "feet", "ft", "degrees", "dollars", "$", "euros", "tonnes", "tons"}


def read_quantities(tokens: list[str], extra_units: set[str] | frozenset[str] = frozenset()) -> list[Quantity]:
    """Every count followed by a unit noun: "almost 350 refugees", "more than 1,000
    government troops", "2,500-5,000" (lower bound), "two babies"; "hundreds of families"
    gives a Quantity whose value is None. ``extra_units`` adds unit nouns (demonyms such
    as "syrians"). A bare count ("about 2,500-5,000.") comes back with unit "".

    Examples
    --------
    >>> [(q.value, q.unit) for q in read_quantities("more than 1,000 government troops fled".split())]
    [(1000.0, 'troops')]
    >>> [(q.value, q.unit) for q in read_quantities("hundreds of families left".split())]
    [(None, 'families')]
    """
    lex = event_lexicon()
    units = _unit_nouns(frozenset(extra_units))
    mult = lex.multipliers
    vague = lex.words["vague_quantities"]
    low = [t.lower() for t in tokens]
    out: list[Quantity] = []
    i = 0
    while i < len(low):
        value = None
        j = i
        m = _RANGE.match(low[i])
        if m:
            value = parse_number(m.group(1).rstrip(",."))
            j = i + 1
        elif low[i] in vague:
            j = i + 1
            if j < len(low) and low[j] == "of":
                j += 1
            value = None
            k = _find_unit(low, j, units)
            if k is not None:
                out.append(Quantity(None, low[k], i, k + 1))
                i = k + 1
                continue
            i += 1
            continue
        else:
            value = parse_number(low[i])
            j = i + 1
            if value is not None and j + 1 < len(low) and low[j] in ("-", "–", "to") and parse_number(low[j + 1]) is not None:
                j += 2  # "2,500 - 5,000": the lower bound
        if value is None or (_YEAR.match(low[i]) and (j >= len(low) or low[j] not in units)):
            i += 1
            continue
        while j < len(low) and low[j] in mult:
            value *= mult[low[j]]
            j += 1
        k = _find_unit(low, j, units)
        if k is not None:
            out.append(Quantity(value, low[k], i, k + 1))
            i = k + 1
        else:
            nxt = low[j] if j < len(low) else ""
            if nxt not in _NOT_COUNTS and ":" not in low[i] and not _YEAR.match(low[i]):
                out.append(Quantity(value, "", i, j))
            i = j
    return out


def _find_unit(low: list[str], j: int, units: set[str]) -> int | None:
    """The unit noun within three words ("1,000 government troops", "97 elements of")."""
    for k in range(j, min(len(low), j + 4)):
        if low[k] in units:
            while k + 1 < len(low) and low[k + 1] in units:
                k += 1  # "Afghan refugees", "border guards": the head noun
            return k
        if low[k] in (".", ",", ";", ":", "and", "or") or _NUM.match(low[k]):
            return None
    return None


def read_date(tokens: list[str], published: date | None) -> str | None:
    """The day a sentence's event happened, as YYYY-MM-DD, or None when the sentence gives
    no day ("last week", "earlier this month" are not precise to the day).

    Weekdays resolve to the most recent such day on or before the published date ("last
    Friday" the one before it; the next one when the sentence speaks of the future);
    month-day dates take the published year (or the year before when that would be in
    the future).

    Examples
    --------
    >>> read_date("Border guards said on Wednesday".split(), date(2021, 7, 14))
    '2021-07-14'
    >>> read_date("On 13 September , at 00:05".split(), date(2022, 9, 12))
    '2022-09-13'
    >>> read_date("earlier this month".split(), date(2021, 7, 14)) is None
    True
    """
    return read_time(tokens, published)[0]


def read_time(tokens: list[str], published: date | None) -> tuple[str | None, bool]:
    """(day, whether the tokens hold any time expression): ``(None, True)`` for a vague
    one ("this week", "in recent days", "last month"), ``(None, False)`` for none."""
    lex = event_lexicon()
    low = [t.lower().rstrip(".") for t in tokens]
    months = lex.months
    weekdays = lex.words["weekdays"]
    future = any(t in lex.words["future_markers"] for t in low)
    vague = False
    for i, t in enumerate(low):
        m = _ISO.match(t)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3])).isoformat(), True
            except ValueError:
                continue
        if t in months and (t != "may" or (i + 1 < len(low) and low[i + 1].isdigit()) or (i > 0 and low[i - 1].isdigit())):
            day = _int(low[i + 1]) if i + 1 < len(low) else None  # "September 13"
            if (day is None or not 1 <= day <= 31) and i > 0:
                day = _int(low[i - 1])  # "13 September 2022"
            if day is None or not 1 <= day <= 31:
                vague = True  # "in July", "since May 1998"
                continue
            year = None
            for k in range(i + 1, min(len(low), i + 4)):
                if _YEAR.match(low[k]):
                    year = int(low[k])
                    break
            if year is None:
                if published is None:
                    vague = True
                    continue
                year = published.year
                try:
                    if date(year, months[t], day) > published + timedelta(days=1) and not future:
                        year -= 1
                except ValueError:
                    continue
            try:
                return date(year, months[t], day).isoformat(), True
            except ValueError:
                continue
        if t in weekdays:
            before = low[i - 1] if i > 0 else ""
            if published is None or before in ("every", "each"):
                vague = True
                continue
            target = _WEEKDAYS.index(t)
            delta = (published.weekday() - target) % 7
            if before in ("last", "previous") and delta == 0:
                delta = 7
            if before == "next" or (future and delta and before not in ("last", "previous")):
                return (published + timedelta(days=(7 - delta) or 7)).isoformat(), True
            return (published - timedelta(days=delta)).isoformat(), True
        if t in ("today", "tonight", "overnight") or (t == "now" and (i == 0 or low[i - 1] not in _NOT_NOW)):
            if published is None:
                vague = True
                continue
            return published.isoformat(), True
        if t == "yesterday":
            if published is None:
                vague = True
                continue
            return (published - timedelta(days=1)).isoformat(), True
        if t == "tomorrow":
            if published is None:
                vague = True
                continue
            return (published + timedelta(days=1)).isoformat(), True
        if t in lex.words["vague_times"] or _YEAR.match(t):
            vague = True
    return None, vague


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "until now", "by now", "from now on" do not place an event on the published day.
_NOT_NOW = frozenset({"until", "till", "by", "from", "than"})


def _int(text: str) -> int | None:
    t = re.sub(r"(st|nd|rd|th)$", "", text)
    return int(t) if t.isdigit() else None
