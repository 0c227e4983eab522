"""Many inputs through the pipeline: per-input failures are collected, never fatal.

:func:`extract_inputs` yields, in input order, an :class:`~geomap.model.Extraction` per
document and an error (:class:`~geomap.errors.InputError` or
:class:`~geomap.errors.ProcessingError`) in place of each input that failed, including a
document whose worker process died.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..errors import GeomapError, InputError, ProcessingError
from ..ingest import MAX_CHARS, read_documents
from ..model import Document, Extraction
from ..pipeline import Geoparser, parse_safely
from ..workers import WorkerDied, run_in_workers

__all__ = ["extract_inputs"]


def extract_inputs(
    inputs: Iterable[str | Path],
    parser: Geoparser,
    *,
    jobs: int = 1,
    published: date | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Extraction | GeomapError]:
    """Read and parse every input in order; errors are yielded in place of failed inputs.

    ``published`` is the date used for documents that carry none.
    """
    items: Iterator[Document | InputError] = read_documents(inputs, max_chars=max_chars)
    if published is not None:
        items = (replace(d, published=published) if isinstance(d, Document) and d.published is None else d
                 for d in items)
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, InputError) else parse_safely(parser, item)
        return
    buffered = list(items)
    docs = [d for d in buffered if isinstance(d, Document)]
    finished: dict[int, object] = {}
    with closing(run_in_workers(_parse_in_worker, docs, jobs, initializer=_init_worker,
                                initargs=(parser,))) as results:
        n = 0
        for item in buffered:
            if isinstance(item, InputError):
                yield item
                continue
            while n not in finished:
                i, result = next(results)
                finished[i] = result
            result = finished.pop(n)
            yield result if not isinstance(result, WorkerDied) else ProcessingError(
                str(result), source=docs[n].source or docs[n].id)
            n += 1


_WORKER: Geoparser | None = None


def _init_worker(parser: Geoparser) -> None:
    global _WORKER
    _WORKER = parser


def _parse_in_worker(document: Document) -> Extraction | GeomapError:
    assert _WORKER is not None
    return parse_safely(_WORKER, document)
