"""Issue 13, items 7 and 9: outputs that cannot be written end with one clear line (full disk,
permission denied, a file or a directory in the way) and the manifest is written where it can
be; results made with another gazetteer store are not reused."""
from __future__ import annotations

import json
import os

import pytest

from .conftest import SENTENCES, invoke, read_manifest, run_geomap, write_articles

pytestmark = pytest.mark.data


def test_a_full_disk_stops_the_build_with_a_message_and_a_manifest(tmp_path, small_disk, gaz):
    src = tmp_path / "in"
    write_articles(src, 12)
    out = small_disk / "out"
    done = run_geomap("build", src, "-o", out, "--group-by", "none", "--self-contained")  # big pages fill it
    err = done.stderr.decode()
    assert done.returncode == 1 and "No space left on device" in err and "run again to resume" in err
    manifest = read_manifest(out)
    s = manifest["summary"]
    assert s["stopped"] and s["failed"] == 1 and s["built"] >= 1 and s["unfinished"] == 12 - s["built"] - 1
    assert (out / "index.html").exists() and not list(out.rglob(".*.tmp"))
    for d in manifest["documents"]:  # what is listed as built is there, whole
        if d["status"] == "built":
            assert (out / d["outputs"][0]).read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_no_room_for_the_shared_assets_builds_nothing_and_says_so(tmp_path, small_disk, gaz):
    src = tmp_path / "in"
    write_articles(src, 3)
    filler = small_disk / "filler"
    filler.write_bytes(b"x" * (1024 * 1024 - 96 * 1024))  # leave room for a manifest, not for Leaflet
    out = small_disk / "out"
    done = run_geomap("build", src, "-o", out)
    err = done.stderr.decode()
    assert done.returncode == 1 and "No space left on device" in err and "run again to resume" in err
    manifest = read_manifest(out)
    assert manifest["summary"]["stopped"] and manifest["summary"]["unfinished"] == 3
    assert manifest["errors"][0]["input"] == "assets" and [p.name for p in out.glob("*.html")] == ["index.html"]
    assert not list(out.rglob(".*.tmp"))
    filler.unlink()  # room again: the next run builds everything
    done = run_geomap("build", src, "-o", out)
    assert done.returncode == 0 and read_manifest(out)["summary"]["built"] == 3


@pytest.mark.parametrize("command, name", [("map", "x.html"), ("extract", "x.jsonl")])
def test_a_full_disk_fails_map_and_extract_clearly(small_disk, article, command, name):
    _fill(small_disk / "filler")
    done = run_geomap(command, article, "-o", small_disk / name)
    assert done.returncode == 1
    assert done.stderr.decode().strip().splitlines()[-1] == "Error: cannot write %s: No space left on device" % (
        small_disk / name)
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]  # no temporary left


def _fill(path):
    """Fill the disk ``path`` is on, to the last block."""
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass


def test_permission_denied(tmp_path, article, as_a_user):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        drawn = run_geomap("map", article, "-o", locked / "x.html", preexec_fn=as_a_user)
        built = run_geomap("build", article, "-o", locked, preexec_fn=as_a_user)
    finally:
        locked.chmod(0o755)
    assert drawn.returncode == 1 and b"cannot write %s: Permission denied" % bytes(locked / "x.html") in drawn.stderr
    assert built.returncode == 1 and b"Permission denied" in built.stderr
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("command", ["map", "extract"])
def test_an_output_under_a_regular_file(tmp_path, article, command):
    result = invoke(command, article, "-o", tmp_path / "article.txt" / "x.out")
    assert result.exit_code == 1
    assert "cannot write %s: %s is not a directory" % (tmp_path / "article.txt" / "x.out", article) in result.output
    assert article.read_text(encoding="utf-8") == SENTENCES[1]


def test_a_build_under_a_regular_file(tmp_path, article):
    result = invoke("build", article, "-o", tmp_path / "article.txt" / "out")
    assert result.exit_code == 1 and "is not a directory" in result.output


def test_index_html_being_a_directory(tmp_path, article):
    out = tmp_path / "out"
    (out / "index.html").mkdir(parents=True)
    result = invoke("build", article, "-o", out)
    assert result.exit_code == 1 and "cannot write %s: it is a directory" % (out / "index.html") in result.output
    manifest = read_manifest(out)
    assert manifest["summary"]["built"] == 1 and (out / "article.html").exists()
    assert [e["input"] for e in manifest["errors"]] == ["index.html"]


def test_a_group_map_that_cannot_be_written_fails_alone(tmp_path, article):
    out = tmp_path / "out"
    (out / "all.html").mkdir(parents=True)
    result = invoke("build", article, "-o", out, "--group-by", "none")
    assert result.exit_code == 1 and "all.html: it is a directory" in result.output
    manifest = read_manifest(out)
    assert manifest["summary"]["groups_failed"] == 1 and manifest["summary"]["built"] == 1
    assert 'href="all.html"' not in (out / "index.html").read_text(encoding="utf-8")


def _store(path, rows):
    from geomap.gazetteer.store import build_store

    from ..conftest import DATA

    build_store(path, rows, source="test", data_dir=DATA)
    return path


def test_the_cache_is_keyed_on_the_gazetteer_store(tmp_path, monkeypatch):
    from ..conftest import small_rows

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Talks were held in Kabul on Monday.", encoding="utf-8")
    out = tmp_path / "out"
    rows = small_rows()
    first = _store(tmp_path / "first.sqlite3", rows)
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(first))

    def build():
        done = run_geomap("build", src, "-o", out)
        assert done.returncode == 0, done.stderr
        return read_manifest(out)

    assert build()["summary"]["built"] == 1
    assert build()["summary"]["skipped"] == 1
    moved = [dict(r, lat="35.0", lon="70.0") if r["name"] == "Kabul" else r for r in rows]
    second = _store(tmp_path / "second.sqlite3", moved)  # another store: Kabul elsewhere
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(second))
    manifest = build()
    assert manifest["summary"]["built"] == 1 and manifest["gazetteer"]["path"] == str(second)
    kabul = [f for f in json.loads((out / "a.geojson").read_text(encoding="utf-8"))["features"]
             if f["properties"].get("name") == "Kabul"]
    assert kabul and kabul[0]["geometry"]["coordinates"] == [70.0, 35.0]
    _store(second, rows)  # the same store rebuilt in place
    assert build()["summary"]["built"] == 1


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="no O_NOFOLLOW on this system")
def test_a_symlink_at_the_build_lock_is_not_followed(tmp_path, article):
    out = tmp_path / "out"
    (out / ".geomap").mkdir(parents=True)
    precious = tmp_path / "notes.txt"
    precious.write_text("keep me", encoding="utf-8")
    (out / ".geomap" / "lock").symlink_to(precious)
    result = invoke("build", article, "-o", out)
    assert result.exit_code == 1 and "symbolic link" in result.output
    assert precious.read_text(encoding="utf-8") == "keep me"
    (out / ".geomap" / "lock").unlink()
    assert invoke("build", article, "-o", out).exit_code == 0
    assert (out / "article.html").exists() and precious.read_text(encoding="utf-8") == "keep me"
