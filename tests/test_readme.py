"""The README's Python examples run as written."""
import re
import shutil

import pytest

from .conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.data

BLOCKS = re.findall(r"^```python\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S | re.M)


def test_the_readme_has_python_examples():
    joined = "\n".join(BLOCKS)
    for name in ("geomap.extract(", "geomap.extract_many(", "geomap.to_dataframe(", "geomap.to_geodataframe(",
                 'add_pipe("geomap_resolver")', 'add_pipe("geomap_events")'):
        assert name in joined


@pytest.mark.parametrize("code", BLOCKS, ids=[b.strip().splitlines()[-1][:40] for b in BLOCKS])
def test_readme_example_runs(code, tmp_path, monkeypatch, cache_dir, capsys):
    if "geopandas" in code or "to_geodataframe" in code:
        pytest.importorskip("geopandas")
    if "to_dataframe" in code:
        pytest.importorskip("pandas")
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    out = capsys.readouterr().out
    if "print(" in code:
        assert out.strip()
    if "x.events[0]" in code or "doc._.events" in code:
        assert "crossing" in out and "Tajikistan" in out
    if "to_file(" in code:
        assert (tmp_path / "events.geojson").stat().st_size > 0
    if "write_map(" in code:
        assert (tmp_path / "output" / "note.html").stat().st_size > 0
