/* geomap map runtime (MIT, the geomap developers).
 * Draws an offline vector basemap and the marks of one map from its JSON payload, and lays
 * out the labels at every zoom so that none covers another label or a mark.
 * Every string from an article reaches the page through esc() or textContent; nothing is fetched. */
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
    control: "<circle cx='11' cy='11' r='8'/>",
    places: "<circle cx='11' cy='11' r='5'/>"
  };
  var ROW = ["border_crossing", "base", "military_activity", "attack", "meeting", "displacement"];
  var ICON = 22, GAP = 3, ZONE_R = 12, MANY = 1500, MAX_LABELS = 500;
  var HOLLOW = 1, SHADED = 2, LABELLED = 4, MIN_SPAN = 4;

  function svg(kind, color, hollow, size) {
    var fill = hollow ? "#ffffff" : color, stroke = hollow ? color : "#ffffff";
    return "<svg xmlns='http://www.w3.org/2000/svg' width='" + size + "' height='" + size + "' viewBox='0 0 22 22' fill='" +
      esc(fill) + "' stroke='" + esc(stroke) + "' stroke-width='" + (hollow ? 2.2 : 1.2) + "'>" + SHAPES[kind] + "</svg>";
  }

  function rowIcon(kind, color, hollow, count, dx) {
    var html = svg(kind, color, hollow, ICON) + (count > 1 ? "<span class='gm-count'>" + count + "</span>" : "");
    return L.divIcon({html: html, className: "gm-icon gm-" + kind + (hollow ? " gm-hollow" : ""), iconSize: [ICON, ICON],
      iconAnchor: [ICON / 2 - dx, ICON / 2], popupAnchor: [dx, -ICON / 2]});
  }

  function arrowIcon(color, angle, size) {
    var s = Math.round(size);
    var html = "<svg xmlns='http://www.w3.org/2000/svg' width='" + s + "' height='" + s + "' viewBox='0 0 20 20' style='transform:rotate(" +
      angle.toFixed(1) + "deg)'><path d='M1 2L19 10L1 18L5 10z' fill='" + esc(color) + "' stroke='#fff' stroke-width='1'/></svg>";
    return L.divIcon({html: html, className: "gm-arrow", iconSize: [s, s], iconAnchor: [s / 2, s / 2]});
  }

  /* A grid of boxes ({l, t, r, b} in layer pixels) that answers "does this box hit one?" */
  function Grid(cell) { this.cell = cell; this.cells = {}; }
  Grid.prototype.keys = function (b, fn) {
    var c = this.cell, x0 = Math.floor(b.l / c), x1 = Math.floor(b.r / c), y0 = Math.floor(b.t / c), y1 = Math.floor(b.b / c);
    for (var x = x0; x <= x1; x++) { for (var y = y0; y <= y1; y++) { if (fn(x + ":" + y)) { return true; } } }
    return false;
  };
  Grid.prototype.add = function (b) {
    var cells = this.cells;
    this.keys(b, function (k) { (cells[k] = cells[k] || []).push(b); return false; });
  };
  Grid.prototype.hits = function (b) {
    var cells = this.cells;
    return this.keys(b, function (k) {
      var list = cells[k];
      if (!list) { return false; }
      for (var i = 0; i < list.length; i++) {
        var o = list[i];
        if (b.l < o.r && b.r > o.l && b.t < o.b && b.b > o.t) { return true; }
      }
      return false;
    });
  };
  function box(x, y, w, h) { return {l: x, t: y, r: x + w, b: y + h}; }

  function render(map, data) {
    var S = data.S, P = data.P, E = data.E, legendData = data.legend;
    function str(i) { return i === null || i === undefined || i < 0 ? null : S[i]; }
    var kindLabel = {}, kindColor = {}, kindName = [];
    data.kinds.forEach(function (k) { kindLabel[k[0]] = k[1]; kindColor[k[0]] = k[2]; kindName.push(k[0]); });
    var actorColor = {};
    legendData.actors.forEach(function (a) { actorColor[a[0]] = a[1]; });
    function ownerColor(actor, fallback) { return actor ? (actorColor[actor] || legendData.others || fallback) : fallback; }
    var moverColor = {};
    legendData.movers.forEach(function (m) { moverColor[m[0]] = m[1]; });
    var container = map.getContainer();
    container.classList.add("gm-map");
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(esc(data.attribution));

    /* ---- offline basemap ---- */
    var baseData = data.base.shared ? root.geomapBasemap : data.base;
    if (!baseData) { throw new Error("geomap: the shared basemap script (assets/basemap.*.js) did not load"); }
    var provinceCountries = data.base.shared ? data.base.admin1 : Object.keys(baseData.admin1);
    map.createPane("gmBase").style.zIndex = 150;
    var baseRenderer = L.canvas({pane: "gmBase", padding: 0.3});
    var base = L.layerGroup();
    var countryRings = {};
    var land = {pane: "gmBase", renderer: baseRenderer, color: "#8f897c", weight: 1.1, fillColor: "#f2eee4", fillOpacity: 1, interactive: false};
    baseData.countries.forEach(function (c) {
      var rings = c.r.map(decode);
      if (c.c) { countryRings[c.c] = rings; }
      if (rings.length) { L.polygon(rings, land).addTo(base); }
    });
    var lake = {pane: "gmBase", renderer: baseRenderer, stroke: false, fillColor: "#c6dbe9", fillOpacity: 1, interactive: false};
    baseData.lakes.forEach(function (rings) { L.polygon(rings.map(decode), lake).addTo(base); });
    var prov = {pane: "gmBase", renderer: baseRenderer, color: "#d3ccbd", weight: 0.6, dashArray: "4 3", interactive: false};
    var provinceNames = [];
    provinceCountries.forEach(function (cc) {
      var a = baseData.admin1[cc];
      if (!a) { return; }
      a.l.forEach(function (l) { L.polyline(decode(l), prov).addTo(base); });
      a.t.forEach(function (t) { provinceNames.push(t); });
    });
    var disputed = {pane: "gmBase", renderer: baseRenderer, color: "#8e8a80", weight: 0.8, dashArray: "3 3", interactive: false};
    baseData.disputed.forEach(function (l) { L.polyline(decode(l), disputed).addTo(base); });
    base.addTo(map);

    /* ---- popups ---- */
    function source(di) {
      var d = data.docs[di];
      if (!d) { return ""; }
      var title = esc(str(d[0])), url = str(d[2]);
      var link = url ? "<a href='" + esc(url) + "' target='_blank' rel='noopener noreferrer'>" + title + "</a>" : title;
      return "<div class='gm-src'>" + link + (d[1] ? " · " + esc(d[1]) : "") + "</div>";
    }
    function eventHtml(ei) {  /* E row: [kind, actor, quantity, date, sentence, doc, where, unit] */
      var c = E[ei], kind = kindName[c[0]];
      var rows = "<b>" + esc(kindLabel[kind] || kind) + "</b>: " + esc(str(c[6]));
      if (str(c[1])) { rows += "<br>Actor: " + esc(str(c[1])); }
      if (c[2] !== null && c[2] !== undefined) { rows += "<br>Count: " + esc(Number(c[2]).toLocaleString("en-US")) + (str(c[7]) ? " " + esc(str(c[7])) : ""); }
      if (c[3]) { rows += "<br>Date: " + esc(c[3]); }
      return rows + "<blockquote class='gm-evidence'>" + esc(str(c[4])) + "</blockquote>" + source(c[5]);
    }
    function eventsHtml(head, ids) {
      return (head ? head + "<hr>" : "") + ids.map(eventHtml).join("<hr>");
    }
    var popupOptions = {maxWidth: 360, maxHeight: 320};

    /* ---- places and their marks ---- */
    var places = P.map(function (p, i) {
      return {i: i, latlng: L.latLng(p[0], p[1]), name: str(p[2]), flags: p[3], prio: p[4], cc: p[5], row: [], zone: null,
              layers: [], end: 0, items: []};
    });
    var overlays = {}, timed = [], marks = [], fitPoints = [];
    function group(kind) { return overlays[kind] || (overlays[kind] = L.featureGroup()); }
    function firstDate(ids) {
      var d = null;
      for (var i = 0; i < ids.length; i++) { var x = E[ids[i]][3]; if (!x) { return null; } if (!d || x < d) { d = x; } }
      return d;
    }
    function keep(layer, kind, ids, place) {
      group(kind).addLayer(layer);
      if (ids) {
        marks.push({layer: layer, kind: kind, events: ids});
        var d = firstDate(ids);
        if (d) { timed.push([layer, group(kind), d]); }
      }
      if (place) { place.layers.push(layer); }
      return layer;
    }
    var pointRenderer = L.canvas({padding: 0.3});
    var shaded = {};
    function shade(place, color, kind) {
      if (!(place.flags & SHADED) || !countryRings[place.cc] || shaded[place.i]) { return; }
      shaded[place.i] = true;
      keep(L.polygon(countryRings[place.cc], {color: color, weight: 1, opacity: 0.35, fillColor: color, fillOpacity: 0.07,
        interactive: false, className: "gm-area"}), kind, null, null);
    }

    (data.layers.control || []).forEach(function (z) {
      var place = places[z[0]], actor = str(z[2]), contested = z[3] === 1, ids = z[4];
      var color = contested ? "#7f8c8d" : ownerColor(actor, kindColor.control);
      var style = {color: color, weight: 1.5, fillColor: color, fillOpacity: 0.3, dashArray: contested ? "4 4" : null, className: "gm-zone"};
      var head = "<b>" + esc(place.name) + "</b>" + (contested ? " (contested)" : actor ? ": controlled by " + esc(actor) : "");
      var area = z[1];
      if (area && typeof area === "string" && countryRings[area]) {
        keep(L.polygon(countryRings[area], Object.assign({}, style, {fillOpacity: 0.1, weight: 1, opacity: 0.6})), "control", null, null);
      } else if (area && area.length) {
        var poly = keep(L.polygon(area.map(decode), style), "control", ids, place);
        var pb = poly.getBounds();
        fitPoints.push(pb.getSouthWest(), pb.getNorthEast());
        poly.bindPopup(function () { return eventsHtml(head, ids); }, popupOptions);
        return;
      }
      var hollow = (place.flags & HOLLOW) !== 0;
      var circle = L.circleMarker(place.latlng, Object.assign({}, style, {radius: ZONE_R, weight: 2.5,
        fillOpacity: hollow ? 0.08 : 0.4, dashArray: contested || hollow ? "4 3" : null}));
      circle.bindPopup(function () { return eventsHtml(head, ids); }, popupOptions);
      place.zone = keep(circle, "control", ids, place);
      place.zoneItem = {kind: "control", color: color, hollow: hollow, ids: ids, head: head};
    });

    var rows = {};  /* place index -> [kind, color, count, ids, popup head] per icon, in ROW order */
    (data.layers.border_crossing || []).forEach(function (b) {
      var place = places[b[0]], ctrl = str(b[1]);
      var head = "<b>" + esc(place.name) + "</b> (border crossing)" + (ctrl ? "<br>Controlled by " + esc(ctrl) : "");
      (rows[b[0]] = rows[b[0]] || []).push(["border_crossing", ownerColor(ctrl, kindColor.border_crossing), 0, null, head]);
    });
    ROW.forEach(function (kind) {
      if (kind === "border_crossing") { return; }
      (data.layers[kind] || []).forEach(function (r) {
        var owner = str(r[1]), color = kind === "base" ? ownerColor(owner, kindColor.base) : kindColor[kind];
        var place = places[r[0]], n = r[2].length;
        var head = "<b>" + esc(place.name) + "</b>" + (n > 1 ? ": " + n + " reports" : "");
        (rows[r[0]] = rows[r[0]] || []).push([kind, color, n, r[2], head]);
        shade(place, kindColor[kind], kind);
      });
    });
    Object.keys(rows).forEach(function (pi) {
      var place = places[pi], row = rows[pi], n = row.length;
      row.sort(function (a, b) { return ROW.indexOf(a[0]) - ROW.indexOf(b[0]); });
      var canvas = (data.layers[row[0][0]] || []).length > MANY;
      row.forEach(function (r, k) {
        var kind = r[0], ids = r[3], m;
        var dx = Math.round((k - (n - 1) / 2) * (ICON + GAP));
        if (canvas) {
          m = L.circleMarker(place.latlng, {radius: 5, color: "#fff", weight: 1, fillColor: r[1], fillOpacity: 0.9, renderer: pointRenderer});
        } else {
          m = L.marker(place.latlng, {icon: rowIcon(kind, r[1], (place.flags & HOLLOW) !== 0, r[2], dx), keyboard: false,
            title: place.name || "", alt: place.name || ""});
        }
        m.bindPopup(function () { return ids ? eventsHtml(r[4], ids) : r[4]; }, popupOptions);
        keep(m, kind, ids, place);
        if (!canvas) {
          place.row.push(m);
          place.items.push({marker: m, kind: kind, color: r[1], hollow: (place.flags & HOLLOW) !== 0, ids: ids, head: r[4]});
        }
      });
    });

    /* crossings: arrows from origin to destination, trimmed at every zoom to stop short of marks */
    var arrows = [];
    var crossRenderer = (data.layers.crossing || []).length > 300 ? pointRenderer : undefined;
    (data.layers.crossing || []).forEach(function (c) {
      var color = moverColor[c[1]] || kindColor.crossing, q = c[5], ids = c[4];
      var width = q === null || q === undefined ? 2.5 : Math.min(11, 2.5 + 1.7 * Math.log10(q + 1));
      var from = places[c[6]], to = places[c[7]];
      var line = L.polyline(c[0], {color: color, weight: width, opacity: 0.85, renderer: crossRenderer, className: "gm-crossing"});
      var head = (str(c[3]) ? "Via: " + esc(str(c[3])) : "");
      line.bindPopup(function () { return eventsHtml(head, ids); }, popupOptions);
      keep(line, "crossing", ids, null);
      var size = 11 + width * 1.5;
      var tip = keep(L.marker(c[0][c[0].length - 1], {icon: arrowIcon(color, 0, size), interactive: false, keyboard: false}), "crossing", ids, to);
      var dot = null;
      if (!rows[c[6]] && !from.zone) {
        dot = keep(L.circleMarker(c[0][0], {radius: 3.5, color: "#fff", weight: 1, fillColor: color, fillOpacity: 1, interactive: false}), "crossing", null, from);
      }
      from.layers.push(line); to.layers.push(line);
      from.end = Math.max(from.end || 0, 8); to.end = Math.max(to.end || 0, size);
      arrows.push({line: line, tip: tip, dot: dot, pts: c[0].map(function (p) { return L.latLng(p[0], p[1]); }), from: from, to: to,
                   color: color, size: size, label: str(c[2]), angle: null, prio: 5500000 + Math.min(9, Math.log10((q || 0) + 1)) * 10000,
                   starts: c[8] && c[8][0] ? c[8][0] : null, ends: c[8] && c[8][1] ? c[8][1] : null});
    });

    if (data.layers.places) {
      var pg = L.featureGroup();
      data.layers.places.forEach(function (p) {
        var m = L.circleMarker(p[0], {radius: 4 + Math.min(6, p[3]), color: "#fff", weight: 1, fillColor: kindColor.places, fillOpacity: 0.8, renderer: pointRenderer});
        m.bindPopup("<b>" + esc(str(p[1])) + "</b> (" + esc(str(p[2])) + (str(p[4]) ? ", " + esc(str(p[4])) : "") + ")<br>" + p[3] + " mention" + (p[3] > 1 ? "s" : ""));
        pg.addLayer(m);
      });
      overlays.places = pg;  /* off by default, unless there is nothing else to show */
    }
    var eventLayers = kindName.filter(function (k) { return overlays[k] && k !== "places"; });
    eventLayers.forEach(function (k) { overlays[k].addTo(map); });
    if (!eventLayers.length && overlays.places) {
      overlays.places.addTo(map);
      overlays.places.eachLayer(function (m) { fitPoints.push(m.getLatLng()); });
    }
    places.forEach(function (p) { if (p.layers.length) { fitPoints.push(p.latlng); } });
    arrows.forEach(function (a) {  /* its points, and along it, so that no control hides its middle */
      a.pts.forEach(function (p, i) {
        fitPoints.push(p);
        var q = a.pts[i + 1];
        if (q) { [0.25, 0.5, 0.75].forEach(function (f) { fitPoints.push(L.latLng(p.lat + (q.lat - p.lat) * f, p.lng + (q.lng - p.lng) * f)); }); }
      });
    });

    /* ---- labels: one per place, laid out anew at every zoom ---- */
    function ownBox(place) {  /* half extents of a place's marks around its point */
      if (place.lead) { return [3, 3]; }
      if (place.combined) { return place.combined; }
      var n = place.row.length, hw = 0, hh = 0;
      if (n) { hw = (n * ICON + (n - 1) * GAP) / 2 + 2; hh = ICON / 2 + 3; }
      if (place.zone && map.hasLayer(place.zone)) { hw = Math.max(hw, ZONE_R + 3); hh = Math.max(hh, ZONE_R + 3); }
      if (!hw && place.end) { hw = hh = Math.max(5, place.end / 2 + 2); }
      return [hw, hh];
    }
    var pane = map.createPane("gmLabels");
    pane.style.zIndex = 640;
    pane.style.pointerEvents = "none";
    var labelBox = L.DomUtil.create("div", "gm-labels leaflet-zoom-hide", pane);
    var labels = [];
    function addLabel(text, cls, prio, item) {
      var el = L.DomUtil.create("div", cls, labelBox);
      el.textContent = text;
      item.el = el; item.prio = prio; item.shown = null;
      labels.push(item);
      return item;
    }
    var eventNames = {};
    places.filter(function (p) { return (p.flags & LABELLED) && p.name && (p.row.length || p.zone || p.end || p.layers.length); })
      .sort(function (a, b) { return b.prio - a.prio; }).slice(0, MAX_LABELS)
      .forEach(function (place) {
        eventNames[place.name] = true;
        addLabel(place.name, "gm-label", place.prio, {place: place, kind: "place"});
      });
    arrows.forEach(function (a) { if (a.label && arrows.length <= 300) { addLabel(a.label, "gm-qty", a.prio, {arrow: a, kind: "qty"}); } });
    baseData.labels.forEach(function (l, rank) {
      if (eventNames[l[2]]) { return; }
      addLabel(l[2], "gm-country-label", 1000 - rank / 1000, {latlng: L.latLng(l[0], l[1]), kind: "country", rank: rank, cc: l[4]});
    });
    provinceNames.forEach(function (t) {
      if (eventNames[t[2]]) { return; }
      addLabel(t[2], "gm-province-label", 0, {latlng: L.latLng(t[0], t[1]), kind: "province"});
    });
    labels.sort(function (a, b) { return b.prio - a.prio; });
    labels.forEach(function (l) {
      l.w = l.el.offsetWidth; l.h = l.el.offsetHeight;
      if (l.arrow) { l.arrow.labelW = l.w; }
    });

    function visible(place) {
      for (var i = 0; i < place.layers.length; i++) { if (map.hasLayer(place.layers[i])) { return true; } }
      return false;
    }
    var viewBounds = null, MIN_ARROW = 80;
    function reach(a, grid) {  /* an end at a whole country: as far in as makes the arrow readable, within the
                                  first view, never over another place's marks */
      if (!a.starts && !a.ends) { return; }
      var n = a.pts.length, si = 0, ei = 0, turn = 0;
      function at(c, i) { return L.latLng(c[i][0], c[i][1]); }
      function length() {
        var total = 0, prev = null;
        for (var i = 0; i < n; i++) {
          var p = map.latLngToLayerPoint(i === 0 && a.starts ? at(a.starts, si) : i === n - 1 && a.ends ? at(a.ends, ei) : a.pts[i]);
          if (prev) { total += p.distanceTo(prev); }
          prev = p;
        }
        return total;
      }
      function clear(from, to) {  /* no mark of another place on the way from one end point to the next */
        var p = map.latLngToLayerPoint(from), q = map.latLngToLayerPoint(to), d = p.distanceTo(q);
        for (var k = 1; k <= Math.ceil(d / 6); k++) {
          var r = p.add(q.subtract(p).multiplyBy(Math.min(1, k * 6 / d)));
          if (grid.hits(box(r.x - 3, r.y - 3, 6, 6))) { return false; }
        }
        return true;
      }
      function ok(c, i) {
        return c && i < c.length && (!viewBounds || viewBounds.contains(at(c, i))) && clear(at(c, i - 1), at(c, i));
      }
      var want = a.labelW ? Math.max(MIN_ARROW, a.labelW + 60) : MIN_ARROW;
      while (length() < want) {
        var canS = ok(a.starts, si + 1), canE = ok(a.ends, ei + 1);
        if (!canS && !canE) { break; }
        if (canS && (turn % 2 === 0 || !canE)) { si++; } else { ei++; }
        turn++;
      }
      if (a.starts) { a.pts[0] = at(a.starts, si); a.from.latlng = a.pts[0]; if (a.dot) { a.dot.setLatLng(a.pts[0]); } }
      if (a.ends) { a.pts[n - 1] = at(a.ends, ei); a.to.latlng = a.pts[n - 1]; }
    }
    function trim(a, grid) {  /* shorten the arrow at both ends, place its head, record its boxes */
      var px = a.pts.map(function (p) { return map.latLngToLayerPoint(p); });
      var startCut = a.from.row.length || (a.from.zone && map.hasLayer(a.from.zone)) ? ownBox(a.from)[0] : 0;
      var endBox = ownBox(a.to), endCut = (a.to.row.length || a.to.zone ? Math.min(endBox[0], 24) + 2 : 2) + a.size * 0.45;
      var total = 0, i;
      for (i = 1; i < px.length; i++) { total += px[i].distanceTo(px[i - 1]); }
      if (total < startCut + endCut + 12) { var k = total / (startCut + endCut + 12); startCut *= k * 0.5; endCut *= k; }
      var cut = function (pts, d) {
        var out = pts.slice();
        while (out.length > 1 && d > 0) {
          var seg = out[1].distanceTo(out[0]);
          if (seg > d) { out[0] = out[0].add(out[1].subtract(out[0]).multiplyBy(d / seg)); break; }
          d -= seg; out.shift();
        }
        return out;
      };
      var t = cut(px, startCut);
      t = cut(t.reverse(), endCut).reverse();
      a.path = t;
      a.line.setLatLngs(t.map(function (p) { return map.layerPointToLatLng(p); }));
      var last = t[t.length - 1], prev = t[t.length - 2] || px[0];
      var angle = Math.atan2(last.y - prev.y, last.x - prev.x);
      a.to.dir = L.point(Math.cos(angle), Math.sin(angle));
      var s0 = px[0], s1 = px[1] || last, sl = s0.distanceTo(s1) || 1;
      a.from.dir = L.point((s0.x - s1.x) / sl, (s0.y - s1.y) / sl);
      var head = last.add(L.point(Math.cos(angle), Math.sin(angle)).multiplyBy(a.size * 0.35));
      a.tip.setLatLng(map.layerPointToLatLng(head));
      var deg = Math.round(angle * 180 / Math.PI);
      if (deg !== a.angle) { a.angle = deg; a.tip.setIcon(arrowIcon(a.color, deg, a.size)); }
      var h = a.size / 2;
      grid.add(box(head.x - h, head.y - h, a.size, a.size));
    }
    function along(path, f) {  /* the point at fraction f of a pixel polyline */
      var total = 0, i;
      for (i = 1; i < path.length; i++) { total += path[i].distanceTo(path[i - 1]); }
      var d = total * f;
      for (i = 1; i < path.length; i++) {
        var seg = path[i].distanceTo(path[i - 1]);
        if (d <= seg) { return path[i - 1].add(path[i].subtract(path[i - 1]).multiplyBy(seg ? d / seg : 0)); }
        d -= seg;
      }
      return path[path.length - 1];
    }
    var SIDES = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [1, 1], [-1, -1], [-1, 1]];
    function candidates(l, z) {
      var out = [], w = l.w, h = l.h, p, i;
      if (l.kind === "place") {
        p = map.latLngToLayerPoint(l.place.latlng);
        var own = ownBox(l.place), hw = own[0] || 3, hh = own[1] || 3;
        var dir = l.place.dir, sides = SIDES;
        if (dir) {  /* an arrow's end: beyond its head, or behind its start, first */
          sides = SIDES.slice().sort(function (a, b) { return (b[0] * dir.x + b[1] * dir.y) / Math.hypot(b[0], b[1]) - (a[0] * dir.x + a[1] * dir.y) / Math.hypot(a[0], a[1]); });
        }
        sides.forEach(function (s) {
          var x = s[0] > 0 ? p.x + hw + 2 : s[0] < 0 ? p.x - hw - 2 - w : p.x - w / 2;
          var y = s[1] > 0 ? p.y + hh + 1 : s[1] < 0 ? p.y - hh - 1 - h : p.y - h / 2;
          if (s[0] && s[1]) { y = s[1] > 0 ? p.y + hh - 4 : p.y - hh - h + 4; }
          out.push(box(x, y, w, h));
        });
      } else if (l.kind === "qty") {
        if (!l.arrow.path) { return out; }
        var path = l.arrow.path, a0 = path[0], a1 = path[path.length - 1];
        var len = a0.distanceTo(a1) || 1, nx = -(a1.y - a0.y) / len, ny = (a1.x - a0.x) / len;
        [0, 1, -1].forEach(function (side) {  /* on the arrow, then beside it */
          [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8].forEach(function (f) {
            p = along(path, f);
            var off = side * (Math.abs(nx) * (w / 2 + 5) + Math.abs(ny) * (h / 2 + 5));
            out.push(box(p.x + nx * off - w / 2, p.y + ny * off - h / 2, w, h));
          });
        });
      } else {
        p = map.latLngToLayerPoint(l.kind === "country" ? inView(l) : l.latlng);
        for (i = 0; i < 3; i++) { out.push(box(p.x - w / 2, p.y - h / 2 + [0, -h, h][i], w, h)); }
      }
      return out;
    }
    /* A country whose name point is out of view is named where it shows, near the middle of its visible part. */
    var ringBoxes = {};
    function inside(rings, lat, lng) {
      var odd = false;
      rings.forEach(function (ring) {
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          var a = ring[i], b = ring[j];
          if ((a[0] > lat) !== (b[0] > lat) && lng < (b[1] - a[1]) * (lat - a[0]) / (b[0] - a[0]) + a[1]) { odd = !odd; }
        }
      });
      return odd;
    }
    function inView(l) {
      var view = map.getBounds();
      if (view.contains(l.latlng) || map.getZoom() < 4 || !l.cc || !countryRings[l.cc]) { return l.latlng; }
      var rings = countryRings[l.cc], bb = ringBoxes[l.cc];
      if (!bb) { bb = ringBoxes[l.cc] = L.latLngBounds([].concat.apply([], rings)); }
      if (!bb.isValid() || !view.intersects(bb)) { return l.latlng; }
      var size = map.getSize(), hits = [], n = 9;
      for (var i = 1; i < n; i++) {
        for (var j = 1; j < n; j++) {
          var ll = map.containerPointToLatLng([size.x * i / n, size.y * j / n]);
          if (bb.contains(ll) && inside(rings, ll.lat, ll.lng)) { hits.push([i, j, ll]); }
        }
      }
      if (!hits.length) { return l.latlng; }
      var mi = 0, mj = 0;
      hits.forEach(function (h) { mi += h[0]; mj += h[1]; });
      mi /= hits.length; mj /= hits.length;
      hits.sort(function (a, b) { return Math.hypot(a[0] - mi, a[1] - mj) - Math.hypot(b[0] - mi, b[1] - mj); });
      return hits[0][2];
    }
    function active(l, z) {
      if (l.kind === "place") { return visible(l.place); }
      if (l.kind === "qty") { return map.hasLayer(l.arrow.line); }
      if (!map.hasLayer(base)) { return false; }
      if (l.kind === "country") { return l.rank < (z < 3 ? 30 : z < 4 ? 70 : z < 5 ? 130 : 400); }
      return z >= 6;
    }
    /* Places whose marks would overlap at this zoom share one row of icons, at the place
       that ranks first: one icon per kind, counting every event of that kind in the group. */
    var clusterLayers = [], baseMarks = marks.length;
    function shown(layer) { return layer && map.hasLayer(layer); }
    function setHidden(layer, hidden) {
      var el = layer.getElement ? layer.getElement() : null;
      if (el) { el.style.display = hidden ? "none" : ""; }
    }
    function declutter() {
      clusterLayers.forEach(function (l) { map.removeLayer(l); });
      clusterLayers = [];
      marks.length = baseMarks;
      var leaders = [];
      places.forEach(function (pl) {
        pl.lead = null; pl.members = null; pl.combined = null;
        pl.row.forEach(function (m) { setHidden(m, false); });
        if (pl.zone) { setHidden(pl.zone, false); }
      });
      places.filter(function (pl) { return pl.row.some(shown) || shown(pl.zone); })
        .sort(function (a, b) { return b.prio - a.prio; })
        .forEach(function (pl) {
          pl.pt = map.latLngToLayerPoint(pl.latlng);
          var own = ownBox(pl);
          var lead = null;
          for (var i = 0; i < leaders.length && !lead; i++) {
            var q = leaders[i];
            if (Math.abs(q.pt.x - pl.pt.x) < q.own[0] + own[0] - 4 && Math.abs(q.pt.y - pl.pt.y) < q.own[1] + own[1] - 4) { lead = q; }
          }
          if (lead) { (lead.members = lead.members || []).push(pl); pl.lead = lead; } else { pl.own = own; leaders.push(pl); }
        });
      leaders.forEach(function (q) { if (q.members) { cluster(q); } });
    }
    function cluster(q) {
      var byKind = {}, order = [];
      function add(pl, it, layer) {
        if (!shown(layer)) { return; }
        setHidden(layer, true);
        var k = byKind[it.kind];
        if (!k) { k = byKind[it.kind] = {kind: it.kind, color: it.color, hollow: true, ids: [], parts: [], n: 0}; order.push(it.kind); }
        if (k.color !== it.color) { k.color = kindColor[it.kind]; }
        k.hollow = k.hollow && it.hollow;
        k.ids = k.ids.concat(it.ids || []);
        k.n += it.ids ? it.ids.length : 1;
        k.parts.push(it);
      }
      [q].concat(q.members).forEach(function (pl) {
        if (pl.zoneItem) { add(pl, pl.zoneItem, pl.zone); }
        pl.items.forEach(function (it) { add(pl, it, it.marker); });
      });
      var kinds = ["control"].concat(ROW).filter(function (k) { return byKind[k]; }), n = kinds.length;
      kinds.forEach(function (kind, i) {
        var k = byKind[kind], dx = Math.round((i - (n - 1) / 2) * (ICON + GAP));
        var m = L.marker(q.latlng, {icon: rowIcon(kind, k.color, k.hollow, k.n, dx), keyboard: false, zIndexOffset: 100,
          title: q.name || "", alt: q.name || ""});
        m.bindPopup(function () {
          return k.parts.map(function (it) { return it.ids ? eventsHtml(it.head, it.ids) : it.head; }).join("<hr>");
        }, popupOptions);
        m.addTo(map);
        clusterLayers.push(m);
        if (k.ids.length) { marks.push({layer: m, kind: kind, events: k.ids}); }
      });
      q.combined = [(n * ICON + (n - 1) * GAP) / 2 + 2, ICON / 2 + 3];
    }

    var NEAR = 160;  /* a place named twice (a country at two arrows) is labelled once within this many pixels */
    function frame(grid) {  /* the view's edges and the controls on it: no label straddles or hides under them */
      var size = map.getSize(), tl = map.containerPointToLayerPoint([0, 0]), rect = container.getBoundingClientRect();
      grid.add(box(tl.x - 1, tl.y - 1, size.x + 2, 2)); grid.add(box(tl.x - 1, tl.y + size.y - 1, size.x + 2, 2));
      grid.add(box(tl.x - 1, tl.y - 1, 2, size.y + 2)); grid.add(box(tl.x + size.x - 1, tl.y - 1, 2, size.y + 2));
      container.querySelectorAll(".leaflet-control").forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (r.width && r.height) { grid.add(box(tl.x + r.left - rect.left - 2, tl.y + r.top - rect.top - 2, r.width + 4, r.height + 4)); }
      });
    }
    function layout() {
      var z = map.getZoom(), grid = new Grid(64), named = {};
      declutter();
      frame(grid);
      places.forEach(function (place) {
        if (place.lead || (!place.row.length && !(place.zone && map.hasLayer(place.zone)))) { return; }
        if (!visible(place)) { return; }
        var p = map.latLngToLayerPoint(place.latlng), own = ownBox(place);
        grid.add(box(p.x - own[0], p.y - own[1], 2 * own[0], 2 * own[1]));
      });
      arrows.forEach(function (a) {
        if (!map.hasLayer(a.line)) { a.path = null; return; }
        reach(a, grid);
        trim(a, grid);
        if (a.dot) { var d = map.latLngToLayerPoint(a.dot.getLatLng()); grid.add(box(d.x - 5, d.y - 5, 10, 10)); }
      });
      labels.forEach(function (l) {
        var spot = null;
        var twice = false;
        if (l.kind === "place" && named[l.place.name]) {
          var here = map.latLngToLayerPoint(l.place.latlng);
          twice = named[l.place.name].some(function (q) { return q.distanceTo(here) < NEAR; });
        }
        if (!twice && active(l, z)) {
          var cands = candidates(l, z);
          for (var i = 0; i < cands.length; i++) {
            var c = cands[i], pad = {l: c.l - 2, t: c.t - 1, r: c.r + 2, b: c.b + 1};
            if (!grid.hits(pad)) { spot = c; grid.add(pad); break; }
          }
        }
        if (spot) {
          if (l.kind === "place") { (named[l.place.name] = named[l.place.name] || []).push(map.latLngToLayerPoint(l.place.latlng)); }
          L.DomUtil.setPosition(l.el, L.point(Math.round(spot.l), Math.round(spot.t)));
          if (l.shown !== true) { l.el.style.display = ""; l.shown = true; }
        } else if (l.shown !== false) {
          l.el.style.display = "none"; l.shown = false;
        }
      });
    }
    map.on("moveend viewreset overlayadd overlayremove baselayerchange", layout);

    /* ---- controls ---- */
    var tiles = {
      "Offline map": base,
      "OpenStreetMap (online)": L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"}),
      "CartoDB Positron (online)": L.tileLayer("https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png", {maxZoom: 19, attribution: "&copy; OpenStreetMap contributors &copy; CARTO"})
    };
    var named = {};
    kindName.forEach(function (k) {
      if (overlays[k]) { named["<span class='gm-swatch' style='background:" + esc(kindColor[k]) + "'></span>" + esc(kindLabel[k])] = overlays[k]; }
    });
    L.control.layers(tiles, named, {collapsed: true, position: "topright"}).addTo(map);

    var title = L.control({position: "topleft"});
    title.onAdd = function () {
      var div = L.DomUtil.create("div", "gm-title");
      div.textContent = data.title;
      return div;
    };
    title.addTo(map);

    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "gm-legend"), h = "";
      legendData.kinds.forEach(function (k) {
        h += "<div>" + (SHAPES[k] && k !== "control" ? svg(k, kindColor[k], false, 14)
          : "<span class='gm-swatch' style='background:" + esc(kindColor[k]) + "'></span>") + " " + esc(kindLabel[k]) + "</div>";
      });
      legendData.movers.forEach(function (m) {
        h += "<div><span class='gm-line' style='background:" + esc(m[1]) + "'></span> " + (m[0] === "armed" ? "troops, fighters moving" : "civilians moving") + "</div>";
      });
      if (legendData.hollow) { h += "<div>" + svg("control", "#555", true, 14) + " an area or an approximate place</div>"; }
      if (legendData.shaded) { h += "<div><span class='gm-swatch gm-area-swatch'></span> event in a whole country</div>"; }
      if (legendData.actors.length) {
        h += "<div class='gm-legend-head'>Control and bases</div>";
        legendData.actors.forEach(function (a) { h += "<div><span class='gm-swatch' style='background:" + esc(a[1]) + "'></span> " + esc(a[0]) + "</div>"; });
        if (legendData.others) { h += "<div><span class='gm-swatch' style='background:" + esc(legendData.others) + "'></span> others</div>"; }
      }
      if (legendData.contested) { h += "<div><span class='gm-swatch gm-contested'></span> contested</div>"; }
      div.innerHTML = h;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    if (legendData.kinds.length) { legend.addTo(map); }

    var sources = L.control({position: "bottomleft"});
    sources.onAdd = function () {
      var div = L.DomUtil.create("div", "gm-sources");
      div.innerHTML = "<details><summary>Sources (" + data.docs.length + ")</summary><div class='gm-src-list'>" +
        data.docs.map(function (d, i) { return source(i); }).join("") + "</div></details>";
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
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
          layout();
        });
        return div;
      };
      slider.addTo(map);
    }

    /* ---- the first view: every mark, clear of the title, legend and sources ---- */
    map.options.zoomSnap = 0.25;
    function fit() {
      /* The largest zoom (and a centre) at which every mark lies inside the map and clear of
         its controls: the marks' own points, not their box, must miss the title, legend and
         sources, so a corner the marks leave empty can sit under a control. */
      var size = map.getSize(), rect = container.getBoundingClientRect(), M = 32;
      var blocks = [];
      container.querySelectorAll(".leaflet-control").forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (r.width && r.height) { blocks.push({l: r.left - rect.left - 6, t: r.top - rect.top - 6, r: r.right - rect.left + 6, b: r.bottom - rect.top + 6}); }
      });
      var pts = fitPoints.length ? fitPoints : (data.bounds ? data.bounds.map(function (b) { return L.latLng(b[0], b[1]); }) : []);
      if (!pts.length) { map.setView([20, 0], 2, {animate: false}); viewBounds = null; return; }
      var all = L.latLngBounds(pts), c = all.getCenter(), span = MIN_SPAN / 2;
      var maxZ = Math.min(8, map.getBoundsZoom(L.latLngBounds([[c.lat - span, c.lng - span], [c.lat + span, c.lng + span]]), false));
      function tryZoom(z) {
        var px = pts.map(function (p) { return map.project(p, z); });
        var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
        px.forEach(function (p) { x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y); });
        var oxLo = M - x0, oxHi = size.x - M - x1, oyLo = M - y0, oyHi = size.y - M - y1;
        if (oxLo > oxHi || oyLo > oyHi) { return null; }
        var best = null, cx = (oxLo + oxHi) / 2, cy = (oyLo + oyHi) / 2, steps = 8;
        for (var i = 0; i <= steps; i++) {
          for (var j = 0; j <= steps; j++) {
            var ox = oxLo + (oxHi - oxLo) * i / steps, oy = oyLo + (oyHi - oyLo) * j / steps;
            var d = Math.abs(ox - cx) + Math.abs(oy - cy);
            if (best && d >= best.d) { continue; }
            var clear = px.every(function (p) {
              var x = p.x + ox, y = p.y + oy;
              return blocks.every(function (b) { return x + 18 < b.l || x - 18 > b.r || y + 16 < b.t || y - 16 > b.b; });
            });
            if (clear) { best = {ox: ox, oy: oy, d: d}; }
          }
        }
        return best;
      }
      for (var z = Math.floor(maxZ * 4) / 4; z >= 1; z -= 0.25) {
        var spot = tryZoom(z);
        if (spot) {
          map.setView(map.unproject([size.x / 2 - spot.ox, size.y / 2 - spot.oy], z), z, {animate: false});
          viewBounds = L.latLngBounds(map.containerPointToLatLng([M, M]), map.containerPointToLatLng([size.x - M, size.y - M]));
          return;
        }
      }
      map.fitBounds(all, {maxZoom: 8, animate: false});
      viewBounds = null;
    }
    fit();
    layout();
    /* a page resized before the reader touches the map (an embed laid out late, a window
       sized after load) gets its first view again */
    var touched = false;
    L.DomEvent.on(container, "mousedown touchstart wheel keydown", function () { touched = true; });
    map.on("resize", function () { if (!touched) { fit(); layout(); } });
    var state = {map: map, overlays: overlays, data: data, marks: marks, labels: labels, layout: layout};
    root.geomap.maps.push(state);
    return overlays;
  }

  root.geomap = {version: "2", render: render, escape: esc, decode: decode, maps: []};
})(window);
