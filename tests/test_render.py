"""Maps: layer content, determinism, offline assets, escaping, embedding, GeoJSON, PNG errors."""
import json
import re
from datetime import date

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import BrowserUnavailable
from geomap.maps.render import MapLayers, build_map, render_html, write_map
from geomap.model import Document

from .conftest import EXAMPLES

pytestmark = pytest.mark.data
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


@pytest.fixture(scope="module")
def seed(parser):
    text = (EXAMPLES / "afghan-border-2021-07-14.txt").read_text(encoding="utf-8")
    return parser.parse(Document("afghan-border-2021-07-14", text, published=date(2021, 7, 14)))


@pytest.fixture(scope="module")
def seed_map(seed):
    return build_map([seed], title="Afghan border")


def strings(data, row, idx):
    i = row[idx]
    return None if i is None or i < 0 else data["S"][i]


def place_name(data, pi):
    """The name of the place a mark stands at (``P`` entry ``pi``)."""
    return data["S"][data["P"][pi][2]]


def test_seed_map_layers(seed_map):
    from shapely.geometry import Point

    from geomap.maps.areas import country_shape

    data = seed_map.geomap_data
    crossings = data["layers"]["crossing"]
    labels = {strings(data, c, 2) for c in crossings}
    assert "350 refugees" in labels and "1,000 troops" in labels
    badakhshan = next(c for c in crossings if strings(data, c, 2) == "350 refugees")
    (lat0, lon0), (lat1, lon1) = badakhshan[0][0], badakhshan[0][-1]
    assert lon0 > 70 and lat1 > lat0  # Badakhshan -> Tajikistan (north)
    assert badakhshan[1] == "civilians"
    tj, af = country_shape("TJ"), country_shape("AF")
    assert tj.contains(Point(lon1, lat1)) and tj.boundary.distance(Point(lon1, lat1)) < 0.5  # Tajikistan's side
    troops = next(c for c in crossings if strings(data, c, 2) == "1,000 troops")
    (lat0, lon0), (lat1, lon1) = troops[0][0], troops[0][-1]
    # from Afghanistan's side of the border, not its centre 500 km away
    assert af.contains(Point(lon0, lat0)) and tj.distance(Point(lon0, lat0)) < 0.5
    assert tj.contains(Point(lon1, lat1)) and af.distance(Point(lon1, lat1)) < 0.5
    assert troops[1] == "armed"
    zones = {place_name(data, z[0]): strings(data, z, 2) for z in data["layers"]["control"]}
    assert {"Shir Khan Bandar", "Kunduz", "Herat", "Kandahar"} <= set(zones)
    assert set(zones.values()) - {None} == {"Taliban"}
    for kind in ("base", "military_activity"):
        assert [place_name(data, r[0]) for r in data["layers"][kind]] == ["Dushanbe"]
    assert sorted(place_name(data, r[0]) for r in data["layers"]["meeting"]) == ["Dushanbe", "Moscow"]
    assert any(place_name(data, b[0]) == "Shir Khan Bandar" for b in data["layers"]["border_crossing"])
    assert data["legend"]["kinds"][:2] == ["crossing", "control"]
    assert ["Taliban", "#c0392b"] in data["legend"]["actors"]
    assert not data["legend"]["contested"]  # one group claims each place
    assert data["bounds"][0][0] < 32 and data["bounds"][1][0] > 55  # Kandahar .. Moscow: every event in view


EVENT_FIELD = {"control": 4, "crossing": 4, "base": 2, "military_activity": 2, "attack": 2, "meeting": 2,
               "displacement": 2}  # where each layer's rows list their events


def event_ids(data):
    return [i for kind, col in EVENT_FIELD.items() for row in data["layers"].get(kind, ()) for i in row[col]]


def test_every_event_has_one_mark(seed, seed_map):
    data = seed_map.geomap_data
    assert len(data["E"]) == sum(1 for e in seed.events if e.places)
    assert sorted(event_ids(data)) == list(range(len(data["E"])))  # each event on one mark, none left out


def test_render_is_deterministic(seed):
    a = render_html(build_map([seed]))
    b = render_html(build_map([seed]))
    assert a == b
    assert not re.search(r"_[0-9a-f]{32}\b", a)


def test_folium_substring_pattern(seed_map):
    page = render_html(seed_map)
    layers = next(c for c in seed_map._children.values() if isinstance(c, MapLayers))
    assert layers.payload in page
    assert "geomap.render(map_" in page


def test_offline_by_default(seed_map):
    page = render_html(seed_map)
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert "L.Map" in page or "leaflet" in page.lower()  # Leaflet inlined
    assert "cdn.jsdelivr" not in page and "bootstrap" not in page


def test_online_links_leaflet_and_is_smaller(seed):
    online = render_html(build_map([seed], online=True))
    assert re.search(r'<script src="https://unpkg.com/leaflet@1.9.4/dist/leaflet.js" integrity="sha384-', online)
    assert len(online) < len(render_html(build_map([seed]))) - 100_000


def test_article_text_is_escaped(parser):
    doc = Document("xss", "Militants " + XSS + " seized Kunduz on Monday. " + XSS, published=date(2021, 7, 14),
                   title="Title " + XSS, url="javascript:alert(1)")
    page = render_html(build_map([parser.parse(doc)]))
    assert "<img src=x" not in page and "<script>window.__xss" not in page
    assert "javascript:alert" not in page  # not a link: only http(s) URLs become links
    assert "&lt;img src=x" in page  # the <title> element, escaped
    embed = render_html(build_map([parser.parse(doc)], embed=True), embed=True)
    assert "<img src=x" not in embed


def test_embed_fragment(seed, parser):
    other = parser.parse(Document("other", "Talks were held in Berlin on Friday.", published=date(2024, 2, 23)))
    a = render_html(build_map([seed], embed=True, height="500px"), embed=True)
    b = render_html(build_map([other], embed=True, height="500px"), embed=True)
    for frag in (a, b):
        assert "<html" not in frag and "<body" not in frag and "<head" not in frag
        assert frag.startswith('<div class="geomap-embed"')
        assert "html, body" not in frag  # no page-wide style
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and ids_b and not ids_a & ids_b
    assert "typeof window.L === 'undefined'" in a  # Leaflet is loaded once on a shared page


def test_several_inputs_merge(seed, parser):
    other = parser.parse(Document("other", "Foreign ministers met in Berlin on Friday.", published=date(2024, 2, 23)))
    data = build_map([seed, other]).geomap_data
    assert len(data["docs"]) == 2 and data["title"] == "2 articles, 14 July 2021 – 23 February 2024"
    assert "Berlin" in [place_name(data, r[0]) for r in data["layers"]["meeting"]]


def test_time_slider_dates(seed_map):
    assert seed_map.geomap_data["dates"] == ["2021-07-14"]


def test_notebook_repr(seed_map):
    assert "iframe" in seed_map._repr_html_()


def test_png_needs_chromium(seed_map, tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(BrowserUnavailable, match="apt-get install chromium"):
        write_map(seed_map, tmp_path / "map.png", fmt="png")
    assert not (tmp_path / "map.png").exists()
    result = CliRunner().invoke(main, ["map", str(EXAMPLES / "afghan-border-2021-07-14.txt"), "--format", "png",
                                       "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 1 and "apt-get install chromium" in result.output


def test_cli_map_html_and_geojson(tmp_path, cache_dir):
    src = str(EXAMPLES / "afghan-border-2021-07-14.txt")
    out = tmp_path / "maps" / "afghan-border.html"
    result = CliRunner().invoke(main, ["map", src, "-o", str(out), "--title", "Border"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<title>Border</title>" in page and "geomap.render(" in page
    assert [p.name for p in out.parent.iterdir()] == ["afghan-border.html"]
    gj = tmp_path / "map.geojson"
    assert CliRunner().invoke(main, ["map", src, "--format", "geojson", "-o", str(gj)]).exit_code == 0
    fc = json.loads(gj.read_text(encoding="utf-8"))
    assert_rfc7946(fc)


def test_cli_map_reports_bad_inputs_and_maps_the_rest(tmp_path, cache_dir):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    out = tmp_path / "m.html"
    result = CliRunner().invoke(main, ["map", str(bad), str(EXAMPLES / "afghan-border-2021-07-14.txt"), "-o", str(out)])
    assert result.exit_code == 1 and "bad.txt" in result.output and out.exists()
    assert CliRunner().invoke(main, ["map", str(bad), "-o", str(out)]).exit_code == 1


@pytest.mark.parametrize("args", [["map"], ["map", "x.txt", "--embed", "--format", "png"], ["map", "x.txt", "--size", "big"]])
def test_cli_map_usage_errors(args):
    assert CliRunner().invoke(main, args).exit_code == 2


def assert_rfc7946(fc):
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    assert len(fc["bbox"]) == 4 and fc["bbox"][0] <= fc["bbox"][2] and fc["bbox"][1] <= fc["bbox"][3]
    ids = set()
    for f in fc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        assert f["id"] not in ids
        ids.add(f["id"])
        geom = f["geometry"]
        pts = [geom["coordinates"]] if geom["type"] == "Point" else geom["coordinates"]
        assert geom["type"] in ("Point", "LineString") and (geom["type"] == "Point" or len(pts) >= 2)
        for lon, lat in pts:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        json.dumps(f["properties"])  # JSON-safe


def test_hex_strings_from_articles_survive_id_normalising(parser):
    url = "https://example.com/story_0123456789abcdef0123456789abcdef"
    doc = parser.parse(Document("hex", "Troops fled from Kunduz to Tajikistan on Monday.", url=url))
    page = render_html(build_map([doc]))
    assert url in page and not re.search(r"_[0-9a-f]{32}\b", page.replace(url, ""))


def test_cli_map_default_output_stays_in_output(tmp_path, cache_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "../../x/y", "text": "Talks in Moscow."}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["map", "in.jsonl"])
    assert result.exit_code == 0, result.output
    assert [p.relative_to(tmp_path).as_posix() for p in (tmp_path / "output").iterdir()] == ["output/x-y.html"]


def test_a_bare_text_is_titled_by_its_first_line(parser):
    data = build_map(["Refugees crossed from Badakhshan into Tajikistan on Wednesday."], parser=parser).geomap_data
    assert data["title"] == "Refugees crossed from Badakhshan into Tajikistan on Wednesday."
    assert data["layers"]["crossing"] and data["bounds"]
