/* Karabakh Ceasefire Map, static edition: the whole timeline is in window.KCM_DATA (assets/kcm-data.*.js),
 * so a date change is a restyle in the browser: no server, no fetch, nothing from another host.
 *
 * This is the static host of the map core (geo/mapcore/kcm-core.js, which the app's map uses too): the core
 * builds the map once and applies a date's frame (the same encoder's frames as the app's); this file is the
 * page around it (date controls, panel, URL, embed). Every string from data reaches the page through
 * textContent, never innerHTML.
 */
(function () {
  "use strict";
  var D = window.KCM_DATA;
  var DAY = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var LIMITS = D.url.limits;  // the app's URL table and limits (geo/urltable.py)

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = String(text);
    return node;
  }

  function byId(id) { return document.getElementById(id); }

  /** data[key] only where data has that key itself: an id such as "__proto__" or "constructor" from the data or
   * the URL is only a key, never Object.prototype. */
  function own(data, key) { return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined; }

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
  var frameDays = D.frames.map(function (f) { return parseIso(f.map.date); });
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
      throw new RangeError("date " + String(iso).slice(0, LIMITS.maxShown) + " is outside " + D.start + " to " + D.end);
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

  // --- the map: built once by the core ---

  var view = { date: D.defaultDate, frame: -1, selected: null, playing: null, inferred: null };
  var map = L.map("kcm-map", { center: D.centre, zoom: D.zoom, minZoom: 5, maxZoom: 14 });
  // Tab reaches the map and its posts (named; Enter or Space opens one); the districts' and settlements' shapes
  // are not tab stops: the district list beside the map reaches the districts.
  map.getContainer().setAttribute("aria-label", "Map. Tab moves to the peacekeeping posts; Enter opens one. " +
    "Choose a district with the list beside the map.");
  L.control.scale().addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(D.attribution);
  var core = kcmCore.create(map, D.map, { select: select });
  var placeIndex = new Map(D.map.geometry.places.map(function (place, i) { return [place.id, i]; }));

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

  /** Draw the map for a frame and the reader's selection, when either changed; nothing is rebuilt. */
  function applyFrame(index) {
    var key = index + " " + inferredShown() + " " + (view.selected ? view.selected.kind + " " + view.selected.id : "");
    if (key === view.drawn) return;
    view.drawn = key;
    view.frame = index;
    core.apply(D.frames[index].map, { selected: view.selected, inferred: inferredShown() });
  }

  /** The inferred areas: on by default in the war and the handovers (geo/inferred.py DEFAULT_ON), else off, until
   * the reader sets the switch. */
  function inferredShown() {
    if (view.inferred !== null) return view.inferred;
    var on = D.map.inferredWords.defaultOn;
    return view.date >= on[0] && view.date <= on[1];
  }

  /** An inferred area: what it is, and the settlements it rests on with their status and latest sources. */
  function areaPanel(body, id, frame, date) {
    var a = D.map.tables.inferred.areas[Number(id)];
    if (!a) return null;
    body.appendChild(el("h3", null, D.map.placeStatus[a[2] ? (a[1] === "azerbaijan" ? "z" : "a")
      : (a[1] === "azerbaijan" ? "Z" : "A")] + " (inferred area)"));
    body.appendChild(el("p", "kcm-caption", D.map.inferredWords.note.replace("{n}", String(a[3].length)) +
      ". Each settlement's Voronoi cell within its district (" + ((D.districts[a[0]] || {}).names || {}).display + ")."));
    if (own(D.districts, a[0])) {
      var district = body.appendChild(el("button", "kcm-link", "Open the district's sourced timeline"));
      district.type = "button";
      district.addEventListener("click", function () { select("district", a[0]); });
    }
    var absent = body.appendChild(el("p", "kcm-caption"));
    body.appendChild(el("h4", null, "Rests on " + a[3].length + " settlement(s)"));
    var list = body.appendChild(el("ul", "kcm-area-places"));
    var lines = a[3].map(function (i) {
      var place = D.map.geometry.places[i], p = D.places[place.id];
      var item = list.appendChild(el("li"));
      var open = item.appendChild(el("button", "kcm-link", place.name));
      open.type = "button";
      open.addEventListener("click", function () { select("place", place.id); });
      var text = item.appendChild(el("span"));
      var sources = item.appendChild(el("div")), shown = null;
      return function (frame, day) {
        setText(text, ": " + D.texts[frame.placeTexts[i]]);
        var last = p.changes.filter(function (c) { return c.date <= day; }).pop() || p.changes[0];
        var key = last ? last.date + (last.date <= day) : "";
        if (key === shown) return;  // a step rebuilds the sources only when another change is the latest
        shown = key;
        sources.replaceChildren();
        if (!last) return;
        // Before a settlement's first change, that change's sources say who held it until then.
        sources.appendChild(el("p", "kcm-caption", "Sources of its " + (last.date <= day ? "change on " : "next change, on ") +
          last.when + ":"));
        last.citations.forEach(function (cite) { sources.appendChild(sourceBlock(cite)); });
      };
    });
    return function (frame, day) {
      var drawn = inferredShown() && D.map.tables.inferred.sets[frame.map.inferred].indexOf(Number(id)) >= 0;
      // Chosen on another date, or the areas are switched off.
      setText(absent, drawn ? "" : "Not drawn on " + words(day) + "; the settlements' states below are this date's.");
      lines.forEach(function (line) { line(frame, day); });
    };
  }

  // --- the page around the map ---

  function sourceBlock(cite) {
    var source = own(D.sources, cite[0]);
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
      status(day, core.districtText(id) || D.noData);
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
    var index = placeIndex.get(id);
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
    var p = D.positionPanels[index];
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
    if (s && s.kind === "district" && own(D.districts, s.id)) {
      view.refreshPanel = districtPanel(body, s.id, frame, date);
    } else if (s && s.kind === "place" && own(D.places, s.id)) {
      view.refreshPanel = placePanel(body, s.id, frame, date);
    } else if (s && s.kind === "area") {
      view.refreshPanel = areaPanel(body, s.id, frame, date);
    } else if (s && s.kind === "position") {
      var index = D.positionPanels.findIndex(function (p) { return p.id === s.id; });
      if (index >= 0) positionPanel(body, index);
    } else {
      body.appendChild(el("p", "kcm-hint", "Click a district, a settlement or a position on the map to read its " +
        "sourced timeline."));
    }
    if (view.refreshPanel) view.refreshPanel(frame, date);
  }

  /** The view's URL parameters in the URL table's order (as geo.urltable.view_query writes them). */
  function permalink() {
    var values = { date: view.date };
    if (view.selected) values[view.selected.kind] = view.selected.id;
    return "?" + D.url.params.filter(function (p) { return values[p.name] !== undefined; }).map(function (p) {
      return p.name + "=" + encodeURIComponent(values[p.name]);
    }).join("&");
  }

  /** Text for an HTML attribute value (the embed snippet readers paste into their pages). */
  function attribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")
      .replace(/</g, "&lt;").replace(/>/g, "&gt;");
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
    // A page opened from disk has no address another page can embed.
    byId("kcm-embed").value = /^https?:$/.test(window.location.protocol)
      ? '<iframe src="' + attribute(url) + '" width="100%" height="640" loading="lazy" title="' +
        attribute(D.title + ", " + words(view.date)) + '" style="border:0"></iframe>'
      : "This page was opened from a file: publish the site on a web host, then copy the embed code from there.";
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
    byId("kcm-inferred").checked = inferredShown();
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
    return "'" + (value.length <= LIMITS.maxShown ? value : value.slice(0, LIMITS.maxShown) + "…") + "'";
  }

  /** The URL as the app reads it (geo/urltable.py's table, limits and words): a bad value falls back with a
   * visible warning. A URL's cost is bounded: parameter names go into a Set (no list search per name), a few
   * are named in the one warning about unknown ones, and a known one's first values only are read. */
  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var warnings = [], table = D.url.params, known = new Set(table.map(function (p) { return p.name; }));
    var names = new Set(), firstNames = [];
    params.forEach(function (_value, key) {
      if (!names.has(key)) {
        names.add(key);
        if (firstNames.length < LIMITS.maxParams) firstNames.push(key);
      }
    });
    var unknownCount = names.size - table.filter(function (p) { return names.has(p.name); }).length;
    if (unknownCount > 0) {
      var named = firstNames.filter(function (key) { return !known.has(key); }).sort().slice(0, LIMITS.maxNamed);
      warnings.push("Ignored " + unknownCount + " unknown URL parameter" + (unknownCount > 1 ? "s" : "") + " (" +
        named.map(shown).join(", ") + (unknownCount > named.length ? " and " + (unknownCount - named.length) +
        " more" : "") + "); known: " + table.map(function (p) { return p.name; }).join(", ") + ".");
    }
    var first = function (key) {
      var values = names.has(key) ? params.getAll(key).slice(0, LIMITS.maxValues) : [];
      if (values.length > 1) warnings.push("The URL gives more than one " + key + "; the first is used.");
      return values.length ? values[0] : null;
    };
    var date = first("date");
    if (date !== null) {
      var day = parseIso(date);
      if (day === null) {
        warnings.push("URL date " + shown(date) + " is not a date (YYYY-MM-DD); showing " + D.defaultDate + ".");
      } else if (day < START || day > END) {
        warnings.push("URL date " + date + " is outside the covered range " + D.start + " to " + D.end +
          "; showing " + D.defaultDate + ".");
      } else {
        view.date = date;
      }
    }
    var compare = first("compare");
    if (compare !== null) {
      warnings.push("URL compare " + shown(compare) + ": comparing two dates is in the app, not in this edition; " +
        "showing one date.");
    }
    var district = first("district");
    if (district !== null) {
      var id = own(D.districts, district) ? district : own(D.url.districtNames, district.trim().toLowerCase());
      if (id) view.selected = { kind: "district", id: id };
      else warnings.push("URL district " + shown(district) + " is not a known district id or name; none selected.");
    }
    var place = first("place");
    if (place !== null) {
      if (own(D.places, place)) view.selected = { kind: "place", id: place };
      else warnings.push("URL place " + shown(place) + " is not known; ignored.");
    }
    var position = first("position");
    if (position !== null) {
      if (D.positionPanels.some(function (p) { return p.id === position; })) {
        view.selected = { kind: "position", id: position };
      } else {
        warnings.push("URL position " + shown(position) + " is not known; ignored.");
      }
    }
    var numbers = {};
    table.filter(function (p) { return p.kind === "number"; }).forEach(function (p) {
      var raw = first(p.name);
      if (raw === null) return;
      var value = raw.length <= LIMITS.maxShown && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw)
        ? Number(raw) : NaN;
      if (value >= p.low && value <= p.high) numbers[p.name] = value;
      else warnings.push("URL " + p.name + " " + shown(raw) + " is not a number from " + p.low + " to " + p.high +
        "; ignored.");
    });
    if (numbers.lat !== undefined && numbers.lon !== undefined) {
      map.setView([numbers.lat, numbers.lon], numbers.zoom !== undefined ? Math.round(numbers.zoom) : map.getZoom());
    } else if (numbers.zoom !== undefined) {
      map.setZoom(Math.round(numbers.zoom));
    }
    if (first("view") !== null) warnings.push("URL view: the views below the map are in the app; this edition has one.");
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
    D.map.inferredWords.legend.forEach(function (line, i) {
      var row = el("li", "kcm-legend-inferred");
      row.appendChild(el("span", "kcm-swatch " + (i ? "kcm-swatch-contact" : "kcm-swatch-inferred")));
      row.appendChild(document.createTextNode(line));
      legend.appendChild(row);
    });
    // Posts as the map draws them (the core's tables): the shape says the kind, the fill who runs it.
    var symbols = byId("kcm-position-legend"), shapes = D.map.shapes, operators = D.map.operators;
    Object.keys(shapes).forEach(function (kind, i) {
      symbols.appendChild(document.createTextNode(i ? " · " : " "));
      var item = symbols.appendChild(el("span", "kcm-legend-symbol kcm-kind-" + kind));
      item.setAttribute("data-kind", kind);
      item.appendChild(kcmCore.positionSymbol(shapes[kind].path));
      item.appendChild(document.createTextNode(" " + shapes[kind].legend));
    });
    symbols.appendChild(document.createTextNode("; colour: who runs it:"));
    Object.keys(operators).filter(function (key) { return key !== "other"; }).forEach(function (key, i) {
      symbols.appendChild(document.createTextNode(i ? " · " : " "));
      var item = symbols.appendChild(el("span", "kcm-legend-operator"));
      item.setAttribute("data-operator", key);
      var swatch = item.appendChild(el("span", "kcm-swatch"));
      swatch.style.setProperty("--kcm-swatch", operators[key].colour);
      item.appendChild(document.createTextNode(operators[key].legend));
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
    byId("kcm-inferred").addEventListener("change", function (event) {
      view.inferred = event.target.checked;
      render();
    });
    byId("kcm-embed").addEventListener("focus", function (event) { event.target.select(); });
  }

  var kcmExport = window.kcmExport = {
    stateAt: stateAt,
    setDate: setDate,
    stops: D.stops.slice(),
    frameDates: D.frames.map(function (f) { return f.map.date; }),
    renders: 0,
    map: map,  // for tests and pages that embed the map
    ready: false
  };
  buildPage();
  readUrl();
  if (view.selected && view.selected.kind === "district") byId("kcm-district").value = view.selected.id;
  render();
  kcmExport.ready = true;
})();
