"""A statistical NER's vote on the rule-based matches (when the pipeline has a model)."""
from __future__ import annotations

from spacy.tokens import Doc

from ..gazetteer.names import fold_name
from .known import KnownNames
from .match import Match

__all__ = ["apply_ner"]

_NER_PLACE = {"GPE", "LOC", "FAC"}


def apply_ner(known: KnownNames, doc: Doc, matches: list[Match], s: int, e: int) -> list[Match]:
    """Let a statistical NER vote: a longer PERSON span vetoes a match inside it, an
    exact GPE/LOC/FAC span rescues one the rules rejected, and GPE/LOC/FAC spans the
    gazetteer matcher missed are added when the gazetteer knows the name. (Small
    models tag many places PERSON or ORG, so those alone veto nothing.)"""
    ents = [ent for ent in doc.ents if ent.start >= s and ent.end <= e]
    for m in matches:
        for ent in ents:
            if not (ent.start < m.end and m.start < ent.end):
                continue
            exact = ent.start == m.start and ent.end == m.end
            if ent.label_ in _NER_PLACE and exact and m.reject is not None and m.reject != "person title":
                m.reject = None
            elif (m.target is None and m.reject is None and ent.label_ == "PERSON"
                  and ent.start <= m.start and m.end <= ent.end and not exact):
                m.reject = "NER PERSON"  # "Paris" in "Paris Hilton"
    covered = {i for m in matches for i in range(m.start, m.end)}
    for ent in ents:
        if ent.label_ in _NER_PLACE and not covered.intersection(range(ent.start, ent.end)):
            key = fold_name(ent.text)
            if key and known.features(key):
                matches.append(Match(ent.start, ent.end, ent.text, key))
    matches.sort(key=lambda m: m.start)
    return matches
