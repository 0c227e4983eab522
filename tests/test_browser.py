"""Real-browser tests: headless Chromium (Debian's `chromium`) loads the maps with no network."""
from datetime import date

import pytest

from geomap.ingest import read_path
from geomap.maps.render import build_map, find_chromium, render_html
from geomap.model import Document

from .browser import layout_problems, layout_report, run_page
from .conftest import DATA, EXAMPLES

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
    assert kinds["crossing"]["layers"] == 6  # two arrows: line, head and start dot each
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


@pytest.fixture(scope="module")
def articles(parser):
    """Maps of real-looking articles (written for these tests): one per article."""
    return [parser.parse(d) for d in read_path(DATA / "articles.jsonl")]


def _page(fragments):
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>maps</title><style>body{margin:0}"
            ".geomap-embed{margin-bottom:24px}</style></head><body>%s</body></html>" % "".join(fragments))


def test_maps_of_many_articles_read_right(articles):
    """Every event has a mark inside the first view and clear of the controls, no label
    overlaps another, no console error: each article's map, measured from the DOM."""
    fragments = [render_html(build_map([x], embed=True, height="760px"), embed=True) for x in articles]
    report = layout_report(_page(fragments), size=(1280, 900))
    assert len(report["maps"]) == len(articles)
    assert layout_problems(report) == []
    assert sum(m["events"] for m in report["maps"]) >= 25  # the check had events to check
    assert sum(len(m["placeLabels"]) for m in report["maps"]) >= 25
    assert sum(m["labels"] for m in report["maps"]) > 3 * len(articles)  # basemap names too


def test_map_of_all_articles_reads_right(articles):
    report = layout_report(render_html(build_map(articles, title="All articles")), size=(1280, 860))
    assert layout_problems(report) == []
    (m,) = report["maps"]
    assert m["events"] == sum(1 for x in articles for e in x.events if e.places) and m["labels"] >= 10


def test_layout_check_catches_overlaps_and_marks_out_of_view(articles):
    """The check itself can fail: labels pushed onto each other and a view that leaves
    marks out are reported."""
    page = render_html(build_map(articles[:3]))
    spoil = """<script>
    (function () {
      var m = window.geomap.maps[0], el = m.map.getContainer(), box = el.getBoundingClientRect();
      m.map.panBy([box.width / 2, 0], {animate: false});
      var labels = Array.prototype.filter.call(el.querySelectorAll(".gm-label, .gm-country-label"), function (l) {
        var r = l.getBoundingClientRect();
        return l.style.display !== "none" && r.left > box.left && r.right < box.right && r.top > box.top && r.bottom < box.bottom;
      });
      labels[1].style.transform = labels[0].style.transform;
    })();
    </script>"""
    report = layout_report(page.replace("</html>", spoil + "</html>"))
    problems = layout_problems(report)
    assert any("outside the first view" in p for p in problems)
    assert any("labels overlap" in p for p in problems)


def test_build_pages_work_offline_from_shared_assets(tmp_path, cache_dir):
    """A build's pages load Leaflet and the basemap from its assets/ folder, with no network."""
    from geomap.build.config import BuildOptions
    from geomap.build.run import run_build

    src = tmp_path / "in.jsonl"
    src.write_text("".join((DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines(True)[:3]), encoding="utf-8")
    out = tmp_path / "out"
    manifest = run_build([src], BuildOptions(output=out, group_by="none"))
    assert manifest["summary"]["built"] == 3 and manifest["assets"]
    for name in ("panj-refugees.html", "all.html"):
        report = layout_report((out / name).read_text(encoding="utf-8"), directory=out)
        assert len(report["maps"]) == 1 and report["maps"][0]["events"] > 0
        assert layout_problems(report) == [], name
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".geomap-browser")) == []
