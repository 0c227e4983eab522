"""Issue 13, item 1: `-o` never replaces a special file; `-o -` is standard output."""
from __future__ import annotations

import json
import os
import stat
import threading

import pytest

from geomap.errors import OutputError
from geomap.fileio import write_atomic

from .conftest import invoke

pytestmark = pytest.mark.data


def _null_device(path):
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the same device as /dev/null
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root")
    return path


@pytest.mark.parametrize("command", ["map", "extract"])
def test_a_device_node_stays_a_device(tmp_path, article, command):
    node = _null_device(tmp_path / "null")
    result = invoke(command, article, "-o", node)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(node).st_mode), "the device node was replaced by a file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt", "null"]  # no temporary left
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_through(tmp_path, article):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    result = invoke("map", article, "-o", fifo)
    reader.join(60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
    assert received and received[0].lstrip().startswith("<!DOCTYPE html") and "</html>" in received[0]


def test_a_symlink_is_followed_and_kept(tmp_path, article):
    (tmp_path / "maps").mkdir()
    target = tmp_path / "maps" / "real.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "latest.html"
    link.symlink_to(target)
    result = invoke("map", article, "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "</html>" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the file keeps its mode


def test_dash_is_standard_output(tmp_path, article, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = invoke("map", article, "-o", "-")
    assert page.exit_code == 0 and page.stdout.lstrip().startswith("<!DOCTYPE html")
    assert "standard output" in page.stderr
    lines = invoke("extract", article, "-o", "-")
    assert lines.exit_code == 0 and json.loads(lines.stdout)["id"] == "article"
    assert not (tmp_path / "-").exists()


def test_a_symlink_loop_or_a_directory_is_refused_clearly(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OutputError, match="symbolic links"):
        write_atomic(tmp_path / "a", "x")
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()
    (tmp_path / "dir").mkdir()
    with pytest.raises(OutputError, match="is a directory"):
        write_atomic(tmp_path / "dir", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "dir"]
