"""Worker processes that survive their workers: a killed worker never hangs the run.

:func:`run_in_workers` hands one item at a time to each of ``jobs`` processes and yields
``(index, result)`` as results come back. The parent knows which item each worker holds,
so when a worker dies (killed, out of memory, a crash in a C library) its item is given to
a fresh worker once more, and if that one dies too the item comes back as a
:class:`WorkerDied`; every other item is still done. Workers ignore Ctrl-C: the parent
stops them all when the run is interrupted or closed, so no process is left behind.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

__all__ = ["run_in_workers", "WorkerDied", "MAX_JOBS"]

MAX_JOBS = 4 * (os.cpu_count() or 1)  # worker processes: more only costs memory

ATTEMPTS = 2  # an item whose worker dies is tried once more, in a fresh worker


@dataclass(frozen=True)
class WorkerDied:
    """The result of an item whose worker process died every time it was tried."""

    exitcode: int | None

    def __str__(self) -> str:
        code = self.exitcode
        if code is not None and code < 0:
            try:
                how = "killed by %s" % signal.Signals(-code).name
            except ValueError:
                how = "killed by signal %d" % -code
        else:
            how = "exit status %s" % code
        return "the worker process reading it died (%s; out of memory?)" % how


def _serve(conn: Connection, func: Callable[[Any], Any], initializer: Callable[..., None] | None,
           initargs: tuple) -> None:
    """A worker: take ``(index, item)``, send back ``(index, func(item))``, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if message is None:
            return
        index, item = message
        conn.send((index, func(item)))


class _Worker:
    def __init__(self, ctx: Any, func: Callable[[Any], Any], initializer: Callable[..., None] | None,
                 initargs: tuple):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, func, initializer, initargs), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None

    def give(self, index: int, item: Any) -> bool:
        """Hand over an item; False when the worker died before it could take it (its
        death is then handled like any other, and the item given to another)."""
        self.index = index
        try:
            self.conn.send((index, item))
        except OSError:  # BrokenPipeError: killed just after it answered its last item
            return False
        return True

    def stop(self) -> None:
        """Tell the worker to end (it ends at once when idle), then make sure it has."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(0.5 if self.index is None else 0)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        self.conn.close()


def run_in_workers(
    func: Callable[[Any], Any],
    items: Iterable[Any],
    jobs: int,
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
) -> Iterator[tuple[int, Any]]:
    """Run ``func`` over ``items`` in ``jobs`` processes; yield ``(index, result)`` as they finish.

    ``func`` must not raise (catch and return errors): its result, or a
    :class:`WorkerDied` for an item whose worker died on every attempt, is yielded once
    for every item. ``func``, ``initializer`` and the items must be picklable.
    """
    todo = deque(enumerate(items))
    if not todo:
        return
    ctx = multiprocessing.get_context("spawn" if _threads() else "fork")
    tries: dict[int, int] = {}
    items_by_index = dict(todo)
    workers: list[_Worker] = []

    def feed(worker: _Worker) -> None:
        if todo:
            index, item = todo.popleft()
            tries[index] = tries.get(index, 0) + 1
            if not worker.give(index, item):
                tries[index] -= 1  # never reached a worker: not an attempt
        else:
            worker.index = None

    try:
        for _ in range(min(jobs, len(todo))):
            worker = _Worker(ctx, func, initializer, initargs)
            workers.append(worker)
            feed(worker)
        while any(w.index is not None for w in workers):
            busy = [w for w in workers if w.index is not None]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.conn in ready or worker.conn.poll():
                    try:
                        index, result = worker.conn.recv()
                    except (EOFError, OSError):
                        pass  # it died as it answered: below
                    else:
                        feed(worker)
                        yield index, result
                        continue
                if worker.process.sentinel in ready or not worker.process.is_alive():
                    lost, worker.index = worker.index, None
                    worker.process.join()
                    exitcode = worker.process.exitcode
                    worker.stop()
                    workers.remove(worker)
                    if lost is not None and tries[lost] < ATTEMPTS:
                        todo.appendleft((lost, items_by_index[lost]))
                    elif lost is not None:
                        yield lost, WorkerDied(exitcode)
                    if todo:
                        idle = next((w for w in workers if w.index is None), None)
                        if idle is None:
                            idle = _Worker(ctx, func, initializer, initargs)
                            workers.append(idle)
                        feed(idle)
    finally:
        for worker in workers:
            worker.stop()


def _threads() -> bool:
    import threading

    return threading.active_count() > 1
