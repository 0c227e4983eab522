import os
import sqlite3

import pytest

from geomap.errors import GazetteerUnavailable
from geomap.gazetteer import Gazetteer
from geomap.gazetteer.store import build_store

from .conftest import DATA, small_rows


def test_build_counts_and_metadata(tmp_path):
    path = tmp_path / "g.sqlite3"
    counts = build_store(path, small_rows(), source="test", data_dir=DATA)
    assert counts["country"] == 5 and counts["crossing"] == 1
    gaz = Gazetteer(path)
    info = gaz.info()
    assert info["places"] == sum(counts.values())
    assert info["source"] == "test"
    assert info["by_feature"]["adm1"] == 5


def test_failed_build_leaves_nothing_behind(tmp_path):
    path = tmp_path / "g.sqlite3"
    rows = small_rows()
    rows[3]["lat"] = "not a number"
    with pytest.raises(ValueError):
        build_store(path, rows, source="test", data_dir=DATA)
    assert list(tmp_path.iterdir()) == []


def test_build_replaces_existing_store_atomically(tmp_path):
    path = tmp_path / "g.sqlite3"
    build_store(path, small_rows()[:5], source="first", data_dir=DATA)
    build_store(path, small_rows(), source="second", data_dir=DATA)
    assert Gazetteer(path).info()["source"] == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["g.sqlite3"]


def test_corrupt_store_is_reported(tmp_path):
    path = tmp_path / "g.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(GazetteerUnavailable, match="corrupt"):
        Gazetteer(path)


def test_truncated_store_is_reported(tmp_path, small_store):
    path = tmp_path / "g.sqlite3"
    path.write_bytes(small_store.read_bytes()[:8192])
    with pytest.raises(GazetteerUnavailable):
        Gazetteer(path)


def test_incomplete_store_is_reported(tmp_path, small_store):
    path = tmp_path / "g.sqlite3"
    path.write_bytes(small_store.read_bytes())
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'complete'")
    con.commit()
    con.close()
    with pytest.raises(GazetteerUnavailable, match="incomplete"):
        Gazetteer(path)


def test_missing_explicit_store_is_reported(tmp_path):
    with pytest.raises(GazetteerUnavailable, match="no gazetteer store"):
        Gazetteer.open(tmp_path / "absent.sqlite3")


def test_corrupt_default_store_is_rebuilt(tmp_path, monkeypatch):
    from geomap.gazetteer import lookup as gz
    from geomap.gazetteer import opening

    target = tmp_path / "default.sqlite3"
    target.write_bytes(b"garbage" * 1000)
    monkeypatch.setattr(opening, "default_store_path", lambda: target)
    monkeypatch.delenv("GEOMAP_GAZETTEER", raising=False)
    monkeypatch.setattr(opening, "install_store", lambda path: build_store(path, small_rows(), source="rebuilt", data_dir=DATA))
    gaz = gz.Gazetteer.open()
    assert gaz.info()["source"] == "rebuilt"
    assert gaz.lookup("Kunduz")


def test_gazetteer_pickles_by_path(small_gaz):
    import pickle

    clone = pickle.loads(pickle.dumps(small_gaz))
    assert clone.path == small_gaz.path
    assert clone.lookup("Dushanbe")[0].id == small_gaz.lookup("Dushanbe")[0].id


def _child_lookup(gaz, queue):
    queue.put((gaz.lookup("Kunduz")[0].id, gaz._store._local.pid == os.getpid()))  # not in the cache: a query


def test_a_forked_worker_opens_its_own_connection(small_gaz):
    multiprocessing = pytest.importorskip("multiprocessing")
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    small_gaz.lookup("Dushanbe")  # the parent's connection is open now
    expected = Gazetteer(small_gaz.path).lookup("Kunduz")[0].id
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child_lookup, args=(small_gaz, queue))
    child.start()
    child.join(30)
    assert child.exitcode == 0 and queue.get(timeout=5) == (expected, True)
    assert small_gaz._store._local.pid == os.getpid() and small_gaz.lookup("Kunduz")[0].id == expected
