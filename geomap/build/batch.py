"""Many inputs through the pipeline: per-input failures are collected, never fatal.

:func:`extract_inputs` yields, in input order, an :class:`~geomap.model.Extraction` per
document and an error (:class:`~geomap.errors.InputError` or
:class:`~geomap.errors.ProcessingError`) in place of each input that failed, including a
document whose worker process died.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..errors import GeomapError, InputError
from ..ingest import MAX_CHARS, read_documents
from ..model import Document, Extraction
from ..pipeline import Geoparser, parse_safely

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
    parsed = parser.parse_many((d for d in buffered if isinstance(d, Document)), jobs=jobs)
    for item in buffered:
        yield item if isinstance(item, InputError) else next(parsed)
