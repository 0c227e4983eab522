"""``geomap gazetteer ...``: query, inspect and rebuild the offline gazetteer."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import GeomapError
from ..model import FEATURES

__all__ = ["gazetteer"]

FEATURE_CHOICE = click.Choice(list(FEATURES))


def _fail(err: Exception) -> click.ClickException:
    return click.ClickException(str(err))


@click.group()
def gazetteer() -> None:
    """Query, inspect and rebuild the local, offline gazetteer."""


def _place_json(gaz: Any, c: Any) -> dict[str, Any]:
    a1 = gaz.admin1(c.country, c.admin1) if c.feature not in ("country", "adm1") else None
    return {
        "id": c.id, "name": c.name, "lat": c.lat, "lon": c.lon, "feature": c.feature,
        "code": c.code, "country": c.country, "countries": list(c.countries),
        "admin1": a1.name if a1 else None, "admin1_code": c.admin1_key,
        "population": c.population, "match": c.match, "similarity": c.similarity,
        **({"distance_km": c.distance_km} if c.distance_km is not None else {}),
    }


def _print_places(gaz: Any, found: tuple, fmt: str) -> None:
    rows = [_place_json(gaz, c) for c in found]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo("no match", err=True)
        return
    head = ["name", "feature", "country", "admin1", "lat", "lon", "population", "id", "match"]
    table = [[str(r[h] if r[h] is not None else "") for h in head] for r in rows]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(head)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip())
    for t in table:
        click.echo("  ".join(v.ljust(w) for v, w in zip(t, widths)).rstrip())


@gazetteer.command("search")
@click.argument("name")
@click.option("--country", "-c", multiple=True, help="ISO 3166-1 alpha-2 code(s) to keep.")
@click.option("--feature", "-f", type=FEATURE_CHOICE, multiple=True, help="Feature(s) to keep.")
@click.option("--limit", "-n", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--fuzzy/--exact", default=True, show_default=True, help="Also match variants and near spellings.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def gazetteer_search(name: str, country: tuple, feature: tuple, limit: int, fuzzy: bool, fmt: str) -> None:
    """Find places by name, best first.

    \b
    Example:
      geomap gazetteer search "Sher Khan Bandar" --format json
      geomap gazetteer search Georgia --country US
    """
    from ..gazetteer.lookup import Gazetteer

    try:
        gaz = Gazetteer.open()
        found = gaz.search(name, country=country or None, feature=feature or None, limit=limit, fuzzy=fuzzy)
    except GeomapError as err:
        raise _fail(err) from err
    _print_places(gaz, found, fmt)


@gazetteer.command("reverse", context_settings={"ignore_unknown_options": True})
@click.argument("lat", type=click.FloatRange(-90, 90))
@click.argument("lon", type=click.FloatRange(-180, 180))
@click.option("--feature", "-f", type=FEATURE_CHOICE, multiple=True, help="Feature(s) to keep.")
@click.option("--limit", "-n", type=click.IntRange(1, 1000), default=1, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def gazetteer_reverse(lat: float, lon: float, feature: tuple, limit: int, fmt: str) -> None:
    """Name the places nearest to a point, and the country and province containing it.

    Negative coordinates need no "--" before them.

    \b
    Example:
      geomap gazetteer reverse 37.2 68.6 --limit 3
      geomap gazetteer reverse 13.5 -7.9
    """
    from ..gazetteer.lookup import Gazetteer

    try:
        gaz = Gazetteer.open()
        found = gaz.nearest(lat, lon, feature=feature or None, limit=limit)
        country, admin1 = gaz.containing(lat, lon)
    except GeomapError as err:
        raise _fail(err) from err
    if fmt == "json":
        click.echo(json.dumps({
            "country": _place_json(gaz, country) if country else None,
            "admin1": _place_json(gaz, admin1) if admin1 else None,
            "nearest": [_place_json(gaz, c) for c in found],
        }, ensure_ascii=False, indent=1))
        return
    click.echo("in: %s" % ", ".join(c.name for c in (admin1, country) if c) or "in: (no country)")
    _print_places(gaz, found, "table")


@gazetteer.command("info")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def gazetteer_info(fmt: str) -> None:
    """Show where the gazetteer store is, what it holds and where its data comes from."""
    from ..gazetteer.lookup import Gazetteer
    from ..gazetteer.store import DATA_DIR

    try:
        info = Gazetteer.open().info()
    except GeomapError as err:
        raise _fail(err) from err
    info["attribution"] = (DATA_DIR.parent / "data" / "ATTRIBUTION.txt").read_text(encoding="utf-8").strip()
    if fmt == "json":
        click.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return
    click.echo("store:    %s (%.1f MB)" % (info["path"], info["size_mb"]))
    click.echo("source:   %s, built %s in %.1f s" % (info["source"], info["built"], info["build_seconds"]))
    click.echo("places:   %d (%d names)" % (info["places"], info["names"]))
    for feat, n in info["by_feature"].items():
        click.echo("  %-9s %d" % (feat, n))
    click.echo("\n" + info["attribution"])


@gazetteer.command("build")
@click.option("--from", "source", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A directory of GeoNames dump files (allCountries.txt or XX.txt, "
                   "admin1CodesASCII.txt, alternateNamesV2.txt) to build from.")
@click.option("--min-population", type=click.IntRange(0), default=0, show_default=True,
              help="With --from: leave out smaller populated places (seats are kept).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the store (default: the per-user cache, replacing it).")
def gazetteer_build(source: Path | None, min_population: int, output: Path | None) -> None:
    """Rebuild the gazetteer store, from the shipped data or from GeoNames dumps.

    \b
    The store it writes holds every part (names, search index, boundaries); first use
    builds only the names and the rest when a lookup needs it, so run this once to
    prepare a cache that others share read-only. With --from, the dump's rows replace the shipped ones with the same GeoNames id and
    the shipped border crossings, bases, camps and regions are kept. Point geomap at a
    store written elsewhere with the GEOMAP_GAZETTEER environment variable.
    \b
    Example:
      geomap gazetteer build --from ~/Downloads/geonames --min-population 100
    """
    import time

    from ..gazetteer.building import build_store
    from ..gazetteer.lookup import Gazetteer
    from ..gazetteer.sources import read_geonames_dump
    from ..gazetteer.store import default_store_path, read_place_rows

    target = output or default_store_path()
    started = time.perf_counter()
    try:
        if source is None:
            counts = build_store(target)
        else:
            seen: set[str] = set()

            def rows():
                for row in read_geonames_dump(source, min_population=min_population):
                    seen.add(row["id"])
                    yield row
                for row in read_place_rows():
                    if row["id"] not in seen:
                        yield row

            counts = build_store(target, rows(), source="geonames-dump:%s" % source.name)
        Gazetteer(target).close()  # the new store opens and checks out
    except GeomapError as err:
        raise _fail(err) from err
    except ValueError as err:  # a malformed row of the shipped or given tables
        raise click.ClickException("cannot build the store at %s: %s" % (target, err)) from err
    except OSError as err:
        raise click.ClickException("cannot build the store at %s: %s" % (target, err)) from err
    click.echo("built %s: %d places in %.1f s" % (target, sum(counts.values()), time.perf_counter() - started))
