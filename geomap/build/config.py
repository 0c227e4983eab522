"""``geomap build`` options and the ``geomap.toml`` file that names map groups.

Example ``geomap.toml``::

    [build]
    output = "output"        # where maps go (relative to this file)
    group_by = "day"         # document | day | country | none
    jobs = 2
    title = "Border monitor"
    self_contained = false   # true: Leaflet and the basemap inside every page, no assets/

    [[maps]]
    name = "afghan-border-july"      # file name: output/afghan-border-july.html
    title = "Afghanistan's borders, July 2021"
    inputs = ["articles/*.txt"]      # relative to this file; globs allowed
    countries = ["AF", "TJ"]         # keep events and places in these countries
    kinds = ["crossing", "control"]  # keep these event kinds
    from = 2021-07-01                # keep documents published (or events dated) in range
    to = 2021-07-31
    basemap = "offline"              # offline | online (Leaflet from a CDN)

Names become file names inside the output directory: a name with a path separator, "..",
or anything but letters, digits, dots, dashes and underscores is refused, so a config can
never write outside the output directory; so is a name geomap gives its own pages
(``index``, ``manifest``, ``all``, ``day-...``, ``country-...``, ``group-...``). Every value
is checked for its type (and ``jobs`` for its range) before anything is read.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError
from ..model import EVENT_TYPES
from ..workers import MAX_JOBS

__all__ = ["BuildOptions", "MapGroup", "load_config", "safe_name", "generated_name", "GROUP_BY", "MAX_JOBS",
           "RESERVED_NAMES", "GENERATED_PREFIXES"]

GROUP_BY = ("document", "day", "country", "none")
RESERVED_NAMES = frozenset({"index", "manifest", "all"})  # the gallery, the manifest, the --group-by none map
GENERATED_PREFIXES = ("group-", "day-", "country-")  # the --group-by day/country maps
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_BUILD_TYPES: dict[str, tuple[type | tuple[type, ...], str]] = {
    "output": (str, "a path"), "group_by": (str, "text"), "jobs": (int, "a whole number"), "title": (str, "text"),
    "online": (bool, "true or false"), "spacy_model": (str, "a model name"), "published": ((str, date), "a date"),
}
_MAP_TYPES: dict[str, tuple[type | tuple[type, ...], str]] = {
    "name": (str, "text"), "title": (str, "text"), "inputs": ((str, list), "a path or a list of paths"),
    "countries": ((str, list), "a list of country codes"), "kinds": ((str, list), "a list of event kinds"),
    "from": ((str, date), "a date"), "to": ((str, date), "a date"), "basemap": (str, "text"),
}


@dataclass(frozen=True)
class MapGroup:
    """A map the config asks for: its inputs and filters."""

    name: str
    title: str | None = None
    inputs: tuple[str, ...] = ()
    countries: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    start: date | None = None
    end: date | None = None
    online: bool = False


@dataclass(frozen=True)
class BuildOptions:
    """Everything that decides what a build writes (it is part of every cache key)."""

    output: Path = Path("output")
    group_by: str = "document"
    jobs: int = 1
    title: str = "geomap maps"
    online: bool = False
    spacy_model: str | None = None
    published: date | None = None
    groups: tuple[MapGroup, ...] = field(default=())
    self_contained: bool = False  # inline Leaflet and the basemap in every page (no assets/ folder)
    base_dir: Path = Path(".")

    def __post_init__(self) -> None:
        if self.group_by not in GROUP_BY:
            raise ConfigurationError("group_by must be one of %s, got %s" % (", ".join(GROUP_BY), _show(self.group_by)))
        if isinstance(self.jobs, bool) or not isinstance(self.jobs, int) or not 1 <= self.jobs <= MAX_JOBS:
            raise ConfigurationError("jobs must be a whole number from 1 to %d (four per CPU of this machine), got %s"
                                     % (MAX_JOBS, _show(self.jobs)))
        if not isinstance(self.title, str):
            raise ConfigurationError("title must be text, got %s" % _show(self.title))

    def cache_key(self) -> dict[str, Any]:
        """The options that change a document's outputs (not jobs, not paths)."""
        return {"online": self.online, "spacy_model": self.spacy_model, "self_contained": self.self_contained,
                "published": self.published.isoformat() if self.published else None}


def safe_name(name: str, *, what: str = "map name") -> str:
    """A file name that stays inside the output directory, or ConfigurationError."""
    if not isinstance(name, str) or not _NAME.match(name) or ".." in name:
        raise ConfigurationError(
            "%s %r must be a plain file name (letters, digits, '.', '-', '_'; no path): "
            "maps are written inside the output directory only" % (what, name))
    return name


def generated_name(name: str) -> bool:
    """Whether geomap writes a page of this name itself (the gallery, a day or country map...)."""
    low = name.lower()
    return low in RESERVED_NAMES or low.startswith(GENERATED_PREFIXES)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_types(table: dict[str, Any], types: dict[str, tuple[type | tuple[type, ...], str]], where: str) -> None:
    """Every known key of a config table holds a value of its type (a bool is no number)."""
    for key, (kind, what) in types.items():
        if key not in table:
            continue
        value = table[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise ConfigurationError("%s: %s must be %s, got %s" % (where, key, what, _show(value)))
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ConfigurationError("%s: %s must be %s (text), got %s" % (where, key, what, _show(value)))


def _strings(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _date(value: Any, where: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise ConfigurationError("%s: %r is not a YYYY-MM-DD date" % (where, value)) from err


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except OSError as err:
        raise ConfigurationError("cannot read config %s: %s" % (path, err.strerror or err)) from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigurationError("config %s is not valid TOML: %s" % (path, err)) from err


def load_config(path: str | Path) -> tuple[dict[str, Any], tuple[MapGroup, ...]]:
    """Read ``geomap.toml``: the ``[build]`` settings (checked) and the ``[[maps]]`` groups."""
    path = Path(path)
    raw = _read_toml(path)
    unknown = set(raw) - {"build", "maps"}
    if unknown:
        raise ConfigurationError("config %s: unknown section(s) %s" % (path, ", ".join(sorted(unknown))))
    if not isinstance(raw.get("build", {}), dict):
        raise ConfigurationError("config %s: build must be a table ([build])" % path)
    build = dict(raw.get("build", {}))
    allowed = {"output", "group_by", "jobs", "title", "online", "spacy_model", "published", "self_contained"}
    if set(build) - allowed:
        raise ConfigurationError("config %s [build]: unknown key(s) %s" % (path, ", ".join(sorted(set(build) - allowed))))
    _check_types(build, _BUILD_TYPES, "config %s [build]" % path)
    if "group_by" in build and build["group_by"] not in GROUP_BY:
        raise ConfigurationError("config %s: group_by must be one of %s" % (path, ", ".join(GROUP_BY)))
    if "jobs" in build and not 1 <= build["jobs"] <= MAX_JOBS:
        raise ConfigurationError("config %s [build]: jobs must be from 1 to %d (four per CPU of this machine), got %d"
                                 % (path, MAX_JOBS, build["jobs"]))
    if "output" in build:
        build["output"] = (path.parent / str(build["output"])).resolve()
    if "published" in build:
        build["published"] = _date(build["published"], "config [build] published")
    groups = []
    seen: set[str] = set()
    if not isinstance(raw.get("maps", []), list):
        raise ConfigurationError("config %s: maps must be an array of tables ([[maps]])" % path)
    for i, m in enumerate(raw.get("maps", [])):
        where = "config %s [[maps]] #%d" % (path, i + 1)
        if not isinstance(m, dict) or "name" not in m:
            raise ConfigurationError("%s needs a name" % where)
        extra = set(m) - {"name", "title", "inputs", "countries", "kinds", "from", "to", "basemap"}
        if extra:
            raise ConfigurationError("%s: unknown key(s) %s" % (where, ", ".join(sorted(extra))))
        _check_types(m, _MAP_TYPES, where)
        name = safe_name(m["name"])
        if generated_name(name):
            raise ConfigurationError(
                "%s: map name %r is taken: geomap writes index.html (the gallery), all.html and the day-..., "
                "country-... and group-... maps itself; choose another name" % (where, name))
        if name.lower() in seen:
            raise ConfigurationError("%s: a map named %r is already defined" % (where, name))
        seen.add(name.lower())
        countries = _strings(m.get("countries", []))
        if not all(_COUNTRY.match(c) for c in countries):
            raise ConfigurationError("%s: countries must be two-letter ISO codes (AF, TJ), got %s"
                                     % (where, _show(countries)))
        kinds = frozenset(_strings(m.get("kinds", [])))
        if kinds - set(EVENT_TYPES):
            raise ConfigurationError("%s: unknown event kind(s) %s" % (where, ", ".join(sorted(kinds - set(EVENT_TYPES)))))
        if m.get("basemap", "offline") not in ("offline", "online"):
            raise ConfigurationError("%s: basemap must be offline or online" % where)
        inputs = _strings(m.get("inputs", []))
        groups.append(MapGroup(
            name=name, title=m.get("title"),
            inputs=tuple(str(path.parent / p) if not Path(p).is_absolute() else p for p in inputs),
            countries=frozenset(c.upper() for c in countries), kinds=kinds,
            start=_date(m.get("from"), where + " from"), end=_date(m.get("to"), where + " to"),
            online=m.get("basemap") == "online",
        ))
    return build, tuple(groups)
