import json

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.gazetteer import Gazetteer, haversine_km

from .conftest import DATA


@pytest.fixture
def runner(small_store, monkeypatch):
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(small_store))
    return CliRunner()


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and "geomap" in result.output


def all_commands(group, prefix=()):
    import click

    for name, cmd in group.commands.items():
        yield prefix + (name,)
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path", list(all_commands(main)), ids=" ".join)
def test_every_command_has_help(runner, path):
    result = runner.invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output) > 100


def test_search_json(runner):
    result = runner.invoke(main, ["gazetteer", "search", "Sher Khan Bandar", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"id", "name", "lat", "lon", "feature", "country", "admin1", "population"} <= set(rows[0])
    assert haversine_km(rows[0]["lat"], rows[0]["lon"], 37.20, 68.61) <= 15


def test_search_table_and_filters(runner):
    result = runner.invoke(main, ["gazetteer", "search", "Georgia", "--country", "US"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["name", "feature", "country"]
    assert "adm1" in lines[1] and "US" in lines[1]


def test_search_no_match_is_not_an_error(runner):
    result = runner.invoke(main, ["gazetteer", "search", "Xyzzyville", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output) == []


@pytest.mark.parametrize("query", ["", "x" * 10_000, "'; DROP TABLE place; --", "\x00\x01"])
def test_search_bad_queries(runner, query):
    result = runner.invoke(main, ["gazetteer", "search", query, "--format", "json"])
    assert result.exit_code == 0
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [["gazetteer", "search"], ["gazetteer", "search", "x", "--limit", "0"],
     ["gazetteer", "search", "x", "--feature", "castle"], ["gazetteer", "reverse", "100", "0"],
     ["no-such-command"]],
)
def test_usage_errors_exit_2(runner, args):
    assert runner.invoke(main, args).exit_code == 2


def test_bad_country_filter_exits_1(runner):
    result = runner.invoke(main, ["gazetteer", "search", "Kunduz", "--country", "Afghanistan"])
    assert result.exit_code == 1 and "ISO 3166-1" in result.output


def test_reverse_json(runner):
    result = runner.invoke(main, ["gazetteer", "reverse", "36.9", "68.8", "--format", "json", "--limit", "2"])
    assert result.exit_code == 0
    out = json.loads(result.output)
    assert out["country"]["name"] == "Afghanistan" and out["admin1"]["name"] == "Kunduz"
    assert len(out["nearest"]) == 2


def test_info(runner):
    result = runner.invoke(main, ["gazetteer", "info", "--format", "json"])
    assert result.exit_code == 0
    info = json.loads(result.output)
    assert info["places"] == 23 and "GeoNames" in info["attribution"]


def test_missing_store_exits_1(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tmp_path / "nope.sqlite3"))
    result = CliRunner().invoke(main, ["gazetteer", "search", "Kunduz"])
    assert result.exit_code == 1 and "no gazetteer store" in result.output


def test_build_from_geonames_dump(tmp_path, monkeypatch):
    from geomap import store

    monkeypatch.setattr(store, "read_place_rows", lambda: iter(()))  # the dump alone
    out = tmp_path / "full.sqlite3"
    result = CliRunner().invoke(main, ["gazetteer", "build", "--from", str(DATA / "geonames_dump"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    gaz = Gazetteer(out)
    assert gaz.lookup("Sherkhan Bandar")[0].feature == "crossing"  # from alternateNamesV2
    assert gaz.lookup("Kunduz City")[0].feature == "city"
    assert gaz.lookup("Old Kunduz Fort") == ()  # a historical site: not a feature geomap keeps
    assert gaz.lookup("Deserted Village") == ()  # abandoned place
    assert gaz.lookup("Tiny Hamlet")[0].population == 12
    assert gaz.lookup("Afghanistan")[0].feature == "country"


def test_build_from_dump_min_population(tmp_path, monkeypatch):
    from geomap import store

    monkeypatch.setattr(store, "read_place_rows", lambda: iter(()))
    out = tmp_path / "full.sqlite3"
    args = ["gazetteer", "build", "--from", str(DATA / "geonames_dump"), "--min-population", "100", "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert Gazetteer(out).lookup("Tiny Hamlet") == ()


def test_build_from_a_directory_without_dump(tmp_path):
    result = CliRunner().invoke(main, ["gazetteer", "build", "--from", str(tmp_path), "-o", str(tmp_path / "x")])
    assert result.exit_code == 1 and "no GeoNames dump" in result.output
