"""The one-call Python API: geomap.extract, geomap.extract_many, Extraction outputs."""
import json
import os
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path

import pytest

import geomap
from geomap.errors import InputError
from geomap.model import Document, Extraction

pytestmark = pytest.mark.data

CROSSING = "Refugees crossed from Badakhshan into Tajikistan."


@pytest.fixture
def files(tmp_path, cache_dir):
    (tmp_path / "kunduz-2021-08-08.txt").write_text("The Taliban seized Kunduz on Sunday.", encoding="utf-8")
    (tmp_path / "talks.md").write_text("---\ndate: 2022-09-14\n---\nForeign ministers met in Dushanbe on Tuesday.",
                                       encoding="utf-8")
    with (tmp_path / "feed.jsonl").open("w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "a", "text": "Troops fled into Tajikistan."}) + "\n")
        f.write(json.dumps({"id": "b", "text": "Fighting went on near Herat.", "published": "2021-07-01"}) + "\n")
    (tmp_path / "empty.txt").write_text("\n", encoding="utf-8")
    return tmp_path


def test_extract_a_text(cache_dir):
    x = geomap.extract(CROSSING)
    assert isinstance(x, Extraction) and x.document.id == "text"
    assert x.events[0].type == "crossing" and x.events[0].where == ("Badakhshan", "Tajikistan")
    assert [p.country for p in x.places] == ["AF", "TJ"]


def test_extract_is_what_the_cli_prints(files):
    from click.testing import CliRunner

    from geomap.cli import main

    path = files / "kunduz-2021-08-08.txt"
    printed = json.loads(CliRunner().invoke(main, ["extract", str(path)]).stdout)
    assert geomap.extract(path).to_dict() == printed
    assert geomap.extract(str(path)).to_dict() == printed  # a one-line string ending in .txt is a path


def test_extract_dates_relative_days(files):
    assert geomap.extract("Foreign ministers met in Dushanbe on Tuesday.", published="2022-09-14").events[0].date == "2022-09-13"
    assert geomap.extract(files / "talks.md").events[0].date == "2022-09-13"  # the file's own date
    # A date the file carries wins over published=, as in the CLI.
    x = geomap.extract(files / "talks.md", published=date(2030, 1, 1))
    assert x.document.published == date(2022, 9, 14)


def test_extract_takes_a_document(cache_dir):
    x = geomap.extract(Document("mine", CROSSING, published=date(2021, 7, 14), title="Border"))
    assert x.document.id == "mine" and x.document.title == "Border" and x.events


@pytest.mark.parametrize("source, message", [
    ("   ", "empty document"),
    ("missing-file.txt", "missing-file.txt"),
], ids=["empty", "missing"])
def test_extract_raises_a_clear_input_error(cache_dir, source, message):
    with pytest.raises(InputError, match=message):
        geomap.extract(source)


def test_extract_of_a_feed_asks_for_extract_many(files):
    with pytest.raises(InputError, match="2 documents: use geomap.extract_many"):
        geomap.extract(files / "feed.jsonl")


def test_extract_many_streams_in_order(files):
    sources = [files / "kunduz-2021-08-08.txt", CROSSING, files / "feed.jsonl", Document("d", "Talks in Moscow.")]
    results = geomap.extract_many(sources)
    assert not isinstance(results, list)  # a generator, read as consumed
    ids = [x.document.id for x in results]
    assert ids == ["kunduz-2021-08-08", "text-2", "a", "b", "d"]


def test_extract_many_with_worker_processes_gives_the_same(files):
    sources = [files / "feed.jsonl", CROSSING, files / "kunduz-2021-08-08.txt"]
    one = [x.to_dict() for x in geomap.extract_many(sources)]
    two = [x.to_dict() for x in geomap.extract_many(sources, jobs=2)]
    assert one == two and len(one) == 4


def test_extract_many_warns_by_name_and_goes_on(files):
    sources = [files / "empty.txt", files / "nope.txt", files / "kunduz-2021-08-08.txt"]
    with pytest.warns(UserWarning) as caught:
        ids = [x.document.id for x in geomap.extract_many(sources)]
    assert ids == ["kunduz-2021-08-08"]
    messages = [str(w.message) for w in caught]
    assert any("empty.txt" in m for m in messages) and any("nope.txt" in m for m in messages)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(list(geomap.extract_many(sources, errors="skip"))) == 1


def test_extract_many_raise_stops_after_what_came_before(files):
    sources = [files / "kunduz-2021-08-08.txt", files / "empty.txt", CROSSING]
    got = []
    with pytest.raises(InputError, match="empty.txt"):
        for x in geomap.extract_many(sources, errors="raise"):
            got.append(x.document.id)
    assert got == ["kunduz-2021-08-08"]


@pytest.mark.parametrize("kw, message", [({"errors": "ignore"}, "errors must be"), ({"jobs": 0}, "jobs")])
def test_extract_many_checks_its_options(cache_dir, kw, message):
    with pytest.raises(ValueError, match=message):
        next(geomap.extract_many([CROSSING], **kw))


def test_missing_model_is_a_configuration_error(cache_dir):
    from geomap.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="not installed"):
        geomap.extract(CROSSING, spacy_model="no_such_spacy_model")


def test_notebook_shows_a_map(cache_dir):
    html = geomap.extract(CROSSING)._repr_html_()
    assert html.startswith("<div") and "<iframe" in html
    assert "geomap.render(" in html and "Tajikistan" in html


def test_works_from_outside_the_source_tree(cache_dir, tmp_path):
    code = "import geomap; x = geomap.extract(%r); print(x.events[0].type)" % CROSSING
    env = dict(os.environ, PYTHONPATH="")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "crossing"
    assert Path(geomap.__file__).is_file()
