"""Real-browser tests: headless Chromium (Debian's `chromium`) loads the maps with no network."""
from datetime import date

import pytest

from geomap.maps.render import build_map, find_chromium, render_html
from geomap.model import Document

from .browser import run_page
from .conftest import EXAMPLES

pytestmark = [pytest.mark.data, pytest.mark.browser,
              pytest.mark.skipif(find_chromium() is None, reason="headless Chromium is not installed")]


@pytest.fixture(scope="module")
def seed(parser):
    text = (EXAMPLES / "afghan-border-2021-07-14.txt").read_text(encoding="utf-8")
    return parser.parse(Document("afghan-border-2021-07-14", text, published=date(2021, 7, 14),
                                 title="Afghan refugees cross into Tajikistan"))


def test_seed_map_renders_offline_with_its_layers(seed):
    report = run_page(render_html(build_map([seed])))
    assert report["errors"] == [] and report["resources"] == []
    (m,) = report["maps"]
    kinds = m["kinds"]
    for kind in ("crossing", "control", "border_crossing", "base", "military_activity", "meeting"):
        assert kinds[kind]["layers"] > 0 and kinds[kind]["shown"], kind
    assert kinds["places"]["layers"] > 5 and not kinds["places"]["shown"]  # off by default
    assert kinds["crossing"]["layers"] == 4  # two lines, two arrowheads
    assert m["legend"] and m["title"] == "Afghan refugees cross into Tajikistan"
    assert m["labels"] >= 5 and m["basemapCanvas"] >= 1 and m["zoom"] >= 4
    assert report["popups"] >= 10


def test_article_text_cannot_run_script(parser):
    payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    doc = Document("xss", "Militants " + payload + " seized Kunduz on Monday. Talks were held in Dushanbe.",
                   published=date(2021, 7, 14), title="T " + payload)
    report = run_page(render_html(build_map([parser.parse(doc)])))
    assert report["popups"] >= 1
    assert report["xss"] is None and report["injected"] == 0
    assert report["errors"] == []


def test_two_embedded_maps_on_one_page(seed, parser):
    other = parser.parse(Document("berlin", "Foreign ministers met in Berlin on Friday.", published=date(2024, 2, 23)))
    a = render_html(build_map([seed], embed=True, height="400px"), embed=True)
    b = render_html(build_map([other], embed=True, height="400px"), embed=True)
    page = "<!DOCTYPE html><html><head><title>report</title></head><body><h1>Report</h1>%s<p>text</p>%s</body></html>" % (a, b)
    report = run_page(page)
    assert report["errors"] == [] and report["resources"] == []
    assert len(report["maps"]) == 2
    assert report["maps"][1]["kinds"]["meeting"]["layers"] == 1
