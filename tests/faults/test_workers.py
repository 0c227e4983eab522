"""Issue 13, item 3: a killed worker never hangs a build; Ctrl-C ends it; a manifest is written."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from geomap.errors import ProcessingError
from geomap.model import Document, Extraction
from geomap.pipeline import Geoparser
from geomap.workers import WorkerDied, run_in_workers

from .conftest import read_manifest, write_articles


def _times_ten_or_die(x: int) -> int:
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # this item kills whichever worker reads it
    return x * 10


def _children(pid: int) -> list[int]:
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def test_an_item_that_kills_its_worker_costs_only_itself():
    results = dict(run_in_workers(_times_ten_or_die, range(12), 3))
    assert sorted(results) == list(range(12))
    assert isinstance(results[3], WorkerDied) and results[3].exitcode == -signal.SIGKILL
    assert "killed by SIGKILL" in str(results[3])
    assert {i: r for i, r in results.items() if i != 3} == {i: i * 10 for i in range(12) if i != 3}
    assert not _children(os.getpid())  # every worker was ended


class _DyingParser(Geoparser):
    """A parser whose worker process dies on any document that asks for it."""

    def parse(self, document: Document) -> Extraction:
        if "die here" in document.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return super().parse(document)


def test_parse_many_survives_a_killed_worker(small_gaz):
    texts = ["Talks were held in Kabul.", "They die here.", "Refugees reached Dushanbe.", "Nothing at all."]
    docs = [Document(text=t, id="d%d" % i) for i, t in enumerate(texts)]
    results = list(_DyingParser(small_gaz).parse_many(docs, jobs=2))
    assert [r.document.id if isinstance(r, Extraction) else r.source for r in results] == ["d0", "d1", "d2", "d3"]
    assert isinstance(results[1], ProcessingError) and "killed by SIGKILL" in str(results[1])
    assert {p.name for p in results[2].places} == {"Dushanbe"}
    assert not _children(os.getpid())


def test_an_item_given_to_a_worker_that_just_died_goes_to_another():
    import multiprocessing

    from geomap.workers import _Worker

    worker = _Worker(multiprocessing.get_context("fork"), _times_ten_or_die, None, ())
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.join(5)
    assert worker.give(1, 1) is False  # no BrokenPipeError: the item is handed to another worker
    assert worker.index == 1  # and is counted as lost with the worker
    worker.stop()


def test_closing_the_run_early_ends_every_worker():
    results = run_in_workers(_times_ten_or_die, [1, 2, 4, 5, 6, 7, 8], 2)
    next(results)
    assert _children(os.getpid())
    results.close()
    assert not _children(os.getpid())


def _start_build(src, out, *extra):
    return subprocess.Popen([sys.executable, "-m", "geomap", "build", str(src), "-o", str(out), "--jobs", "2", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _wait_for(out, n: int, proc, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline and len(list(out.glob("article-*.html"))) < n:
        assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
        time.sleep(0.05)


def _stop(proc) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.mark.data
def test_a_killed_worker_does_not_hang_the_build(tmp_path, gaz):
    src = tmp_path / "in"
    write_articles(src, 80)
    out = tmp_path / "out"
    proc = _start_build(src, out)
    try:
        _wait_for(out, 3, proc)
        workers = _children(proc.pid)
        assert workers, "the build runs no worker process"
        os.kill(workers[0], signal.SIGKILL)
        try:
            _, err = proc.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            pytest.fail("the build hangs after one of its workers was killed")
    finally:
        _stop(proc)
    assert b"Traceback" not in err
    assert proc.returncode == 0, err.decode(errors="replace")  # the document it held was read again
    manifest = read_manifest(out)
    assert manifest["summary"]["built"] == 80 and manifest["summary"]["errors"] == 0
    assert len(list(out.glob("article-*.html"))) == 80


@pytest.mark.data
def test_ctrl_c_ends_a_build_whose_worker_was_killed(tmp_path, gaz):
    src = tmp_path / "in"
    write_articles(src, 80)
    out = tmp_path / "out"
    proc = _start_build(src, out)
    try:
        _wait_for(out, 3, proc)
        workers = _children(proc.pid)
        os.kill(workers[0], signal.SIGKILL)
        time.sleep(0.2)
        workers = _children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("Ctrl-C does not end the build")
    finally:
        _stop(proc)
    assert proc.returncode == 130 and b"run again to resume" in err and b"Traceback" not in err
    manifest = read_manifest(out)
    assert manifest["summary"]["interrupted"] and manifest["summary"]["documents"] == 80
    assert not [w for w in workers if _is_running(w)]  # no worker left behind


def _is_running(pid: int) -> bool:
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False
