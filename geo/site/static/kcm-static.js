/* Karabakh Ceasefire Map, static edition: the whole timeline is in window.KCM_DATA (assets/kcm-data.*.js),
 * so a date change is a restyle in the browser: no server, no fetch, nothing from another host.
 *
 * The map follows the app's map script (dashboard/static/kcm-map.js): geometry built once, a date only
 * restyles the districts, recolours the settlements from one character each and swaps the small dynamic
 * layer (positions, corridor). Every string from data reaches the page through textContent, never innerHTML.
 * Tooltips kept inside the map, posts opened from the keyboard and the posts' symbols (in the shapes of
 * geo/status.py, as in the app) come from the app's kcm-leaflet.js.
 */
(function () {
  "use strict";
  var D = window.KCM_DATA;
  var DAY = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var MAX_SHOWN = 40, MAX_PARAMS = 20, MAX_NAMED = 3;  // as dashboard/urlstate.py

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = String(text);
    return node;
  }

  function byId(id) { return document.getElementById(id); }

  /** Change a node's text only when it differs: an unchanged panel then costs no layout on a step. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  // --- dates: ISO strings <-> day numbers counted in UTC, so no time zone moves a date ---

  function parseIso(text) {
    if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
    var parts = text.split("-").map(Number);
    var ms = Date.UTC(parts[0], parts[1] - 1, parts[2]);
    var back = new Date(ms);
    if (back.getUTCFullYear() !== parts[0] || back.getUTCMonth() !== parts[1] - 1 || back.getUTCDate() !== parts[2]) {
      return null;
    }
    return Math.round(ms / DAY);
  }

  function isoOf(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  function words(iso) {
    var d = new Date(parseIso(iso) * DAY);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  var START = parseIso(D.start), END = parseIso(D.end);
  var frameDays = D.frames.map(function (f) { return parseIso(f.date); });
  var stopDays = D.stops.map(parseIso);

  function lastAtOrBefore(days, day) {  // binary search: index of the last entry <= day, -1 if none
    var lo = 0, hi = days.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (days[mid] <= day) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function frameIndex(iso) {
    var day = parseIso(iso);
    if (day === null || day < START || day > END) {
      throw new RangeError("date " + String(iso).slice(0, MAX_SHOWN) + " is outside " + D.start + " to " + D.end);
    }
    return lastAtOrBefore(frameDays, day);
  }

  /** The districts' state on `iso`, as `python -m geo state DATE --json` gives it (four fields). */
  function stateAt(iso) {
    var frame = D.frames[frameIndex(iso)];
    var out = {};
    Object.keys(frame.state).forEach(function (id) {
      var s = frame.state[id];
      out[id] = { controller: s[0], share: s[1], pending_handover: s[2], peacekeeping_zone: s[3] };
    });
    return out;
  }

  // --- the map: built once ---

  var view = { date: D.defaultDate, frame: -1, selected: null, playing: null };
  var map = L.map("kcm-map", { center: D.centre, zoom: D.zoom, minZoom: 5, maxZoom: 14 });
  // Tab reaches the map and its posts (named; Enter or Space opens one); the districts' and settlements' shapes
  // are not tab stops: the district list beside the map reaches the districts.
  map.getContainer().setAttribute("aria-label", "Map. Tab moves to the peacekeeping posts; Enter opens one. " +
    "Choose a district with the list beside the map.");
  L.control.scale().addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(D.attribution);
  var layersById = {};
  var dynamic = L.layerGroup().addTo(map);
  if (D.basemap) drawBasemap(D.basemap);

  // The app's offline basemap, drawn as the app draws it (kcm-map.js): relief and water under the districts,
  // borders, the 1991 NKAO line and country names above them; none of it takes clicks.
  function drawBasemap(basemap) {
    var styles = kcmLeaflet.BASEMAP_STYLES, water = kcmLeaflet.WATER_KINDS;
    var panes = { relief: 250, water: 300, lines: 450, names: 460 };  // districts 400, markers 600
    Object.keys(panes).forEach(function (name) {
      var node = map.createPane("kcm-" + name);
      node.style.zIndex = String(panes[name]);  // CSSOM, which a CSP allows
      node.style.pointerEvents = "none";
    });
    L.imageOverlay(basemap.relief.image, basemap.relief.bounds, { pane: "kcm-relief", opacity: 0.85,
      interactive: false, className: "kcm-relief", alt: "" }).addTo(map);
    basemap.layers.forEach(function (data) {
      var isWater = data.features.every(function (f) { return water[f.properties.kind]; });
      L.geoJSON(data, {
        pane: isWater ? "kcm-water" : "kcm-lines",
        interactive: false,
        style: function (feature) { return styles[feature.properties.kind] || {}; },
        pointToLayer: function (feature, latlng) {
          var icon = L.divIcon({ className: "kcm-country", html: el("span", null, feature.properties.name),
            iconSize: null });
          return L.marker(latlng, { icon: icon, pane: "kcm-names", interactive: false, keyboard: false });
        }
      }).addTo(map);
    });
  }

  /** A click, tap or key on the map chose something: show its panel, and bring the panel into view where it
   * lies below the map (a phone), since the reader is looking at the map. */
  function select(kind, id) {
    view.selected = { kind: kind, id: id };
    byId("kcm-district").value = kind === "district" ? id : "";
    render();
    var heading = byId("kcm-panel-body").querySelector("h3");
    var box = heading && heading.getBoundingClientRect();
    if (box && (box.top < 0 || box.bottom > window.innerHeight)) heading.scrollIntoView({ block: "start" });
  }

  var districts = L.geoJSON(D.geometry.districts, {
    style: function (feature) {
      return { className: "kcm-district kcm-role-" + feature.properties.role, color: "#555555", weight: 1,
        fillColor: D.colours.context, fillOpacity: 0.25 };
    },
    onEachFeature: function (feature, layer) {
      var id = feature.properties.id;
      layersById[id] = layer;
      layer.on("add", function () { layer.getElement().setAttribute("data-id", id); });
      layer.bindTooltip(kcmLeaflet.tooltip(function () {
        var box = el("div");
        box.appendChild(el("strong", null, feature.properties.label));
        var frame = D.frames[view.frame];
        if (frame && frame.texts[id] != null) box.appendChild(el("div", null, D.texts[frame.texts[id]]));
        return box;
      }), { sticky: true });
      if (D.districts[id]) layer.on("click", function () { select("district", id); });
    }
  }).addTo(map);

  var labels = L.layerGroup().addTo(map);
  D.geometry.labels.forEach(function (label) {
    var icon = L.divIcon({ className: "kcm-label", html: el("span", null, label.text), iconSize: null });
    L.marker([label.lat, label.lon], { icon: icon, interactive: false, keyboard: false }).addTo(labels);
  });

  // A route out of use is drawn as a dark dashed line, so the road's moves show on the map.
  var corridors = {}, formerRoutes = {};
  Object.keys(D.geometry.corridors).forEach(function (id) {
    corridors[id] = L.geoJSON(D.geometry.corridors[id], {
      interactive: false,
      style: function (feature) {
        return feature.properties.part === "band"
          ? { className: "kcm-corridor-band", color: D.colours.corridor, weight: 1, fillColor: D.colours.corridor,
              fillOpacity: 0.35 }
          : { className: "kcm-corridor-route", color: D.colours.corridor, weight: 3 };
      }
    });
    formerRoutes[id] = L.geoJSON(D.geometry.corridors[id], {
      interactive: false,
      filter: function (feature) { return feature.properties.part === "route"; },
      style: { className: "kcm-corridor-former", color: D.colours.former_route, weight: 2.5, opacity: 0.9, dashArray: "6 4" }
    });
  });

  var places = D.geometry.places.map(function (place) {
    var marker = L.circleMarker([place.lat, place.lon], {
      radius: place.kind === "village" || place.kind === "site" ? 4 : 6, weight: 1.5, color: "#ffffff",
      fillColor: "#999999", fillOpacity: 1, className: "kcm-place kcm-place-" + place.kind
    });
    marker.bindTooltip(kcmLeaflet.tooltip(function () {
      var box = el("div");
      box.appendChild(el("strong", null, place.name));
      if (place.names) box.appendChild(el("div", "kcm-names", place.names));
      box.appendChild(el("div", null, D.placeStatus[marker.kcmCode] || ""));
      return box;
    }));
    marker.on("add", function () { marker.getElement().setAttribute("data-id", place.id); });
    marker.on("click", function (event) {
      L.DomEvent.stopPropagation(event);
      select("place", place.id);
    });
    marker.addTo(map);
    return marker;
  });

  var positionMarkers = D.positions.map(function (p) {
    var group = L.layerGroup();
    if (p.radius_m > 0 && p.precision !== "exact") {
      L.circle([p.lat, p.lon], { radius: p.radius_m, className: "kcm-precision", color: "#333333", weight: 1,
        dashArray: "3 3", fill: false, interactive: false }).addTo(group);
    }
    var svg = kcmLeaflet.positionSymbol((D.shapes[p.kind] || D.shapes.monitoring_centre).path);
    var marker = L.marker([p.lat, p.lon], { icon: positionIcon(p, svg, 0), title: "" });
    marker.kcmSvg = svg;
    marker.bindTooltip(kcmLeaflet.tooltip(function () {
      var box = el("div");
      box.appendChild(el("strong", null, p.name));
      box.appendChild(el("div", null, p.kind_label + " · " + p.precision_label));
      return box;
    }));
    marker.on("add", function () {
      marker.getElement().setAttribute("data-id", p.id);
      marker.getElement().setAttribute("aria-label", p.name);
    });
    marker.on("click", function (event) {
      L.DomEvent.stopPropagation(event);
      select("position", p.id);
    });
    kcmLeaflet.openOnKeys(marker, function () { select("position", p.id); });  // Enter or Space, as a click
    marker.addTo(group);
    group.kcmMarker = marker;
    return group;
  });

  /** A position's symbol, `shift` pixels sideways: posts at one point sit side by side, as in the app. */
  function positionIcon(p, svg, shift) {
    return L.divIcon({ className: "kcm-position kcm-kind-" + p.kind, html: svg, iconSize: [18, 18],
      iconAnchor: [9 - shift, 9] });
  }

  /** Restyle the map for a frame; nothing is rebuilt. */
  function applyFrame(index) {
    if (index === view.frame) return;
    view.frame = index;
    var frame = D.frames[index];
    Object.keys(frame.styles).forEach(function (id) {
      var layer = layersById[id];
      if (!layer) return;
      var s = D.styles[frame.styles[id]];
      layer.setStyle({ fillColor: s[0], fillOpacity: s[1], color: s[2], weight: s[3], dashArray: s[4] });
      var node = layer.getElement();
      if (node) node.setAttribute("data-status", frame.statuses[id]);
    });
    places.forEach(function (marker, i) {
      var code = frame.places.charAt(i);
      if (marker.kcmCode === code) return;
      marker.kcmCode = code;
      var side = code.toUpperCase() === "A" ? D.colours.armenian_forces : D.colours.azerbaijan;
      var announced = code === "a" || code === "z";  // one side's word only: a hollow dot
      marker.setStyle({ fillColor: announced ? "#ffffff" : side, color: announced ? side : "#ffffff",
        weight: announced ? 2.5 : 1.5 });
      var node = marker.getElement();
      if (node) node.setAttribute("data-code", code);
    });
    kcmLeaflet.refreshTooltips(districts.getLayers().concat(places));  // open ones would tell the old status
    dynamic.clearLayers();
    if (frame.corridor && corridors[frame.corridor]) corridors[frame.corridor].addTo(dynamic);
    if (frame.former_corridor && formerRoutes[frame.former_corridor]) formerRoutes[frame.former_corridor].addTo(dynamic);
    frame.positions.forEach(function (slotted) {  // [position, its slot at its point, positions there]
      var group = positionMarkers[slotted[0]], marker = group.kcmMarker;
      marker.setIcon(positionIcon(D.positions[slotted[0]], marker.kcmSvg, (slotted[1] - (slotted[2] - 1) / 2) * 20));
      group.addTo(dynamic);
    });
  }

  // --- the page around the map ---

  function sourceBlock(cite) {
    var source = D.sources[cite[0]];
    var box = el("div", "kcm-citation");
    var line = el("div", "kcm-source");
    if (!source) {
      line.textContent = "Source " + cite[0];
    } else {
      line.appendChild(document.createTextNode(source.seed ? "Seed article: " : "Source: "));
      var title = el("cite", null, source.title);
      if (source.url && /^https?:\/\//.test(source.url)) {
        var link = el("a");
        link.href = source.url;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        link.appendChild(title);
        line.appendChild(link);
      } else {
        line.appendChild(title);
      }
      line.appendChild(document.createTextNode(source.titleNote + " — " + source.publisher + ", " + source.when));
    }
    box.appendChild(line);
    if (source && source.reliability) box.appendChild(el("div", "kcm-reliability", source.reliability));
    if (cite[1]) box.appendChild(el("blockquote", "kcm-quote", "“" + cite[1] + "”"));
    if (cite[2]) box.appendChild(el("div", "kcm-note", cite[2]));
    return box;
  }

  function entry(change, date, marks) {
    var item = el("li", "kcm-entry");
    var head = el("p");
    marks.push([change, head.appendChild(el("strong"))]);  // "▶ " once the change has happened
    head.appendChild(document.createTextNode(" — " + change.summary));
    item.appendChild(head);
    if (change.disputed) item.appendChild(el("p", "kcm-disputed", "Disputed: " + change.disputed));
    change.figures.forEach(function (figure) {
      item.appendChild(el("p", null, "Figure: " + figure[0] + " held by Armenian forces"));
      figure[1].forEach(function (cite) { item.appendChild(sourceBlock(cite)); });
    });
    var details = el("details");
    details.open = change.date === date;
    details.appendChild(el("summary", null, "Sources (" + change.citations.length + ")"));
    change.citations.forEach(function (cite) { details.appendChild(sourceBlock(cite)); });
    item.appendChild(details);
    return item;
  }

  function timelineList(title, changes, date, marks) {
    var box = el("div");
    if (!changes.length) return box;
    box.appendChild(el("h4", null, title));
    var list = el("ol", "kcm-timeline");
    changes.forEach(function (change) { list.appendChild(entry(change, date, marks)); });
    box.appendChild(list);
    return box;
  }

  function namesBlock(body, names) {
    body.appendChild(el("h3", null, names.display));
    body.appendChild(el("p", "kcm-names", [["English", names.en], ["Azerbaijani", names.az], ["Armenian", names.hy],
      ["Russian", names.ru]].map(function (pair) { return pair[0] + ": " + (pair[1] || "—"); }).join(" · ")));
    if (names.aliases.length) body.appendChild(el("p", "kcm-aliases", "Also: " + names.aliases.join(", ")));
  }

  function districtPanel(body, id, frame, date) {
    var d = D.districts[id];
    namesBlock(body, d.names);
    var status = statusLine(body);
    var deadline = body.appendChild(el("p", "kcm-deadline"));
    var marks = [];
    body.appendChild(el("p", "kcm-caption", "Area " + d.area.toLocaleString("en") +
      " km² (equal-area projection, Natural Earth 1:10m)."));
    if (d.sharesTimelineOf) body.appendChild(el("p", "kcm-caption", "Shares the timeline of " + d.sharesTimelineOf + "."));
    body.appendChild(timelineList("What happened", d.changes.filter(function (c) { return c.kind === "actual"; }),
      date, marks));
    body.appendChild(timelineList("Deadlines and schedule",
      d.changes.filter(function (c) { return c.kind === "scheduled"; }), date, marks));
    return function (frame, day) {  // what a date changes in the panel: its status lines and the ▶ marks
      status(day, frame.texts[id] != null ? D.texts[frame.texts[id]] : D.noData);
      var state = frame.state[id];
      deadline.hidden = !(state && state[2]);
      setText(deadline, deadline.hidden ? "" : "Handover deadline: " + words(state[2]) + " (" +
        (parseIso(state[2]) - parseIso(day)) + " day(s) from this date).");
      mark(marks, day);
    };
  }

  function statusLine(body) {
    var line = body.appendChild(el("p", "kcm-status"));
    var on = line.appendChild(el("strong"));
    var text = line.appendChild(document.createTextNode(""));
    return function (day, status) {
      setText(on, "On " + words(day) + ": ");
      if (text.data !== status) text.data = status;
    };
  }

  function mark(marks, day) {
    marks.forEach(function (m) { setText(m[1], (m[0].date <= day ? "▶ " : "") + m[0].when); });
  }

  function placePanel(body, id, frame, date) {
    var p = D.places[id];
    var index = D.geometry.places.findIndex(function (place) { return place.id === id; });
    namesBlock(body, p.names);
    body.appendChild(el("p", "kcm-caption", p.kind.charAt(0).toUpperCase() + p.kind.slice(1) + " in " + p.district +
      " district · " + p.origin));
    var status = statusLine(body);
    var marks = [];
    body.appendChild(timelineList("Timeline", p.changes, date, marks));
    return function (frame, day) {
      status(day, D.texts[frame.placeTexts[index]]);
      mark(marks, day);
    };
  }

  function positionPanel(body, index) {
    var p = D.positions[index];
    body.appendChild(el("h3", null, p.name));
    body.appendChild(el("p", null, p.kind_label + " · operator: " + p.operator));
    body.appendChild(el("p", null, "Active: " + p.active));
    body.appendChild(el("p", null, "Location: " + p.precision_label));
    if (p.note) body.appendChild(el("p", "kcm-caption", p.note));
    p.citations.forEach(function (cite) { body.appendChild(sourceBlock(cite)); });
  }

  /** Build the panel when the selection changes; a date change only refreshes its date lines. */
  function renderPanel(frame, date) {
    var s = view.selected;
    var key = s ? s.kind + " " + s.id : "";
    if (key === view.panelKey) {
      if (view.refreshPanel) view.refreshPanel(frame, date);
      return;
    }
    view.panelKey = key;
    view.refreshPanel = null;
    var body = byId("kcm-panel-body");
    body.replaceChildren();
    if (s && s.kind === "district" && D.districts[s.id]) {
      view.refreshPanel = districtPanel(body, s.id, frame, date);
    } else if (s && s.kind === "place" && D.places[s.id]) {
      view.refreshPanel = placePanel(body, s.id, frame, date);
    } else if (s && s.kind === "position") {
      var index = D.positions.findIndex(function (p) { return p.id === s.id; });
      if (index >= 0) positionPanel(body, index);
    } else {
      body.appendChild(el("p", "kcm-hint", "Click a district, a settlement or a position on the map to read its " +
        "sourced timeline."));
    }
    if (view.refreshPanel) view.refreshPanel(frame, date);
  }

  function permalink() {
    var query = "?date=" + encodeURIComponent(view.date);
    if (view.selected && view.selected.kind === "district") query += "&district=" + encodeURIComponent(view.selected.id);
    return query;
  }

  function pageAddress() { return window.location.href.split(/[?#]/)[0]; }

  function renderShare() {
    var query = permalink();
    try {
      window.history.replaceState(null, "", query);
    } catch (error) {  // some browsers refuse history changes on file:// pages; the permalink below still works
    }
    var url = pageAddress() + query;
    var link = byId("kcm-permalink");
    link.href = query;
    link.textContent = url;
    // An attribute value: the URL is percent-encoded, so it holds no quote or angle bracket.
    byId("kcm-embed").value = '<iframe src="' + url + '" width="100%" height="640" loading="lazy" ' +
      'title="Karabakh Ceasefire Map, ' + words(view.date) + '" style="border:0"></iframe>';
  }

  function renderHeading(frame, date) {
    var day = parseIso(date);
    var events = D.events.filter(function (e) { return e[0] === date; }).map(function (e) { return e[1]; });
    byId("kcm-date-heading").textContent = words(date) + (events.length ? ": " + events.join("; ") : "");
    var list = byId("kcm-situation");
    list.replaceChildren();
    D.periods.forEach(function (p) {  // what was ongoing: day N (of M)
      var start = parseIso(p[1]);
      if (start <= day && (p[2] === null || day <= parseIso(p[2]))) {
        list.appendChild(el("li", null, p[0] + ": day " + (day - start + 1) + (p[3] ? " of " + p[3] : "")));
      }
    });
    frame.notes.forEach(function (i) { list.appendChild(el("li", null, D.texts[i])); });
  }

  function render() {
    var index = frameIndex(view.date);
    applyFrame(index);
    var frame = D.frames[index];
    var slider = byId("kcm-slider");
    slider.value = String(parseIso(view.date) - START);
    slider.setAttribute("aria-valuetext", words(view.date));
    renderHeading(frame, view.date);
    renderPanel(frame, view.date);
    renderShare();
    map.getContainer().setAttribute("data-date", view.date);
    kcmExport.renders += 1;
  }

  function setDate(iso) {
    frameIndex(iso);  // throws outside the covered range
    view.date = iso;
    render();
  }

  function step(forward) {
    var day = parseIso(view.date);
    var i = lastAtOrBefore(stopDays, forward ? day : day - 1);
    var target = forward ? stopDays[i + 1] : (i >= 0 ? stopDays[i] : undefined);
    if (target === undefined) return false;
    setDate(isoOf(target));
    return true;
  }

  function togglePlay() {
    var button = byId("kcm-play");
    if (view.playing) {
      window.clearInterval(view.playing);
      view.playing = null;
    } else {
      view.playing = window.setInterval(function () { if (!step(true)) togglePlay(); }, 1200);
    }
    button.setAttribute("aria-pressed", view.playing ? "true" : "false");
    button.textContent = view.playing ? "Pause" : "Play";
  }

  function shown(value) {
    return "'" + (value.length <= MAX_SHOWN ? value : value.slice(0, MAX_SHOWN) + "…") + "'";
  }

  /** The URL's date and district, as the app reads them: a bad value falls back with a visible warning. */
  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var warnings = [];
    var unknown = [];  // as the app says it: one warning, a few names, the rest counted
    params.forEach(function (_value, key) {
      if (key !== "date" && key !== "district" && unknown.indexOf(key) < 0) unknown.push(key);
    });
    if (unknown.length) {
      var named = unknown.slice(0, MAX_PARAMS).sort().slice(0, MAX_NAMED);
      warnings.push("Ignored " + unknown.length + " unknown URL parameter" + (unknown.length > 1 ? "s" : "") + " (" +
        named.map(shown).join(", ") + (unknown.length > named.length ? " and " + (unknown.length - named.length) +
        " more" : "") + "); known: date, district.");
    }
    var dates = params.getAll("date");
    if (dates.length > 1) warnings.push("The URL gives more than one date; the first is used.");
    if (dates.length) {
      var day = parseIso(dates[0]);
      if (day === null) {
        warnings.push("URL date " + shown(dates[0]) + " is not a date (YYYY-MM-DD); showing " + D.defaultDate + ".");
      } else if (day < START || day > END) {
        warnings.push("URL date " + dates[0] + " is outside the covered range " + D.start + " to " + D.end +
          "; showing " + D.defaultDate + ".");
      } else {
        view.date = dates[0];
      }
    }
    var ids = params.getAll("district");
    if (ids.length > 1) warnings.push("The URL gives more than one district; the first is used.");
    if (ids.length) {
      if (Object.prototype.hasOwnProperty.call(D.districts, ids[0])) {
        view.selected = { kind: "district", id: ids[0] };
      } else {
        warnings.push("URL district " + shown(ids[0]) + " is not a known district id; none selected.");
      }
    }
    var box = byId("kcm-warnings");
    warnings.forEach(function (w) { box.appendChild(el("p", "kcm-warning", w)); });
  }

  function buildPage() {
    document.title = D.title;
    byId("kcm-subtitle").textContent = D.title + " · every claim is sourced; click a district for its timeline.";
    byId("kcm-version").textContent = "Data version " + D.dataVersion;
    var legend = byId("kcm-legend");
    D.legend.forEach(function (item) {
      var row = el("li");
      var swatch = el("span", "kcm-swatch kcm-swatch-" + item[1]);
      swatch.style.setProperty("--kcm-swatch", item[0]);  // CSSOM, which a CSP allows (no style attribute)
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(item[2]));
      legend.appendChild(row);
    });
    var symbols = byId("kcm-position-legend");  // each kind's symbol in its colour, as the map draws it
    Object.keys(D.shapes).forEach(function (kind, i) {
      symbols.appendChild(document.createTextNode(i ? " · " : " "));
      var item = symbols.appendChild(el("span", "kcm-legend-symbol kcm-kind-" + kind));
      item.setAttribute("data-kind", kind);
      item.appendChild(kcmLeaflet.positionSymbol(D.shapes[kind].path));
      item.appendChild(document.createTextNode(" " + D.shapes[kind].legend));
    });
    var choose = byId("kcm-district");
    Object.keys(D.districts).sort(function (a, b) {
      return D.districts[a].names.display.localeCompare(D.districts[b].names.display);
    }).forEach(function (id) {
      var option = el("option", null, D.districts[id].names.display);
      option.value = id;
      choose.appendChild(option);
    });
    choose.addEventListener("change", function () {
      view.selected = choose.value ? { kind: "district", id: choose.value } : null;
      render();
    });
    var slider = byId("kcm-slider");
    slider.max = String(END - START);
    slider.addEventListener("input", function () { setDate(isoOf(START + Number(slider.value))); });
    byId("kcm-prev").addEventListener("click", function () { step(false); });
    byId("kcm-next").addEventListener("click", function () { step(true); });
    byId("kcm-play").addEventListener("click", togglePlay);
    byId("kcm-embed").addEventListener("focus", function (event) { event.target.select(); });
  }

  var kcmExport = window.kcmExport = {
    stateAt: stateAt,
    setDate: setDate,
    stops: D.stops.slice(),
    frameDates: D.frames.map(function (f) { return f.date; }),
    renders: 0,
    map: map,  // for tests and pages that embed the map
    ready: false
  };
  buildPage();
  readUrl();
  if (view.selected) byId("kcm-district").value = view.selected.id;
  render();
  kcmExport.ready = true;
})();
