#!/usr/bin/env python3
"""Do maps of real articles read right? One map per article and one of them all, checked in
headless Chromium from the DOM, as the browser tests do (``tests/browser.py``).

Usage::

    python benchmarks/maps.py ../shared/eval/events-dev.jsonl [--out DIR] [--png]

A single-article map passes when every event has a mark, every mark lies inside the first
view and clear of the controls (title, legend, sources), no two visible labels overlap by
more than 30 % of the smaller one, and the console shows no error. Printed: the share of
single maps that pass, what failed, and the overlapping label pairs of the all-in-one map.
``--out`` keeps the pages (and, with ``--png``, screenshots to look at).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.maps.render import build_map, render_html, screenshot  # noqa: E402
from geomap.model import Document  # noqa: E402
from geomap.pipeline import Geoparser  # noqa: E402
from tests.browser import layout_problems, layout_report  # noqa: E402

SIZE = (1280, 860)


def read_articles(path: Path) -> list[Document]:
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            published = date.fromisoformat(d["published"]) if d.get("published") else None
            docs.append(Document(d["id"], d["text"], published=published, title=d.get("title"),
                                 url=d.get("source") or d.get("url")))
    return docs


def check(name: str, page: str, out: Path | None, png: bool) -> dict:
    report = layout_report(page, size=SIZE)
    if out is not None:
        (out / (name + ".html")).write_text(page, encoding="utf-8")
        if png:
            screenshot(out / (name + ".html"), out / (name + ".png"), width=SIZE[0], height=SIZE[1])
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", type=Path, help="a JSONL file of articles: id, text, published, title")
    ap.add_argument("--out", type=Path, help="keep the pages here")
    ap.add_argument("--png", action="store_true", help="with --out: screenshots too")
    args = ap.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    parser = Geoparser()
    docs = read_articles(args.articles)
    extractions = [parser.parse(d) for d in docs]
    passed = 0
    events = 0
    started = time.perf_counter()
    for x in extractions:
        report = check(x.document.id, render_html(build_map([x])), args.out, args.png)
        problems = layout_problems(report)
        m = report["maps"][0] if report["maps"] else {"events": 0, "labels": 0}
        events += m["events"]
        passed += not problems
        print("%-4s %-55s %2d events %2d labels %s" % ("ok" if not problems else "FAIL", x.document.id[:55],
                                                      m["events"], m["labels"], "; ".join(problems)))
    title = "%d articles" % len(extractions)
    report = check("all", render_html(build_map(extractions, title=title)), args.out, args.png)
    allm = report["maps"][0]
    print()
    print("Machine: %s, %d CPUs, Python %s; %s; %s" % (platform.platform(), os.cpu_count() or 0,
                                                     platform.python_version(), time.strftime("%Y-%m-%d"),
                                                     args.articles.name))
    print("single-article maps passing: %d/%d (%.1f %%), %d events" % (
        passed, len(extractions), 100.0 * passed / max(1, len(extractions)), events))
    print("all-in-one map: %d events, %d with no mark, %d marks outside the first view, %d under a control, "
          "%d visible labels, %d overlapping label pairs%s, %d console errors" % (
              allm["events"], len(allm["missing"]), len(allm["outside"]), len(allm["covered"]), allm["labels"],
              len(allm["overlaps"]), (": %s" % allm["overlaps"]) if allm["overlaps"] else "", len(report["errors"])))
    print("checked in %.0f s" % (time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
