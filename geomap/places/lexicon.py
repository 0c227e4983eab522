"""The word tables the matcher reads: demonyms, word-case probabilities, given names and rule word lists.

They ship in ``geomap/data`` and load once per process (:func:`load_lexicon`).
"""
from __future__ import annotations

import csv
import json
import lzma
from dataclasses import dataclass
from functools import lru_cache

from ..gazetteer.store import DATA_DIR

__all__ = ["Lexicon", "load_lexicon"]


@dataclass(frozen=True)
class Lexicon:
    """Demonyms (exact form -> place id), word-case log-probabilities and rule word lists
    (lists as frozensets, mappings as dicts)."""

    demonyms: dict[str, str]
    wordcase: dict[str, tuple[float | None, float | None]]
    rules: dict
    given_names: frozenset[str] = frozenset()

    def is_given_name(self, word: str) -> bool:
        """Whether a capitalised word is a given name ("Florence", "Noma", "Brent")."""
        return word in self.given_names

    def commonness(self, word: str) -> float:
        """How much more often a word is written in lower case than capitalised (log ratio).

        Positive for ordinary words ("may", "police"), negative for names ("Chad"),
        0 for words the table does not know.
        """
        hit = self.wordcase.get(word.lower())
        if hit is None:
            return 0.0
        low, title = hit
        if low is None:
            return -5.0
        if title is None:
            return 5.0
        return low - title

    def title_logp(self, word: str) -> float:
        """Log-probability of the capitalised form in general English text (-99 if unknown)."""
        hit = self.wordcase.get(word.lower())
        return hit[1] if hit is not None and hit[1] is not None else -99.0


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the shipped tables (once per process)."""
    demonyms: dict[str, str] = {}
    with open(DATA_DIR / "demonyms.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            demonyms[row["form"]] = row["place"]
    wordcase: dict[str, tuple[float | None, float | None]] = {}
    with lzma.open(DATA_DIR / "wordcase.tsv.xz", "rt", encoding="utf-8", newline="") as f:
        next(f)
        for line in f:
            word, low, title, _ = line.rstrip("\n").split("\t")
            wordcase[word] = (float(low) if low else None, float(title) if title else None)
    raw = json.loads((DATA_DIR / "toponym_rules.json").read_text(encoding="utf-8"))
    rules = {k: frozenset(v) if isinstance(v, list) else v for k, v in raw.items() if not k.startswith("_")}
    given: set[str] = set()
    path = DATA_DIR / "given_names.tsv.xz"
    if path.exists():
        with lzma.open(path, "rt", encoding="utf-8", newline="") as f:
            next(f)
            given.update(line.split("\t", 1)[0] for line in f)
    return Lexicon(demonyms=demonyms, wordcase=wordcase, rules=rules, given_names=frozenset(given))
