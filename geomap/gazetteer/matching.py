"""Looser name matches for search: transliteration variants, words, near spellings, prefixes.

Each function returns ``(score, id, candidate)`` triples for :func:`.query.rank`; the
exact tier is in :mod:`.lookup`.
"""
from __future__ import annotations

from .names import skeleton
from .query import prior_score, with_match
from .reader import PLACE_SQL, StoreReader

__all__ = ["skeleton_matches", "token_matches", "fuzzy_matches", "prefix_matches"]

Scored = list[tuple[float, str, object]]


def skeleton_matches(store: StoreReader, key: str) -> Scored:
    """Names with the same consonant skeleton ("Sherkhan Bandar" for "Shir Khan Bandar")."""
    from rapidfuzz.fuzz import ratio

    store.require("search")
    out: Scored = []
    for (k,) in store.query("SELECT key FROM skeleton WHERE skel = ? LIMIT 500", (skeleton(key),)):
        sim = ratio(key, k) / 100.0
        if sim >= 0.7:
            for c, kind in store.key_rows(k):
                out.append((prior_score(c, kind) + 2 * sim, c.id, with_match(c, k, "skeleton", sim)))
    return out


def token_matches(store: StoreReader, key: str, limit: int) -> Scored:
    """Records one of whose names holds every word of the query (as a word prefix)."""
    store.require("search")
    words = key.split()
    fts = " ".join('"%s"*' % w for w in words)
    rows = store.query(
        PLACE_SQL + " WHERE rowid IN (SELECT rowid FROM place_fts WHERE place_fts MATCH ? LIMIT ?)",
        (fts, limit * 5),
    )
    return [(prior_score(c, 1), c.id, with_match(c, key, "token", 0.8)) for c in map(store.candidate, rows)]


def fuzzy_matches(store: StoreReader, key: str) -> Scored:
    """Names within a small edit distance that share the first two letters."""
    from rapidfuzz.fuzz import ratio

    lo = key[:2]
    hi = lo[:-1] + chr(ord(lo[-1]) + 1)
    keys = [r[0] for r in store.query(
        "SELECT DISTINCT key FROM name WHERE key >= ? AND key < ? AND length(key) BETWEEN ? AND ?",
        (lo, hi, len(key) - 2, len(key) + 2),
    )]
    out: Scored = []
    for k in keys:
        sim = ratio(key, k) / 100.0
        if sim >= 0.8:
            for c, kind in store.key_rows(k):
                out.append((prior_score(c, kind) + 4 * sim, c.id, with_match(c, k, "fuzzy", sim)))
    return out


def prefix_matches(store: StoreReader, key: str) -> Scored:
    """Names that start with the query (autocomplete)."""
    rows = store.query("SELECT DISTINCT key FROM name WHERE key >= ? AND key < ? LIMIT 2000", (key, key + "\uffff"))
    return [(prior_score(c, kind), c.id, with_match(c, k, "prefix", len(key) / len(k)))
            for (k,) in rows for c, kind in store.key_rows(k)]
