/* Karabakh Ceasefire Map, static edition: the whole timeline is in window.KCM_DATA (assets/kcm-data.*.js) as run
 * lists (kcm-frames.js puts a date's frame together), so a date change is a restyle in the browser: no server, no
 * fetch, nothing from another host. Above a size a settlement's panel and the Claims list's rows come in chunks,
 * scripts of the page's own folder added when asked for (geo/site/chunks.py).
 *
 * This is the static host of the map core (geo/mapcore/kcm-core.js, which the app's map uses too): the core
 * builds the map once and applies a date's frame (the same encoder's frames as the app's); this file is the
 * page around it (date controls, panel, URL, embed). Every string from data reaches the page through
 * textContent, never innerHTML.
 */
(function () {
  "use strict";
  var D = window.KCM_DATA;
  var LIMITS = D.url.limits;  // the app's URL table and limits (geo/urltable.py)

  var page = window.kcmPage, el = page.el, byId = page.byId, own = page.own, setText = page.setText;
  var parseIso = page.parseIso, isoOf = page.isoOf, words = page.words;

  var START = parseIso(D.start), END = parseIso(D.end);
  var frames = window.kcmFrames(D);  // a stop date's frame, from the data's run lists (kcm-frames.js)
  var frameDays = frames.dates.map(parseIso);
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
    var frame = frames.frame(frameIndex(iso));
    var out = {};
    Object.keys(frame.state).forEach(function (id) {
      var s = frame.state[id];
      out[id] = { controller: s[0], share: s[1], pending_handover: s[2], peacekeeping_zone: s[3] };
    });
    return out;
  }

  // --- the map: built once by the core ---

  var view = { date: D.defaultDate, frame: -1, selected: null, playing: null, inferred: null };
  var map = L.map("kcm-map", { center: D.centre, zoom: D.zoom });  // the core sets the zooms the data supports
  // Tab reaches the map and its posts (named; Enter or Space opens one); the districts' and settlements' shapes
  // are not tab stops: the district list beside the map reaches the districts.
  map.getContainer().setAttribute("aria-label", "Map: + and - zoom, the arrows pan. " +
    "Tab moves to the peacekeeping posts; Enter opens one. " +
    "Choose a district with the list beside the map.");
  L.control.scale().addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(D.attribution);
  var core = kcmCore.create(map, D.map, { select: select });
  var placeIndex = new Map(D.map.geometry.places.map(function (place, i) { return [place.id, i]; }));
  var panel = window.kcmPanel(D, core, placeIndex, { select: function (kind, id) { select(kind, id); },
    inferredShown: function () { return inferredShown(); },
    redraw: function () { view.panelKey = null; render(); } });  // a settlement's chunk came: build its panel
  var claimsList = window.kcmClaims(D);
  var citeList = window.kcmCite(byId("kcm-cite-sources"), D.cite.index, D.cite);

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
    core.apply(frames.frame(index).map, { selected: view.selected, inferred: inferredShown() });
  }

  /** The inferred areas: on by default on the profile's dates (tables.inferred.defaultOn; none: never), else off,
   * until the reader sets the switch. */
  function inferredShown() {
    if (view.inferred !== null) return view.inferred;
    var on = D.map.tables.inferred.defaultOn;
    return !!on && view.date >= on[0] && view.date <= on[1];
  }

  // --- the page around the map ---

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

  /** The public address the site was exported with (D.baseUrl), else the address it is opened at. */
  function pageAddress() { return D.baseUrl || window.location.href.split(/[?#]/)[0]; }

  var urlTimer = null;

  /** The address bar follows the view; while the slider moves, once it rests (150 ms): replaceState grows with the
   * page's elements (10 ms a step at 30,000 settlements, 1 ms on the real package), and a drag is many steps. */
  function setUrl(query, later) {
    window.clearTimeout(urlTimer);
    var write = function () {
      try {
        window.history.replaceState(null, "", query);
      } catch (error) {  // some browsers refuse history changes on file:// pages; the permalink below still works
      }
    };
    if (later) urlTimer = window.setTimeout(write, 150);
    else write();
  }

  function renderShare() {
    var query = permalink();
    setUrl(query, view.sliding);
    var url = pageAddress() + query;
    var chosen = view.selected && view.selected.kind === "district" ? D.districts[view.selected.id] : null;
    var filled = { view: (chosen ? chosen.names.display : "the map") + " on " + words(view.date), url: url,
      accessed: words(isoOf(Math.floor(Date.now() / 86400000))) };
    setText(byId("kcm-cite-line"), D.citeLine.replace(/\{(view|url|accessed)\}/g, function (_m, key) {
      return filled[key];
    }));
    citeList.update(view.date, chosen ? view.selected.id : null);
    var link = byId("kcm-permalink");
    link.href = query;
    link.textContent = url;
    // A page opened from disk has no address another page can embed.
    byId("kcm-embed").value = D.baseUrl || /^https?:$/.test(window.location.protocol)
      ? '<iframe src="' + attribute(url) + '" width="100%" height="640" loading="lazy" title="' +
        attribute(D.title + ", " + words(view.date)) + '" style="border:0"></iframe>'
      : "This page was opened from a file: publish the site on a web host, then copy the embed code from there.";
  }

  function renderHeading(frame, date) {
    var day = parseIso(date);
    // The date, then the day's first event: two lines, so the district list stays on the first screen; the
    // other events and what was going on are listed below the list (as the app does, geo/dayinfo.py).
    var lines = own(D.dayLines, date) || [""];
    byId("kcm-date-heading").textContent = words(date);
    setText(byId("kcm-date-line"), lines[0]);
    var list = byId("kcm-situation");
    list.replaceChildren();
    lines.slice(1).forEach(function (line) { list.appendChild(el("li", null, line)); });
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
    var frame = frames.frame(index);
    var slider = byId("kcm-slider");
    slider.value = String(parseIso(view.date) - START);
    slider.setAttribute("aria-valuetext", words(view.date));
    renderHeading(frame, view.date);
    panel.render(view, frame, view.date);
    claimsList.render(view.date);
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

  var playEndDays = D.playEnds.map(function (pair) { return parseIso(pair[0]); });

  /** One step of Play: the next event, and at the last step the period's last day itself (`end`, a day). */
  function playStep(end) {
    var day = parseIso(view.date);
    if (day >= end) return false;
    var next = stopDays[lastAtOrBefore(stopDays, day) + 1];
    setDate(isoOf(next !== undefined && next <= end ? next : end));
    return true;
  }

  function togglePlay() {
    var button = byId("kcm-play");
    if (view.playing) {
      window.clearInterval(view.playing);
      view.playing = null;
    } else {
      // It stops on the last day of the period it starts in (geo.navigation.play_ends), not at the data's end.
      var end = parseIso(D.playEnds[lastAtOrBefore(playEndDays, parseIso(view.date))][1]);
      view.playing = window.setInterval(function () { if (!playStep(end)) togglePlay(); }, 1200);
      kcmExport.playEnd = isoOf(end);
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
      if (placeIndex.has(place)) view.selected = { kind: "place", id: place };
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
    var snap = D.map.view.zoomSnap, zoom = numbers.zoom !== undefined ? Math.round(numbers.zoom / snap) * snap : null;
    if (numbers.lat !== undefined && numbers.lon !== undefined) {
      map.setView([numbers.lat, numbers.lon], zoom !== null ? zoom : map.getZoom(), { animate: false });
    } else if (zoom !== null) {
      map.setZoom(zoom, { animate: false });
    } else {
      kcmCore.openOnStory(map, D.map.view);  // no view in the URL: open on the story's districts
    }
    if (first("view") !== null) warnings.push("URL view: the views below the map are in the app; this edition has one.");
    var box = byId("kcm-warnings");
    warnings.forEach(function (w) { box.appendChild(el("p", "kcm-warning", w)); });
  }

  function buildPage() {
    document.title = D.title;
    byId("kcm-subtitle").textContent = D.title + " · every claim is sourced; click a district for its timeline.";
    byId("kcm-version").textContent = "Data version " + D.dataVersion;
    // The legend: the map core's (the app's map shows the same), below the map.
    var legend = kcmCore.legend(D.map);
    legend.id = "kcm-legend";
    byId("kcm-legend").replaceWith(legend);
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
    slider.addEventListener("input", function () {
      view.sliding = true;
      try { setDate(isoOf(START + Number(slider.value))); } finally { view.sliding = false; }
    });
    byId("kcm-prev").addEventListener("click", function () { step(false); });
    byId("kcm-next").addEventListener("click", function () { step(true); });
    byId("kcm-play").addEventListener("click", togglePlay);
    if (D.frames.inferredOmitted) {  // a package too large for its areas here (geo/site/runs.py): said, not hidden
      view.inferred = false;
      byId("kcm-inferred").disabled = true;
      byId("kcm-inferred-label").textContent = D.frames.inferredOmitted;
    }
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
    frameDates: frames.dates.slice(),
    renders: 0,
    map: map,  // for tests and pages that embed the map
    core: core,  // its label statistics (core.labelStats), for tests and benchmarks
    ready: false
  };
  buildPage();
  readUrl();
  if (view.selected && view.selected.kind === "district") byId("kcm-district").value = view.selected.id;
  render();
  kcmExport.ready = true;
})();
