"""Build hook: a wheel carries the gazetteer store, built from the shipped tables.

``pip install .`` (or any wheel) includes ``geomap/data/gazetteer.sqlite3``, so the
installed package opens its gazetteer at once. An editable install or a source checkout
has no such file and builds the store in the user's cache on first use instead. The file
is made here, at build time, and never committed (``.gitignore`` keeps it out). All other
metadata is in ``pyproject.toml``.
"""
from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithStore(build_py):
    """Copy the package as usual, then build the store into the copy's data directory."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False) or self.dry_run:
            return
        lib = Path(self.build_lib).resolve()
        sys.path.insert(0, str(lib))  # the copied package: its data directory is the one packed
        try:
            from geomap.gazetteer.store import PACKAGED_STORE, build_store
        finally:
            sys.path.remove(str(lib))
        if lib not in PACKAGED_STORE.parents:
            raise RuntimeError("geomap was imported from %s, not from the build directory" % PACKAGED_STORE)
        build_store(PACKAGED_STORE)
        self.announce("built the gazetteer store %s" % PACKAGED_STORE, level=2)


setup(cmdclass={"build_py": BuildWithStore})
