"""The ``geomap`` command line: a thin layer over the library.

Each command parses its arguments, makes one library call and prints the result. Library
errors become ``click.ClickException`` (exit 1); bad arguments are usage errors (exit 2).
"""
from __future__ import annotations

import json
import re
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import GeomapError

__all__ = ["main"]


def _fail(err: Exception) -> click.ClickException:
    return click.ClickException(str(err))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="geomap")
def main() -> None:
    """Turn news text into maps: places, events, crossings, bases and control zones.

    \b
    Examples:
      geomap extract article.txt --format jsonl
      geomap map article.txt -o output/article.html
      geomap gazetteer search "Sher Khan Bandar"
    """


# --------------------------------------------------------------------------- extract
def _parse_date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("expected YYYY-MM-DD, got %r" % value) from None


def _report(err: Exception) -> None:
    click.echo("geomap: %s" % err, err=True)


@main.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "geojson", "csv"]), default="jsonl",
              show_default=True,
              help="jsonl: one object per document (the extraction contract); json: a list; "
                   "geojson: one RFC 7946 FeatureCollection of places and events; "
                   "csv: one row per event, ACLED-style columns (see README).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), show_default="standard output",
              help="Write here (atomically).")
@click.option("--published", callback=_parse_date_option, metavar="YYYY-MM-DD", show_default="none",
              help="Publication date for documents that carry none (relative dates).")
@click.option("--spacy-model", metavar="NAME", show_default="none: the model-free pipeline",
              help="An installed spaCy pipeline whose NER joins the evidence.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes.")
@click.option("--no-events", is_flag=True, help="Places only (not with --format csv).")
def extract(inputs: tuple[str, ...], fmt: str, output: Path | None, published: Any, spacy_model: str | None,
            jobs: int, no_events: bool) -> None:
    """Find the places (and events) in articles and print them as JSON or CSV.

    INPUTS are .txt, .md, .html or .jsonl files ({"id", "text", "published"?} per line),
    or - for standard input. An input that cannot be read is reported on standard error
    with its name; the others are still processed, and the exit status is then 1.

    \b
    Example:
      geomap extract examples/afghan-border-2021-07-14.txt --format jsonl
      cat article.txt | geomap extract - --published 2021-07-14
      geomap extract articles/*.txt --format csv -o events.csv
    """
    from ..build.batch import extract_inputs
    from ..fileio import open_atomic
    from ..maps.geojson import feature_collection
    from ..maps.tables import event_rows, write_csv
    from ..pipeline import Geoparser

    if fmt == "csv" and no_events:
        raise click.UsageError("--format csv writes one row per event: leave out --no-events")
    try:
        parser = Geoparser(spacy_model=spacy_model, events=not no_events)
        if spacy_model:
            _ = parser.nlp  # load now: a missing model fails before any input is read
    except GeomapError as err:
        raise _fail(err) from err
    failed = 0
    results = []
    with ExitStack() as stack:
        out = stack.enter_context(open_atomic(output)) if output else sys.stdout
        if fmt == "csv":
            write_csv((), out)  # the header, even with no events
        for item in extract_inputs(inputs, parser, jobs=jobs, published=published):
            if isinstance(item, Exception):
                failed += 1
                _report(item)
            elif fmt == "jsonl":
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                out.flush()
            elif fmt == "csv":
                write_csv(event_rows(item, gazetteer=parser.gazetteer), out, header=False)
                out.flush()
            else:
                results.append(item)
        if fmt == "json":
            out.write(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=1) + "\n")
        elif fmt == "geojson":
            out.write(json.dumps(feature_collection(results), ensure_ascii=False) + "\n")
    if failed:
        raise SystemExit(1)


# --------------------------------------------------------------------------- map
@main.command("map")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the map (default: output/<first input>.<format>).")
@click.option("--title", "-t", help="The map's title (default: the article's title or name).")
@click.option("--format", "fmt", type=click.Choice(["html", "geojson", "png"]), default="html", show_default=True,
              help="html: a page that works offline; geojson: RFC 7946; png: a screenshot (needs chromium).")
@click.option("--embed", is_flag=True, help="Write an HTML fragment (no <html>/<body>, unique ids) to embed.")
@click.option("--online", is_flag=True, help="Link Leaflet from a CDN instead of inlining it (smaller file).")
@click.option("--published", callback=_parse_date_option, metavar="YYYY-MM-DD", show_default="none",
              help="Publication date for documents that carry none (relative dates).")
@click.option("--spacy-model", metavar="NAME", show_default="none: the model-free pipeline",
              help="An installed spaCy pipeline whose NER joins the evidence.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes.")
@click.option("--size", default="1280x860", show_default=True, metavar="WxH", help="PNG size in pixels.")
def map_command(inputs: tuple[str, ...], output: Path | None, title: str | None, fmt: str, embed: bool, online: bool,
                published: Any, spacy_model: str | None, jobs: int, size: str) -> None:
    """Draw one map of the crossings, control zones, bases and other events in articles.

    Several inputs merge into one map. The HTML works offline: Leaflet and the basemap are
    inside the file (--online links Leaflet from a CDN instead).

    \b
    Example:
      geomap map examples/afghan-border-2021-07-14.txt -o output/afghan-border.html
      geomap map articles/*.txt --title "Border week" --format png
    """
    from ..build.batch import extract_inputs
    from ..fileio import write_atomic
    from ..maps.geojson import feature_collection
    from ..maps.render import build_map, write_map
    from ..pipeline import Geoparser

    m = re.fullmatch(r"(\d{2,5})x(\d{2,5})", size)
    if m is None:
        raise click.BadParameter("expected WIDTHxHEIGHT, e.g. 1280x860", param_hint="--size")
    if embed and fmt != "html":
        raise click.UsageError("--embed writes HTML: use it with --format html")
    failed = 0
    results = []
    try:
        parser = Geoparser(spacy_model=spacy_model)
        for item in extract_inputs(inputs, parser, jobs=jobs, published=published):
            if isinstance(item, Exception):
                failed += 1
                _report(item)
            else:
                results.append(item)
        if not results:
            raise click.ClickException("no input could be read: nothing to map")
        from ..build.run import output_stem

        target = output or Path("output") / ("%s.%s" % (output_stem(results[0].document.id, set()), fmt))
        if fmt == "geojson":
            write_atomic(target, json.dumps(feature_collection(results), ensure_ascii=False))
        else:
            the_map = build_map(results, title=title, online=online, embed=embed,
                                height="640px" if embed else "100%")
            write_map(the_map, target, fmt="embed" if embed else fmt, width=int(m[1]), height=int(m[2]))
    except GeomapError as err:
        raise _fail(err) from err
    events = sum(len(r.events) for r in results)
    click.echo("wrote %s (%d document%s, %d events)" % (target, len(results), "" if len(results) == 1 else "s", events),
               err=True)
    if failed:
        raise SystemExit(1)


# --------------------------------------------------------------------------- build
@main.command("build")
@click.argument("sources", nargs=-1)
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path),
              show_default="output/, or the config's", help="Output directory.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), show_default="1, or the config's", help="Worker processes.")
@click.option("--force", is_flag=True, help="Rebuild everything, even unchanged inputs.")
@click.option("--group-by", type=click.Choice(["document", "day", "country", "none"]),
              show_default="document, or the config's",
              help="Besides a map per document: a map per publication day, per country, or one of all (none).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A geomap.toml naming map groups (see README).")
@click.option("--title", show_default="geomap maps, or the config's", help="The gallery's title.")
@click.option("--online", is_flag=True, default=None, help="Link Leaflet from a CDN in every map.")
@click.option("--published", callback=_parse_date_option, metavar="YYYY-MM-DD", show_default="none",
              help="Publication date for documents that carry none.")
@click.option("--spacy-model", metavar="NAME", show_default="none: the model-free pipeline",
              help="An installed spaCy pipeline whose NER joins the evidence.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run on this machine, or on a dask.distributed cluster (needs geomap[dask]).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="The dask scheduler to use with --executor dask.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def build_command(sources: tuple[str, ...], output: Path | None, jobs: int | None, force: bool, group_by: str | None,
                  config_path: Path | None, title: str | None, online: bool | None, published: Any,
                  spacy_model: str | None, executor: str, scheduler: str | None, quiet: bool) -> None:
    """Build maps for many articles: one per document and per group, with a gallery.

    SOURCES are files, directories (searched recursively for .txt, .md, .html and .jsonl)
    and globs. Writes OUTPUT/<document>.html and .geojson for each document, group maps,
    OUTPUT/index.html (the gallery), OUTPUT/events.csv (every event, one row each) and
    OUTPUT/manifest.json. Unchanged inputs are skipped (--force rebuilds). A broken input
    is reported by name and line and the rest is built; the exit status is then 1.

    \b
    Example:
      geomap build articles/ -o output/ --jobs 2 --group-by day
      geomap build --config geomap.toml
      geomap build articles/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from ..build.config import BuildOptions, load_config
    from ..build.run import run_build

    conf: dict[str, Any] = {}
    groups: tuple = ()
    try:
        if config_path is not None:
            conf, groups = load_config(config_path)
        if not sources and not groups:
            raise click.UsageError("give SOURCES or a --config that names map inputs")
        options = BuildOptions(
            output=output or conf.get("output") or Path("output"),
            group_by=group_by or conf.get("group_by") or "document",
            jobs=jobs or int(conf.get("jobs", 1)),
            title=title or conf.get("title") or "geomap maps",
            online=bool(online if online is not None else conf.get("online", False)),
            spacy_model=spacy_model or conf.get("spacy_model"),
            published=published or conf.get("published"),
            groups=groups,
        )
        show = not quiet and sys.stderr.isatty()
        bar = None
        if show:
            from tqdm import tqdm

            bar = tqdm(total=0, unit="doc", desc="geomap build", file=sys.stderr)

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.total = total
                bar.update(1)

        try:
            manifest = run_build(sources, options, force=force, executor=executor, scheduler=scheduler,
                                 progress=progress)
        except KeyboardInterrupt:
            if bar is not None:
                bar.close()
            click.echo("interrupted: finished maps are kept; run again to resume", err=True)
            raise SystemExit(130) from None
        if bar is not None:
            bar.close()
    except GeomapError as err:
        raise _fail(err) from err
    for e in manifest["errors"]:
        _report(e["message"])
    s = manifest["summary"]
    if not quiet:
        click.echo("%d documents: %d built, %d unchanged, %d failed; %d group maps built, %d unchanged; "
                   "%d input errors; %.1f s -> %s" % (
                       s["documents"], s["built"], s["skipped"], s["failed"], s["groups_built"], s["groups_skipped"],
                       s["errors"], manifest["timings"]["total_s"], Path(options.output) / "index.html"), err=True)
    if s["errors"] or s["failed"]:
        raise SystemExit(1)


# --------------------------------------------------------------------------- gazetteer
from .gazetteer import gazetteer  # noqa: E402  (the `geomap gazetteer` commands)

main.add_command(gazetteer)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
