"""Place rows from GeoNames dump files a user downloaded, for a full-coverage gazetteer.

``geomap gazetteer build --from DIR`` reads, from ``DIR``: ``allCountries.txt`` or
per-country ``XX.txt`` files (or their ``.zip``), and optionally ``admin1CodesASCII.txt``,
``alternateNamesV2.txt`` (or ``alternateNames.txt``) and ``countryInfo.txt``. The rows
it yields have the store's columns (:data:`geomap.store.PLACE_COLUMNS`).
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import ConfigurationError
from .names import index_keys

__all__ = ["read_geonames_dump", "geonames_feature"]

_LATIN = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u1E00-\u1EFF'’.\-()]+$")
_SKIP_LANG = {"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "phon", "piny", "fr_1793"}
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCL", "PCLIX"}
_SPECIAL = {
    "PSTB": "crossing", "MILB": "base", "INSM": "base", "AIRB": "base", "NVB": "base",
    "AIRP": "other", "CMPRF": "other", "CMP": "other", "PRT": "other",
    "STM": "water", "LK": "water", "SEA": "water", "GULF": "water", "BAY": "water", "STRT": "water",
    "MTS": "landform", "MT": "landform", "PK": "landform", "PASS": "landform", "PLAT": "landform",
    "DSRT": "landform", "VAL": "landform", "ISL": "landform",
    "RGN": "region", "CONT": "region", "AREA": "region",
}
_SKIP_PPL = {"PPLH", "PPLQ", "PPLW", "PPLCH"}


def geonames_feature(fclass: str, fcode: str, population: int, countries: set[str] | None = None) -> str | None:
    """The geomap feature of a GeoNames row, or None to leave it out.

    Examples
    --------
    >>> geonames_feature("P", "PPLA", 0)
    'city'
    >>> geonames_feature("P", "PPL", 1200)
    'town'
    >>> geonames_feature("S", "PSTB", 0)
    'crossing'
    >>> geonames_feature("S", "HTL", 0) is None
    True
    """
    if fclass == "P":
        if fcode in _SKIP_PPL:
            return None
        return "city" if fcode in ("PPLC", "PPLA", "PPLA2") or population >= 100_000 else "town"
    if fclass == "A":
        if fcode in _COUNTRY_CODES:
            return "country"
        return {"ADM1": "adm1", "ADM2": "adm2"}.get(fcode)
    return _SPECIAL.get(fcode)


def _open_bytes(path: Path) -> io.BufferedIOBase:
    if path.suffix == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as err:
            raise ConfigurationError("%s is not a readable zip file (%s)" % (path.name, err)) from err
        inner = [n for n in zf.namelist() if n.endswith(".txt") and not n.startswith("readme")]
        if not inner:
            raise ConfigurationError("%s holds no .txt file" % path)
        return zf.open(inner[0])
    return path.open("rb")


def _find(directory: Path, *stems: str) -> Path | None:
    for stem in stems:
        for suffix in (".txt", ".zip"):
            path = directory / (stem + suffix)
            if path.exists():
                return path
    return None


def _alternate_names(directory: Path) -> dict[int, list[str]]:
    path = _find(directory, "alternateNamesV2", "alternateNames")
    out: dict[int, list[str]] = {}
    if path is None:
        return out
    for n, cols in _lines(path):
        if len(cols) < 4 or cols[2] in _SKIP_LANG:
            continue
        if len(cols) > 7 and cols[7] == "1":  # historic name
            continue
        name = cols[3]
        if _LATIN.match(name) and any(ch.isupper() for ch in name):
            if not cols[1].isdigit():
                raise ConfigurationError("%s:%d: geonameid %r is not a number" % (path.name, n, cols[1]))
            out.setdefault(int(cols[1]), []).append(name)
    return out


def _lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, tab-separated fields) of a dump file; bad encoding is named by line."""
    with _open_bytes(path) as f:
        for n, raw in enumerate(f, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                raise ConfigurationError("%s:%d: not UTF-8 (%s)" % (path.name, n, err.reason)) from err
            if line.strip():
                yield n, line.rstrip("\r\n").split("\t")


def _main_files(directory: Path) -> list[Path]:
    allc = _find(directory, "allCountries")
    if allc:
        return [allc]
    files = sorted(p for p in directory.iterdir() if re.fullmatch(r"[A-Z]{2}\.(txt|zip)", p.name))
    if not files:
        raise ConfigurationError(
            "%s holds no GeoNames dump (allCountries.txt or XX.txt per country, optionally zipped)" % directory
        )
    return files


def read_geonames_dump(directory: str | Path, *, min_population: int = 0) -> Iterator[dict[str, str]]:
    """Yield store rows from the GeoNames dump files in ``directory``.

    Populated places below ``min_population`` are left out unless they are
    administrative seats. Raises :class:`~geomap.errors.ConfigurationError` when the
    directory holds no dump.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ConfigurationError("%s is not a directory" % directory)
    files = _main_files(directory)
    alternates = _alternate_names(directory)
    for path in files:
        for n, cols in _lines(path):
            try:
                row = _place_row(cols, alternates, min_population)
            except ValueError as err:
                raise ConfigurationError("%s:%d: %s" % (path.name, n, err)) from err
            if row is not None:
                yield row


def _place_row(cols: list[str], alternates: dict[int, list[str]], min_population: int) -> dict[str, str] | None:
    """A store row from one dump line, None to leave it out; ValueError says what is wrong."""
    if len(cols) < 19:
        raise ValueError("not a GeoNames row (%d columns, expected 19)" % len(cols))
    gid, name, ascii_name, alts = cols[0], cols[1], cols[2], cols[3]
    fclass, fcode, cc = cols[6], cols[7], cols[8]
    if not gid.isdigit():
        raise ValueError("geonameid %r is not a number" % gid)
    if not name.strip():
        raise ValueError("empty name")
    try:
        population = int(cols[14] or 0)
        lat, lon = float(cols[4]), float(cols[5])
    except ValueError as err:
        raise ValueError("bad number (%s)" % err) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # NaN fails too
        raise ValueError("point %s, %s is not a valid latitude, longitude" % (cols[4], cols[5]))
    if population < 0:
        raise ValueError("negative population %d" % population)
    feature = geonames_feature(fclass, fcode, population)
    if feature is None:
        return None
    if feature == "town" and population < min_population and not fcode.startswith("PPLA"):
        return None
    names = [ascii_name] + [a for a in alts.split(",") if a and _LATIN.match(a)]
    names += alternates.get(int(gid), [])
    keys, skels = index_keys(name, [a for a in names if a], cc)
    if not keys:
        raise ValueError("name %r has no letters or digits" % name)
    countries = [cc] + [c for c in cols[9].split(",") if c and c != cc]
    return {
        "id": "geonames:%s" % gid, "name": name, "feature": feature, "code": fcode,
        "country": cc, "countries": ",".join(c for c in countries if c),
        "admin1": cols[10] if feature != "country" else "",
        "admin2": cols[11] if feature not in ("country", "adm1") else "",
        "lat": cols[4], "lon": cols[5], "population": str(population),
        "keys": "|".join(keys), "skeletons": "|".join(skels),
    }
