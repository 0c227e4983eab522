"""``geomap build``: many articles to many maps, in parallel, incrementally.

For every document: a map and its GeoJSON (``<output>/<id>.html``, ``.geojson``); for every
group (by day, by country, all, or named in ``geomap.toml``): a map of its documents; an
``events.csv`` of every document's events (ACLED-style rows, :mod:`geomap.maps.tables`);
and an offline ``index.html`` gallery and a ``manifest.json`` (inputs with content hashes,
outputs, version, options, timings, errors). Leaflet, the map runtime and the basemap are
written once, under ``<output>/assets/`` with content-hashed names, and every page links
them relatively (``self_contained`` inlines them in every page instead).

Incremental: each document's result is kept in ``<output>/.geomap/`` under a key made of
its content, the options and the tool version; a document whose key is cached and whose
outputs exist is not read again, and a group whose members are unchanged is not redrawn.
Every file is written atomically, so an interrupted run leaves whole files only and the
next run resumes where it stopped. Work runs in-process, in ``jobs`` worker processes
(each loads the gazetteer and pipeline once; a worker that dies costs at most the document
it held), or on a dask.distributed cluster. The cache key includes the gazetteer store's
identity, so results made with another or a rebuilt store are not reused.

An output that cannot be written fails its document (a full disk stops the run), and the
gallery and the manifest are still written where they can be.
"""
from __future__ import annotations

import errno
import fnmatch
import glob
import hashlib
import json
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import ConfigurationError, GeomapError, OutputError
from ..fileio import display_path, make_dirs, output_error, write_atomic
from ..ingest import SUFFIXES, read_path
from ..model import Document
from ..workers import run_in_workers
from .config import GENERATED_PREFIXES, RESERVED_NAMES, BuildOptions
from .gallery import gallery_html, map_stats
from .groups import build_groups, read_json

__all__ = ["run_build", "expand_sources", "process_document", "output_stem", "DocTask"]

CACHE_DIR = ".geomap"
CACHE_SCHEMA = "2"
ASSETS = "assets"  # the folder of the files every page shares
_ASSET_NAME = re.compile(r"^(leaflet|geomap|basemap)-[0-9a-f]{12}\.(js|css)$")
_RESERVED = set(RESERVED_NAMES)  # the gallery, the manifest, the --group-by none map
_GROUP_PREFIXES = GENERATED_PREFIXES  # the --group-by day/country maps
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}  # no later write can succeed either
_MAGIC = re.compile(r"[*?[]")


@dataclass(frozen=True)
class DocTask:
    """One document to read and draw (picklable: it crosses process and network borders)."""

    document: Document
    key: str
    slug: str
    online: bool
    spacy_model: str | None
    shared_assets: str | None = None  # the relative folder of the shared files; None: inline


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
        page = render_html(build_map([extraction], online=task.online, shared_assets=task.shared_assets))
        geo = json.dumps(feature_collection([extraction]), ensure_ascii=False)
        rows = list(event_rows(extraction, gazetteer=parser.gazetteer))
        return DocResult(task.key, task.slug, extraction.to_record(), page, geo, map_stats([extraction]), None,
                         time.perf_counter() - started, rows)
    except Exception as err:  # noqa: BLE001  (reported per document, the build goes on)
        where = task.document.source or task.document.id
        return DocResult(task.key, task.slug, None, None, None, None, "%s: %s: %s" % (where, type(err).__name__, err),
                         time.perf_counter() - started)


def _lost(task: DocTask, why: object) -> DocResult:
    """The result of a document whose worker died (or whose dask task failed)."""
    return DocResult(task.key, task.slug, None, None, None, None,
                     "%s: %s" % (task.document.source or task.document.id, why), 0.0)


# ----------------------------------------------------------------------------- inputs
def expand_sources(sources: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files, directories (recursively: .txt .md .html .jsonl) and globs -> sorted files,
    plus a message for each source that matched nothing and each directory that cannot be
    read. Symlinked directories are followed, each directory once (a link loop ends)."""
    files: list[Path] = []
    missing: list[str] = []
    for src in sources:
        s = str(src)
        unreadable: list[str] = []
        if "**" in s:
            matches = _glob_recursive(s, unreadable)
        elif _MAGIC.search(s):
            matches = [Path(p) for p in sorted(glob.glob(s)) if Path(p).is_file()]
        elif Path(s).is_dir():
            matches = [p for p in _walk(Path(s), unreadable) if p.suffix.lower() in SUFFIXES]
        else:
            matches = [Path(s)]
        missing += unreadable
        if not matches and not unreadable:
            missing.append("%s: matches no file" % display_path(s))
        files += matches
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, missing


def _walk(root: Path, unreadable: list[str]) -> list[Path]:
    """The files under ``root`` (hidden ones left out), following each directory once."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()

    def report(err: OSError) -> None:
        unreadable.append("%s: cannot read directory (%s)" % (display_path(err.filename or root), err.strerror))

    for dirpath, dirnames, filenames in os.walk(root, onerror=report, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError as err:
            report(err)
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += [p for p in (Path(dirpath) / f for f in filenames if not f.startswith(".")) if p.is_file()]
    return sorted(found)


def _glob_recursive(pattern: str, unreadable: list[str]) -> list[Path]:
    """The files a ``**`` glob matches, walking its fixed head once (no link loop, no hidden files)."""
    parts = Path(pattern).parts
    head = next(i for i, part in enumerate(parts) if _MAGIC.search(part))
    root = Path(*parts[:head]) if head else Path(".")
    if not root.is_dir():
        return []
    return [f for f in _walk(root, unreadable) if _glob_match(f.relative_to(root).parts, parts[head:])]


def _glob_match(names: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Whether path parts match glob parts (``**`` takes any number of parts)."""
    if not pattern:
        return not names
    if pattern[0] == "**":
        return any(_glob_match(names[i:], pattern[1:]) for i in range(len(names) + 1))
    return bool(names) and fnmatch.fnmatchcase(names[0], pattern[0]) and _glob_match(names[1:], pattern[1:])


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


def _doc_key(doc: Document, options: BuildOptions, slug: str, store: str = "", assets: list[str] | None = None) -> str:
    """The cache key of a document's outputs (two copies of one text in two files differ by slug;
    ``store`` is the gazetteer store's identity; a page is redrawn when the shared files it
    links change)."""
    payload = json.dumps({"v": __version__, "schema": CACHE_SCHEMA, "options": options.cache_key(), "slug": slug,
                          "store": store, "assets": assets or [],
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
        with closing(run_in_workers(process_document, tasks, options.jobs)) as results:
            for i, res in results:
                yield res if isinstance(res, DocResult) else _lost(tasks[i], res)


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
        task_of = dict(zip(futures, tasks))
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as err:  # noqa: BLE001  (e.g. KilledWorker: that document fails, the rest goes on)
                yield _lost(task_of[future], "the dask task failed: %s: %s" % (type(err).__name__, err))
    finally:
        client.close()


def _store_identity() -> tuple[str, dict[str, Any]]:
    """The gazetteer store documents are read against: a key of its identity, and what the
    manifest says of it (a rebuilt or another store changes the key)."""
    from ..gazetteer.lookup import Gazetteer

    with Gazetteer.open() as gaz:
        meta = dict(gaz.meta)
        path = display_path(gaz.path)
        st = os.stat(gaz.path)
    file = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}  # a store rebuilt within the second differs too
    key = hashlib.sha256(json.dumps([meta, file], sort_keys=True).encode("utf-8")).hexdigest()[:16]
    return key, {"path": path, "source": meta.get("source"), "built": meta.get("built"), "identity": key}


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
    out = make_dirs(options.output)
    cache = out / CACHE_DIR
    make_dirs(cache / "docs")
    make_dirs(cache / "groups")
    with _output_lock(cache):
        _clean_temporaries(out)
        return _build(sources, options, out, cache, force, executor, scheduler, progress)


def _write_assets(options: BuildOptions, out: Path) -> list[str]:
    """Write the files every page links (unless pages are self-contained); their names."""
    if options.self_contained:
        return []
    from ..maps.render import write_shared_assets

    return write_shared_assets(out / ASSETS)


def _prune_assets(out: Path, keep: list[str]) -> None:
    """Remove shared files no page links any more (left by an older geomap)."""
    folder = out / ASSETS
    if not folder.is_dir():
        return
    for f in folder.iterdir():
        if f.is_file() and f.name not in keep and _ASSET_NAME.match(f.name):
            try:
                f.unlink()
            except OSError:
                pass


def _build(sources: Iterable[str | Path], options: BuildOptions, out: Path, cache: Path, force: bool,
           executor: str, scheduler: str | None, progress: Callable[[int, int], None] | None) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        assets, asset_error = _write_assets(options, out), None
    except OutputError as err:  # no page would work: build none, say why, still write the manifest
        assets, asset_error = [], err
    shared = None if options.self_contained else ASSETS

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
    store, store_info = _store_identity()
    inputs: list[dict[str, Any]] = []
    tasks: list[DocTask] = []
    docs_meta: list[dict[str, Any]] = []
    taken: set[str] = set()
    reserved = _RESERVED | {g.name.lower() for g in options.groups}
    by_file: dict[Path, list[int]] = defaultdict(list)
    for path in files:
        entry: dict[str, Any] = {"path": display_path(path), "sha256": None, "documents": []}
        try:
            entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            pass
        for item in read_path(path):
            if isinstance(item, GeomapError):
                errors.append({"input": display_path(path), "line": getattr(item, "line", None), "message": str(item)})
                continue
            doc = item if options.published is None or item.published else replace(item, published=options.published)
            slug = output_stem(doc.id, taken, reserved)
            key = _doc_key(doc, options, slug, store, assets)
            meta_path = cache / "docs" / (key + ".meta.json")
            fresh = not force and meta_path.exists() and (out / (slug + ".html")).exists() \
                and (out / (slug + ".geojson")).exists()
            meta = read_json(meta_path) if fresh else None
            if meta is None or meta.get("slug") != slug or "rows" not in meta:
                fresh = False
                tasks.append(DocTask(doc, key, slug, options.online, options.spacy_model, shared))
            docs_meta.append({"id": doc.id, "source": doc.source, "key": key, "slug": slug,
                              "title": doc.title or doc.id, "published": doc.published.isoformat() if doc.published else None,
                              "status": "skipped" if fresh else "pending", "meta": meta})
            by_file[path.resolve()].append(len(docs_meta) - 1)
            entry["documents"].append(doc.id)
        inputs.append(entry)

    index = {d["key"]: d for d in docs_meta}
    interrupted = stopped = False
    if asset_error is not None:
        stopped = True
        tasks = []
        errors.insert(0, {"input": ASSETS, "line": None, "message": str(asset_error)
                          + " (the build stopped: make room and run again to resume)"})
    done = 0
    t_docs = time.perf_counter()
    try:
        with closing(_run_tasks(tasks, options, executor, scheduler)) as results:
            for res in results:
                done += 1
                d = index[res.key]
                d["seconds"] = round(res.seconds, 3)
                if res.error:
                    d["status"] = "failed"
                    errors.append({"input": d["source"] or d["id"], "line": None, "message": res.error})
                else:
                    try:
                        d["meta"], d["status"] = _write_document(res, out, cache), "built"
                    except OutputError as err:
                        stopped = err.errno in _DISK_FULL
                        d["status"] = "failed"
                        errors.append({"input": d["source"] or d["id"], "line": None, "message": str(err) + (
                            " (the build stopped: make room and run again to resume)" if stopped else "")})
                if progress:
                    progress(done, len(tasks))
                if stopped:
                    break
    except KeyboardInterrupt:
        interrupted = True
    docs_seconds = time.perf_counter() - t_docs

    groups_out: list[dict[str, Any]] = []
    t_groups = time.perf_counter()
    if not interrupted and not stopped:
        groups_out = build_groups(options, docs_meta, by_file, group_files, cache, out, force, shared, assets)
        errors += [{"input": g["html"], "line": None, "message": g["error"]} for g in groups_out if g.get("error")]
        _prune_assets(out, assets)
    entries = [{"kind": "document", "title": d["title"], "html": d["slug"] + ".html", "geojson": d["slug"] + ".geojson",
                "stats": d["meta"]["stats"]} for d in docs_meta if d.get("meta")]
    entries = [g for g in groups_out if g["status"] != "failed"] + entries
    try:
        write_atomic(out / "index.html", gallery_html(options.title, entries, errors, version=__version__))
    except OutputError as err:
        errors.append({"input": "index.html", "line": None, "message": str(err)})
    try:
        n_events = _write_events_csv(out / "events.csv", docs_meta)
    except OutputError as err:
        n_events = 0
        errors.append({"input": "events.csv", "line": None, "message": str(err)})
    manifest = {
        "tool": "geomap", "version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "options": {"output": display_path(out), "group_by": options.group_by, "jobs": options.jobs, "online": options.online,
                    "self_contained": options.self_contained,
                    "spacy_model": options.spacy_model, "executor": executor, "force": force,
                    "published": options.published.isoformat() if options.published else None},
        "gazetteer": store_info,
        "inputs": inputs,
        "documents": [{k: v for k, v in d.items() if k != "meta"} | {
            "outputs": [d["slug"] + ".html", d["slug"] + ".geojson"] if d.get("meta") else []} for d in docs_meta],
        "groups": groups_out,
        "assets": [ASSETS + "/" + name for name in assets],
        "errors": errors,
        "summary": {
            "documents": len(docs_meta), "built": sum(d["status"] == "built" for d in docs_meta),
            "skipped": sum(d["status"] == "skipped" for d in docs_meta),
            "failed": sum(d["status"] == "failed" for d in docs_meta),
            "unfinished": sum(d["status"] == "pending" for d in docs_meta),
            "groups_built": sum(g["status"] == "built" for g in groups_out),
            "groups_skipped": sum(g["status"] == "skipped" for g in groups_out),
            "groups_failed": sum(g["status"] == "failed" for g in groups_out),
            "errors": len(errors), "events": n_events, "interrupted": interrupted, "stopped": stopped,
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


def _write_document(res: DocResult, out: Path, cache: Path) -> dict[str, Any]:
    """Write a document's map, GeoJSON and cache entry; return its cache metadata."""
    write_atomic(out / (res.slug + ".html"), res.html)
    write_atomic(out / (res.slug + ".geojson"), res.geojson)
    countries = _record_countries(res.record)
    write_atomic(cache / "docs" / (res.key + ".json"), json.dumps(res.record, ensure_ascii=False))
    meta = {"slug": res.slug, "stats": res.stats, "countries": countries, "version": __version__,
            "rows": res.rows}
    write_atomic(cache / "docs" / (res.key + ".meta.json"), json.dumps(meta))
    return meta


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
    path = cache / "lock"
    try:  # never follow a link planted at the lock's name, never truncate what is there
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as err:
        if path.is_symlink():
            raise OutputError("%s is a symbolic link; geomap does not follow it: remove it and build again"
                              % display_path(path), path=str(path), errno=err.errno) from err
        raise output_error(path, err) from err
    with os.fdopen(fd, "r+b") as handle:
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
