"""Which store to open, and building the default one on first use.

The default store lives in the user's cache directory and is unpacked (or built) from
the shipped data when it is missing, outdated or damaged (its content digest no longer matches).
One process builds it at a time: the others wait on a lock file beside it, which is
opened without following a symbolic link and never truncated. While the store is set up
a one-line note goes to standard error when that is a terminal.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from ..errors import GazetteerUnavailable
from .store import default_store_path, install_store, verify_store

__all__ = ["resolve_store_path", "ensure_default_store", "check_store", "build_lock"]


def resolve_store_path(path: str | Path | None) -> tuple[Path, bool]:
    """The store to open and whether the user named it (an argument or ``$GEOMAP_GAZETTEER``)."""
    if path is None and os.environ.get("GEOMAP_GAZETTEER"):
        path = os.environ["GEOMAP_GAZETTEER"]
    if path is not None:
        return Path(path), True
    return default_store_path(), False


def check_store(path: Path) -> None:
    """Raise :class:`GazetteerUnavailable` when a store file is damaged (digest mismatch)."""
    try:
        ok = verify_store(path)
    except OSError as err:
        raise GazetteerUnavailable("cannot read gazetteer store %s: %s" % (path, err)) from err
    if not ok:
        raise GazetteerUnavailable(
            "gazetteer store %s is corrupt (its content no longer matches its digest); "
            "rebuild it with `geomap gazetteer build`" % path
        )


@contextlib.contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<store>.lock`` (POSIX; elsewhere no lock).

    The lock file is opened with ``O_NOFOLLOW`` and never truncated: a symbolic link
    planted there is refused, and whatever it points to is left untouched.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    lock = target.with_name(target.name + ".lock")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as err:
        if lock.is_symlink():
            raise GazetteerUnavailable("refusing to use %s: it is a symbolic link" % lock) from err
        raise GazetteerUnavailable("cannot create the lock %s: %s" % (lock, err.strerror or err)) from err
    try:
        import stat

        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise GazetteerUnavailable("refusing to use %s: it is not a regular file" % lock)
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def ensure_default_store(target: Path, *, rebuild: bool = False) -> None:
    """Build the default store at ``target`` unless a sound one is there already."""
    with build_lock(target):
        if not rebuild and target.exists():
            try:
                check_store(target)
                return  # another process built it while this one waited
            except GazetteerUnavailable:
                pass
        note = sys.stderr.isatty()
        if note:
            print("geomap: setting up the offline gazetteer in %s (once)..." % target.parent,
                  file=sys.stderr, flush=True)
        try:
            install_store(target)
        except (OSError, sqlite3.Error, ValueError) as err:
            raise GazetteerUnavailable("cannot build the gazetteer store at %s: %s" % (target, err)) from err
