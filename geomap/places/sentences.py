"""Sentence boundaries for the default (model-free) pipeline.

A sentence ends after a full stop, question or exclamation mark (and any closing quotes
or brackets after it) when the next word does not continue it (a lower-case word or a
comma does), and at every line break, so headlines, captions and list items
stay apart. Abbreviations spaCy keeps as one token ("U.S.", "Calif.", "Mr.") never end one.
"""
from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["split_sentences"]

_ENDS = {".", "!", "?", "…", "...", "!!", "?!", "!?"}
_CLOSERS = {'"', "'", "”", "’", ")", "]", "»"}
_NO_START = set(",;:)]}%")


@Language.component("geomap_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Set sentence starts on every token (spaCy component ``geomap_sentences``)."""
    import numpy

    starts = numpy.full(len(doc), numpy.iinfo(numpy.uint64).max, dtype="uint64")  # -1: not a start
    after_end = False
    prev_newline = True
    for i, tok in enumerate(doc):
        text = tok.text
        if prev_newline or (after_end and text not in _CLOSERS and not tok.is_space
                            and text[0] not in _NO_START and not text[0].islower()):
            starts[i] = 1
        prev_newline = (tok.is_space and "\n" in text) or "\n" in tok.whitespace_
        if text in _ENDS:
            after_end = True
        elif text in _CLOSERS and after_end:
            pass
        elif not tok.is_space:
            after_end = False
    if len(doc):
        doc.from_array([SENT_START], starts)
    return doc
