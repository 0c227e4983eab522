"""Run a map page in headless Chromium with no network and read back what happened.

A harness script goes first in the page (it records errors and any network request) and a
reporter runs last: it opens every popup (or, for :func:`layout_report`, measures the
first view from the DOM), then writes a JSON report into the DOM, which Chromium's
--dump-dom prints.
"""
from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

from geomap.maps.render import CHROMIUM_FLAGS, find_chromium

HARNESS = """<script>
window.__errors = [];
window.addEventListener("error", function (e) {
  window.__errors.push(e.message || ("resource: " + (e.target && (e.target.src || e.target.href))));
}, true);
var __consoleError = console.error;
console.error = function () { window.__errors.push(Array.prototype.join.call(arguments, " ")); __consoleError.apply(console, arguments); };
</script>"""

REPORTER = """<script>
(function () {
  var report = {errors: window.__errors, maps: [], xss: window.__xss || null, popups: 0};
  var t0 = performance.now();
  try {
    (window.geomap ? window.geomap.maps : []).forEach(function (m) {
      var kinds = {};
      Object.keys(m.overlays).forEach(function (k) {
        var n = 0;
        m.overlays[k].eachLayer(function (layer) {
          n += 1;
          if (layer.getPopup && layer.getPopup() && report.popups < MAX_POPUPS) {
            layer.openPopup(); report.popups += 1; layer.closePopup();
          }
        });
        kinds[k] = {layers: n, shown: m.map.hasLayer(m.overlays[k])};
      });
      var el = m.map.getContainer();
      report.maps.push({kinds: kinds, zoom: m.map.getZoom(), legend: !!el.querySelector(".gm-legend"),
        title: (el.querySelector(".gm-title") || {}).textContent || null,
        labels: Array.prototype.filter.call(el.querySelectorAll(".gm-label"), function (l) { return l.style.display !== "none"; }).length,
        basemapCanvas: el.querySelectorAll("canvas").length});
    });
  } catch (err) { report.errors.push("reporter: " + err.message); }
  report.xss = window.__xss || null;
  report.loadMs = Math.round(t0);
  report.injected = document.querySelectorAll("img[src='x']").length;
  report.resources = performance.getEntriesByType("resource").map(function (r) { return r.name; })
    .filter(function (u) { return /^https?:/.test(u); });
  var pre = document.createElement("pre");
  pre.id = "gm-report";
  pre.textContent = JSON.stringify(report);
  document.body.appendChild(pre);
})();
</script>"""


# The first view as a reader sees it, measured from the DOM: each event mark's box against
# the map's box and the controls' boxes, which events have a drawn mark, and every pair of
# visible labels that overlap by more than 30 % of the smaller one.
LAYOUT_REPORTER = """<script>
(function () {
  var report = {errors: window.__errors, maps: []};
  function r(el) { var b = el.getBoundingClientRect(); return {l: b.left, t: b.top, r: b.right, b: b.bottom}; }
  function area(b) { return Math.max(0, b.r - b.l) * Math.max(0, b.b - b.t); }
  function overlap(a, b) { return area({l: Math.max(a.l, b.l), t: Math.max(a.t, b.t), r: Math.min(a.r, b.r), b: Math.min(a.b, b.b)}); }
  try {
    (window.geomap ? window.geomap.maps : []).forEach(function (m) {
      var el = m.map.getContainer(), view = r(el), controls = [];
      el.querySelectorAll(".gm-title, .gm-legend, .gm-sources, .gm-time, .leaflet-control-zoom, .leaflet-control-layers")
        .forEach(function (c) { controls.push(r(c)); });
      var drawn = {}, outside = [], covered = [], undrawn = 0;
      m.marks.forEach(function (mark) {
        var node = m.map.hasLayer(mark.layer) && mark.layer.getElement ? mark.layer.getElement() : null;
        if (!node) { undrawn += 1; return; }
        var b = r(node);
        if (area(b) === 0) { undrawn += 1; return; }
        mark.events.forEach(function (e) { drawn[e] = true; });
        if (b.l < view.l - 1 || b.t < view.t - 1 || b.r > view.r + 1 || b.b > view.b + 1) {
          outside.push(mark.kind);
        }
        var cx = (b.l + b.r) / 2, cy = (b.t + b.b) / 2;
        if (controls.some(function (c) { return cx >= c.l && cx <= c.r && cy >= c.t && cy <= c.b; })) { covered.push(mark.kind); }
      });
      var labels = [], hidden = [];
      el.querySelectorAll(".gm-label, .gm-qty, .gm-country-label, .gm-province-label").forEach(function (l) {
        if (l.offsetParent === null || getComputedStyle(l).visibility === "hidden") { return; }
        var b = r(l);
        if (area(b) > 0 && b.r > view.l && b.l < view.r && b.b > view.t && b.t < view.b) {
          labels.push({text: l.textContent, cls: l.className, box: b});
          if (b.l < view.l || b.r > view.r || b.t < view.t || b.b > view.b ||
              controls.some(function (c) { return overlap(b, c) > 0; })) { hidden.push(l.textContent); }
        }
      });
      var pairs = [];
      for (var i = 0; i < labels.length; i++) {
        for (var j = i + 1; j < labels.length; j++) {
          var o = overlap(labels[i].box, labels[j].box);
          if (o > 0.3 * Math.min(area(labels[i].box), area(labels[j].box))) { pairs.push([labels[i].text, labels[j].text]); }
        }
      }
      var missing = [];
      for (var e = 0; e < m.data.E.length; e++) { if (!drawn[e]) { missing.push(e); } }
      report.maps.push({events: m.data.E.length, missing: missing, outside: outside, covered: covered, undrawn: undrawn,
        marks: m.marks.length, labels: labels.length, overlaps: pairs, zoom: m.map.getZoom(), cut: hidden,
        placeLabels: labels.filter(function (l) { return l.cls.indexOf("gm-label") === 0; }).map(function (l) { return l.text; })});
    });
  } catch (err) { report.errors.push("reporter: " + err.message); }
  var pre = document.createElement("pre");
  pre.id = "gm-report";
  pre.textContent = JSON.stringify(report);
  document.body.appendChild(pre);
})();
</script>"""


def run_page(html: str, *, timeout: float = 90.0, max_popups: int = 500, reporter: str | None = None,
             directory: Path | None = None, size: tuple[int, int] = (1200, 800)) -> dict:
    """Load ``html`` (a full page) in headless Chromium, offline; return the report (at most
    ``max_popups`` popups are opened). ``reporter`` replaces the popup reporter;
    ``directory`` is where the page is written (for pages that link files beside them)."""
    chrome = find_chromium()
    if chrome is None:
        raise RuntimeError("no Chromium")
    page = html.replace("<head>", "<head>\n" + HARNESS, 1)
    reporter = reporter or REPORTER.replace("MAX_POPUPS", str(int(max_popups)))
    page = page.replace("</html>", reporter + "\n</html>") if "</html>" in page else page + reporter
    with tempfile.TemporaryDirectory(prefix="geomap-browser-") as tmp:
        path = Path(directory or tmp) / ".geomap-browser-page.html"
        path.write_text(page, encoding="utf-8")
        cmd = [chrome, *CHROMIUM_FLAGS, "--user-data-dir=" + str(Path(tmp) / "profile"),
               "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
               "--window-size=%d,%d" % size, "--virtual-time-budget=5000", "--dump-dom", path.as_uri()]
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        finally:
            if directory is not None:
                path.unlink(missing_ok=True)
    m = re.search(r'<pre id="gm-report">(.*?)</pre>', out.stdout, re.S)
    if m is None:
        raise AssertionError("no report from Chromium: %s" % out.stderr[-2000:])
    text = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    return json.loads(text)


def layout_report(html: str, **kw) -> dict:
    """The first view of each map in ``html``, measured from the DOM (:data:`LAYOUT_REPORTER`)."""
    return run_page(html, reporter=LAYOUT_REPORTER, **kw)


def layout_problems(report: dict) -> list[str]:
    """What reads badly in a layout report: console errors, events with no mark, marks
    outside the first view or under a control, overlapping labels, labels cut by the edge
    of the map or under a control (empty when clean)."""
    problems = ["console error: %s" % e for e in report["errors"]]
    for m in report["maps"]:
        if m["missing"]:
            problems.append("%d of %d events have no mark" % (len(m["missing"]), m["events"]))
        problems += ["a %s mark lies outside the first view" % k for k in m["outside"]]
        problems += ["a %s mark lies under a control" % k for k in m["covered"]]
        problems += ["labels overlap: %r and %r" % tuple(p) for p in m["overlaps"]]
        problems += ["label %r is cut by the edge or under a control" % t for t in m["cut"]]
    if not report["maps"]:
        problems.append("no map on the page")
    return problems
