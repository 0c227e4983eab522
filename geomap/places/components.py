"""The spaCy components of geomap, registered as factories (and entry points).

``geomap_toponyms`` finds toponym mentions with :class:`~geomap.places.finder.ToponymFinder`
and sets ``doc._.geomap_mentions`` (plain dicts) and the span group
``doc.spans["geomap_toponyms"]``.
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer.lookup import Gazetteer
from ..model import Mention
from .finder import ToponymFinder

__all__ = ["ToponymComponent", "make_toponym_finder", "MENTIONS_ATTR"]

MENTIONS_ATTR = "geomap_mentions"


class ToponymComponent:
    """spaCy pipeline component: sets ``doc._.geomap_mentions`` (plain dicts) and the span
    group ``doc.spans["geomap_toponyms"]`` (labels ``TOPONYM`` and ``DEMONYM``)."""

    def __init__(self, finder: ToponymFinder, spans_key: str = "geomap_toponyms", use_ner: bool = True):
        self.finder = finder
        self.spans_key = spans_key
        self.use_ner = use_ner

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.finder.find(doc, ner=self.use_ner)
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label="DEMONYM" if m.demonym else "TOPONYM")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.set(MENTIONS_ATTR, [_mention_dict(m) for m in mentions])
        return doc


def _mention_dict(m: Mention) -> dict[str, Any]:
    return {"name": m.name, "start": m.start, "end": m.end, "cue": m.cue, "demonym": m.demonym,
            "target": m.target, "source": m.source, "container": m.container}


@Language.factory(
    "geomap_toponyms",
    default_config={"gazetteer_path": None, "spans_key": "geomap_toponyms", "use_ner": True, "commonness": 1.0},
    assigns=["doc._.geomap_mentions", "doc.spans"],
)
def make_toponym_finder(
    nlp: Language, name: str, gazetteer_path: str | None, spans_key: str, use_ner: bool, commonness: float
) -> ToponymComponent:
    """Factory: ``nlp.add_pipe("geomap_toponyms")`` (default gazetteer unless a path is given)."""
    if not Doc.has_extension(MENTIONS_ATTR):
        Doc.set_extension(MENTIONS_ATTR, default=None)
    gaz = Gazetteer.open(gazetteer_path)
    return ToponymComponent(ToponymFinder(gaz, commonness=commonness), spans_key, use_ner)
