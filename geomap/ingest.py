"""Read articles: .txt, .md, .html and .jsonl files, or standard input, into Documents.

:func:`read_documents` never stops at a bad input: it yields an
:class:`~geomap.errors.InputError` in its place (naming the file, and the line of a
JSONL file) and goes on, so a caller can report it and process the rest.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

from .errors import InputError, InputUnreadable
from .fileio import display_path
from .model import Document

__all__ = [
    "SUFFIXES",
    "MAX_CHARS",
    "read_documents",
    "read_path",
    "document_from_text",
    "html_to_text",
    "headline",
    "parse_date",
]

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
MAX_CHARS = 1_000_000  # spaCy's own limit (nlp.max_length); about 150,000 words, far beyond any article
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
         (b"\xfe\xff", "utf-16"))
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
_BYLINE = re.compile(r"^(by|from|posted|updated|published|photo|image|video|watch|listen|read more)\b", re.I)


def parse_date(value: object, *, where: str = "") -> date | None:
    """A ``YYYY-MM-DD`` (or ISO timestamp) string as a date; None for empty values.

    Examples
    --------
    >>> parse_date("2021-07-14")
    datetime.date(2021, 7, 14)
    >>> parse_date("2021-07-14T08:30:00Z")
    datetime.date(2021, 7, 14)
    """
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InputError("published must be a YYYY-MM-DD string, got %r" % (value,), source=where or None)
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError as err:
        raise InputError("published %r is not a YYYY-MM-DD date" % value, source=where or None) from err


def _decode(raw: bytes, source: str) -> str:
    for bom, codec in _BOMS:  # UTF-16 and UTF-32 say what they are with a byte-order mark
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as err:
                raise InputError("not valid %s (byte %d)" % (codec.upper(), err.start), source=source) from err
    if b"\x00" in raw[:8192]:
        raise InputError("binary file, not text", source=source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError("not valid UTF-8 (byte %d)" % err.start, source=source) from err


def document_from_text(
    text: str,
    doc_id: str,
    *,
    published: date | str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    max_chars: int = MAX_CHARS,
) -> Document:
    """Make a Document from text, rejecting empty and oversized texts with a clear error."""
    where = source or doc_id
    if not isinstance(text, str):
        raise InputError("text must be a string, got %s" % type(text).__name__, source=where)
    if not text.strip():
        raise InputError("empty document", source=where)
    if len(text) > max_chars:
        raise InputError(
            "document too large (%s characters, limit %s): split it into articles" % (f"{len(text):,}", f"{max_chars:,}"),
            source=where,
        )
    return Document(id=doc_id, text=text, published=parse_date(published, where=where),
                    title=_plain(title, "title", where), url=_plain(url, "url", where), source=source)


def _plain(value: object, what: str, where: str) -> str | None:
    """A title or URL as text: numbers become strings, lists and objects are an error."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    raise InputError("%s must be a string, got %s" % (what, type(value).__name__), source=where)


# ------------------------------------------------------------------------------ HTML
class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
             "button", "iframe", "head", "figcaption"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr",
              "blockquote", "pre", "table", "ul", "ol", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.article: list[str] | None = None
        self.skip = 0
        self.in_article = 0
        self.title = ""
        self.in_title = False
        self.h1: list[tuple[str, bool]] = []  # (text, inside <article>) of each <h1>
        self.in_h1 = False
        self.meta: dict[str, str] = {}
        self.times: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key:
                self.meta[key] = a.get("content", "")
        elif tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        elif tag == "title":
            self.in_title = True
        elif tag == "h1":
            self.in_h1 = True
            self.h1.append(("", bool(self.in_article)))
        if tag in self._SKIP:
            self.skip += 1
        if tag == "article":
            self.in_article += 1
            if self.article is None:
                self.article = []
        if tag in self._BLOCK:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skip:
            self.skip -= 1
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        if tag == "article" and self.in_article:
            self.in_article -= 1
        if tag in self._BLOCK:
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.in_h1 and self.h1:
            self.h1[-1] = (self.h1[-1][0] + data, self.h1[-1][1])
        if not self.skip:
            self._emit(data)

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        if self.in_article and self.article is not None:
            self.article.append(text)


def html_to_text(html: str) -> tuple[str, str | None, str | None]:
    """The visible article text of an HTML page, its headline and its published date (if given).

    Scripts, styles, navigation, headers, footers and forms are left out; when the page has
    an ``<article>`` element only its text is kept. The headline is the first of
    ``og:title``, the article's ``<h1>``, ``<title>`` without the site's name ("Headline |
    Outlet") and the page's first ``<h1>`` that has three words or more (else the first
    of ``og:title``, ``<title>``, ``<h1>`` there is).
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    parts = parser.article if parser.article and "".join(parser.article).strip() else parser.parts
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    stamps = [parser.meta.get(k, "") for k in ("article:published_time", "datepublished", "pubdate", "date", "dc.date")]
    published = next((s[:10] for s in stamps + parser.times if _is_iso_day(s[:10])), None)
    h1s = [(_squash(t), inside) for t, inside in parser.h1 if _squash(t)]
    og, page, article = (_squash(parser.meta.get("og:title")), _without_site(_squash(parser.title)),
                         next((t for t, inside in h1s if inside), ""))
    first = h1s[0][0] if h1s else ""
    title = next((t for t in (og, article, page, first) if len(t.split()) >= 3), "") \
        or next((t for t in (og, page, article, first) if t), "")
    return text, title or None, published


def _squash(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


def _without_site(title: str) -> str:
    """A page title without the site's name: "Refugees cross the Panj | Border Times" ->
    "Refugees cross the Panj" (a short end goes when what stays reads as a headline; a
    short start only before " | ")."""
    parts = _SITE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    kept = " - ".join(parts[:-1])
    if len(parts[-1].split()) <= 4 and len(kept.split()) >= 3:
        return kept
    head, bar, rest = title.partition(" | ")
    if bar and len(head.split()) <= 4 and len(rest.split()) >= 4:
        return rest
    return title


def headline(text: str) -> str | None:
    """The first line of a plain text when it reads as a headline, else None.

    A headline is a short line (3 to 20 words) of its own, above the body, that does not
    end like a sentence or a clause and is no byline.

    Examples
    --------
    >>> headline("Refugees cross into Tajikistan as fighting spreads\\n\\nAbout 350 people crossed on Monday.")
    'Refugees cross into Tajikistan as fighting spreads'
    >>> headline("About 350 people crossed on Monday.\\nMore came later.") is None
    True
    """
    lines = [line.strip() for line in text.strip().splitlines()]
    if len(lines) < 2 or not lines[0] or not any(lines[1:]):
        return None
    first = lines[0].lstrip("#").strip() if lines[0].startswith("# ") else lines[0]
    words = first.split()
    if not 3 <= len(words) <= 20 or len(first) > 160:
        return None
    if first[-1] in ".,;:-–—" or _BYLINE.match(first) or not (first[0].isupper() or first[0].isdigit() or first[0] in "\"'“‘"):
        return None
    return first


def _is_iso_day(text: str) -> bool:
    """Whether a page's date stamp starts with a YYYY-MM-DD day (others are left aside)."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


# ------------------------------------------------------------------------------ files
def _date_from_name(name: str) -> str | None:
    m = _DATE_IN_NAME.search(name)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def _jsonl_lines(raw: str | bytes, source: str) -> Iterator[str | InputError]:
    """A JSONL file's lines; from bytes each line is decoded on its own, so a bad byte costs
    its line only."""
    if isinstance(raw, str):
        yield from raw.split("\n")
        return
    for n, line in enumerate(raw.removeprefix(b"\xef\xbb\xbf").split(b"\n"), 1):
        if b"\x00" in line:
            yield InputError("binary data, not text", source=source, line=n)
            continue
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as err:
            yield InputError("not valid UTF-8 (byte %d of the line)" % err.start, source=source, line=n)


def _read_jsonl_file(raw: bytes, source: str, max_chars: int) -> Iterator[Document | InputError]:
    """A UTF-8 JSONL file line by line; one with NUL bytes and no readable line is binary."""
    held: list[InputError] | None = []
    for item in _read_jsonl(raw, source, max_chars):
        if held is None:
            yield item
        elif isinstance(item, Document):
            yield from held
            yield item
            held = None
        else:
            held.append(item)
    if held is not None:
        yield from (held if b"\x00" not in raw[:8192] else [InputError("binary file, not text", source=source)])


def _read_jsonl(raw: str | bytes, source: str, max_chars: int) -> Iterator[Document | InputError]:
    seen: set[str] = set()
    stem = Path(source).stem
    for n, line in enumerate(_jsonl_lines(raw, source), 1):
        if isinstance(line, InputError):
            yield line
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError("not JSON (%s)" % err.msg, source=source, line=n)
            continue
        except RecursionError:
            yield InputError("not readable JSON (nested too deep)", source=source, line=n)
            continue
        except ValueError as err:  # e.g. an integer of more digits than Python converts
            yield InputError("not readable JSON (%s)" % str(err).split(";")[0], source=source, line=n)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield InputError('not an object with a "text" string', source=source, line=n)
            continue
        problem = _field_problem(obj)
        if problem:
            yield InputError(problem, source=source, line=n)
            continue
        doc_id = obj.get("id")
        doc_id = str(doc_id) if doc_id not in (None, "") else "%s-%d" % (stem, n)
        if doc_id in seen:
            yield InputError("duplicate id %r" % doc_id, source=source, line=n)
            continue
        seen.add(doc_id)
        try:
            yield document_from_text(
                obj["text"], doc_id, published=obj.get("published") or obj.get("date"),
                title=obj.get("title"), url=obj.get("url") or obj.get("source"),
                source="%s:%d" % (source, n), max_chars=max_chars,
            )
        except InputError as err:
            yield InputError(err.reason, source=source, line=n)


def _field_problem(obj: dict) -> str | None:
    """Why a JSONL object's fields cannot make a document (None when they can)."""
    if isinstance(obj.get("id"), (dict, list)):
        return "id must be a string or a number, got %s" % type(obj["id"]).__name__
    for key in ("id", "text", "title", "url", "source", "published", "date"):
        value = obj.get(key)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as err:
                return "%s holds an unpaired surrogate (\\u%04x): not text" % (key, ord(value[err.start]))
    return None


def read_path(path: str | Path, *, max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """Read one file: Documents, or InputErrors in place of what cannot be read.

    A file name that is not UTF-8 is shown (as source and document id) with ``\\xNN``
    escapes for its odd bytes.
    """
    path = Path(path)
    source = display_path(path)
    try:
        raw_bytes = path.read_bytes()
    except IsADirectoryError:
        yield InputUnreadable("is a directory", source=source)
        return
    except OSError as err:
        yield InputUnreadable(err.strerror or str(err), source=source)
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl" and not raw_bytes.startswith(tuple(bom for bom, _ in _BOMS)):
        yield from _read_jsonl_file(raw_bytes, source, max_chars)
        return
    try:
        raw = _decode(raw_bytes, source)
    except InputError as err:
        yield err
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(raw, source, max_chars)
        return
    published = _date_from_name(path.name)
    title = None
    text = raw
    if suffix in (".html", ".htm"):
        text, title, page_date = html_to_text(raw)
        published = page_date or published
    elif suffix in (".md", ".markdown"):
        m = _FRONT_MATTER.match(raw)
        if m:
            for line in m.group(1).splitlines():
                key, _, value = line.partition(":")
                value = value.strip().strip("'\"")
                if key.strip().lower() in ("date", "published") and value:
                    published = value[:10]
                elif key.strip().lower() == "title" and value:
                    title = value
            text = raw[m.end():]
    if title is None and suffix not in (".html", ".htm"):
        title = headline(text)
    try:
        yield document_from_text(text, Path(source).stem, published=published, title=title, source=source,
                                 max_chars=max_chars)
    except InputError as err:
        yield err


def read_stream(stream: IO[bytes], *, doc_id: str = "stdin", max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """Read one plain-text document from a binary stream (standard input)."""
    try:
        raw = _decode(stream.read(), "<stdin>")
        yield document_from_text(raw, doc_id, source="<stdin>", max_chars=max_chars)
    except InputError as err:
        yield err


def read_documents(inputs: Iterable[str | Path], *, max_chars: int = MAX_CHARS) -> Iterator[Document | InputError]:
    """Read every input in order (``-`` is standard input), yielding errors in place."""
    for item in inputs:
        if str(item) == "-":
            yield from read_stream(sys.stdin.buffer, max_chars=max_chars)
        else:
            yield from read_path(item, max_chars=max_chars)
