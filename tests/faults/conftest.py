"""The fault suite's helpers: run geomap as a user would and make the faults happen for real
(a device node, a FIFO, a killed worker, a full disk, a directory that cannot be read)."""
from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geomap.cli import main

SENTENCES = (
    "Talks were held in Moscow on Monday.",
    "Refugees crossed from Afghanistan into Tajikistan on Tuesday.",
    "Shelling was reported near Kharkiv overnight.",
    "Ministers of both countries met in Doha on Friday.",
)


def invoke(*args: Any, **kw: Any):
    """Run a geomap command in this process; it must end with a message, never an exception."""
    result = CliRunner().invoke(main, [str(a) for a in args], **kw)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("geomap raised %r:\n%s" % (result.exception, result.output)) from result.exception
    assert "Traceback" not in result.output
    return result


def run_geomap(*args: Any, timeout: float = 240, preexec_fn=None, cwd: Path | None = None,
               input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m geomap`` in a child process, as a user would; stderr is checked for tracebacks."""
    proc = subprocess.run([sys.executable, "-m", "geomap", *map(str, args)], capture_output=True, timeout=timeout,
                          preexec_fn=preexec_fn, cwd=cwd, input=input)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    return proc


def read_manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def write_articles(folder: Path, n: int, prefix: str = "article") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / ("%s-%03d.txt" % (prefix, i))
        p.write_text("%s (Report %d.)" % (SENTENCES[i % len(SENTENCES)], i), encoding="utf-8")
        paths.append(p)
    return paths


def _drop_root_powers() -> None:
    """In a child: lose the capabilities that let root read and write past file modes."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone after exec too
            raise OSError(ctypes.get_errno(), "cannot drop capability %d" % cap)


@pytest.fixture
def article(tmp_path, cache_dir):
    """A one-sentence article on disk."""
    p = tmp_path / "article.txt"
    p.write_text(SENTENCES[1], encoding="utf-8")
    return p


@pytest.fixture(scope="session")
def as_a_user():
    """A ``preexec_fn`` under which file modes hold: none when not root, else root without
    its override capabilities (skips where they cannot be dropped)."""
    if os.geteuid() != 0:
        return None
    probe = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_drop_root_powers, capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot drop root's file capabilities here")
    return _drop_root_powers


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs: writes fail with ENOSPC for real (skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "geomap-test-%s" % uuid.uuid4().hex[:8],
                           str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: %s" % done.stderr.decode(errors="replace").strip())
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
