"""Writing outputs: atomically to files, straight through to special files.

A regular file (or a new one) is written to a temporary file beside it, then renamed over
it, so an interrupted run (Ctrl-C, a killed worker, a full disk) leaves the old file or no
file, never half of a new one. A symbolic link is followed: its target is replaced and the
link stays. A FIFO or a device is written as it is (``-o /dev/null`` stays a device), and
``-`` is standard output. Nothing that is not a regular file is ever renamed over: a
directory or a socket in the way is refused, and every failure (no space, permission
denied, a path under a regular file) is an :class:`~geomap.errors.OutputError` that names
the output.
"""
from __future__ import annotations

import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import GeomapError, OutputError

__all__ = ["write_atomic", "open_atomic", "make_dirs", "output_error", "display_path", "STDOUT"]

STDOUT = "-"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def display_path(path: str | Path) -> str:
    """A path as one line of printable text: bytes of a file name that are not UTF-8, and
    control characters, appear as ``\\xNN``.

    Examples
    --------
    >>> display_path(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    >>> display_path("two\\nlines.txt")
    'two\\\\x0alines.txt'
    """
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: "\\x%02x" % ord(m.group()), text)


def output_error(path: str | Path, err: OSError) -> OutputError:
    """The OutputError saying why ``path`` cannot be written, in one line."""
    if isinstance(err, OutputError):
        return err
    if err.errno == errno.EISDIR:
        reason = "it is a directory"
    elif err.errno in (errno.ENOTDIR, errno.EEXIST) and _blocking_file(Path(path)) is not None:
        reason = "%s is not a directory" % display_path(_blocking_file(Path(path)))
    else:
        reason = err.strerror or str(err)
    return OutputError("cannot write %s: %s" % (display_path(path), reason), path=str(path), errno=err.errno)


def _blocking_file(path: Path) -> Path | None:
    """The first ancestor of ``path`` that exists but is not a directory (it stops a mkdir)."""
    for parent in reversed(path.parents):
        if os.path.lexists(parent) and not parent.is_dir():
            return parent
    return None


def make_dirs(path: str | Path) -> Path:
    """Create a directory and its parents, or raise an OutputError that says why not."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        if path.exists() and not path.is_dir():
            raise OutputError("cannot write into %s: it is not a directory" % display_path(path),
                              path=str(path), errno=errno.ENOTDIR) from err
        raise output_error(path, err) from err
    return path


def _target(path: Path) -> tuple[Path, os.stat_result | None]:
    """Where writing ``path`` goes (its symlinks followed) and what is there now."""
    real = Path(os.path.realpath(path))
    try:
        return real, os.stat(real)
    except FileNotFoundError:
        return real, None
    except NotADirectoryError:
        return real, None  # a parent is a file: the mkdir below says which


@contextmanager
def open_atomic(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open ``path`` for writing: a temporary file that replaces it on success.

    ``-`` is standard output; a FIFO or a device is written directly; a symlink is
    followed. Every failure is an :class:`~geomap.errors.OutputError`.
    """
    binary = "b" in mode
    if str(path) == STDOUT:
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    path = Path(path)
    try:
        target, st = _target(path)
    except OSError as err:
        raise output_error(path, err) from err
    if st is not None and not stat.S_ISREG(st.st_mode):
        with _write_through(path, target, st, mode, encoding) as f:
            yield f
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".%s." % target.name, suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise output_error(path, err) from err
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o644)
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError) and not isinstance(err, (GeomapError, BrokenPipeError)):
            raise output_error(path, err) from err
        raise


@contextmanager
def _write_through(path: Path, target: Path, st: os.stat_result, mode: str, encoding: str | None) -> Iterator[IO]:
    """Write a FIFO or a device as it is; refuse a directory or a socket."""
    if stat.S_ISDIR(st.st_mode):
        raise OutputError("cannot write %s: it is a directory" % display_path(path), path=str(path),
                          errno=errno.EISDIR)
    if not (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)):
        raise OutputError("cannot write %s: it is not a file, a FIFO or a device" % display_path(path),
                          path=str(path))
    binary = "b" in mode
    try:
        f = open(target, mode, encoding=None if binary else encoding, newline=None if binary else "")
    except OSError as err:
        raise output_error(path, err) from err
    try:
        with f:
            yield f
    except OSError as err:
        if isinstance(err, (GeomapError, BrokenPipeError)):
            raise
        raise output_error(path, err) from err


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write text or bytes to ``path`` atomically and return the path (see :func:`open_atomic`)."""
    with open_atomic(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
    return Path(path)
