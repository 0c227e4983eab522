#!/usr/bin/env python3
"""Batch benchmark: 1,000 articles to maps with ``geomap build``.

Usage::

    python benchmarks/batch.py ../shared/eval/toponyms-dev.jsonl ../shared/eval/events-dev.jsonl [--n 1000]

The dev corpora's texts are written as one .txt file each (repeated with new ids up to
``--n``), then built through the CLI: ``--jobs 1``, ``--jobs 2``, on a two-worker dask
LocalCluster, and again with ``--jobs 1`` over the unchanged inputs (the incremental
re-run). Prints a Markdown table for ``benchmarks/RESULTS.md``, and what the first build
wrote: every file under the output directory (pages, GeoJSON, shared assets, gallery,
manifest and the ``.geomap`` cache), in all and per document.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _write_inputs(corpora: list[Path], n: int, root: Path) -> Path:
    texts = []
    for path in corpora:
        with path.open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    src = root / "articles"
    src.mkdir()
    for i in range(n):
        (src / ("article-%04d.txt" % i)).write_text(texts[i % len(texts)], encoding="utf-8")
    return src


def _build(args: list[str], env: dict[str, str]) -> tuple[float, dict]:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "geomap", "build", *args, "--quiet"], env=env,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        raise SystemExit("geomap build failed: %s" % proc.stderr[-2000:])
    out = Path(args[args.index("-o") + 1])
    return elapsed, json.loads((out / "manifest.json").read_text(encoding="utf-8"))["summary"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="+", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()
    env = dict(os.environ)
    root = Path(tempfile.mkdtemp(prefix="geomap-batch-"))
    rows = []
    try:
        src = _write_inputs(args.corpora, args.n, root)
        secs, s = _build([str(src), "-o", str(root / "j1"), "--jobs", "1"], env)
        rows.append(("--jobs 1", secs, s))
        secs2, s2 = _build([str(src), "-o", str(root / "j1"), "--jobs", "1"], env)
        rows.append(("re-run, unchanged inputs (--jobs 1)", secs2, s2))
        secs, s = _build([str(src), "-o", str(root / "j2"), "--jobs", "2"], env)
        rows.append(("--jobs 2", secs, s))
        if not args.skip_dask:
            from distributed import LocalCluster

            with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=40) as cluster:
                secs, s = _build([str(src), "-o", str(root / "dask"), "--executor", "dask", "--scheduler",
                                  cluster.scheduler_address], env)
            rows.append(("dask LocalCluster, 2 workers", secs, s))
        size = sum(p.stat().st_size for p in (root / "j1").rglob("*") if p.is_file()) / 1e6
    finally:
        shutil.rmtree(root, ignore_errors=True)
    first = rows[0][1]
    print("Machine: %s, %d CPUs, Python %s; %s; %d articles (%s); output %.1f MB per build, %.0f KB per document" % (
        platform.platform(), os.cpu_count() or 0, platform.python_version(), time.strftime("%Y-%m-%d"), args.n,
        ", ".join(p.name for p in args.corpora), size, size * 1000 / args.n))
    print()
    print("| run | wall time | docs/s | built | skipped | share of first run |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, secs, s in rows:
        print("| %s | %.1f s | %.1f | %d | %d | %.1f %% |" % (label, secs, s["documents"] / secs, s["built"], s["skipped"],
                                                          100 * secs / first))
    return 0


if __name__ == "__main__":
    sys.exit(main())
