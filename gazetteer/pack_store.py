#!/usr/bin/env python3
"""Pack the store built from the shipped tables into ``geomap/data/gazetteer.sqlite3.gz``.

Usage::

    python gazetteer/pack_store.py

Building the SQLite store from ``places.tsv.xz`` and ``boundaries.tsv.xz`` takes several
seconds; unpacking this prebuilt copy on first use takes about one. Run it whenever the
shipped tables change (``build_data.py`` does, at its end); the store records the hash
of the tables it was built from, and a stale pack is ignored (then the store is built).
"""
from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.gazetteer.store import PACKED_STORE, build_store  # noqa: E402


def pack(out: Path = PACKED_STORE) -> int:
    """Build the store in a temporary directory and write it gzip-compressed (quick to unpack) to ``out``."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "gazetteer.sqlite3"
        build_store(store)
        part = out.with_name(out.name + ".part")
        with open(store, "rb") as src, gzip.GzipFile(part, "wb", compresslevel=9, mtime=0) as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        part.replace(out)
    return out.stat().st_size


def main() -> int:
    size = pack()
    print("%s: %.1f MB" % (PACKED_STORE, size / 1e6), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
