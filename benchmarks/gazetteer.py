#!/usr/bin/env python3
"""Gazetteer benchmark: first use against a warm run, build time, store sizes, lookup latencies.

Usage::

    python benchmarks/gazetteer.py [--names 5000] [--skip-build]

First use is ``geomap extract`` on the bundled example with an empty cache directory (the
store is unpacked), a warm run the same command once the store is there; both through the
CLI in a fresh process, best of three.

Exact lookups are timed on distinct names sampled from the store (each looked up once,
so no answer comes from the in-process cache), fuzzy searches on the same names with a
typo, reverse lookups on random points near populated places. Prints a Markdown table
for ``benchmarks/RESULTS.md``.
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
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.gazetteer import Gazetteer  # noqa: E402
from geomap.gazetteer.store import COORD_SCALE, DATA_DIR, build_store  # noqa: E402

EXAMPLE = ROOT / "examples" / "afghan-border-2021-07-14.txt"


def _cli_seconds(cache: Path, fresh: bool) -> float:
    """Wall time of ``geomap extract`` on the example, with an emptied cache when ``fresh``."""
    import subprocess

    if fresh:
        shutil.rmtree(cache, ignore_errors=True)
    env = dict(os.environ, GEOMAP_CACHE_DIR=str(cache))
    env.pop("GEOMAP_GAZETTEER", None)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geomap", "extract", str(EXAMPLE), "--format", "jsonl"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=5000)
    parser.add_argument("--skip-build", action="store_true", help="use the existing default store")
    args = parser.parse_args()
    rng = random.Random(42)
    cache = Path(tempfile.mkdtemp(prefix="geomap-first-use-"))
    atexit.register(shutil.rmtree, cache, ignore_errors=True)
    first = min(_cli_seconds(cache, fresh=True) for _ in range(3))
    warm_run = min(_cli_seconds(cache, fresh=False) for _ in range(3))

    if args.skip_build:
        gaz = Gazetteer.open()
        build_s = float(gaz.meta.get("build_seconds", "nan"))
    else:
        tmp = Path(tempfile.mkdtemp(prefix="geomap-bench-"))
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
        t = time.perf_counter()
        build_store(tmp / "store.sqlite3")
        build_s = time.perf_counter() - t
        gaz = Gazetteer(tmp / "store.sqlite3")

    con = sqlite3.connect(gaz.path)
    names = [r[0] for r in con.execute("SELECT name FROM place WHERE feature != 'other' ORDER BY random() LIMIT ?", (args.names,))]
    points = [(r[0] / COORD_SCALE + rng.uniform(-0.2, 0.2), r[1] / COORD_SCALE + rng.uniform(-0.2, 0.2))
              for r in con.execute("SELECT lat, lon FROM place ORDER BY random() LIMIT 2000")]
    con.close()
    names = list(dict.fromkeys(names))

    cold = _time_each(gaz.lookup, names)
    warm = _time_each(gaz.lookup, names)
    fuzzy_q = [_typo(n, rng) for n in names[:1000]]
    fuzzy = _time_each(lambda q: gaz.search(q, limit=5), fuzzy_q)
    reverse = _time_each(lambda p: gaz.nearest(*p), points)
    contain = _time_each(lambda p: gaz.containing(*p), points[:500])
    found = sum(1 for n in names if gaz.lookup(n))
    fuzzy_hit = sum(1 for q, n in zip(fuzzy_q, names) if any(c.name == n for c in gaz.search(q, limit=5)))

    shipped = sum(p.stat().st_size for p in DATA_DIR.iterdir()) / 1e6
    package = sum(p.stat().st_size for p in (ROOT / "geomap").rglob("*") if p.is_file()) / 1e6
    store = gaz.path.stat().st_size / 1e6

    print("Machine: %s, %s, %d CPUs, Python %s; %s" % (
        platform.platform(), platform.processor() or platform.machine(), os.cpu_count() or 0,
        platform.python_version(), time.strftime("%Y-%m-%d")))
    print()
    print("| measure | value |")
    print("|---|---|")
    print("| first use: `geomap extract` on the example, empty cache (store unpacked) | %.2f s |" % first)
    print("| warm run: the same, store in place | %.2f s |" % warm_run)
    print("| first use / warm run | %.1fx |" % (first / warm_run))
    print("| building the store from the shipped tables (no prebuilt copy) | %.1f s |" % build_s)
    print("| shipped data / package on disk / store | %.1f MB / %.1f MB / %.1f MB |" % (shipped, package, store))
    for label, samples in (("exact lookup, cold (distinct names)", cold), ("exact lookup, warm (cached)", warm),
                           ("fuzzy search, one typo", fuzzy), ("reverse: nearest place", reverse),
                           ("reverse: containing country and province", contain)):
        med, p99 = _percentiles(samples)
        print("| %s: median / p99 | %.1f µs / %.1f µs |" % (label, med * 1e6, p99 * 1e6))
    print("| exact names found / typo queries recovered in top 5 | %d/%d / %d/%d |" % (
        found, len(names), fuzzy_hit, len(fuzzy_q)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
