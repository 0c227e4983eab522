"""Sentence boundaries for the default (model-free) pipeline.

A sentence ends after a full stop, question or exclamation mark (and any closing quotes
or brackets after it) and at every line break, so headlines, captions and list items
stay apart. Abbreviations spaCy keeps as one token ("U.S.", "Calif.", "Mr.") never end one.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["split_sentences"]

_ENDS = {".", "!", "?", "…", "...", "!!", "?!", "!?"}
_CLOSERS = {'"', "'", "”", "’", ")", "]", "»"}


@Language.component("geomap_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Set ``token.is_sent_start`` on every token (spaCy component ``geomap_sentences``)."""
    after_end = False
    for i, tok in enumerate(doc):
        if i == 0:
            tok.is_sent_start = True
        else:
            prev = doc[i - 1]
            newline = prev.is_space and "\n" in prev.text or "\n" in prev.whitespace_
            tok.is_sent_start = bool(newline or (after_end and tok.text not in _CLOSERS and not tok.is_space))
        if tok.text in _ENDS:
            after_end = True
        elif tok.text in _CLOSERS and after_end:
            pass
        elif not tok.is_space:
            after_end = False
    return doc
