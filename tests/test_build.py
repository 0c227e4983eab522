"""`geomap build`: many inputs, incremental, robust, parallel, groups, gallery, manifest, dask."""
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main

from .conftest import EXAMPLES

pytestmark = pytest.mark.data
SEED = (EXAMPLES / "afghan-border-2021-07-14.txt").read_text(encoding="utf-8")
TEXTS = [
    ("kabul-2021-08-15", "2021-08-15", "Taliban fighters entered Kabul on Sunday. Thousands of Afghans fled to Pakistan through Torkham."),
    ("goris-2022-09-13", "2022-09-13", "Azerbaijani forces shelled the town of Jermuk and Goris overnight, Armenia said on Tuesday."),
    ("dessie-2021-10-30", "2021-10-30", "Tigrayan forces seized the town of Dessie in Amhara on Saturday."),
    ("berlin-2024-02-28", "2024-02-28", "Foreign ministers of Azerbaijan and Armenia met in Berlin on Wednesday."),
]


def make_inputs(root: Path) -> Path:
    src = root / "articles"
    (src / "sub").mkdir(parents=True)
    (src / "afghan-border-2021-07-14.txt").write_text(SEED, encoding="utf-8")
    for doc_id, published, text in TEXTS[:2]:
        (src / "sub" / (doc_id + ".md")).write_text("---\ndate: %s\n---\n%s" % (published, text), encoding="utf-8")
    with (src / "batch.jsonl").open("w", encoding="utf-8") as f:
        for doc_id, published, text in TEXTS[2:]:
            f.write(json.dumps({"id": doc_id, "text": text, "published": published, "title": doc_id.title()}) + "\n")
    return src


def build(args, **kw):
    return CliRunner().invoke(main, ["build", *map(str, args)], **kw)


def digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.*"))
            if p.suffix in (".html", ".geojson")}


@pytest.fixture
def inputs(tmp_path, cache_dir):
    return make_inputs(tmp_path)


def test_build_writes_maps_gallery_and_manifest(inputs, tmp_path):
    out = tmp_path / "out"
    result = build([inputs, "-o", out, "--group-by", "day"])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    for doc_id in ["afghan-border-2021-07-14"] + [t[0] for t in TEXTS]:
        assert {doc_id + ".html", doc_id + ".geojson"} <= names
    assert {"day-2021-07-14.html", "day-2021-10-30.geojson", "index.html", "manifest.json"} <= names
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tool"] == "geomap" and manifest["version"] and manifest["options"]["group_by"] == "day"
    assert manifest["summary"]["built"] == 5 and manifest["summary"]["errors"] == 0
    for entry in manifest["inputs"]:
        assert entry["sha256"] == hashlib.sha256(Path(entry["path"]).read_bytes()).hexdigest()
    assert all(d["status"] == "built" and d["outputs"] for d in manifest["documents"])
    assert manifest["timings"]["total_s"] > 0
    gallery = (out / "index.html").read_text(encoding="utf-8")
    assert gallery.count("<tr>") >= 1 + 5 + 1 and 'href="kabul-2021-08-15.html"' in gallery
    assert "crossing" in gallery and "<script" not in gallery


def test_rerun_skips_everything_and_force_rebuilds(inputs, tmp_path):
    out = tmp_path / "out"
    assert build([inputs, "-o", out, "--group-by", "country"]).exit_code == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html")}
    again = build([inputs, "-o", out, "--group-by", "country"])
    s = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["summary"]
    assert again.exit_code == 0 and s["built"] == 0 and s["skipped"] == 5 and s["groups_built"] == 0
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.html") if p.name != "index.html"} == \
        {k: v for k, v in before.items() if k != "index.html"}
    assert build([inputs, "-o", out, "--group-by", "country", "--force"]).exit_code == 0
    s = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["summary"]
    assert s["built"] == 5 and s["groups_built"] > 0


def test_changed_input_rebuilds_only_itself_and_its_groups(inputs, tmp_path):
    out = tmp_path / "out"
    assert build([inputs, "-o", out, "--group-by", "none"]).exit_code == 0
    doc = inputs / "sub" / "goris-2022-09-13.md"
    doc.write_text(doc.read_text(encoding="utf-8") + " Clashes went on near Kapan.", encoding="utf-8")
    assert build([inputs, "-o", out, "--group-by", "none"]).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    status = {d["id"]: d["status"] for d in manifest["documents"]}
    assert status.pop("goris-2022-09-13") == "built" and set(status.values()) == {"skipped"}
    assert [g["status"] for g in manifest["groups"]] == ["built"]


def test_options_are_part_of_the_cache_key(inputs, tmp_path):
    out = tmp_path / "out"
    assert build([inputs, "-o", out]).exit_code == 0
    assert build([inputs, "-o", out, "--online"]).exit_code == 0
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["summary"]["built"] == 5


def test_broken_inputs_are_reported_by_name_and_line(inputs, tmp_path):
    bad = inputs / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (bad / "latin1.txt").write_bytes(b"caf\xe9 au lait")
    (bad / "empty.md").write_text("", encoding="utf-8")
    (bad / "lines.jsonl").write_text('{"id": "ok-line", "text": "Talks in Moscow."}\n{oops\n', encoding="utf-8")
    out = tmp_path / "out"
    result = build([inputs, "-o", out])
    assert result.exit_code == 1
    for name in ("binary.txt", "latin1.txt", "empty.md", "lines.jsonl:2"):
        assert name in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["summary"]["built"] == 6 and len(manifest["errors"]) == 4
    assert any(e["line"] == 2 and e["input"].endswith("lines.jsonl") for e in manifest["errors"])
    assert (out / "ok-line.html").exists() and "latin1.txt" in (out / "index.html").read_text(encoding="utf-8")


def test_jobs_two_gives_the_same_outputs(inputs, tmp_path):
    assert build([inputs, "-o", tmp_path / "one", "--group-by", "day"]).exit_code == 0
    assert build([inputs, "-o", tmp_path / "two", "--group-by", "day", "--jobs", "2"]).exit_code == 0
    assert digests(tmp_path / "one") == digests(tmp_path / "two")


def test_no_progress_bar_when_not_a_terminal(inputs, tmp_path):
    result = build([inputs, "-o", tmp_path / "out"])
    assert "it/s" not in result.output and "doc/s" not in result.output and "documents:" in result.output
    quiet = build([inputs, "-o", tmp_path / "out", "--quiet"])
    assert quiet.output == ""


def test_config_groups_and_filters(inputs, tmp_path):
    cfg = tmp_path / "geomap.toml"
    cfg.write_text(f'''
[build]
output = "maps"
title = "Border monitor"

[[maps]]
name = "caucasus"
title = "Caucasus, 2022"
inputs = ["{inputs.name}/sub/*.md"]
countries = ["AM"]
kinds = ["attack"]
from = 2022-01-01
to = 2022-12-31

[[maps]]
name = "everything-online"
inputs = ["{inputs.name}"]
basemap = "online"
''', encoding="utf-8")
    result = build(["--config", cfg])
    assert result.exit_code == 0, result.output
    out = tmp_path / "maps"
    caucasus = json.loads((out / "caucasus.geojson").read_text(encoding="utf-8"))
    kinds = {f["properties"]["type"] for f in caucasus["features"] if f["properties"]["kind"] == "event"}
    assert kinds == {"attack"}
    assert {f["properties"]["document"] for f in caucasus["features"]} == {"goris-2022-09-13"}
    assert "unpkg.com/leaflet" in (out / "everything-online.html").read_text(encoding="utf-8")
    assert "Border monitor" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["../escape", "/etc/passwd", "a/b", "..", ".hidden", "x" * 200])
def test_config_cannot_write_outside_the_output(tmp_path, name, cache_dir):
    cfg = tmp_path / "geomap.toml"
    cfg.write_text('[[maps]]\nname = "%s"\ninputs = ["x.txt"]\n' % name, encoding="utf-8")
    result = build(["--config", cfg])
    assert result.exit_code == 1 and "plain file name" in result.output
    assert not (tmp_path / "escape.html").exists()


def test_document_ids_cannot_escape_either(tmp_path, cache_dir):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "../../evil", "text": "Talks in Moscow."}) + "\n", encoding="utf-8")
    out = tmp_path / "deep" / "out"
    assert build([src, "-o", out]).exit_code == 0
    assert (out / "evil.html").exists() and not (tmp_path / "evil.html").exists()


@pytest.mark.parametrize("content, message", [("[build]\ngroup_by = 'week'\n", "group_by"), ("[nope]\n", "unknown section"),
                                              ("[[maps]]\nname = 'a'\nkinds = ['riot']\n", "unknown event kind"),
                                              ("not = toml = at all", "not valid TOML")])
def test_bad_config_is_a_clear_error(tmp_path, content, message, cache_dir):
    cfg = tmp_path / "geomap.toml"
    cfg.write_text(content, encoding="utf-8")
    result = build(["--config", cfg, "x.txt"])
    assert result.exit_code == 1 and message in result.output


def test_usage_errors(tmp_path):
    assert build([]).exit_code == 2
    assert build(["x", "--group-by", "week"]).exit_code == 2
    assert build(["x", "--jobs", "0"]).exit_code == 2


def test_missing_source_is_reported(inputs, tmp_path):
    result = build([inputs, tmp_path / "nowhere", "-o", tmp_path / "out"])
    assert result.exit_code == 1 and "nowhere" in result.output


def many_inputs(root: Path, n: int) -> Path:
    src = root / "many"
    src.mkdir()
    for i in range(n):
        (src / ("seed-%03d.txt" % i)).write_text(SEED.replace("Wednesday", "Wednesday (%d)" % i), encoding="utf-8")
    return src


def test_killed_run_leaves_whole_files_and_resumes(tmp_path, cache_dir):
    src = many_inputs(tmp_path, 40)
    out = tmp_path / "out"
    env = dict(os.environ, GEOMAP_CACHE_DIR=str(cache_dir))
    proc = subprocess.Popen([sys.executable, "-m", "geomap", "build", str(src), "-o", str(out), "--quiet"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("seed-*.html"))) < 5:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = list(out.glob("seed-*.html"))
    assert 5 <= len(done) < 40, "the run should have been stopped midway"
    for page in done:
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")  # whole files only
    result = build([src, "-o", out, "--quiet"])
    assert result.exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["summary"]["skipped"] >= len(done) - 1 and manifest["summary"]["documents"] == 40
    assert len(list(out.glob("seed-*.html"))) == 40 and not list(out.rglob(".*.tmp"))


def test_ctrl_c_stops_cleanly(tmp_path, cache_dir):
    src = many_inputs(tmp_path, 40)
    out = tmp_path / "out"
    env = dict(os.environ, GEOMAP_CACHE_DIR=str(cache_dir))
    proc = subprocess.Popen([sys.executable, "-m", "geomap", "build", str(src), "-o", str(out)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("seed-*.html"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "run again to resume" in err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["summary"]["interrupted"] and manifest["summary"]["unfinished"] > 0


def test_dask_cluster_matches_local(inputs, tmp_path):
    distributed = pytest.importorskip("distributed")
    local = tmp_path / "local"
    assert build([inputs, "-o", local, "--group-by", "day"]).exit_code == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        remote = tmp_path / "dask"
        result = build([inputs, "-o", remote, "--group-by", "day", "--executor", "dask", "--scheduler", cluster.scheduler_address])
        assert result.exit_code == 0, result.output
    assert digests(local) == digests(remote)
    manifest = json.loads((remote / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["executor"] == "dask" and manifest["summary"]["built"] == 5


def test_dask_without_scheduler_is_an_error(inputs, tmp_path):
    result = build([inputs, "-o", tmp_path / "o", "--executor", "dask"])
    assert result.exit_code == 1 and "--scheduler" in result.output


def test_a_document_named_like_a_group_does_not_overwrite_it(tmp_path, cache_dir):
    src = tmp_path / "in"
    src.mkdir()
    (src / "all.txt").write_text("Foreign ministers met in Berlin on Wednesday.", encoding="utf-8")
    (src / "day-2021-07-14.txt").write_text(SEED, encoding="utf-8")
    out = tmp_path / "out"
    assert build([src, "-o", out, "--group-by", "none"]).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    outputs = {d["id"]: d["outputs"][0] for d in manifest["documents"]}
    assert outputs == {"all": "all-doc.html", "day-2021-07-14": "day-2021-07-14-doc.html"}
    assert [g["html"] for g in manifest["groups"]] == ["all.html"]
    assert "Berlin" in (out / "all-doc.html").read_text(encoding="utf-8")
    again = build([src, "-o", out, "--group-by", "none"])
    s = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["summary"]
    assert again.exit_code == 0 and s["skipped"] == 2 and s["groups_built"] == 0


def test_one_text_in_two_files_gives_two_maps(tmp_path, cache_dir):
    for folder in ("a", "b"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "report.txt").write_text("Talks were held in Moscow.", encoding="utf-8")
    out = tmp_path / "out"
    assert build([tmp_path / "in", "-o", out]).exit_code == 0
    s = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["summary"]
    assert s["built"] == 2 and s["unfinished"] == 0
    assert {p.name for p in out.glob("report*.html")} == {"report.html", "report-%s.html" % hashlib.sha1(b"report").hexdigest()[:8]}
    assert build([tmp_path / "in", "-o", out]).exit_code == 0
    s = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["summary"]
    assert s["skipped"] == 2 and s["built"] == 0


def test_config_inputs_spelled_another_way_still_join_their_group(inputs, tmp_path, monkeypatch):
    (tmp_path / "cfg").mkdir()
    cfg = tmp_path / "cfg" / "geomap.toml"
    cfg.write_text('[[maps]]\nname = "grp"\ninputs = ["../%s/sub/*.md"]\n' % inputs.name, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = build([inputs.name, "--config", cfg, "-o", "out"])
    assert result.exit_code == 0, result.output
    groups = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["groups"]
    assert [len(g["members"]) for g in groups if g["name"] == "grp"] == [2]


def test_a_second_build_into_the_same_output_is_refused(inputs, tmp_path):
    fcntl = pytest.importorskip("fcntl")
    out = tmp_path / "out"
    (out / ".geomap").mkdir(parents=True)
    with open(out / ".geomap" / "lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = build([inputs, "-o", out])
    assert result.exit_code == 1 and "another geomap build" in result.output
    assert build([inputs, "-o", out]).exit_code == 0


def test_build_writes_every_event_to_events_csv(inputs, tmp_path):
    import csv

    from geomap.maps.tables import EVENT_COLUMNS

    out = tmp_path / "out"
    assert build([inputs, "-o", out]).exit_code == 0
    first = (out / "events.csv").read_bytes()
    with open(out / "events.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == EVENT_COLUMNS
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["summary"]["events"] == len(rows) > 5
    # Input order, each document's events in text order.
    order = [d["id"] for d in manifest["documents"]]
    docs = [r["document"] for r in rows]
    assert sorted(set(docs), key=order.index) == [d for d in order if d in docs]
    assert docs == sorted(docs, key=order.index)
    assert any(r["event_type"] == "crossing" and r["document"] == "kabul-2021-08-15" for r in rows)
    # An unchanged rerun reads nothing again and writes the same table from the cache.
    assert build([inputs, "-o", out]).exit_code == 0
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["summary"]["skipped"] == 5
    assert (out / "events.csv").read_bytes() == first
