"""geomap's place components for spaCy, registered as factories (and entry points).

``geomap_toponyms`` finds toponym mentions with :class:`~geomap.places.finder.ToponymFinder`:
``doc._.geomap_mentions`` (plain dicts) and the span group ``doc.spans["geomap_toponyms"]``.
It sets sentence boundaries itself when no earlier component did, so it works on
``spacy.blank("en")`` alone. ``geomap_resolver`` places those mentions on the gazetteer:
``doc._.geomap_places`` (plain dicts, the fields of :class:`~geomap.model.Place`), the span
group ``doc.spans["geomap_places"]``, and on every span of a place ``._.lat``, ``._.lon``,
``._.feature``, ``._.country`` and ``._.gazetteer_id``. (The events component,
``geomap_events``, is in :mod:`geomap.pipeline`, after the events stage.)

Everything the components store is plain data, so docs cross ``nlp.pipe(n_process=...)``
and ``DocBin`` as they are.
"""
from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..gazetteer.lookup import Gazetteer
from ..model import Mention
from .finder import ToponymFinder
from .resolve import resolve_mentions
from .sentences import split_sentences

__all__ = [
    "ToponymComponent",
    "PlaceResolver",
    "make_toponym_finder",
    "make_place_resolver",
    "MENTIONS_ATTR",
    "PLACES_ATTR",
    "SPAN_ATTRS",
]

MENTIONS_ATTR = "geomap_mentions"
PLACES_ATTR = "geomap_places"
SPAN_ATTRS = ("lat", "lon", "feature", "country", "gazetteer_id")


@lru_cache(maxsize=8)
def open_gazetteer(path: str | None) -> Gazetteer:
    """One open gazetteer per store path, shared by the components of a process."""
    return Gazetteer.open(path)


# ------------------------------------------------------------------------- toponyms
class ToponymComponent:
    """spaCy pipeline component: sets ``doc._.geomap_mentions`` (plain dicts) and the span
    group ``doc.spans["geomap_toponyms"]`` (labels ``TOPONYM`` and ``DEMONYM``)."""

    def __init__(self, finder: ToponymFinder, spans_key: str = "geomap_toponyms", use_ner: bool = True):
        self.finder = finder
        self.spans_key = spans_key
        self.use_ner = use_ner

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("SENT_START"):
            split_sentences(doc)  # no parser, senter or sentencizer ran before us
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
    assigns=["doc._.geomap_mentions", "doc.spans", "token.is_sent_start"],
)
def make_toponym_finder(
    nlp: Language, name: str, gazetteer_path: str | None, spans_key: str, use_ner: bool, commonness: float
) -> ToponymComponent:
    """Factory: ``nlp.add_pipe("geomap_toponyms")`` (default gazetteer unless a path is given)."""
    if not Doc.has_extension(MENTIONS_ATTR):
        Doc.set_extension(MENTIONS_ATTR, default=None)
    return ToponymComponent(ToponymFinder(open_gazetteer(gazetteer_path), commonness=commonness), spans_key, use_ner)


# ------------------------------------------------------------------------- resolver
class PlaceResolver:
    """spaCy pipeline component: places the mentions of ``geomap_toponyms`` on the gazetteer.

    Sets ``doc._.geomap_places`` (one dict per place, in text order) and the span group
    ``doc.spans[spans_key]`` (labels ``TOPONYM`` and ``DEMONYM``); every span over a place
    answers ``._.lat``, ``._.lon``, ``._.feature``, ``._.country``, ``._.gazetteer_id``.
    """

    def __init__(self, gazetteer: Gazetteer, spans_key: str = "geomap_places"):
        self.gazetteer = gazetteer
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        raw = doc._.get(MENTIONS_ATTR)
        if raw is None:
            raise ValueError("[geomap] geomap_resolver found no doc._.geomap_mentions: "
                             "add geomap_toponyms before it (nlp.add_pipe('geomap_toponyms'))")
        places = resolve_mentions([Mention(**m) for m in raw], self.gazetteer)
        spans = []
        for p in places:
            span = doc.char_span(p.start, p.end, label="DEMONYM" if p.demonym else "TOPONYM")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.set(PLACES_ATTR, [asdict(p) for p in places])
        return doc


def span_place(span: Span) -> dict[str, Any] | None:
    """The place (a ``doc._.geomap_places`` dict) exactly under a span, or None."""
    for p in span.doc._.get(PLACES_ATTR) or ():
        if p["start"] == span.start_char and p["end"] == span.end_char:
            return p
    return None


def _span_getter(attr: str) -> Any:
    def get(span: Span) -> Any:
        place = span_place(span)
        return None if place is None else place[attr]

    return get


def _register_extensions() -> None:
    if not Doc.has_extension(PLACES_ATTR):
        Doc.set_extension(PLACES_ATTR, default=None)
    for attr in SPAN_ATTRS:
        if not Span.has_extension(attr):
            Span.set_extension(attr, getter=_span_getter(attr))
            continue
        getter = Span.get_extension(attr)[2]
        if getattr(getter, "__module__", None) != __name__:
            raise ValueError("[geomap] Span._.%s is already registered by other code; geomap_resolver sets it. "
                             "Remove the other extension (Span.remove_extension(%r)) or leave out geomap_resolver"
                             % (attr, attr))


@Language.factory(
    "geomap_resolver",
    default_config={"gazetteer_path": None, "spans_key": "geomap_places"},
    requires=["doc._.geomap_mentions"],
    assigns=["doc._.geomap_places", "doc.spans", *("span._.%s" % a for a in SPAN_ATTRS)],
)
def make_place_resolver(nlp: Language, name: str, gazetteer_path: str | None, spans_key: str) -> PlaceResolver:
    """Factory: ``nlp.add_pipe("geomap_resolver")``, after ``geomap_toponyms``."""
    _register_extensions()
    return PlaceResolver(open_gazetteer(gazetteer_path), spans_key)
