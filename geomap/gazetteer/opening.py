"""Which store to open, and building the default one, part by part, on first use.

An installed wheel carries a store built from its tables (:data:`~.store.PACKAGED_STORE`),
used as it is unless the user built one in the cache. Otherwise the default store lives in
the user's cache directory and is made from the shipped data when it is missing, outdated
or damaged (its content digest no longer matches). First use puts only the ``names``
part there, which reading text needs: the package ships it prebuilt and gzipped
(:data:`~.store.SHIPPED_NAMES_PART`), so first use unpacks it, and builds it from the
tables only when that file is missing or was made from other tables. The ``search`` and
``shapes`` parts are built beside it the first time a lookup needs them
(:func:`ensure_part`). One process builds a file at a time: the others wait on a lock
file beside it, which is opened without following a symbolic link and never truncated.
While a part is built a one-line note goes to standard error when that is a terminal.
"""
from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import sqlite3
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import GazetteerUnavailable
from . import store
from .store import CORE_PART, SCHEMA_VERSION, default_store_path, shipped_data_hash, verify_store

__all__ = ["resolve_store_path", "packaged_store", "ensure_default_store", "ensure_part", "install_store",
           "unpack_names_part", "check_store", "build_lock"]

_WHAT = {"names": "the offline gazetteer", "search": "the gazetteer's search index",
         "shapes": "the gazetteer's boundaries"}


def resolve_store_path(path: str | Path | None) -> tuple[Path, bool]:
    """The store to open and whether the user named it (an argument or ``$GEOMAP_GAZETTEER``)."""
    if path is None and os.environ.get("GEOMAP_GAZETTEER"):
        path = os.environ["GEOMAP_GAZETTEER"]
    if path is not None:
        return Path(path), True
    return default_store_path(), False


def packaged_store() -> Path | None:
    """The store the installed wheel carries, when it is there, sound and made from the
    shipped tables; else None (then the default store is built in the cache)."""
    path = store.PACKAGED_STORE
    if not path.is_file():
        return None
    meta = _sound_meta(path)
    if meta is None or meta.get("data_hash") != shipped_data_hash() \
            or meta.get("parts", "").split(",") != list(store.PARTS):
        return None
    return path


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


def install_store(path: Path) -> None:
    """Put the first-use part of the default store at ``path``: the shipped, prebuilt
    names part when it is there and matches the shipped tables, else built from them."""
    if not unpack_names_part(path):
        from .building import build_store

        build_store(path, parts=(CORE_PART,))


def unpack_names_part(path: Path, source: Path | None = None) -> bool:
    """Unpack the shipped names part (:data:`~.store.SHIPPED_NAMES_PART`) to ``path``,
    atomically; False, leaving nothing behind, when it is absent, damaged or made from
    other tables or another schema than this package's."""
    from .building import create_temp

    source = source or store.DATA_DIR / store.SHIPPED_NAMES_PART.name
    if not source.is_file():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(create_temp(path))
    try:
        with gzip.open(source, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        meta = _sound_meta(tmp)
        if meta is None or meta.get("source") != "shipped" or meta.get("data_hash") != shipped_data_hash() \
                or meta.get("parts") != CORE_PART:
            tmp.unlink()
            return False
        os.replace(tmp, path)
    except (OSError, EOFError, zlib.error):
        tmp.unlink(missing_ok=True)
        return False
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def ensure_default_store(target: Path, *, rebuild: bool = False) -> None:
    """Build the default store at ``target`` unless a sound one is there already."""
    with build_lock(target):
        if not rebuild and target.exists():
            try:
                check_store(target)
                return  # another process built it while this one waited
            except GazetteerUnavailable:
                pass
        _note(CORE_PART, target)
        try:
            install_store(target)
        except (OSError, sqlite3.Error, ValueError) as err:
            raise GazetteerUnavailable("cannot build the gazetteer store at %s: %s" % (target, err)) from err


def ensure_part(path: Path, part: str, store_meta: dict[str, str]) -> None:
    """Make sure ``path`` holds a sound ``part`` matching a store (whose metadata is
    ``store_meta``), building it from the shipped tables when it is missing or damaged."""
    if _sound_part(path, part, store_meta):
        return
    if store_meta.get("source") != "shipped" or store_meta.get("data_hash") != shipped_data_hash():
        raise GazetteerUnavailable(
            "the gazetteer store holds no %s part and was not built from the shipped tables; rebuild it "
            "with `geomap gazetteer build`" % part
        )
    from .building import build_store

    hint = "`geomap gazetteer build` builds every part, where the cache is writable"
    try:
        with build_lock(path):
            if _sound_part(path, part, store_meta):
                return  # another process built it while this one waited
            _note(part, path)
            build_store(path, parts=(part,))
    except GazetteerUnavailable as err:
        raise GazetteerUnavailable("%s (%s)" % (err, hint)) from err
    except (OSError, sqlite3.Error, ValueError) as err:
        raise GazetteerUnavailable("cannot build %s at %s: %s (%s)" % (_WHAT[part], path, err, hint)) from err


def _sound_part(path: Path, part: str, store_meta: dict[str, str]) -> bool:
    """Whether ``path`` is an undamaged file of ``part`` built from the store's tables."""
    meta = _sound_meta(path)
    return (meta is not None and part in meta.get("parts", "").split(",")
            and meta.get("data_hash") == store_meta.get("data_hash"))


def _sound_meta(path: Path) -> dict[str, str] | None:
    """The metadata of an undamaged, complete store file of this schema, else None."""
    from .reader import store_uri

    try:
        if not verify_store(path):
            return None
        con = sqlite3.connect(store_uri(path), uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except (OSError, sqlite3.Error):
        return None
    return meta if meta.get("complete") == "1" and meta.get("schema") == SCHEMA_VERSION else None


def _note(part: str, path: Path) -> None:
    if sys.stderr.isatty():
        print("geomap: setting up %s in %s (once)..." % (_WHAT[part], path.parent), file=sys.stderr, flush=True)
