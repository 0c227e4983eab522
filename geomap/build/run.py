"""``geomap build``: many articles to many maps, in parallel, incrementally.

For every document: a map and its GeoJSON (``<output>/<id>.html``, ``.geojson``); for every
group (by day, by country, all, or named in ``geomap.toml``): a map of its documents; an
``events.csv`` of every document's events (ACLED-style rows, :mod:`geomap.maps.tables`);
and an offline ``index.html`` gallery and a ``manifest.json`` (inputs with content hashes,
outputs, version, options, timings, errors).

Incremental: each document's result is kept in ``<output>/.geomap/`` under a key made of
its content, the options and the tool version; a document whose key is cached and whose
outputs exist is not read again, and a group whose members are unchanged is not redrawn.
Every file is written atomically, so an interrupted run leaves whole files only and the
next run resumes where it stopped. Work runs in-process, in ``jobs`` worker processes
(each loads the gazetteer and pipeline once), or on a dask.distributed cluster.
"""
from __future__ import annotations

import glob
import hashlib
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import ConfigurationError, GeomapError
from ..fileio import write_atomic
from ..ingest import SUFFIXES, read_path
from ..model import Document
from .config import BuildOptions
from .gallery import gallery_html, map_stats
from .groups import build_groups, read_json

__all__ = ["run_build", "expand_sources", "process_document", "output_stem", "DocTask"]

CACHE_DIR = ".geomap"
CACHE_SCHEMA = "1"
_RESERVED = {"index", "manifest", "all"}  # the gallery, the manifest, the --group-by none map
_GROUP_PREFIXES = ("group-", "day-", "country-")  # the --group-by day/country maps


@dataclass(frozen=True)
class DocTask:
    """One document to read and draw (picklable: it crosses process and network borders)."""

    document: Document
    key: str
    slug: str
    online: bool
    spacy_model: str | None


@dataclass(frozen=True)
class DocResult:
    key: str
    slug: str
    record: dict[str, Any] | None
    html: str | None
    geojson: str | None
    stats: dict[str, Any] | None
    error: str | None
    seconds: float
    rows: list[dict[str, Any]] | None = None  # events.csv rows


_PARSERS: dict[str | None, Any] = {}


def _parser(spacy_model: str | None) -> Any:
    """The pipeline of this process, loaded once (per worker) and reused."""
    if spacy_model not in _PARSERS:
        from ..pipeline import Geoparser

        _PARSERS[spacy_model] = Geoparser(spacy_model=spacy_model)
    return _PARSERS[spacy_model]


def process_document(task: DocTask) -> DocResult:
    """Read one document and draw its map (runs in a worker; never raises)."""
    started = time.perf_counter()
    try:
        from ..maps.geojson import feature_collection
        from ..maps.render import build_map, render_html
        from ..maps.tables import event_rows

        parser = _parser(task.spacy_model)
        extraction = parser.parse(task.document)
        page = render_html(build_map([extraction], online=task.online))
        geo = json.dumps(feature_collection([extraction]), ensure_ascii=False)
        rows = list(event_rows(extraction, gazetteer=parser.gazetteer))
        return DocResult(task.key, task.slug, extraction.to_record(), page, geo, map_stats([extraction]), None,
                         time.perf_counter() - started, rows)
    except Exception as err:  # noqa: BLE001  (reported per document, the build goes on)
        where = task.document.source or task.document.id
        return DocResult(task.key, task.slug, None, None, None, None, "%s: %s: %s" % (where, type(err).__name__, err),
                         time.perf_counter() - started)


# ----------------------------------------------------------------------------- inputs
def expand_sources(sources: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files, directories (recursively: .txt .md .html .jsonl) and globs -> sorted files,
    plus a message for each source that matched nothing."""
    files: list[Path] = []
    missing: list[str] = []
    for src in sources:
        s = str(src)
        if any(ch in s for ch in "*?["):
            matches = [Path(p) for p in sorted(glob.glob(s, recursive=True)) if Path(p).is_file()]
        elif Path(s).is_dir():
            matches = sorted(p for p in Path(s).rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                             and not any(part.startswith(".") for part in p.relative_to(s).parts))
        else:
            matches = [Path(s)]
        if not matches:
            missing.append("%s: matches no file" % s)
        files += matches
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, missing


def output_stem(doc_id: str, taken: set[str], reserved: set[str] | frozenset[str] = frozenset(_RESERVED)) -> str:
    """A file name for a document's outputs: unique in the run, never a group's or the gallery's."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", doc_id).strip(".-")[:100] or "doc"
    base = re.sub(r"\.{2,}", ".", base)
    if base.lower() in reserved or base.lower().startswith(_GROUP_PREFIXES):
        base += "-doc"
    slug = base
    if slug in taken:
        slug = "%s-%s" % (base, hashlib.sha1(doc_id.encode()).hexdigest()[:8])
    n = 2
    while slug in taken:
        slug = "%s-%d" % (base, n)
        n += 1
    taken.add(slug)
    return slug


def _doc_key(doc: Document, options: BuildOptions, slug: str) -> str:
    """The cache key of a document's outputs (two copies of one text in two files differ by slug)."""
    payload = json.dumps({"v": __version__, "schema": CACHE_SCHEMA, "options": options.cache_key(), "slug": slug,
                          "doc": [doc.id, doc.text, doc.published.isoformat() if doc.published else None,
                                  doc.title, doc.url]}, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------- executors
def _run_tasks(tasks: list[DocTask], options: BuildOptions, executor: str, scheduler: str | None) -> Iterator[DocResult]:
    if not tasks:
        return
    if executor == "dask":
        yield from _run_dask(tasks, scheduler)
    elif options.jobs <= 1:
        for t in tasks:
            yield process_document(t)
    else:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn" if _threads() else "fork")
        pool = ctx.Pool(options.jobs)
        try:
            yield from pool.imap_unordered(process_document, tasks, chunksize=2)
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()


def _run_dask(tasks: list[DocTask], scheduler: str | None) -> Iterator[DocResult]:
    try:
        from distributed import Client, as_completed
    except ImportError as err:
        raise ConfigurationError("the dask executor needs dask.distributed: pip install 'geomap[dask]'") from err
    if not scheduler:
        raise ConfigurationError("--executor dask needs --scheduler tcp://HOST:PORT")
    try:
        client = Client(scheduler, timeout="20s")
    except OSError as err:
        raise ConfigurationError("cannot reach the dask scheduler at %s: %s" % (scheduler, err)) from err
    try:
        futures = client.map(process_document, tasks, pure=False)
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()


def _threads() -> bool:
    import threading

    return threading.active_count() > 1


# --------------------------------------------------------------------------------- build
def run_build(
    sources: Iterable[str | Path],
    options: BuildOptions,
    *,
    force: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Build every map; return the manifest (also written to ``<output>/manifest.json``).

    ``progress(done, total)`` is called as documents finish. Input errors are collected
    in the manifest, never raised; a KeyboardInterrupt stops the run after writing the
    manifest of what was finished (the next run resumes).
    """
    out = Path(options.output)
    cache = out / CACHE_DIR
    (cache / "docs").mkdir(parents=True, exist_ok=True)
    (cache / "groups").mkdir(parents=True, exist_ok=True)
    with _output_lock(cache):
        _clean_temporaries(out)
        return _build(sources, options, out, cache, force, executor, scheduler, progress)


def _build(sources: Iterable[str | Path], options: BuildOptions, out: Path, cache: Path, force: bool,
           executor: str, scheduler: str | None, progress: Callable[[int, int], None] | None) -> dict[str, Any]:
    started = time.perf_counter()

    group_files: dict[str, list[Path]] = {}
    for g in options.groups:
        group_files[g.name], miss = expand_sources(g.inputs)
        if miss:
            raise ConfigurationError("map %r: %s" % (g.name, "; ".join(miss)))
    files, missing = expand_sources(sources)
    seen = {f.resolve() for f in files}
    for fl in group_files.values():
        for f in fl:
            if f.resolve() not in seen:
                seen.add(f.resolve())
                files.append(f)
    errors: list[dict[str, Any]] = [{"input": m.split(":")[0], "line": None, "message": m} for m in missing]
    inputs: list[dict[str, Any]] = []
    tasks: list[DocTask] = []
    docs_meta: list[dict[str, Any]] = []
    taken: set[str] = set()
    reserved = _RESERVED | {g.name.lower() for g in options.groups}
    by_file: dict[Path, list[int]] = defaultdict(list)
    for path in files:
        entry: dict[str, Any] = {"path": str(path), "sha256": None, "documents": []}
        try:
            entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            pass
        for item in read_path(path):
            if isinstance(item, GeomapError):
                errors.append({"input": str(path), "line": getattr(item, "line", None), "message": str(item)})
                continue
            doc = item if options.published is None or item.published else replace(item, published=options.published)
            slug = output_stem(doc.id, taken, reserved)
            key = _doc_key(doc, options, slug)
            meta_path = cache / "docs" / (key + ".meta.json")
            fresh = not force and meta_path.exists() and (out / (slug + ".html")).exists() \
                and (out / (slug + ".geojson")).exists()
            meta = read_json(meta_path) if fresh else None
            if meta is None or meta.get("slug") != slug or "rows" not in meta:
                fresh = False
                tasks.append(DocTask(doc, key, slug, options.online, options.spacy_model))
            docs_meta.append({"id": doc.id, "source": doc.source, "key": key, "slug": slug,
                              "title": doc.title or doc.id, "published": doc.published.isoformat() if doc.published else None,
                              "status": "skipped" if fresh else "pending", "meta": meta})
            by_file[path.resolve()].append(len(docs_meta) - 1)
            entry["documents"].append(doc.id)
        inputs.append(entry)

    index = {d["key"]: d for d in docs_meta}
    interrupted = False
    done = 0
    t_docs = time.perf_counter()
    try:
        for res in _run_tasks(tasks, options, executor, scheduler):
            done += 1
            d = index[res.key]
            d["seconds"] = round(res.seconds, 3)
            if res.error:
                d["status"] = "failed"
                errors.append({"input": d["source"] or d["id"], "line": None, "message": res.error})
            else:
                write_atomic(out / (res.slug + ".html"), res.html)
                write_atomic(out / (res.slug + ".geojson"), res.geojson)
                countries = _record_countries(res.record)
                write_atomic(cache / "docs" / (res.key + ".json"), json.dumps(res.record, ensure_ascii=False))
                meta = {"slug": res.slug, "stats": res.stats, "countries": countries, "version": __version__,
                        "rows": res.rows}
                write_atomic(cache / "docs" / (res.key + ".meta.json"), json.dumps(meta))
                d["meta"], d["status"] = meta, "built"
            if progress:
                progress(done, len(tasks))
    except KeyboardInterrupt:
        interrupted = True
    docs_seconds = time.perf_counter() - t_docs

    groups_out: list[dict[str, Any]] = []
    t_groups = time.perf_counter()
    if not interrupted:
        groups_out = build_groups(options, docs_meta, by_file, group_files, cache, out, force)
    entries = [{"kind": "document", "title": d["title"], "html": d["slug"] + ".html", "geojson": d["slug"] + ".geojson",
                "stats": d["meta"]["stats"]} for d in docs_meta if d.get("meta")]
    entries = groups_out + entries
    write_atomic(out / "index.html", gallery_html(options.title, entries, errors, version=__version__))
    n_events = _write_events_csv(out / "events.csv", docs_meta)
    manifest = {
        "tool": "geomap", "version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "options": {"output": str(out), "group_by": options.group_by, "jobs": options.jobs, "online": options.online,
                    "spacy_model": options.spacy_model, "executor": executor, "force": force,
                    "published": options.published.isoformat() if options.published else None},
        "inputs": inputs,
        "documents": [{k: v for k, v in d.items() if k != "meta"} | {
            "outputs": [d["slug"] + ".html", d["slug"] + ".geojson"] if d.get("meta") else []} for d in docs_meta],
        "groups": groups_out,
        "errors": errors,
        "summary": {
            "documents": len(docs_meta), "built": sum(d["status"] == "built" for d in docs_meta),
            "skipped": sum(d["status"] == "skipped" for d in docs_meta),
            "failed": sum(d["status"] == "failed" for d in docs_meta),
            "unfinished": sum(d["status"] == "pending" for d in docs_meta),
            "groups_built": sum(g["status"] == "built" for g in groups_out),
            "groups_skipped": sum(g["status"] == "skipped" for g in groups_out),
            "errors": len(errors), "events": n_events, "interrupted": interrupted,
        },
        "timings": {"total_s": round(time.perf_counter() - started, 3), "documents_s": round(docs_seconds, 3),
                    "groups_s": round(time.perf_counter() - t_groups, 3)},
    }
    write_atomic(out / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    if interrupted:
        raise KeyboardInterrupt
    return manifest


def _write_events_csv(path: Path, docs_meta: list[dict[str, Any]]) -> int:
    """Every finished document's events, in input order, as one CSV; return the row count."""
    import io

    from ..maps.tables import write_csv

    buf = io.StringIO(newline="")
    n = write_csv((r for d in docs_meta if d.get("meta") for r in d["meta"].get("rows") or ()), buf)
    write_atomic(path, buf.getvalue())
    return n


def _record_countries(record: dict[str, Any]) -> list[str]:
    """The countries a document's events happen in (or, with no events, its places')."""
    places = record["places"]
    chosen: set[str] = set()
    for e in record["events"]:
        for ref in e["places"]:
            p = places[ref] if isinstance(ref, int) else ref
            if p.get("country"):
                chosen.add(p["country"])
    if not chosen:
        chosen = {p["country"] for p in places if p.get("country") and not p.get("demonym")}
    return sorted(chosen)


@contextmanager
def _output_lock(cache: Path) -> Iterator[None]:
    """Hold the output directory for one build at a time (released when the process dies)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    with open(cache / "lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            raise ConfigurationError("another geomap build is writing to %s; wait for it to finish"
                                     % cache.parent) from err
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clean_temporaries(out: Path) -> None:
    """Remove the temporary files of a run that was killed mid-write."""
    for tmp in [*out.glob(".*.tmp"), *(out / CACHE_DIR).rglob(".*.tmp")]:
        try:
            tmp.unlink()
        except OSError:
            pass
