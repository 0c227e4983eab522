"""`geomap extract`: the JSON contract, through the CLI."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from geomap.cli import main

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def runner(cache_dir):
    return CliRunner()


def run(runner, args, **kw):
    return runner.invoke(main, ["extract", *args], **kw)


def test_contract_on_the_example(runner):
    from .conftest import EXAMPLES

    path = EXAMPLES / "afghan-border-2021-07-14.txt"
    result = run(runner, [str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.strip().splitlines()
    doc = json.loads(line)
    text = path.read_text(encoding="utf-8")
    assert doc["id"] == "afghan-border-2021-07-14"
    assert set(doc) >= {"id", "places", "events"}
    starts = [p["start"] for p in doc["places"]]
    assert starts == sorted(starts)
    for p in doc["places"]:
        assert text[p["start"]:p["end"]] == p["name"]
        assert {"name", "start", "end", "lat", "lon", "feature", "country", "gazetteer_id", "confidence"} <= set(p)
        assert 0 <= p["confidence"] <= 1


def test_jsonl_input_keeps_order_and_ids(runner, tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in
                           [("z", "Talks in Moscow."), ("a", "Fighting in Herat."), ("m", "Nothing.")]), encoding="utf-8")
    result = run(runner, [str(p)])
    assert result.exit_code == 0
    docs = [json.loads(x) for x in result.stdout.splitlines()]
    assert [d["id"] for d in docs] == ["z", "a", "m"]
    assert [p["name"] for p in docs[1]["places"]] == ["Herat"] and docs[2]["places"] == []


def test_stdin(runner):
    result = run(runner, ["-"], input="Troops fled to Tajikistan.")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["id"] == "stdin" and doc["places"][0]["country"] == "TJ"


def test_bad_inputs_are_reported_and_the_rest_processed(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Refugees reached Dushanbe.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\xff\x00")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"Caf\xe9")
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{"id": "x", "text": "Kabul"}\n{broken\n', encoding="utf-8")
    result = run(runner, [str(empty), str(good), str(binary), str(latin), str(lines), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["good", "x"]
    for name in ("empty.txt", "bin.txt", "latin.txt", "lines.jsonl:2", "missing.txt"):
        assert name in result.stderr
    assert "Traceback" not in result.stderr


def test_output_file_and_formats(runner, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Refugees crossed from Badakhshan into Tajikistan.", encoding="utf-8")
    out = tmp_path / "out" / "places.json"
    assert run(runner, [str(src), "--format", "json", "-o", str(out)]).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data[0]["id"] == "a" and [p["name"] for p in data[0]["places"]] == ["Badakhshan", "Tajikistan"]
    assert [p.name for p in out.parent.iterdir()] == ["places.json"]  # no temporary file left
    geo = run(runner, [str(src), "--format", "geojson"])
    fc = json.loads(geo.stdout)
    assert fc["type"] == "FeatureCollection" and len(fc["bbox"]) == 4
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"] if f["geometry"]["type"] == "Point" else f["geometry"]["coordinates"][0]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and "id" in f


@pytest.mark.parametrize("args", [[], ["x.txt", "--published", "14/07/2021"], ["x.txt", "--format", "xml"], ["x.txt", "--jobs", "0"],
                                  ["x.txt", "--jobs", "100000"]])
def test_usage_errors(runner, args):
    result = run(runner, args)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_missing_spacy_model_is_a_clear_error(runner, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Kabul", encoding="utf-8")
    result = run(runner, [str(src), "--spacy-model", "no_such_model_xyz"])
    assert result.exit_code == 1 and "not installed" in result.output


def test_jobs_two_gives_the_same_output(runner, tmp_path):
    p = tmp_path / "in.jsonl"
    texts = ["Talks in Moscow.", "Fighting in Herat.", "Refugees in Dushanbe.", "Storm near Atlanta, Georgia."] * 3
    p.write_text("\n".join(json.dumps({"id": str(i), "text": t}) for i, t in enumerate(texts)), encoding="utf-8")
    one = run(runner, [str(p)]).stdout
    two = run(runner, [str(p), "--jobs", "2"]).stdout
    assert one == two and len(one.splitlines()) == 12


def test_python_m_geomap(tmp_path, cache_dir):
    src = tmp_path / "a.txt"
    src.write_text("Kabul", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "geomap", "extract", str(src)], capture_output=True, text=True)
    assert out.returncode == 0 and json.loads(out.stdout)["places"][0]["name"] == "Kabul"


def test_geojson_events_of_the_seed(runner):
    from .conftest import EXAMPLES

    result = run(runner, [str(EXAMPLES / "afghan-border-2021-07-14.txt"), "--format", "geojson"])
    assert result.exit_code == 0
    fc = json.loads(result.stdout)
    events = [f for f in fc["features"] if f["properties"]["kind"] == "event"]
    lines = [f for f in events if f["geometry"]["type"] == "LineString"]
    assert lines and all(f["properties"]["type"] == "crossing" for f in lines)
    badakhshan = next(f for f in lines if f["properties"]["where"].startswith("Badakhshan"))
    (lon0, lat0), (_, lat1) = badakhshan["geometry"]["coordinates"][0], badakhshan["geometry"]["coordinates"][-1]
    assert lon0 > 70 and lat0 < lat1  # from Badakhshan (east) to Tajikistan's point (north)
    props = badakhshan["properties"]
    assert props["quantity"] == 350 and props["document"] == "afghan-border-2021-07-14"
    assert {"type", "actor", "quantity", "date", "evidence"} <= set(props)
    points = [f for f in events if f["geometry"]["type"] == "Point"]
    assert {"control", "base", "military_activity", "meeting"} <= {f["properties"]["type"] for f in points}
    assert all(len(f["geometry"]["coordinates"]) == 2 for f in fc["features"] if f["geometry"]["type"] == "Point")
