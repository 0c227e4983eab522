/* geomap map runtime (MIT, the geomap developers).
 * Draws an offline vector basemap and the event layers of one map from its JSON payload.
 * Every string from an article reaches the page through esc(); nothing is fetched. */
(function (root) {
  "use strict";
  if (root.geomap && root.geomap.version) { return; }
  var ESC = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;", "`": "&#96;"};
  function esc(s) { return s === null || s === undefined ? "" : String(s).replace(/[&<>"'`]/g, function (c) { return ESC[c]; }); }

  function decode(str) {
    var i = 0, lat = 0, lon = 0, out = [], b, shift, result;
    while (i < str.length) {
      shift = 0; result = 0;
      do { b = str.charCodeAt(i++) - 63; result |= (b & 31) << shift; shift += 5; } while (b >= 32);
      lat += (result & 1) ? ~(result >> 1) : (result >> 1);
      shift = 0; result = 0;
      do { b = str.charCodeAt(i++) - 63; result |= (b & 31) << shift; shift += 5; } while (b >= 32);
      lon += (result & 1) ? ~(result >> 1) : (result >> 1);
      out.push([lat / 100, lon / 100]);
    }
    return out;
  }

  var SHAPES = {
    base: "<rect x='4' y='8' width='14' height='10' rx='1'/><path d='M6 8V2h8l-2 2.5L14 7H6z'/>",
    attack: "<path d='M11 1l2.2 5.4L19 4l-2.6 5.4L21 12l-5.2 1.6L18 19l-5.6-2.4L11 22l-1.4-5.4L4 19l2.2-5.4L1 12l4.6-2.6L3 4l5.8 2.4z'/>",
    military_activity: "<path d='M11 2L21 19H1z'/>",
    meeting: "<circle cx='11' cy='11' r='8'/><circle cx='8' cy='10' r='2' fill='#fff'/><circle cx='14' cy='10' r='2' fill='#fff'/><path d='M5.5 16c1-2.5 3.5-3 5.5-3s4.5.5 5.5 3' fill='#fff'/>",
    displacement: "<circle cx='11' cy='5' r='3'/><path d='M7 21l2-9-3 2-1-2 6-4h3l3 5-2 1-2-3-1 4 3 6h-3l-2-4-1 4z'/>",
    border_crossing: "<rect x='4' y='4' width='14' height='14' transform='rotate(45 11 11)'/><path d='M5 11h12' stroke='#fff' stroke-width='2'/>",
    places: "<circle cx='11' cy='11' r='5'/>"
  };

  function icon(kind, color, title, slot) {
    var dx = 0, dy = 0;
    if (slot) { var a = slot * 2.1; dx = Math.round(15 * Math.cos(a)); dy = Math.round(15 * Math.sin(a)); }
    var svg = "<svg xmlns='http://www.w3.org/2000/svg' width='22' height='22' viewBox='0 0 22 22' fill='" + esc(color) +
      "' stroke='#ffffff' stroke-width='1.2'>" + (title ? "<title>" + esc(title) + "</title>" : "") + SHAPES[kind] + "</svg>";
    return L.divIcon({html: svg, className: "gm-icon gm-" + kind, iconSize: [22, 22], iconAnchor: [11 - dx, 11 - dy], popupAnchor: [dx, dy - 10]});
  }

  function arrow(color, angle, size) {
    var s = Math.round(size);
    var svg = "<svg xmlns='http://www.w3.org/2000/svg' width='" + s + "' height='" + s + "' viewBox='0 0 20 20' style='transform:rotate(" +
      angle.toFixed(1) + "deg)'><path d='M2 3L19 10L2 17L6 10z' fill='" + esc(color) + "' stroke='#fff' stroke-width='1'/></svg>";
    return L.divIcon({html: svg, className: "gm-arrow", iconSize: [s, s], iconAnchor: [s / 2, s / 2]});
  }

  function render(map, data) {
    var S = data.S;
    function str(i) { return i === null || i === undefined || i < 0 ? null : S[i]; }
    var actorColor = {};
    data.actors.forEach(function (a) { actorColor[a[0]] = a[1]; });
    var kindColor = {}, kindLabel = {};
    data.kinds.forEach(function (k) { kindLabel[k[0]] = k[1]; kindColor[k[0]] = k[2]; });
    var moverColor = {};
    data.movers.forEach(function (m) { moverColor[m[0]] = m[1]; });
    var container = map.getContainer();
    container.classList.add("gm-map");
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(esc(data.attribution));

    /* ---- offline basemap ---- */
    map.createPane("gmBase").style.zIndex = 150;
    var baseRenderer = L.canvas({pane: "gmBase", padding: 0.3});
    var base = L.layerGroup();
    var land = {pane: "gmBase", renderer: baseRenderer, color: "#a9a396", weight: 0.7, fillColor: "#f2eee4", fillOpacity: 1, interactive: false};
    data.base.countries.forEach(function (c) { c.r.forEach(function (r) { L.polygon(decode(r), land).addTo(base); }); });
    var lake = {pane: "gmBase", renderer: baseRenderer, stroke: false, fillColor: "#c6dbe9", fillOpacity: 1, interactive: false};
    data.base.lakes.forEach(function (rings) { rings.forEach(function (r) { L.polygon(decode(r), lake).addTo(base); }); });
    var prov = {pane: "gmBase", renderer: baseRenderer, color: "#c4bdae", weight: 0.5, fill: false, interactive: false};
    var admin1 = {};
    Object.keys(data.base.admin1).forEach(function (cc) {
      data.base.admin1[cc].forEach(function (a) {
        admin1[a.c] = a;
        a.r.forEach(function (r) { L.polygon(decode(r), prov).addTo(base); });
      });
    });
    var disputed = {pane: "gmBase", renderer: baseRenderer, color: "#8e8a80", weight: 0.8, dashArray: "3 3", interactive: false};
    data.base.disputed.forEach(function (l) { L.polyline(decode(l), disputed).addTo(base); });
    var labels = L.layerGroup().addTo(base);
    var labelMarkers = data.base.labels.map(function (l, i) {
      return {rank: i, marker: L.marker([l[0], l[1]], {pane: "gmBase", interactive: false, keyboard: false,
        icon: L.divIcon({className: "gm-country-label", html: esc(l[2]), iconSize: null})})};
    });
    function showLabels() {
      var z = map.getZoom(), n = z < 3 ? 25 : z < 4 ? 60 : z < 5 ? 120 : 400;
      labelMarkers.forEach(function (m) {
        if (m.rank < n) { labels.addLayer(m.marker); } else { labels.removeLayer(m.marker); }
      });
    }
    map.on("zoomend", showLabels);
    base.addTo(map);

    /* ---- popups ---- */
    function source(di) {
      var d = data.docs[di];
      if (!d) { return ""; }
      var title = esc(str(d[0])), url = str(d[2]);
      var link = url ? "<a href='" + esc(url) + "' target='_blank' rel='noopener noreferrer'>" + title + "</a>" : title;
      return "<div class='gm-src'>" + link + (d[1] ? " · " + esc(d[1]) : "") + "</div>";
    }
    function eventHtml(kind, c) {  /* c = [actor, quantity, date, sentence, doc, where, unit] */
      var rows = "<b>" + esc(kindLabel[kind] || kind) + "</b>: " + esc(str(c[5]));
      if (str(c[0])) { rows += "<br>Actor: " + esc(str(c[0])); }
      if (c[1] !== null && c[1] !== undefined) { rows += "<br>Count: " + esc(Number(c[1]).toLocaleString("en-US")) + (str(c[6]) ? " " + esc(str(c[6])) : ""); }
      if (c[2]) { rows += "<br>Date: " + esc(c[2]); }
      return rows + "<blockquote class='gm-evidence'>" + esc(str(c[3])) + "</blockquote>" + source(c[4]);
    }

    /* ---- layers ---- */
    var overlays = {}, timed = [];
    var many = function (n) { return n > 1500; };
    var pointRenderer = L.canvas({padding: 0.3});
    function group(kind) { var g = L.featureGroup(); overlays[kind] = g; return g; }
    function keep(layer, g, date) { g.addLayer(layer); if (date) { timed.push([layer, g, date]); } return layer; }

    (data.layers.control || []).forEach(function (z, i, all) {
      var g = overlays.control || group("control");
      var actor = str(z[2]), color = z[3] ? "#7f8c8d" : (actorColor[actor] || kindColor.control);
      var style = {color: color, weight: 1.5, fillColor: color, fillOpacity: 0.35, dashArray: z[3] ? "4 4" : null};
      var poly = str(z[1]) && admin1[str(z[1])];
      var shape = poly ? L.polygon(poly.r.map(decode), style)
                       : L.circleMarker(z[0], Object.assign({radius: z[4] >= 15000 ? 13 : 10}, style, {weight: 2, fillOpacity: 0.45}));
      var html = "<b>" + esc(str(z[5])) + "</b>" + (z[3] ? " (contested)" : actor ? ": controlled by " + esc(actor) : "") +
        "<hr>" + z[6].map(function (c) { return eventHtml("control", c); }).join("<hr>");
      shape.bindPopup(html, {maxWidth: 360});
      if (!poly && (data.layers.control || []).length <= 80) {
        shape.bindTooltip(esc(str(z[5])), {permanent: true, direction: "right", offset: [12, 0], className: "gm-place-label", interactive: false});
      }
      keep(shape, g, z[6][0][2]);
    });

    (data.layers.crossing || []).forEach(function (c) {
      var g = overlays.crossing || group("crossing");
      var color = moverColor[c[1]] || kindColor.crossing, q = c[5];
      var width = q === null || q === undefined ? 2.5 : Math.min(11, 2.5 + 1.7 * Math.log10(q + 1));
      var line = L.polyline(c[0], {color: color, weight: width, opacity: 0.85, renderer: many(data.layers.crossing.length) ? pointRenderer : undefined});
      line.bindPopup(eventHtml("crossing", c.slice(4)) + (str(c[3]) ? "<div>Via: " + esc(str(c[3])) + "</div>" : ""), {maxWidth: 360});
      keep(line, g, c[6]);
      var pts = c[0], a = map.project(pts[pts.length - 2], 0), b = map.project(pts[pts.length - 1], 0);
      var angle = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI;
      keep(L.marker(pts[pts.length - 1], {icon: arrow(color, angle, 10 + width * 1.6), interactive: false, keyboard: false}), g, c[6]);
      var label = str(c[2]);
      if (label && data.layers.crossing.length <= 300) {
        var mid = L.latLng((pts[0][0] + pts[pts.length - 1][0]) / 2, (pts[0][1] + pts[pts.length - 1][1]) / 2);
        line.bindTooltip(esc(label), {permanent: true, direction: "center", className: "gm-qty", interactive: false});
        line.openTooltip(mid);
      }
    });

    (data.layers.border_crossing || []).forEach(function (b) {
      var g = overlays.border_crossing || group("border_crossing");
      var ctrl = str(b[2]), color = (ctrl && actorColor[ctrl]) || kindColor.border_crossing;
      var m = L.marker(b[0], {icon: icon("border_crossing", color, str(b[1]), 0), keyboard: false});
      m.bindTooltip(esc(str(b[1])), {permanent: true, direction: "right", offset: [12, 0], className: "gm-place-label", interactive: false});
      m.bindPopup("<b>" + esc(str(b[1])) + "</b> (border crossing)" + (ctrl ? "<br>Controlled by " + esc(ctrl) : ""));
      keep(m, g, null);
    });

    var slots = {}, labelled = {}, nlabels = 0;
    function slot(pt) { var k = pt[0].toFixed(3) + "," + pt[1].toFixed(3); slots[k] = (slots[k] || 0) + 1; return slots[k] - 1; }
    ["base", "military_activity", "attack", "meeting", "displacement"].forEach(function (kind) {
      var rows = data.layers[kind];
      if (rows) { nlabels += rows.length; }
    });
    ["base", "military_activity", "attack", "meeting", "displacement"].forEach(function (kind) {
      var rows = data.layers[kind];
      if (!rows) { return; }
      var g = group(kind), canvas = many(rows.length);
      rows.forEach(function (r) {
        var owner = str(r[1]), color = (kind === "base" && owner && actorColor[owner]) || kindColor[kind];
        var m = canvas ? L.circleMarker(r[0], {radius: 5, color: "#fff", weight: 1, fillColor: color, fillOpacity: 0.9, renderer: pointRenderer})
                       : L.marker(r[0], {icon: icon(kind, color, str(r[7]), slot(r[0])), keyboard: false});
        var name = str(r[7]);
        if (!canvas && nlabels <= 80 && name && !labelled[name]) {
          labelled[name] = true;
          m.bindTooltip(esc(name), {permanent: true, direction: "right", offset: [12, 0], className: "gm-place-label", interactive: false});
        }
        m.bindPopup(function () { return eventHtml(kind, r.slice(2)); }, {maxWidth: 360});
        keep(m, g, r[4]);
      });
    });

    if (data.layers.places) {
      var pg = L.featureGroup();
      data.layers.places.forEach(function (p) {
        var m = L.circleMarker(p[0], {radius: 4 + Math.min(6, p[3]), color: "#fff", weight: 1, fillColor: kindColor.places, fillOpacity: 0.8, renderer: pointRenderer});
        m.bindPopup("<b>" + esc(str(p[1])) + "</b> (" + esc(str(p[2])) + (str(p[4]) ? ", " + esc(str(p[4])) : "") + ")<br>" + p[3] + " mention" + (p[3] > 1 ? "s" : ""));
        pg.addLayer(m);
      });
      overlays.places = pg;  /* off by default */
    }
    data.kinds.forEach(function (k) { if (overlays[k[0]] && k[0] !== "places") { overlays[k[0]].addTo(map); } });

    /* ---- controls ---- */
    var tiles = {
      "Offline map": base,
      "OpenStreetMap (online)": L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"}),
      "CartoDB Positron (online)": L.tileLayer("https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png", {maxZoom: 19, attribution: "&copy; OpenStreetMap contributors &copy; CARTO"})
    };
    var named = {};
    data.kinds.forEach(function (k) { if (overlays[k[0]]) { named["<span class='gm-swatch' style='background:" + esc(k[2]) + "'></span>" + esc(k[1])] = overlays[k[0]]; } });
    L.control.layers(tiles, named, {collapsed: true, position: "topright"}).addTo(map);

    var title = L.control({position: "topleft"});
    title.onAdd = function () {
      var div = L.DomUtil.create("div", "gm-title");
      div.innerHTML = esc(data.title);
      return div;
    };
    title.addTo(map);

    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "gm-legend"), h = "<div class='gm-legend-head'>Legend</div>";
      data.kinds.forEach(function (k) {
        h += "<div>" + (SHAPES[k[0]] ? "<svg width='14' height='14' viewBox='0 0 22 22' fill='" + esc(k[2]) + "'>" + SHAPES[k[0]] + "</svg>"
          : "<span class='gm-swatch' style='background:" + esc(k[2]) + "'></span>") + " " + esc(k[1]) + "</div>";
      });
      if (data.layers.crossing) {
        data.movers.forEach(function (m) { h += "<div><span class='gm-line' style='background:" + esc(m[1]) + "'></span> " + (m[0] === "armed" ? "troops, fighters moving" : "civilians moving") + "</div>"; });
      }
      if (data.actors.length) {
        h += "<div class='gm-legend-head'>Actors</div>";
        data.actors.forEach(function (a) { h += "<div><span class='gm-swatch' style='background:" + esc(a[1]) + "'></span> " + esc(a[0]) + "</div>"; });
        h += "<div><span class='gm-swatch gm-contested'></span> contested</div>";
      }
      div.innerHTML = h;
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(map);

    var sources = L.control({position: "bottomleft"});
    sources.onAdd = function () {
      var div = L.DomUtil.create("div", "gm-sources");
      div.innerHTML = "<details><summary>Sources (" + data.docs.length + ")</summary>" +
        data.docs.map(function (d, i) { return source(i); }).join("") + "</details>";
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    sources.addTo(map);

    if (data.dates.length > 1) {
      var slider = L.control({position: "bottomleft"});
      slider.onAdd = function () {
        var div = L.DomUtil.create("div", "gm-time");
        var input = L.DomUtil.create("input", "", div), label = L.DomUtil.create("span", "", div);
        input.type = "range"; input.min = 0; input.max = data.dates.length - 1; input.value = data.dates.length - 1;
        input.setAttribute("aria-label", "show events up to this date");
        label.textContent = "up to " + data.dates[data.dates.length - 1];
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.on(input, "input", function () {
          var upto = data.dates[Number(input.value)];
          label.textContent = "up to " + upto;
          timed.forEach(function (t) { if (t[2] > upto) { t[1].removeLayer(t[0]); } else { t[1].addLayer(t[0]); } });
        });
        return div;
      };
      slider.addTo(map);
    }

    if (data.bounds) {
      var b = L.latLngBounds(data.bounds);
      if (b.getNorthEast().equals(b.getSouthWest())) { map.setView(b.getCenter(), 7); } else { map.fitBounds(b.pad(0.15), {maxZoom: 9}); }
    } else {
      map.setView([20, 0], 2);
    }
    showLabels();
    root.geomap.maps.push({map: map, overlays: overlays, data: data});
    return overlays;
  }

  root.geomap = {version: "1", render: render, escape: esc, decode: decode, maps: []};
})(window);
