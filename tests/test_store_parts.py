"""The store built part by part: names on first use, search and shapes beside it on their
first need; the store a wheel carries; the columnar build and its checks."""
from __future__ import annotations

import io
import lzma
import multiprocessing
import os
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import GazetteerUnavailable
from geomap.gazetteer import Gazetteer, building, store
from geomap.gazetteer.building import build_store, read_columns
from geomap.gazetteer.store import PLACE_COLUMNS, part_path, verify_store

from .conftest import DATA, small_rows

# Modules that bind the data directory when first imported: imported here, before any
# test points the store's data directory at small tables.
for _module in ("gazetteer.countries", "gazetteer.geoquery", "places.lexicon", "events.lexicon", "maps.mapdata"):
    __import__("geomap." + _module)


def _write_xz(path, header, rows):
    with lzma.open(path, "wt", encoding="utf-8") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    """Small tables in the shipped format as the package's data; the default store goes to
    an empty cache and no wheel store is installed. Returns the list of parts built."""
    data = tmp_path / "data"
    data.mkdir()
    _write_xz(data / "places.tsv.xz", PLACE_COLUMNS, ([r[c] for c in PLACE_COLUMNS] for r in small_rows()))
    lines = (DATA / "boundaries.tsv").read_text(encoding="utf-8").splitlines()
    _write_xz(data / "boundaries.tsv.xz", lines[0].split("\t"), (line.split("\t") for line in lines[1:] if line))
    monkeypatch.setattr(store, "DATA_DIR", data)
    monkeypatch.setattr(store, "PACKAGED_STORE", data / "gazetteer.sqlite3")
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GEOMAP_GAZETTEER", raising=False)
    built: list[tuple[str, ...]] = []
    real = building.build_store

    def counting(path, rows=None, **kw):
        built.append(tuple(kw.get("parts", store.PARTS)))
        return real(path, rows, **kw)

    monkeypatch.setattr(building, "build_store", counting)
    return built


# -- parts on first need ---------------------------------------------------------------
def test_first_use_builds_only_the_names(shipped):
    gaz = Gazetteer.open()
    assert shipped == [("names",)]
    assert gaz.meta["parts"] == "names"
    assert gaz.lookup("Kunduz")[0].feature in ("adm1", "city")
    assert not part_path(gaz.path, "search").exists() and not part_path(gaz.path, "shapes").exists()


def test_search_builds_its_part_once_beside_the_store(shipped):
    gaz = Gazetteer.open()
    assert [c.name for c in gaz.search("Kunduz Provinse", fuzzy=True)]  # a word match needs the FTS index
    side = part_path(gaz.path, "search")
    assert side.exists() and verify_store(side)
    assert shipped == [("names",), ("search",)]
    again = Gazetteer.open()
    assert again.search("Dushanbe")[0].name == "Dushanbe"
    assert again.search("Mazar Sharif")[0].name == "Mazār-e Sharīf"  # a skeleton match, from the part built before
    assert shipped == [("names",), ("search",)]


def test_reverse_builds_the_shapes_part(shipped):
    gaz = Gazetteer.open()
    country, province = gaz.containing(36.8, 68.7)
    assert (country.name, province.name) == ("Afghanistan", "Kunduz")
    assert gaz.boundary(0, "TJ")["type"] == "Polygon"
    assert shipped == [("names",), ("shapes",)]
    assert gaz.info()["size_mb"] >= round(gaz.path.stat().st_size / 1e6, 1)


def test_a_damaged_part_is_rebuilt(shipped):
    gaz = Gazetteer.open()
    gaz.containing(36.8, 68.7)
    side = part_path(gaz.path, "shapes")
    with open(side, "r+b") as f:
        f.seek(side.stat().st_size // 2)
        f.write(b"\x00garbage\x00" * 64)
    assert Gazetteer.open().containing(38.5, 71.0)[0].name == "Tajikistan"
    assert shipped.count(("shapes",)) == 2 and verify_store(side)


def test_a_part_that_cannot_be_written_is_a_clear_error(shipped, tmp_path):
    cache = tmp_path / "cache"
    Gazetteer.open().close()
    cache.chmod(0o555)
    try:
        if os.access(cache, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(GazetteerUnavailable, match="geomap gazetteer build"):
            Gazetteer.open().containing(36.8, 68.7)
    finally:
        cache.chmod(0o755)


def test_a_names_only_store_of_other_tables_does_not_build_a_part(tmp_path):
    path = tmp_path / "mine.sqlite3"
    build_store(path, small_rows(), source="my-dump", parts=("names",))
    gaz = Gazetteer(path)
    assert gaz.lookup("Dushanbe")
    with pytest.raises(GazetteerUnavailable, match="no search part"):
        gaz.search("Dushanbe City")
    assert not part_path(path, "search").exists()


def test_the_cli_names_a_missing_part_without_a_traceback(tmp_path, monkeypatch):
    path = tmp_path / "mine.sqlite3"
    build_store(path, small_rows(), source="my-dump", parts=("names",))
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(path))
    result = CliRunner().invoke(main, ["gazetteer", "reverse", "36.8", "68.7"])
    assert result.exit_code == 1 and "no shapes part" in result.output
    assert "Traceback" not in result.output


def test_a_full_store_holds_every_part_and_needs_no_side_file(tmp_path):
    path = tmp_path / "full.sqlite3"
    build_store(path, small_rows(), source="test", data_dir=DATA)
    gaz = Gazetteer(path)
    assert gaz.search("Kunduz Provinse") and gaz.containing(36.8, 68.7)[1].name == "Kunduz"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.sqlite3"]


def test_building_every_part_removes_stale_side_files(tmp_path):
    path = tmp_path / "g.sqlite3"
    build_store(path, small_rows(), source="test", data_dir=DATA, parts=("names",))
    build_store(part_path(path, "shapes"), source="test", data_dir=DATA, parts=("shapes",))
    build_store(path, small_rows(), source="test", data_dir=DATA)
    assert not part_path(path, "shapes").exists()


def _search_part_inode(path, queue):
    gaz = Gazetteer(path)
    gaz.search("Dushanbe City")
    queue.put(os.stat(part_path(path, "search")).st_ino)


def test_two_processes_needing_a_part_build_it_once(shipped):
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    path = Gazetteer.open().path
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_search_part_inode, args=(path, queue)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    inodes = {queue.get(timeout=5), queue.get(timeout=5)}
    assert len(inodes) == 1  # the second process used the file the first one built
    assert [p.exitcode for p in procs] == [0, 0]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_building_a_part_notes_it_on_a_terminal(shipped, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    err = Terminal()
    monkeypatch.setattr("sys.stderr", err)
    gaz = Gazetteer.open()
    gaz.containing(36.8, 68.7)
    lines = err.getvalue().splitlines()
    assert len(lines) == 2 and "offline gazetteer" in lines[0] and "boundaries" in lines[1]


# -- the store a wheel carries ------------------------------------------------------------
def test_the_wheel_store_is_used_as_it_is(shipped, tmp_path):
    build_store(store.PACKAGED_STORE)
    shipped.clear()
    gaz = Gazetteer.open()
    assert gaz.path == store.PACKAGED_STORE and gaz.lookup("Kunduz")
    assert gaz.search("Kunduz Provinse") and gaz.containing(36.8, 68.7)[0].name == "Afghanistan"
    assert shipped == [] and not (tmp_path / "cache").exists()


def test_a_damaged_wheel_store_is_passed_over(shipped):
    build_store(store.PACKAGED_STORE)
    with open(store.PACKAGED_STORE, "r+b") as f:
        f.seek(store.PACKAGED_STORE.stat().st_size // 2)
        f.write(b"\xff" * 4096)
    gaz = Gazetteer.open()
    assert gaz.path != store.PACKAGED_STORE and gaz.lookup("Kunduz")


def test_a_wheel_store_of_other_tables_is_passed_over(shipped):
    build_store(store.PACKAGED_STORE, small_rows()[:3], source="elsewhere")
    assert Gazetteer.open().path != store.PACKAGED_STORE


def test_a_store_the_user_built_in_the_cache_comes_before_the_wheel_store(shipped):
    build_store(store.PACKAGED_STORE)
    result = CliRunner().invoke(main, ["gazetteer", "build"])
    assert result.exit_code == 0, result.output
    assert Gazetteer.open().path == store.default_store_path()


# -- the columnar build ---------------------------------------------------------------------
def test_the_table_build_matches_the_row_build(shipped, tmp_path):
    from_table = tmp_path / "t.sqlite3"
    from_rows = tmp_path / "r.sqlite3"
    build_store(from_table, source="x")
    build_store(from_rows, small_rows(), source="x", data_dir=store.DATA_DIR)
    dump = []
    for path in (from_table, from_rows):
        con = sqlite3.connect(path)
        dump.append([con.execute("SELECT * FROM %s ORDER BY 1, 2" % t).fetchall()
                     for t in ("place", "name", "skeleton", "boundary")])
        con.close()
    assert dump[0] == dump[1] and len(dump[0][0]) == len(small_rows())


def test_name_kinds_and_variants(tmp_path):
    path = tmp_path / "g.sqlite3"
    row = dict(small_rows()[0], id="geonames:42", name="Saint Example", keys="saint example|sx|~st example",
               skeletons="sntxmpl||stxmpl")
    build_store(path, [row], source="x", data_dir=DATA)
    con = sqlite3.connect(path)
    assert con.execute("SELECT key, place, kind FROM name ORDER BY key").fetchall() == [
        ("saint example", 42, 0), ("st example", 42, 2), ("sx", 42, 1)]
    assert con.execute("SELECT skel, key FROM skeleton ORDER BY skel").fetchall() == [
        ("sntxmpl", "saint example"), ("stxmpl", "st example")]


def test_records_that_are_not_geonames_ones_keep_their_ids(tmp_path):
    path = tmp_path / "g.sqlite3"
    rows = small_rows()
    build_store(path, rows, source="x", data_dir=DATA)
    gaz = Gazetteer(path)
    for r in rows:
        assert gaz.get(r["id"]).name == r["name"]


@pytest.mark.parametrize("field, value, reason", [
    ("lat", "north", "not a number"),
    ("lon", "", "not a number"),
    ("lat", "91", "out of range"),
    ("lat", "nan", "not a number"),
    ("feature", "castle", "unknown feature"),
    ("population", "lots", "whole number"),
    ("population", "-5", "whole number"),
    ("keys", 'ku"nduz', "folded"),
    ("name", " ", "empty name"),
])
def test_a_bad_row_is_named_and_leaves_nothing(tmp_path, field, value, reason):
    rows = small_rows()
    rows[2][field] = value
    with pytest.raises(ValueError, match=reason) as err:
        build_store(tmp_path / "g.sqlite3", rows, source="x", data_dir=DATA)
    assert rows[2]["id"] in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_a_duplicate_id_is_named(tmp_path):
    rows = small_rows()
    for other in (rows[1], rows[-1]):  # a GeoNames id, then one of geomap's own
        twice = rows + [dict(other)]
        with pytest.raises(ValueError, match="duplicate place id %s" % other["id"]):
            build_store(tmp_path / "g.sqlite3", twice, source="x", data_dir=DATA)
    assert list(tmp_path.iterdir()) == []


def test_read_columns_skips_blank_lines_and_names_a_short_line(tmp_path):
    table = tmp_path / "t.tsv"
    table.write_text("a\tb\tc\n1\t2\t3\n\n4\t5\t6", encoding="utf-8")
    assert read_columns(table, ("c", "a")) == [["3", "6"], ["1", "4"]]
    table.write_text("a\tb\tc\n1\t2\t3\n4\t5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"t.tsv:3: 2 fields, expected 3"):
        read_columns(table, ("a",))
    with pytest.raises(ValueError, match="missing columns d"):
        read_columns(table, ("a", "d"))


def test_an_unknown_part_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown store parts: words"):
        build_store(tmp_path / "g.sqlite3", small_rows(), parts=("names", "words"))


def test_a_shipped_copy_of_the_small_store_still_opens(tmp_path, small_store):
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(small_store, copy)
    assert Gazetteer.open(copy).lookup("Dushanbe")


# -- the prebuilt names part a source checkout ships ---------------------------------------
def _ship_names_part(data_dir):
    """Build the names part of the (patched) shipped tables and gzip it beside them."""
    import gzip

    built = data_dir.parent / "names-built.sqlite3"
    build_store(built, source="shipped", data_dir=data_dir, parts=("names",))  # not counted as a first-use build
    with open(built, "rb") as src, gzip.open(data_dir / store.SHIPPED_NAMES_PART.name, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return data_dir / store.SHIPPED_NAMES_PART.name


def test_first_use_unpacks_the_shipped_names_part_instead_of_building(shipped):
    _ship_names_part(store.DATA_DIR)
    gaz = Gazetteer.open()
    assert shipped == []  # nothing built
    assert gaz.meta["parts"] == "names" and verify_store(gaz.path)
    assert gaz.lookup("Kunduz")[0].feature in ("adm1", "city")
    assert not [p for p in gaz.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_names_part_of_other_tables_is_built_afresh(shipped):
    part = _ship_names_part(store.DATA_DIR)
    other = part.with_name("other.gz")
    part.rename(other)
    rows = [r for r in small_rows() if r["name"] != "Dushanbe"]  # the tables change after the part was made
    _write_xz(store.DATA_DIR / "places.tsv.xz", PLACE_COLUMNS, ([r[c] for c in PLACE_COLUMNS] for r in rows))
    other.rename(part)
    gaz = Gazetteer.open()
    assert shipped == [("names",)]
    assert not gaz.lookup("Dushanbe")


def test_a_damaged_names_part_is_passed_over(shipped):
    part = _ship_names_part(store.DATA_DIR)
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])  # cut short
    gaz = Gazetteer.open()
    assert shipped == [("names",)]
    assert gaz.lookup("Kunduz")
    assert not [p for p in gaz.path.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.data
def test_the_shipped_names_part_is_the_build_of_the_shipped_tables(tmp_path):
    """The prebuilt part must be rebuilt (``build_data.py --only names-part``) whenever the
    tables or the build change: its rows are compared with a fresh build's."""
    import hashlib

    from geomap.gazetteer.opening import unpack_names_part

    unpacked = tmp_path / "unpacked.sqlite3"
    assert unpack_names_part(unpacked), "names-part.sqlite3.gz is missing or made from other tables"
    fresh = tmp_path / "fresh.sqlite3"
    build_store(fresh, parts=("names",))

    def digest(path):
        con = sqlite3.connect(path)
        h = hashlib.sha256()
        for table in ("place", "name"):
            for row in con.execute("SELECT * FROM %s ORDER BY 1, 2" % table):
                h.update(repr(row).encode())
        indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()
        con.close()
        return h.hexdigest(), indexes

    assert digest(unpacked) == digest(fresh)
