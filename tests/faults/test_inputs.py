"""Issue 13, items 4, 5 and 8: one bad input never costs the others; odd names, encodings,
link loops, unreadable folders and huge texts are read or reported by name."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from geomap.errors import InputError
from geomap.ingest import MAX_CHARS, read_path

from .conftest import SENTENCES, invoke, read_manifest, run_geomap

DEEP = '{"id": "deep", "text": "x", "extra": %s%s}' % ("[" * 1500, "]" * 1500)
HUGE_INT = '{"id": "huge", "text": "x", "count": %s}' % ("9" * 5000)
LONE_SURROGATE = '{"id": "odd\\ud800", "text": "Talks in Baku."}'


def jsonl(path, *lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good(doc_id, i=0):
    return json.dumps({"id": doc_id, "text": SENTENCES[i % len(SENTENCES)]})


@pytest.mark.parametrize("bad, reason", [(DEEP, "nested too deep"), (HUGE_INT, "4300 digits"),
                                         (LONE_SURROGATE, "unpaired surrogate")], ids=["deep", "huge-int", "surrogate"])
def test_a_bad_jsonl_line_is_named_and_the_rest_read(tmp_path, bad, reason):
    p = jsonl(tmp_path / "feed.jsonl", good("first"), bad, good("third", 1))
    items = list(read_path(p))
    assert [i.id for i in items if not isinstance(i, InputError)] == ["first", "third"]
    (err,) = [i for i in items if isinstance(i, InputError)]
    assert err.line == 2 and str(err).startswith(str(p) + ":2:") and reason in str(err)


@pytest.mark.data
@pytest.mark.parametrize("bad", [DEEP, HUGE_INT, LONE_SURROGATE], ids=["deep", "huge-int", "surrogate"])
def test_extract_to_a_file_keeps_every_good_result(tmp_path, bad, cache_dir):
    p = jsonl(tmp_path / "feed.jsonl", good("first"), bad, good("third", 1))
    out = tmp_path / "places.jsonl"
    result = invoke("extract", p, "-o", out)
    assert result.exit_code == 1 and "feed.jsonl:2:" in result.stderr
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["first", "third"]


@pytest.mark.data
def test_build_reports_the_line_and_builds_the_rest(tmp_path, cache_dir):
    p = jsonl(tmp_path / "feed.jsonl", good("first"), DEEP, HUGE_INT, good("fourth", 1))
    out = tmp_path / "out"
    result = invoke("build", p, "-o", out)
    assert result.exit_code == 1 and "feed.jsonl:2:" in result.stderr and "feed.jsonl:3:" in result.stderr
    manifest = read_manifest(out)
    assert manifest["summary"]["built"] == 2 and sorted(e["line"] for e in manifest["errors"]) == [2, 3]
    assert (out / "first.html").exists() and (out / "fourth.html").exists()


@pytest.mark.data
def test_a_file_name_that_is_not_utf8(tmp_path, cache_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9-2021-07-14.txt")
    (folder / name).write_text(SENTENCES[0], encoding="utf-8")
    out = tmp_path / "out"
    built = invoke("build", folder, "-o", out)
    assert built.exit_code == 0, built.output
    manifest = read_manifest(out)
    (doc,) = manifest["documents"]
    assert doc["id"] == "caf\\xe9-2021-07-14" and doc["published"] == "2021-07-14"
    assert manifest["inputs"][0]["path"].endswith("caf\\xe9-2021-07-14.txt")
    assert (out / doc["outputs"][0]).exists()
    drawn = invoke("map", folder / name, "-o", tmp_path / os.fsdecode(b"m\xff.html"))
    assert drawn.exit_code == 0 and "m\\xff.html" in drawn.stderr
    assert os.path.exists(os.path.join(os.fsencode(tmp_path), b"m\xff.html"))


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path, codec):
    p = tmp_path / "wide.txt"
    bom = {"utf-16-be": b"\xfe\xff"}.get(codec, b"")
    p.write_bytes(bom + SENTENCES[2].encode(codec))
    (doc,) = read_path(p)
    assert doc.text == SENTENCES[2]


def test_utf16_without_a_bom_is_still_called_binary(tmp_path):
    p = tmp_path / "wide.txt"
    p.write_bytes(SENTENCES[2].encode("utf-16-le"))
    (err,) = read_path(p)
    assert isinstance(err, InputError) and "binary" in str(err)


def _expand_in_child(sources, timeout=60):
    """expand_sources in a child process, so a hang is a test failure, not a stuck suite."""
    code = ("import json, sys; from geomap.build.run import expand_sources; "
            "files, problems = expand_sources(json.loads(sys.argv[1])); "
            "print(json.dumps([[str(f) for f in files], problems]))")
    try:
        done = subprocess.run([sys.executable, "-c", code, json.dumps([str(s) for s in sources])],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail("expanding %s does not end" % sources)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_symlink_loops_end_in_directories_and_recursive_globs(tmp_path):
    root = tmp_path / "feeds"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "one.txt").write_text(SENTENCES[0], encoding="utf-8")
    (root / "a" / "two.md").write_text(SENTENCES[1], encoding="utf-8")
    for i, target in enumerate([root, root / "a", root / "a" / "b"]):  # three loops: 3**40 paths for glob.glob
        (root / "a" / "b" / ("loop%d" % i)).symlink_to(target, target_is_directory=True)
    files, problems = _expand_in_child([str(root / "**" / "*.txt")])
    assert [os.path.relpath(f, root) for f in files] == ["a/b/one.txt"] and problems == []
    files, problems = _expand_in_child([root])
    assert sorted(os.path.relpath(f, root) for f in files) == ["a/b/one.txt", "a/two.md"] and problems == []


def test_recursive_globs_match_like_glob(tmp_path):
    import glob

    from geomap.build.run import expand_sources

    for rel in ["x.txt", "d/y.txt", "d/e/z.txt", "d/e/z.md", ".hidden/h.txt", "d/.h.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("Talks.", encoding="utf-8")
    for pattern in ["**/*.txt", "d/**/*.txt", "d/**", "**/e/*", "*/e/z.??"]:
        files, _ = expand_sources([str(tmp_path / pattern)])
        expected = sorted(p for p in glob.glob(str(tmp_path / pattern), recursive=True) if os.path.isfile(p))
        assert [str(f) for f in files] == expected, pattern


@pytest.mark.data
def test_an_unreadable_subdirectory_is_reported(tmp_path, as_a_user, gaz):
    src = tmp_path / "in"
    (src / "open").mkdir(parents=True)
    (src / "open" / "a.txt").write_text(SENTENCES[0], encoding="utf-8")
    (src / "locked").mkdir()
    (src / "locked" / "b.txt").write_text(SENTENCES[1], encoding="utf-8")
    (src / "locked").chmod(0)
    out = tmp_path / "out"
    try:
        done = run_geomap("build", src, "-o", out, preexec_fn=as_a_user)
    finally:
        (src / "locked").chmod(0o755)
    assert done.returncode == 1 and b"locked: cannot read directory (Permission denied)" in done.stderr
    manifest = read_manifest(out)
    assert manifest["summary"]["built"] == 1 and any(e["input"].endswith("locked") for e in manifest["errors"])


@pytest.mark.data
def test_a_text_beyond_the_limit_is_refused_clearly_and_the_rest_built(tmp_path, cache_dir):
    big = tmp_path / "in" / "book.txt"
    big.parent.mkdir()
    sentence = SENTENCES[0] + " "
    big.write_text(sentence * (1_500_000 // len(sentence)), encoding="utf-8")
    (tmp_path / "in" / "note.txt").write_text(SENTENCES[1], encoding="utf-8")
    result = invoke("build", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "E088" not in result.output
    assert "book.txt: document too large (1,49" in result.stderr and "limit %s" % f"{MAX_CHARS:,}" in result.stderr
    assert read_manifest(tmp_path / "out")["summary"]["built"] == 1


@pytest.mark.data
def test_a_text_at_the_limit_is_read(parser):
    from geomap.ingest import document_from_text

    sentence = SENTENCES[0] + " "
    text = (sentence * (MAX_CHARS // len(sentence) + 1))[:MAX_CHARS]
    result = parser.parse(document_from_text(text, "long"))
    assert result.places and result.places[0].name == "Moscow"
