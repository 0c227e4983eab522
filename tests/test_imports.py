import json
import subprocess
import sys

HEAVY = ["spacy", "folium", "branca", "shapely", "numpy", "geopy", "requests", "rapidfuzz"]


def test_import_geomap_is_light():
    code = "import sys, json, geomap; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(out))
    assert not [m for m in HEAVY if m in loaded]


def test_lazy_exports():
    import geomap

    assert geomap.Gazetteer.__name__ == "Gazetteer"
    assert "Place" in dir(geomap)


def test_tests_cannot_reach_the_network():
    import socket

    import pytest

    with pytest.raises(RuntimeError, match="network access"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_moved_modules_keep_their_old_names():
    from geomap.geocoder import GazetteerGeocoder
    from geomap.render import build_map

    from geomap.maps.render import build_map as new_build_map

    assert build_map is new_build_map
    assert GazetteerGeocoder.__module__ == "geomap.gazetteer.geocoder"


def test_stage_packages_export_their_entry_points():
    from geomap.events import read_events
    from geomap.maps import build_map
    from geomap.places import resolve_mentions

    assert callable(read_events) and callable(build_map) and callable(resolve_mentions)
