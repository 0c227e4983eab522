"""Shared fixtures: no network, a tiny gazetteer, the real shipped gazetteer (built once)."""
from __future__ import annotations

import csv
import os
import socket
from pathlib import Path

import pytest

from geomap.gazetteer.names import index_keys
from geomap.gazetteer.store import build_store

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"


def _loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (host in ("localhost", "::1") or host.startswith("127.") or host.startswith("/"))


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any attempt to reach beyond this machine fails the test (loopback stays open, for
    the dask cluster the tests start)."""
    connect = socket.socket.connect
    create = socket.create_connection

    def guard(sock, address, *args, **kwargs):
        if not _loopback(address):
            raise RuntimeError("network access in a test: %r" % (address,))
        return connect(sock, address, *args, **kwargs)

    def guard_create(address, *args, **kwargs):
        if not _loopback(address):
            raise RuntimeError("network access in a test: %r" % (address,))
        return create(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket, "create_connection", guard_create)


def small_rows() -> list[dict[str, str]]:
    """The tiny gazetteer fixture as store rows (keys folded as the real build does)."""
    rows = []
    with (DATA / "gazetteer_small.tsv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            keys, skels = index_keys(r["name"], [n for n in r.pop("names").split("|") if n])
            r["keys"], r["skeletons"] = "|".join(keys), "|".join(skels)
            rows.append(r)
    return rows


@pytest.fixture(scope="session")
def small_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("small") / "small.sqlite3"
    build_store(path, small_rows(), source="test", data_dir=DATA)
    return path


@pytest.fixture
def small_gaz(small_store):
    from geomap.gazetteer import Gazetteer

    with Gazetteer(small_store) as gaz:
        yield gaz


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    """One store directory for the session (reuses $GEOMAP_CACHE_DIR when set)."""
    env = os.environ.get("GEOMAP_CACHE_DIR")
    path = Path(env) if env else tmp_path_factory.mktemp("cache")
    os.environ["GEOMAP_CACHE_DIR"] = str(path)
    return path


@pytest.fixture(scope="session")
def gaz(cache_dir):
    """The real gazetteer, built from the shipped data on first use."""
    from geomap.gazetteer import Gazetteer

    return Gazetteer.open()


@pytest.fixture(scope="session")
def parser(gaz):
    """The default pipeline (no model) over the real gazetteer."""
    from geomap.pipeline import Geoparser

    return Geoparser(gaz)


@pytest.fixture(scope="session")
def places_of(parser):
    """text -> [(name, feature, country, demonym)] for the places found."""
    from geomap.model import Document

    def run(text: str, **kw):
        result = parser.parse(Document("t", text, **kw))
        return result.places

    return run
