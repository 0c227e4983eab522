"""Leaflet maps: a folium Map with geomap's own layers, offline by default.

>>> m = build_map([extraction])            # doctest: +SKIP
>>> write_map(m, "output/afghan-border.html")  # doctest: +SKIP

A map inlines Leaflet (vendored from npm, BSD-2-Clause) and geomap's runtime, draws an
offline vector basemap from the bundled boundaries, and keeps tile basemaps (OpenStreetMap,
CartoDB) as switchable layers that only load when chosen and online. ``online=True`` links
Leaflet from a CDN instead. ``shared_assets="assets/"`` links Leaflet, the runtime and the
basemap from files a build writes once (:func:`write_shared_assets`, named by content
hash), so a page holds only its own data. Output is deterministic: folium's random element
ids are replaced by sequential ones, so the same input renders byte for byte the same.
"""
from __future__ import annotations

import hashlib
import html as html_lib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement

from ..errors import BrowserUnavailable, RenderError
from ..fileio import write_atomic
from ..model import Document, Extraction
from .mapdata import basemap_payload, map_data

__all__ = ["GeoMap", "build_map", "render_html", "write_map", "screenshot", "find_chromium", "shared_asset_files",
           "write_shared_assets"]

STATIC = Path(__file__).resolve().parent / "static"
LEAFLET_CDN = "https://unpkg.com/leaflet@1.9.4/dist/"
_HEX_ID = re.compile(r"_([0-9a-f]{32})\b")


@lru_cache(maxsize=None)
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _leaflet_sri() -> str:
    """The subresource-integrity hash of the vendored Leaflet (the CDN copy must match it)."""
    import base64

    return "sha384-" + base64.b64encode(hashlib.sha384((STATIC / "leaflet.js").read_bytes()).digest()).decode()


def _json_for_script(obj: Any) -> str:
    """JSON that is safe inside a <script> element (no "</script>", no HTML entities)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class _Raw(Element):
    """Markup added as is: branca compiles an Element's text as a Jinja template, which
    would read "{{" in a script or in article text as template syntax."""

    def __init__(self, text: str):
        super().__init__()  # no template: the class's own, compiled once
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class GeoMap(folium.Map):
    """A folium Map that links no CDN asset: geomap adds what it needs itself."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []

    def render(self, **kwargs: Any) -> None:
        """As ``MacroElement.render``, but the rendered macros are added as they are:
        branca would compile each as a new Jinja template, on every map."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise RenderError("GeoMap must be rendered inside a Figure")
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            if part in macros:
                getattr(figure, part).add_child(_Raw(macros[part](self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


@lru_cache(maxsize=2)
def shared_asset_files(online: bool = False) -> dict[str, tuple[str, bytes]]:
    """The files the pages of a build share, by role (``leaflet.js``, ``leaflet.css``,
    ``geomap.js``, ``geomap.css``, ``basemap.js``): each a (file name, content) pair, the
    name carrying a hash of the content. ``online`` leaves Leaflet out (pages link the CDN)."""
    files: dict[str, tuple[str, bytes]] = {}
    sources = [("geomap.js", _static("geomap.js")), ("geomap.css", _static("geomap.css")),
               ("basemap.js", "window.geomapBasemap = %s;\n" % _json_for_script(basemap_payload()))]
    if not online:
        sources = [("leaflet.js", _static("leaflet.js")), ("leaflet.css", _static("leaflet.css"))] + sources
    for role, text in sources:
        data = text.encode("utf-8")
        stem, ext = role.split(".")
        files[role] = ("%s-%s.%s" % (stem, hashlib.sha256(data).hexdigest()[:12], ext), data)
    return files


def write_shared_assets(directory: str | Path, *, online: bool = False) -> list[str]:
    """Write the shared files of a build into ``directory`` (those not there yet); return
    every file name in use."""
    directory = Path(directory)
    names = []
    for name, data in shared_asset_files(online).values():
        target = directory / name
        if not target.exists() or target.stat().st_size != len(data):
            write_atomic(target, data)
        names.append(name)
    return names


class MapAssets(MacroElement):
    """Leaflet and the geomap runtime: inline (offline), Leaflet from a CDN (``online``), or
    linked from a build's shared files (``shared``: the relative URL of their folder)."""

    def __init__(self, online: bool = False, guard: bool = False, shared: str | None = None):
        super().__init__()
        self._name = "GeomapAssets"
        self.online = online
        self.guard = guard
        self.shared = shared

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise RenderError("MapAssets must be rendered inside a Figure")
        if self.online:
            sri = _leaflet_sri()
            leaflet = (f'<link rel="stylesheet" href="{LEAFLET_CDN}leaflet.css">\n'
                       f'<script src="{LEAFLET_CDN}leaflet.js" integrity="{sri}" crossorigin=""></script>')
        elif self.shared is not None:
            files = shared_asset_files(False)
            leaflet = ('<link rel="stylesheet" href="%s">\n<script src="%s"></script>'
                       % (self._href(files["leaflet.css"][0]), self._href(files["leaflet.js"][0])))
        else:
            js = _static("leaflet.js")
            if self.guard:
                js = "if (typeof window.L === 'undefined') {\n" + js + "\n}"
            leaflet = "<style>" + _static("leaflet.css") + "</style>\n<script>" + js + "</script>"
        if self.shared is not None:
            files = shared_asset_files(self.online)
            runtime = ('<link rel="stylesheet" href="%s">\n<script src="%s"></script>\n<script src="%s"></script>'
                       % (self._href(files["geomap.css"][0]), self._href(files["geomap.js"][0]),
                          self._href(files["basemap.js"][0])))
        else:
            runtime = "<style>" + _static("geomap.css") + "</style>\n<script>" + _static("geomap.js") + "</script>"
        figure.header.add_child(_Raw(leaflet + "\n" + runtime), name="geomap_assets")
        super().render(**kwargs)

    def _href(self, name: str) -> str:
        return html_lib.escape(self.shared.rstrip("/") + "/" + name if self.shared else name, quote=True)


class MapLayers(MacroElement):
    """The map's content: calls the runtime with the JSON payload of :func:`map_data`."""

    def __init__(self, data: dict[str, Any]):
        super().__init__()
        self._name = "GeomapLayers"
        self.data = data
        self.payload = _json_for_script(data)

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise RenderError("MapLayers must be rendered inside a Figure")
        script = "geomap.render(%s, %s);\n" % (self._parent.get_name(), self.payload)
        figure.script.add_child(_Raw(script), name=self.get_name())


def _as_extractions(items: Iterable[Extraction | Document | str], parser: Any) -> list[Extraction]:
    out = []
    for i, item in enumerate(items):
        if isinstance(item, Extraction):
            out.append(item)
            continue
        if parser is None:
            from ..pipeline import Geoparser

            parser = Geoparser()
        doc = item if isinstance(item, Document) else Document("text-%d" % (i + 1), str(item), title=_title_of(str(item)))
        out.append(parser.parse(doc))
    return out


def _title_of(text: str) -> str:
    """A title for a bare text: its first line, cut at a word near 80 characters."""
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    return line if len(line) <= 90 else line[:80].rsplit(" ", 1)[0] + "…"


def build_map(
    sources: Iterable[Extraction | Document | str],
    *,
    title: str | None = None,
    online: bool = False,
    parser: Any = None,
    height: str = "100%",
    embed: bool = False,
    shared_assets: str | None = None,
) -> GeoMap:
    """A map of the places and events of one or more documents.

    Parameters
    ----------
    sources
        Extractions, Documents or plain texts (parsed with ``parser``, default pipeline).
        Several sources merge into one map.
    title
        The map's title (default: the document's title or id).
    online
        Link Leaflet from a CDN (smaller file) instead of inlining it.
    height
        CSS height of the map element ("100%" for a page, e.g. "600px" to embed).
    embed
        Guard the inline Leaflet so several embedded maps can share one page.
    shared_assets
        Link Leaflet, the runtime and the basemap from this folder (a relative URL, e.g.
        ``"assets"``) instead of inlining them; :func:`write_shared_assets` writes it.

    Returns
    -------
    GeoMap
        A folium Map (``_repr_html_`` works in notebooks); ``m.geomap_data`` is its payload.
    """
    extractions = _as_extractions(sources, parser)
    data = map_data(extractions, title=title, basemap="inline" if shared_assets is None else "shared")
    m = GeoMap(location=[20, 0], zoom_start=2, tiles=None, control_scale=True, height=height,
               world_copy_jump=False)
    m.add_child(MapAssets(online=online, guard=embed, shared=shared_assets))
    m.add_child(MapLayers(data))
    m.get_root().header.add_child(_Raw("<title>%s</title>" % html_lib.escape(data["title"])), name="geomap_title")
    m.geomap_data = data
    return m


def _element_ids(root: Element) -> set[str]:
    """The ids of every element under a rendered figure."""
    ids: set[str] = set()
    stack = [root]
    while stack:
        el = stack.pop()
        ids.add(el._id)
        stack += el._children.values()
        if isinstance(el, Figure):
            stack += [el.header, el.html, el.script]
    return ids


def _normalize_ids(text: str, prefix: str, ids: set[str]) -> str:
    """Replace folium's random 32-hex element ids by sequential ones (stable output); a
    32-hex string from an article (a URL, a hash) is left as it is."""
    mapping: dict[str, str] = {}

    def sub(match: re.Match) -> str:
        key = match.group(1)
        if key not in ids:
            return match.group(0)
        if key not in mapping:
            mapping[key] = "%s%d" % (prefix, len(mapping) + 1)
        return "_" + mapping[key]

    return _HEX_ID.sub(sub, text)


_FIGURE = re.compile(r"<head>\n(?P<head>.*)</head>\n<body>\n(?P<body>.*)</body>\n<script>\n(?P<script>.*)</script>\n</html>",
                     re.S)


def render_html(m: GeoMap, *, embed: bool = False, element_id: str | None = None) -> str:
    """The map as HTML: a whole page, or (``embed``) a fragment with no <html>/<body>, whose
    element ids are unique to this map, for several maps on one page."""
    root = m.get_root()
    page = root.render()
    layers = [c for c in m._children.values() if isinstance(c, MapLayers)]
    digest = hashlib.sha1((layers[0].payload if layers else page).encode("utf-8")).hexdigest()[:8]
    prefix = (element_id or "gm" + digest) + "_"
    page = _normalize_ids(page, prefix, _element_ids(root))
    if not embed:
        return page
    parts = _FIGURE.search(page)
    if parts is None:
        raise RenderError("unexpected folium page layout; cannot cut an embeddable fragment")
    head = re.sub(r"<meta[^>]*>\s*", "", parts["head"])
    head = re.sub(r"<title>.*?</title>", "", head, flags=re.S)
    head = re.sub(r"<style>\s*html, body \{.*?\}\s*</style>", "", head, flags=re.S)
    return ('<div class="geomap-embed" id="%sembed">\n%s\n%s\n<script>\n%s</script>\n</div>\n'
            % (prefix, head.strip(), parts["body"].strip(), parts["script"]))


def write_map(m: GeoMap, path: str | Path, *, fmt: str = "html", width: int = 1280, height: int = 860) -> Path:
    """Write the map atomically as ``html``, ``embed`` (fragment), ``geojson`` or ``png``."""
    path = Path(path)
    if fmt == "html":
        return write_atomic(path, render_html(m))
    if fmt == "embed":
        return write_atomic(path, render_html(m, embed=True))
    if fmt == "geojson":
        raise RenderError("GeoJSON comes from the extractions: use geomap.geojson.feature_collection")
    if fmt == "png":
        with tempfile.TemporaryDirectory(prefix="geomap-png-") as tmp:
            page = Path(tmp) / "map.html"
            page.write_text(render_html(m), encoding="utf-8")
            shot = screenshot(page, Path(tmp) / "map.png", width=width, height=height)
            return write_atomic(path, shot.read_bytes())
    raise RenderError("unknown map format %r (html, embed, geojson, png)" % fmt)


def find_chromium() -> str | None:
    """The headless Chromium to use: ``$GEOMAP_CHROMIUM`` or one on PATH."""
    env = os.environ.get("GEOMAP_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--hide-scrollbars", "--mute-audio",
]


def screenshot(page: Path, out: Path, *, width: int = 1280, height: int = 860, timeout: float = 60.0) -> Path:
    """Take a PNG of an HTML file with headless Chromium.

    Raises
    ------
    BrowserUnavailable
        When no Chromium is installed (with how to install it).
    RenderError
        When Chromium fails or writes no image.
    """
    chrome = find_chromium()
    if chrome is None:
        raise BrowserUnavailable(
            "PNG output needs headless Chromium, which is not installed: on Debian or Ubuntu run "
            "`sudo apt-get install chromium`, or point GEOMAP_CHROMIUM at a Chrome/Chromium binary"
        )
    with tempfile.TemporaryDirectory(prefix="geomap-chrome-") as profile:
        cmd = [chrome, *CHROMIUM_FLAGS, "--user-data-dir=" + profile, "--window-size=%d,%d" % (width, height),
               "--virtual-time-budget=4000", "--screenshot=" + str(out), page.resolve().as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise RenderError("Chromium could not take the screenshot: %s" % err) from err
    if not out.exists() or out.stat().st_size == 0:
        raise RenderError("Chromium wrote no screenshot (exit %s): %s" % (proc.returncode, proc.stderr[-500:]))
    return out
