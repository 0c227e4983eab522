#!/usr/bin/env python3
"""Gazetteer benchmark: first use against a warm run, build times and sizes per store part,
lookup latencies.

Usage::

    python benchmarks/gazetteer.py [--names 5000] [--repeat 5] [--no-wheel]

Every command runs through the CLI in a fresh process, ``--repeat`` times; the figures are
medians (the machine may be shared). Three ways of starting are timed, each running
``geomap extract`` on the bundled example:

- warm run: the store is in place;
- first use from a source checkout (or an editable install): empty cache, so the
  ``names`` part is unpacked from the shipped ``names-part.sqlite3.gz``;
- first use from an installed wheel: the wheel is built (``pip wheel``, which builds the
  store into it), installed into a temporary directory and run with an empty cache.

Then the first ``gazetteer search`` and ``gazetteer reverse`` after a first use (they
build the ``search`` and ``shapes`` parts), each part's build time and size, and lookups:
exact lookups on distinct names sampled from the store (each looked up once, so no answer
comes from the in-process cache), fuzzy searches on the same names with a typo, reverse
lookups on random points near places. Prints Markdown for ``benchmarks/RESULTS.md``.
"""
from __future__ import annotations

import argparse
import atexit
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.gazetteer import Gazetteer  # noqa: E402
from geomap.gazetteer.building import build_store  # noqa: E402
from geomap.gazetteer.store import COORD_SCALE, PARTS  # noqa: E402

EXAMPLE = ROOT / "examples" / "afghan-border-2021-07-14.txt"
EXTRACT = ["extract", str(EXAMPLE), "--format", "jsonl"]


def _tempdir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _run(args: list[str], cache: Path, *, fresh: bool, lib: Path | None = None, before: list[str] = ()) -> float:
    """Wall time of ``geomap ARGS`` in a new process (after ``BEFORE``, untimed), with an
    emptied cache when ``fresh``; from the installed package in ``lib`` when given."""
    if fresh:
        shutil.rmtree(cache, ignore_errors=True)
    env = dict(os.environ, GEOMAP_CACHE_DIR=str(cache))
    env.pop("GEOMAP_GAZETTEER", None)
    if lib is None:
        cmd, cwd = [sys.executable, "-m", "geomap"], ROOT
    else:  # run from the directory the wheel was installed into, not from this checkout
        code = ("import sys; sys.path.insert(0, %r); import geomap; assert geomap.__file__.startswith(%r);"
                " from geomap.cli import main; sys.argv[0] = 'geomap'; main()" % (str(lib), str(lib)))
        cmd, cwd = [sys.executable, "-c", code], lib
    if before:
        subprocess.run(cmd + list(before), env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    t = time.perf_counter()
    subprocess.run(cmd + args, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def _median_run(repeat: int, *args, **kwargs) -> float:
    return statistics.median(_run(*args, **kwargs) for _ in range(repeat))


def _install_wheel() -> Path:
    """Build the wheel of this checkout and install it (without dependencies) into a temporary directory."""
    out = _tempdir("geomap-wheel-")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out / "dist"), str(ROOT)],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # setuptools' scratch directory
    wheel = next((out / "dist").glob("geomap-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(out / "lib"), str(wheel)],
                   check=True, stdout=subprocess.DEVNULL)
    return out / "lib"


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def _time_each(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t)
    return out


def _typo(name: str, rng: random.Random) -> str:
    if len(name) < 5:
        return name
    i = rng.randrange(2, len(name) - 1)
    return name[:i] + name[i + 1:]


def _build_parts(repeat: int) -> tuple[dict[str, float], dict[str, float], Path]:
    """Median build time and size of each part alone and of the whole store."""
    tmp = _tempdir("geomap-bench-")
    seconds, sizes = {}, {}
    for parts in [(p,) for p in PARTS] + [PARTS]:
        label = "+".join(parts) if len(parts) > 1 else parts[0]
        path = tmp / ("%s.sqlite3" % label)
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            build_store(path, parts=parts)
            runs.append(time.perf_counter() - t)
        seconds[label], sizes[label] = statistics.median(runs), path.stat().st_size / 1e6
    return seconds, sizes, tmp / ("%s.sqlite3" % "+".join(PARTS))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-wheel", action="store_true", help="skip building and timing the wheel")
    args = parser.parse_args()
    rng = random.Random(42)
    cache = _tempdir("geomap-first-use-")

    first = _median_run(args.repeat, EXTRACT, cache, fresh=True)
    warm = _median_run(args.repeat, EXTRACT, cache, fresh=False)
    search = _median_run(args.repeat, ["gazetteer", "search", "Mazar Sharif"], cache, fresh=True, before=EXTRACT)
    reverse = _median_run(args.repeat, ["gazetteer", "reverse", "36.7", "67.1"], cache, fresh=True, before=EXTRACT)
    _run(["gazetteer", "search", "Mazar Sharif"], cache, fresh=True, before=EXTRACT)
    _run(["gazetteer", "reverse", "36.7", "67.1"], cache, fresh=False)  # now every part is in the cache
    parts_on_disk = sum(p.stat().st_size for p in cache.iterdir() if p.suffix == ".sqlite3") / 1e6
    wheel = wheel_warm = None
    if not args.no_wheel:
        lib = _install_wheel()
        wheel = _median_run(args.repeat, EXTRACT, cache, fresh=True, lib=lib)
        wheel_warm = _median_run(args.repeat, EXTRACT, cache, fresh=False, lib=lib)

    seconds, sizes, full = _build_parts(args.repeat)
    gaz = Gazetteer(full)
    con = sqlite3.connect(gaz.path)
    names = [r[0] for r in con.execute("SELECT name FROM place ORDER BY random() LIMIT ?", (args.names,))]
    points = [(r[0] / COORD_SCALE + rng.uniform(-0.2, 0.2), r[1] / COORD_SCALE + rng.uniform(-0.2, 0.2))
              for r in con.execute("SELECT lat, lon FROM place ORDER BY random() LIMIT 2000")]
    con.close()
    names = list(dict.fromkeys(names))
    cold = _time_each(gaz.lookup, names)
    warm_lookup = _time_each(gaz.lookup, names)
    fuzzy_q = [_typo(n, rng) for n in names[:1000]]
    fuzzy = _time_each(lambda q: gaz.search(q, limit=5), fuzzy_q)
    nearest = _time_each(lambda p: gaz.nearest(*p), points)
    contain = _time_each(lambda p: gaz.containing(*p), points[:500])
    found = sum(1 for n in names if gaz.lookup(n))
    fuzzy_hit = sum(1 for q, n in zip(fuzzy_q, names) if any(c.name == n for c in gaz.search(q, limit=5)))
    package = sum(p.stat().st_size for p in (ROOT / "geomap").rglob("*") if p.is_file()) / 1e6

    print("Machine: %s, %s, %d CPUs, Python %s, SQLite %s; %s; load average %.1f; medians of %d runs" % (
        platform.platform(), platform.processor() or platform.machine(), os.cpu_count() or 0,
        platform.python_version(), sqlite3.sqlite_version, time.strftime("%Y-%m-%d %H:%M"),
        os.getloadavg()[0], args.repeat))
    print()
    print("| measure | value |")
    print("|---|---|")
    print("| warm run: `geomap extract` on the example, store in place | %.2f s |" % warm)
    print("| first use, source checkout: the same, empty cache (names part unpacked) | %.2f s (%.1fx) |" % (
        first, first / warm))
    if wheel is not None:
        print("| first use, installed wheel: empty cache (the wheel's store opened) | %.2f s (%.1fx; warm %.2f s) |" % (
            wheel, wheel / warm, wheel_warm))
    print("| first `gazetteer search` after a first use (search part built) | %.2f s |" % search)
    print("| first `gazetteer reverse` after a first use (shapes part built) | %.2f s |" % reverse)
    for label in seconds:
        print("| building %s | %.2f s, %.1f MB |" % (label, seconds[label], sizes[label]))
    print("| cache once every part is built / package on disk (source) | %.1f MB / %.1f MB |" % (
        parts_on_disk, package))
    for label, samples in (("exact lookup, cold (distinct names)", cold), ("exact lookup, warm (cached)", warm_lookup),
                           ("fuzzy search, one typo", fuzzy), ("reverse: nearest place", nearest),
                           ("reverse: containing country and province", contain)):
        med, p99 = _percentiles(samples)
        print("| %s: median / p99 | %.1f µs / %.1f µs |" % (label, med * 1e6, p99 * 1e6))
    print("| exact names found / typo queries recovered in top 5 | %d/%d / %d/%d |" % (
        found, len(names), fuzzy_hit, len(fuzzy_q)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
