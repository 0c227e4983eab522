"""The README's promise, held over generated inputs and file names: a bad input is reported by
name (and line), everything else is built, the exit status is 1, and a manifest is written."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.errors import InputError
from geomap.fileio import display_path
from geomap.ingest import read_path

from .conftest import SENTENCES, invoke, read_manifest

# ------------------------------------------------------------------------ JSONL lines
GOOD_LINE = st.builds(
    lambda i, extra: {"text": SENTENCES[i], **extra},
    st.integers(0, len(SENTENCES) - 1),
    st.fixed_dictionaries({}, optional={"published": st.dates().map(str), "title": st.text(max_size=20),
                                        "url": st.just("https://example.org/a")}),
)
BAD_LINE = st.one_of(
    st.integers(20_000, 40_000).map(lambda n: '{"text": "x", "a": %s%s}' % ("[" * n, "]" * n)),
    st.integers(4301, 6000).map(lambda n: '{"text": "x", "n": %s}' % ("7" * n)),
    st.sampled_from(['{oops', '[1, 2]', '"just a string"', "42", '{"id": "x"}', '{"text": 5}', '{"text": "  "}',
                     '{"text": "x", "published": "14/07/2021"}', '{"text": "x", "title": {"a": 1}}',
                     '{"text": "x", "id": [1]}', '{"text": "\\udc80 x"}', '{"text": "x"} trailing',
                     '{"text": "x", "published": 20210714}']),
    st.text(min_size=1, max_size=30).filter(lambda t: t.strip() and "\n" not in t and not _is_json_object(t)),
).map(str.encode) | st.sampled_from([b"caf\xe9 au lait", b'{"text": "\x80"}', b"\x00\x01\x02", b'{"text": "a\x00b"}'])


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):
        return False


@st.composite
def jsonl_files(draw):
    """The bytes of a JSONL file and what each line should give: an id or an error (None).

    A file with NUL bytes near its start and no readable line is one binary file (line None).
    """
    lines, expected = [], []
    for n in range(1, draw(st.integers(1, 8)) + 1):
        kind = draw(st.sampled_from(["good", "bad", "blank"]))
        if kind == "good":
            obj = dict(draw(GOOD_LINE), id="doc-%d" % n)
            lines.append(json.dumps(obj, ensure_ascii=draw(st.booleans())).encode())
            expected.append(("doc-%d" % n, n))
        elif kind == "bad":
            lines.append(draw(BAD_LINE))
            expected.append((None, n))
        else:
            lines.append(draw(st.sampled_from([b"", b"  ", b"\t"])))
    data = b"\n".join(lines)
    if all(doc_id is None for doc_id, _ in expected) and b"\x00" in data[:8192]:
        expected = [(None, None)]
    return data, expected


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(jsonl_files())
def test_every_jsonl_line_is_a_document_or_an_error_naming_its_line(tmp_path, case):
    data, expected = case
    path = tmp_path / "feed.jsonl"
    path.write_bytes(data)
    items = list(read_path(path))
    assert len(items) == len(expected)
    for item, (doc_id, line) in zip(items, expected):
        if doc_id is None:
            where = str(path) if line is None else "%s:%d" % (path, line)
            assert isinstance(item, InputError) and item.line == line and str(item).startswith(where + ": ")
        else:
            assert not isinstance(item, InputError), str(item)
            assert item.id == doc_id and item.source == "%s:%d" % (path, line)


# ------------------------------------------------------------------------ whole builds
NAME = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=24).filter(
    lambda s: not s.startswith(".") and len(os.fsencode(s)) < 200)
ODD_BYTES = st.sampled_from([b"", b"\xff", b"caf\xe9", b"\x80\x81"]).map(os.fsdecode)
BAD_TEXT = st.sampled_from([b"", b"  \n\t", b"\x00\x01binary\x02", b"caf\xe9 au lait", b"\xff\xfe\x00\xd8"])


@st.composite
def inputs(draw):
    """A folder's worth of files: (name, bytes, bad lines or None for a bad file, good ids count)."""
    names = draw(st.lists(st.tuples(NAME, ODD_BYTES), min_size=1, max_size=5,
                          unique_by=lambda t: (t[0] + t[1]).lower()))
    files = []
    for stem, odd in names:
        kind = draw(st.sampled_from(["good", "bad", "jsonl"]))
        if kind == "good":
            suffix = draw(st.sampled_from([".txt", ".md"]))
            files.append((stem + odd + suffix, SENTENCES[draw(st.integers(0, 3))].encode(), [], 1))
        elif kind == "bad":
            files.append((stem + odd + ".txt", draw(BAD_TEXT), None, 0))
        else:
            data, expected = draw(jsonl_files())
            binary = expected == [(None, None)]
            files.append((stem + odd + ".jsonl", data, None if binary else [n for doc_id, n in expected if doc_id is None],
                          sum(doc_id is not None for doc_id, _ in expected)))
    return files


@pytest.mark.data
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inputs())
def test_a_build_reports_each_bad_input_and_builds_the_rest(tmp_path, cache_dir, files):
    src, out = tmp_path / "in", tmp_path / "out"
    shutil.rmtree(src, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    src.mkdir()
    for name, data, _, _ in files:
        (src / name).write_bytes(data)
    result = invoke("build", src, "-o", out)
    bad = sum(1 if lines is None else len(lines) for _, _, lines, _ in files)
    good = sum(n for *_, n in files)
    assert result.exit_code == (1 if bad else 0), result.output
    for name, _, lines, _ in files:
        shown = display_path(src / name)
        if lines is None:
            assert shown in result.stderr
        for n in lines or ():
            assert "%s:%d:" % (shown, n) in result.stderr
    manifest = read_manifest(out)
    assert manifest["summary"]["built"] == good and manifest["summary"]["errors"] == bad
    assert len(manifest["inputs"]) == len(files)
    for doc in manifest["documents"]:
        assert doc["status"] == "built" and all((out / o).is_file() for o in doc["outputs"])
    assert (out / "index.html").is_file()
