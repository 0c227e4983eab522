"""Run a map page in headless Chromium with no network and read back what happened.

A harness script goes first in the page (it records errors and any network request) and a
reporter runs last: it opens every popup, then writes a JSON report into the DOM, which
Chromium's --dump-dom prints.
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
        labels: el.querySelectorAll(".gm-place-label").length,
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


def run_page(html: str, *, timeout: float = 90.0, max_popups: int = 500) -> dict:
    """Load ``html`` (a full page) in headless Chromium, offline; return the report (at most
    ``max_popups`` popups are opened)."""
    chrome = find_chromium()
    if chrome is None:
        raise RuntimeError("no Chromium")
    page = html.replace("<head>", "<head>\n" + HARNESS, 1)
    reporter = REPORTER.replace("MAX_POPUPS", str(int(max_popups)))
    page = page.replace("</html>", reporter + "\n</html>") if "</html>" in page else page + reporter
    with tempfile.TemporaryDirectory(prefix="geomap-browser-") as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(page, encoding="utf-8")
        cmd = [chrome, *CHROMIUM_FLAGS, "--user-data-dir=" + str(Path(tmp) / "profile"),
               "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
               "--window-size=1200,800", "--virtual-time-budget=5000", "--dump-dom", path.as_uri()]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    m = re.search(r'<pre id="gm-report">(.*?)</pre>', out.stdout, re.S)
    if m is None:
        raise AssertionError("no report from Chromium: %s" % out.stderr[-2000:])
    text = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    return json.loads(text)
