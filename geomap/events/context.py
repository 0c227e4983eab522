"""What the reader remembers across a document's sentences: the countries it is about,
the places named so far (for "the city", "the province"), the last armed group named
(for "the militia", "they") and the crossings read so far."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..gazetteer.countries import country_name
from ..model import Place
from .lexicon import event_lexicon

__all__ = ["DocumentContext", "anaphora_heads"]


def _anaphora_heads() -> dict[str, list[str]]:
    """Head noun -> the features "the <head>" may refer to ("city" -> city, town)."""
    return {words[-1]: features for words, features in event_lexicon().anaphora.items()}


anaphora_heads = _anaphora_heads


@dataclass
class DocumentContext:
    """Document-level memory of the event reader."""

    published: date | None
    focus: list[str]  # country codes, most named first
    country_places: dict[str, Place]  # ISO code -> a toponym naming that country
    recent: list[Place] = field(default_factory=list)  # places named so far, in text order
    last_group: str | None = None
    crossings: list = field(default_factory=list)  # drafts of crossings read so far
    bases: list = field(default_factory=list)  # drafts of bases read so far
    dateline: Place | None = None

    @classmethod
    def of(cls, places: list[Place], published: date | None) -> DocumentContext:
        counts = Counter(p.country for p in places if p.country)
        names: dict[str, Place] = {}
        for p in places:
            if p.feature == "country" and p.country and not p.demonym and p.country not in names:
                names[p.country] = p
        return cls(published, [cc for cc, _ in counts.most_common()], names)

    def remember(self, places: list[Place]) -> None:
        self.recent.extend(p for p in places if not p.demonym)

    def anaphor(self, head: str, earlier: list[Place], exclude: str | None = None) -> Place | None:
        """The place "the city", "the province", "the Central Asian country" refers to: the
        last place of that kind named before (``earlier``: this sentence's places before
        the phrase), not in the country ``exclude``."""
        features = _anaphora_heads().get(head)
        if not features:
            return None
        for p in reversed(self.recent + earlier):
            if p.feature in features and (exclude is None or p.country != exclude):
                return p
        if "country" in features:
            cc = next((c for c in self.focus if c != exclude), None)
            return self.country_place(cc)
        return None

    def country_place(self, iso: str | None) -> Place | None:
        """A place standing for the country: one the text names, else the demonym's target."""
        if not iso:
            return None
        return self.country_places.get(iso)

    def country_label(self, iso: str | None) -> str | None:
        return country_name(iso) if iso else None
