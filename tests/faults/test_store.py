"""Faults of the gazetteer store and its commands (issue 13, items 9-11): each test
reproduces a failure of the earlier code and checks the clear outcome now."""
from __future__ import annotations

import os
import shutil
import stat

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import GazetteerUnavailable
from geomap.gazetteer import Gazetteer, opening, store
from geomap.gazetteer.store import build_store, verify_store

from ..conftest import DATA, small_rows


@pytest.fixture
def default_store(tmp_path, monkeypatch):
    """Point the default store into ``tmp_path`` and make first use build the small fixture."""
    monkeypatch.delenv("GEOMAP_GAZETTEER", raising=False)
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(store, "PACKAGED_STORE", tmp_path / "no-wheel-store.sqlite3")
    built = []

    def install(path):
        built.append(path)
        build_store(path, small_rows(), source="test", data_dir=DATA)
        return "built"

    monkeypatch.setattr(opening, "install_store", install)
    return built


def _no_traceback(result):
    assert "Traceback" not in result.output and not isinstance(result.exception, (TypeError, KeyError, OSError))


# -- item 10: the lock ---------------------------------------------------------------
def test_a_symlinked_lock_is_refused_and_its_target_untouched(tmp_path, default_store):
    from geomap.gazetteer.store import default_store_path

    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    target = default_store_path()
    target.parent.mkdir(parents=True)
    os.symlink(victim, target.with_name(target.name + ".lock"))
    with pytest.raises(GazetteerUnavailable, match="symbolic link"):
        Gazetteer.open()
    assert victim.read_text() == "keep me"
    assert not target.exists() and default_store == []


def test_a_symlinked_lock_gives_a_message_not_a_traceback(tmp_path, default_store):
    from geomap.gazetteer.store import default_store_path

    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    target = default_store_path()
    target.parent.mkdir(parents=True)
    os.symlink(victim, target.with_name(target.name + ".lock"))
    result = CliRunner().invoke(main, ["gazetteer", "info"])
    assert result.exit_code == 1 and "symbolic link" in result.output
    _no_traceback(result)
    assert victim.read_text() == "keep me"


def test_the_lock_is_a_plain_file_never_truncated(default_store):
    from geomap.gazetteer.store import default_store_path

    target = default_store_path()
    lock = target.with_name(target.name + ".lock")
    target.parent.mkdir(parents=True)
    lock.write_text("left by someone")
    Gazetteer.open()
    assert lock.read_text() == "left by someone"


# -- item 10: a cache path with URI characters --------------------------------------------
@pytest.mark.parametrize("dirname", ["with#hash", "with?question", "per%25cent", "a b&c=d"])
def test_a_cache_path_with_uri_characters_works_and_is_built_once(tmp_path, monkeypatch, default_store, dirname):
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path / dirname / "cache"))
    assert Gazetteer.open().lookup("Kunduz")
    assert Gazetteer.open().lookup("Dushanbe")
    assert len(default_store) == 1  # the second open used the store the first one built


def test_an_explicit_store_path_with_uri_characters_opens(tmp_path, small_store):
    path = tmp_path / "odd#name?.sqlite3"
    shutil.copy(small_store, path)
    assert Gazetteer.open(path).lookup("Kunduz")


# -- item 10: garbage in the middle ----------------------------------------------------------
def _damage(path):
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size // 2)
        f.write(b"\xde\xad\xbe\xef" * 512)


def test_garbage_in_an_explicit_store_is_a_clear_error(tmp_path, small_store):
    path = tmp_path / "g.sqlite3"
    shutil.copy(small_store, path)
    assert verify_store(path)
    _damage(path)
    assert not verify_store(path)
    with pytest.raises(GazetteerUnavailable, match="corrupt"):
        Gazetteer.open(path)


def test_gazetteer_info_reports_a_damaged_explicit_store(tmp_path, small_store, monkeypatch):
    path = tmp_path / "g.sqlite3"
    shutil.copy(small_store, path)
    _damage(path)
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(path))
    result = CliRunner().invoke(main, ["gazetteer", "info"])
    assert result.exit_code == 1 and "corrupt" in result.output
    _no_traceback(result)


def test_a_damaged_default_store_is_rebuilt(default_store):
    first = Gazetteer.open()
    _damage(first.path)
    again = Gazetteer.open()
    assert len(default_store) == 2 and verify_store(again.path)
    assert again.lookup("Kunduz")


# -- item 10: readable by others ---------------------------------------------------------------
def test_the_store_is_readable_by_others(tmp_path):
    mask = os.umask(0o022)
    try:
        path = tmp_path / "g.sqlite3"
        build_store(path, small_rows(), source="test", data_dir=DATA)
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_the_store_respects_a_strict_umask(tmp_path):
    mask = os.umask(0o077)
    try:
        path = tmp_path / "g.sqlite3"
        build_store(path, small_rows(), source="test", data_dir=DATA)
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_read_only_shared_store_opens(tmp_path, small_store):
    shared = tmp_path / "shared"
    shared.mkdir()
    path = shared / "g.sqlite3"
    shutil.copy(small_store, path)
    path.chmod(0o444)
    shared.chmod(0o555)
    try:
        assert Gazetteer.open(path).lookup("Kunduz")
    finally:
        shared.chmod(0o755)


def test_a_store_part_beside_the_store_is_readable_by_others(tmp_path):
    mask = os.umask(0o022)
    try:
        path = tmp_path / "g.shapes.sqlite3"
        build_store(path, source="test", data_dir=DATA, parts=("shapes",))
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644 and verify_store(path)


# -- item 11: a negative longitude ------------------------------------------------------------
@pytest.mark.parametrize("args", [["13.5", "-7.9"], ["-13.5", "-7.9"], ["-13.5", "7.9", "--format", "json"]])
def test_reverse_takes_negative_coordinates_without_a_double_dash(small_store, monkeypatch, args):
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(small_store))
    result = CliRunner().invoke(main, ["gazetteer", "reverse", *args])
    assert result.exit_code == 0, result.output
    assert "No such option" not in result.output


def test_reverse_still_rejects_a_bad_option(small_store, monkeypatch):
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(small_store))
    result = CliRunner().invoke(main, ["gazetteer", "reverse", "13.5", "7.9", "--limit", "0"])
    assert result.exit_code == 2


# -- item 9: malformed rows in `gazetteer build --from` ------------------------------------------
_GOOD = "1135690\tKunduz\tKunduz\t\t36.75\t68.75\tA\tADM1\tAF\t\t24\t\t\t\t953800\t\t500\tAsia/Kabul\t2020-01-01\n"


@pytest.mark.parametrize("bad, reason", [
    ("1\tShort\trow\n", "columns"),
    (_GOOD.replace("953800", "lots"), "bad number"),
    (_GOOD.replace("36.75", "north"), "bad number"),
    (_GOOD.replace("36.75", "136.75"), "latitude"),
    (_GOOD.replace("36.75", "nan"), "latitude"),
    (_GOOD.replace("1135690", "x1"), "geonameid"),
    (_GOOD.replace("\tKunduz\tKunduz", "\t\t"), "empty name"),
    (_GOOD.replace("\tKunduz\tKunduz", "\t---\t---"), "no letters"),
])
def test_a_malformed_dump_row_is_named_by_file_and_line(tmp_path, bad, reason):
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "allCountries.txt").write_text(_GOOD + bad, encoding="utf-8")
    out = tmp_path / "out.sqlite3"
    result = CliRunner().invoke(main, ["gazetteer", "build", "--from", str(dump), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "allCountries.txt:2" in result.output and reason in result.output
    _no_traceback(result)
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["dump"]


def test_a_dump_that_is_not_utf8_is_named(tmp_path):
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "allCountries.txt").write_bytes(_GOOD.encode() + b"2\t\xff\xfe\n")
    result = CliRunner().invoke(main, ["gazetteer", "build", "--from", str(dump), "-o", str(tmp_path / "o.sqlite3")])
    assert result.exit_code == 1 and "allCountries.txt:2" in result.output and "UTF-8" in result.output
    _no_traceback(result)


def test_a_bad_alternate_names_row_is_named(tmp_path):
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "allCountries.txt").write_text(_GOOD, encoding="utf-8")
    (dump / "alternateNamesV2.txt").write_text("1\tnotanid\ten\tSome Name\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["gazetteer", "build", "--from", str(dump), "-o", str(tmp_path / "o.sqlite3")])
    assert result.exit_code == 1 and "alternateNamesV2.txt:1" in result.output
    _no_traceback(result)


def test_a_broken_zip_dump_is_named(tmp_path):
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "allCountries.zip").write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(main, ["gazetteer", "build", "--from", str(dump), "-o", str(tmp_path / "o.sqlite3")])
    assert result.exit_code == 1 and "allCountries.zip" in result.output
    _no_traceback(result)


def test_a_good_dump_still_builds(tmp_path, monkeypatch):
    from geomap.gazetteer import store

    monkeypatch.setattr(store, "read_place_rows", lambda: iter(()))
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "allCountries.txt").write_text(_GOOD, encoding="utf-8")
    out = tmp_path / "o.sqlite3"
    result = CliRunner().invoke(main, ["gazetteer", "build", "--from", str(dump), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert Gazetteer(out).lookup("Kunduz")[0].feature == "adm1"
