#!/usr/bin/env python3
"""Render benchmark: geomap's map versus one folium Marker per event, for 1k, 10k, 100k events.

Usage::

    python benchmarks/render.py [--sizes 1000,10000,100000] [--skip-folium-above 100000]

Events are synthetic but shaped like real output: 5 % crossings (lines), the rest points
of the other kinds, at gazetteer places in one region, each with an actor, a count, a date
and an evidence sentence (one sentence per 1.5 events, as in news text). Build time is
``build_map`` + rendering the HTML string; size is the written file. The folium baseline is
what a hand-made script does: ``folium.Map`` with its default CDN assets, a ``folium.Marker``
with an HTML popup per point event and a ``folium.PolyLine`` per crossing.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.gazetteer import Gazetteer  # noqa: E402
from geomap.maps.render import build_map, render_html  # noqa: E402
from geomap.model import Document, Event, Extraction, Place  # noqa: E402

KINDS = ["attack"] * 40 + ["control"] * 15 + ["military_activity"] * 15 + ["meeting"] * 10 + \
        ["base"] * 5 + ["displacement"] * 10 + ["crossing"] * 5
ACTORS = ["Taliban", "government troops", "Russian forces", "Ukrainian forces", "rebels", "refugees", "migrants",
          "the army", "police", "Hezbollah", "Israeli military", "RSF", "SAF", "M23", "PDF"]
WORDS = ("fighters clashed near the town on Monday as officials said shelling continued and "
         "hundreds of families fled toward the border while troops reinforced positions").split()


def _places(gaz: Gazetteer, n: int, rng: random.Random) -> list[tuple[str, str, float, float, str]]:
    from geomap.gazetteer.store import COORD_SCALE, FEATURE_CODE

    con = sqlite3.connect(gaz.path)
    c = COORD_SCALE
    rows = [(pid, name, lat / c, lon / c, cc) for pid, name, lat, lon, cc in con.execute(
        "SELECT id, name, lat, lon, country FROM place WHERE feature IN (?, ?) AND lat BETWEEN ? AND ? "
        "AND lon BETWEEN ? AND ? AND population > 2000 ORDER BY population DESC LIMIT ?",
        (FEATURE_CODE["city"], FEATURE_CODE["town"], 25 * c, 50 * c, 25 * c, 75 * c, n))]
    con.close()
    rng.shuffle(rows)
    return rows


def synthetic(n_events: int, gaz: Gazetteer, seed: int = 7) -> list[Extraction]:
    """``n_events`` events spread over documents of 50 events each."""
    rng = random.Random(seed)
    pool = _places(gaz, 2000, rng)
    docs = []
    made = 0
    while made < n_events:
        k = min(50, n_events - made)
        text_parts: list[str] = []
        places: list[Place] = []
        events: list[Event] = []
        pos = 0
        sentence = None
        for i in range(k):
            kind = rng.choice(KINDS)
            chosen = rng.sample(pool, 2 if kind == "crossing" else 1)
            if sentence is None or i % 3 != 2:  # about 1.5 events per sentence
                words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(14, 24)))
                names = " and ".join(c[1] for c in chosen)
                sentence = "In %s %s." % (names, words)
                start = pos
                text_parts.append(sentence + " ")
                pos += len(sentence) + 1
                sent_places = []
                off = start + 3
                for c in chosen:
                    sent_places.append(Place(c[1], off, off + len(c[1]), c[2], c[3], "city", c[4], c[0], 0.9,
                                             place_name=c[1]))
                    off += len(c[1]) + 5
                places += sent_places
            ps = tuple(sent_places[:2] if kind == "crossing" and len(sent_places) == 2 else sent_places[:1])
            if kind == "crossing" and len(ps) < 2:
                kind = "attack"
            events.append(Event(
                type=kind, where=tuple(p.name for p in ps), evidence=sentence, start=start,
                end=start + len(sentence), places=ps, actor=rng.choice(ACTORS),
                quantity=float(rng.choice([0, 0, 12, 40, 350, 1000, 5000])) or None, unit="people",
                date="2024-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)), document="doc%d" % len(docs),
            ))
        doc = Document("doc%d" % len(docs), "".join(text_parts), title="Synthetic article %d" % len(docs))
        docs.append(Extraction(doc, tuple(places), tuple(events)))
        made += k
    return docs


def folium_baseline(extractions: list[Extraction]) -> str:
    """One folium Marker (with an HTML popup) per event: what a hand-written script does."""
    import html

    import folium

    m = folium.Map(location=[38, 50], zoom_start=4)
    for x in extractions:
        for e in x.events:
            popup = "<b>%s</b>: %s<br>%s<br><i>%s</i>" % (
                e.type, html.escape(" -> ".join(e.where)), html.escape(e.actor or ""), html.escape(e.evidence))
            if e.type == "crossing":
                folium.PolyLine([(p.lat, p.lon) for p in e.places], popup=popup).add_to(m)
            else:
                folium.Marker([e.places[0].lat, e.places[0].lon], popup=popup).add_to(m)
    return m.get_root().render()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--skip-folium-above", type=int, default=100_000)
    args = ap.parse_args()
    gaz = Gazetteer.open()
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        data = synthetic(n, gaz)
        t = time.perf_counter()
        page = render_html(build_map(data, title="%d events" % n))
        ours = time.perf_counter() - t
        size = len(page.encode("utf-8"))
        if n <= args.skip_folium_above:
            t = time.perf_counter()
            base = folium_baseline(data)
            theirs = time.perf_counter() - t
            base_size = len(base.encode("utf-8"))
        else:
            theirs = base_size = float("nan")
        rows.append((n, ours, size, theirs, base_size))
        print("%d events: geomap %.2f s %.2f MB; folium markers %.2f s %.2f MB" % (
            n, ours, size / 1e6, theirs, base_size / 1e6), file=sys.stderr)
    print("Machine: %s, %d CPUs, Python %s; %s" % (platform.platform(), os.cpu_count() or 0,
                                                  platform.python_version(), time.strftime("%Y-%m-%d")))
    print()
    print("| events | geomap build | geomap file | folium Markers build | folium file | build ratio | size ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, ours, size, theirs, base_size in rows:
        print("| %s | %.2f s | %.2f MB | %.2f s | %.2f MB | %.1fx | %.1fx |" % (
            f"{n:,}", ours, size / 1e6, theirs, base_size / 1e6, theirs / ours, base_size / size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
