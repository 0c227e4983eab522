"""Issue 13, items 2 and 6: every config value is checked, with a clear message, before any work;
a map cannot take a name geomap gives its own pages."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.build.config import MAX_JOBS, BuildOptions, load_config
from geomap.errors import ConfigurationError

from .conftest import SENTENCES, invoke


def config(tmp_path, text):
    path = tmp_path / "geomap.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [100_000, MAX_JOBS + 1, 0, -5], ids=["huge", "above-cap", "zero", "negative"])
def test_jobs_out_of_range_are_refused(tmp_path, jobs):
    with pytest.raises(ConfigurationError, match="jobs must be from 1 to %d" % MAX_JOBS):
        load_config(config(tmp_path, "[build]\njobs = %d\n" % jobs))
    with pytest.raises(ConfigurationError, match="jobs must be a whole number from 1 to %d" % MAX_JOBS):
        BuildOptions(jobs=jobs)


def test_the_jobs_cap_follows_the_machine():
    import os

    assert MAX_JOBS == 4 * (os.cpu_count() or 1) and BuildOptions(jobs=MAX_JOBS).jobs == MAX_JOBS


BAD = [
    ("[build]\ntitle = 42\n", "title must be text, got 42"),
    ("[build]\njobs = \"many\"\n", "jobs must be a whole number, got 'many'"),
    ("[build]\njobs = true\n", "jobs must be a whole number, got True"),
    ("[build]\nonline = \"yes\"\n", "online must be true or false"),
    ("[build]\noutput = 5\n", "output must be a path"),
    ("[build]\nspacy_model = [1]\n", "spacy_model must be a model name"),
    ("build = 3\n", "build must be a table"),
    ("maps = 5\n", "maps must be an array of tables"),
    ("[maps]\nname = \"x\"\n", "maps must be an array of tables"),
    ("[[maps]]\nname = \"x\"\ninputs = [1]\n", "inputs must be a path or a list of paths"),
    ("[[maps]]\nname = \"x\"\ninputs = 7\n", "inputs must be a path or a list of paths"),
    ("[[maps]]\nname = 5\n", "name must be text"),
    ("[[maps]]\nname = \"x\"\ntitle = 1.5\n", "title must be text"),
    ("[[maps]]\nname = \"x\"\ncountries = [1]\n", "countries must be a list of country codes"),
    ("[[maps]]\nname = \"x\"\ncountries = [\"Afghanistan\"]\n", "two-letter ISO codes"),
    ("[[maps]]\nname = \"x\"\nkinds = 3\n", "kinds must be a list of event kinds"),
]


@pytest.mark.parametrize("text, message", BAD, ids=[m for _, m in BAD])
def test_wrong_types_are_clear_errors_before_any_work(tmp_path, text, message, cache_dir):
    article = tmp_path / "a.txt"
    article.write_text(SENTENCES[0], encoding="utf-8")
    result = invoke("build", "--config", config(tmp_path, text), article, "-o", tmp_path / "out")
    assert result.exit_code == 1 and message in result.output, result.output
    assert not (tmp_path / "out").exists()  # refused before anything was built


def test_a_single_string_is_one_country_or_kind_not_its_letters(tmp_path):
    _, (group,) = load_config(config(tmp_path, '[[maps]]\nname = "x"\ncountries = "af"\nkinds = "attack"\n'))
    assert group.countries == {"AF"} and group.kinds == {"attack"}


def test_a_timestamp_date_is_read_as_its_day(tmp_path):
    from datetime import date

    _, (group,) = load_config(config(tmp_path, '[[maps]]\nname = "x"\nfrom = 2021-07-01T08:00:00\n'))
    assert group.start == date(2021, 7, 1) and type(group.start) is date


GENERATED = ["index", "INDEX", "all", "manifest", "day-2021-07-14", "country-AF", "Country-af", "group-x"]


@pytest.mark.parametrize("name", GENERATED)
def test_generated_page_names_are_refused(tmp_path, name):
    with pytest.raises(ConfigurationError, match="is taken"):
        load_config(config(tmp_path, '[[maps]]\nname = "%s"\ninputs = ["a.txt"]\n' % name))


def test_two_names_that_differ_only_in_case_are_one_file(tmp_path):
    with pytest.raises(ConfigurationError, match="already defined"):
        load_config(config(tmp_path, '[[maps]]\nname = "Border"\n[[maps]]\nname = "border"\n'))


def test_a_config_map_named_index_does_not_overwrite_the_gallery(tmp_path, cache_dir):
    article = tmp_path / "a.txt"
    article.write_text(SENTENCES[1], encoding="utf-8")
    cfg = config(tmp_path, '[build]\noutput = "out"\n\n[[maps]]\nname = "index"\ninputs = ["a.txt"]\n')
    result = invoke("build", "--config", cfg)
    assert result.exit_code == 1 and "'index' is taken" in result.output
    assert not (tmp_path / "out" / "index.html").exists()


@settings(max_examples=40, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3), max_leaves=4),
       st.sampled_from(["output", "group_by", "jobs", "title", "online", "spacy_model", "published"]))
def test_any_value_is_refused_with_a_message_or_is_of_its_type(tmp_path_factory, value, key):
    toml = _toml(value)
    if toml is None:
        return
    path = config(tmp_path_factory.mktemp("cfg"), "[build]\n%s = %s\n" % (key, toml))
    try:
        build, _ = load_config(path)
    except ConfigurationError as err:
        assert key in str(err) or "TOML" in str(err)
        return
    kinds = {"group_by": str, "jobs": int, "title": str, "online": bool, "spacy_model": str}
    if key in kinds:
        assert type(build[key]) is kinds[key]
    BuildOptions(**{k: v for k, v in build.items() if k in ("group_by", "jobs", "title", "online")})


def _toml(value):
    """A TOML literal for simple values (None has none)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if abs(value) != float("inf") else None
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    items = [_toml(v) for v in value]
    return None if None in items else "[%s]" % ", ".join(items)
