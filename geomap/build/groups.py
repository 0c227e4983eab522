"""Group maps of a build: by day, by country, all in one, or named in ``geomap.toml``.

A group's map is redrawn only when its members (their cache keys), its filters or the
tool version change; its key and statistics sit in ``<output>/.geomap/groups/``.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import OutputError
from ..fileio import write_atomic
from ..gazetteer.countries import country_name
from ..model import Document, Extraction
from .config import BuildOptions, MapGroup, safe_name
from .gallery import map_stats

__all__ = ["build_groups", "filter_extraction", "read_json", "day_title"]


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def filter_extraction(x: Extraction, group: MapGroup | None, country: str | None = None) -> Extraction:
    countries = set(group.countries) if group else set()
    if country:
        countries = {country}
    kinds = group.kinds if group else frozenset()

    def keep_place(p: Any) -> bool:
        return not countries or p.country in countries

    def keep_event(e: Any) -> bool:
        if kinds and e.type not in kinds:
            return False
        if countries and not any(keep_place(p) for p in e.places):
            return False
        if group and (group.start or group.end) and e.date:
            if (group.start and e.date < group.start.isoformat()) or (group.end and e.date > group.end.isoformat()):
                return False
        return True

    return Extraction(x.document, tuple(p for p in x.places if keep_place(p)),
                      tuple(e for e in x.events if keep_event(e)), x.warnings)


def day_title(day: str, n: int) -> str:
    """The title of a day's map: "3 articles, 14 July 2021", "1 article, undated".

    Examples
    --------
    >>> day_title("2021-07-14", 3), day_title("undated", 1)
    ('3 articles, 14 July 2021', '1 article, undated')
    """
    count = "%d article%s" % (n, "" if n == 1 else "s")
    try:
        d = date.fromisoformat(day)
    except ValueError:
        return "%s, %s" % (count, day)
    return "%s, %d %s %d" % (count, d.day, d.strftime("%B"), d.year)


def _in_range(doc: Document, group: MapGroup) -> bool:
    if doc.published is None:
        return True
    return not ((group.start and doc.published < group.start) or (group.end and doc.published > group.end))


def build_groups(options: BuildOptions, docs: list[dict[str, Any]], by_file: dict[Path, list[int]],
                  group_files: dict[str, list[Path]], cache: Path, out: Path, force: bool,
                  shared: str | None = None, assets: list[str] | None = None) -> list[dict[str, Any]]:
    ready = [d for d in docs if d.get("meta")]
    wanted: list[tuple[str, str, str, MapGroup | None, str | None, list[dict[str, Any]]]] = []
    if options.group_by == "day":
        days: dict[str, list] = defaultdict(list)
        for d in ready:
            days[d["published"] or "undated"].append(d)
        wanted += [("day", "day-%s" % k, day_title(k, len(v)), None, None, v) for k, v in sorted(days.items())]
    elif options.group_by == "country":
        by_cc: dict[str, list] = defaultdict(list)
        for d in ready:
            for cc in d["meta"].get("countries", []):
                by_cc[cc].append(d)
        wanted += [("country", "country-%s" % cc, "Events in %s" % country_name(cc), None, cc, v)
                   for cc, v in sorted(by_cc.items())]
    elif options.group_by == "none":
        wanted.append(("all", "all", options.title, None, None, ready))
    for g in options.groups:
        members_idx = [i for f in group_files.get(g.name, []) for i in by_file.get(f.resolve(), [])]
        members = [docs[i] for i in members_idx if docs[i].get("meta") and _in_range(_doc_stub(docs[i]), g)]
        wanted.append(("config", safe_name(g.name), g.title or g.name, g, None, members))
    results = []
    for kind, name, title, group, cc, members in wanted:
        key = hashlib.sha256(json.dumps({
            "v": __version__, "members": sorted(m["key"] for m in members), "title": title, "country": cc,
            "group": None if group is None else [sorted(group.countries), sorted(group.kinds),
                                                 str(group.start), str(group.end), group.online],
            "online": options.online, "assets": assets or []}).encode()).hexdigest()
        meta_path = cache / "groups" / (name + ".json")
        html_path, geo_path = out / (name + ".html"), out / (name + ".geojson")
        meta = read_json(meta_path) if not force and html_path.exists() and geo_path.exists() else None
        fresh = meta is not None and meta.get("key") == key
        error = None
        if fresh:
            stats = meta["stats"]
        else:
            extractions = []
            for m in members:
                rec = read_json(cache / "docs" / (m["key"] + ".json"))
                if rec is not None:
                    extractions.append(filter_extraction(Extraction.from_record(rec), group, cc))
            stats = map_stats(extractions)
            try:
                _write_group(extractions, title, group.online if group else options.online, html_path, geo_path, shared)
                write_atomic(meta_path, json.dumps({"key": key, "stats": stats}))
            except OutputError as err:  # this map fails; the others, the gallery and the manifest go on
                error = str(err)
        results.append({"kind": kind, "name": name, "title": title, "html": name + ".html", "geojson": name + ".geojson",
                        "members": [m["id"] for m in members],
                        "status": "failed" if error else "skipped" if fresh else "built", "stats": stats}
                       | ({"error": error} if error else {}))
    return results


def _doc_stub(d: dict[str, Any]) -> Document:
    return Document(d["id"], "", date.fromisoformat(d["published"]) if d["published"] else None)


def _write_group(extractions: list[Extraction], title: str, online: bool, html_path: Path, geo_path: Path,
                 shared: str | None = None) -> None:
    from ..maps.geojson import feature_collection
    from ..maps.render import build_map, render_html

    write_atomic(html_path, render_html(build_map(extractions, title=title, online=online, shared_assets=shared)))
    write_atomic(geo_path, json.dumps(feature_collection(extractions), ensure_ascii=False))


