/* Karabakh Ceasefire Map: the map core's labels (geo/mapcore/kcm-core.js), placed alike in both editions.
 *
 * Every name on the map (districts, settlements, countries) is added with ctx.label(latlng, text, options) and
 * placed by one greedy pass in screen space after each zoom, pan, resize and change of selection: labels in order
 * of priority (the chosen feature's first, then cities and towns, districts, countries, villages), each shown
 * only where its box lies wholly inside the map and clear of every label already placed: at its point, else just
 * above or below it (a settlement's: right of its dot, else left), else not at all. So no two names
 * overlap, none is cut at the map's edge ("MENIA"), and a town's name wins over its district's. Settlement names
 * appear from the zoom the data says (map_data.view.placeNamesZoom). core.labelStats tells what the last pass
 * did and how long it took (ms), for the benchmarks and the tests.
 */
(function () {
  "use strict";
  var C = window.kcmCore, textElement = C.textElement, pane = C.pane;
  var GAP = 2;  // px kept clear between two names
  var DOT_GAP = 9;  // px between a dot's centre and its name (kcm-core.css .kcm-place-label: 8 to 10)
  var SELECTED = 100;  // the chosen feature's name comes first
  var PRIORITY = { city: 50, town: 45, district: 40, country: 30, village: 20, site: 20 };

  var DOTTED = { city: true, town: true, village: true, site: true };  // a settlement's name stands beside its dot

  /** Where a name may stand, first choice first, as shifts of its box: a centred name at its point, else just
   * above or below it; a settlement's right of its dot, else left of it. */
  function aroundPoint(box) {
    var h = box.bottom - box.top + GAP;
    return [[0, 0], [0, -h], [0, h]];
  }

  function besideDot(box) {
    return [[0, 0], [-(box.right - box.left) - 2 * DOT_GAP, 0]];
  }

  function overlaps(a, b) {
    return a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
  }

  function within(box, edge) {
    return box.left >= edge.left && box.right <= edge.right && box.top >= edge.top && box.bottom <= edge.bottom;
  }

  /** Place every label: hide those below their zoom, then show, in order of priority, each that fits. */
  function place(ctx) {
    var started = performance.now();
    var map = ctx.map, zoom = map.getZoom(), labels = ctx.labels, selected = ctx.labelSelected;
    var candidates = [];
    labels.forEach(function (label) {  // writes first, then every read in one layout
      var el = label.marker.getElement();
      if (!el) return;
      var on = zoom >= label.minZoom || label.key === selected;
      el.classList.toggle("kcm-label-off", !on);
      if (on) candidates.push(label);
    });
    var edge = map.getContainer().getBoundingClientRect();
    var boxes = candidates.map(function (label) {  // where it stands with no shift of its own
      var r = label.marker.getElement().firstChild.getBoundingClientRect(), at = label.shift;
      return { left: r.left - at[0], right: r.right - at[0], top: r.top - at[1], bottom: r.bottom - at[1] };
    });
    // What sits on the map in its corners (the legend, the zoom buttons, notes) is no place for a name.
    var placed = Array.prototype.map.call(map.getContainer().querySelectorAll(".leaflet-control"), function (c) {
      return c.getBoundingClientRect();
    });
    var order = candidates.map(function (_label, i) { return i; });
    var rank = candidates.map(function (label) { return label.key === selected ? SELECTED : label.priority; });
    order.sort(function (a, b) { return rank[b] - rank[a] || a - b; });
    var shown = [], shifts = [];
    order.forEach(function (i) {
      var base = boxes[i];
      // Where it stands, else the other places its kind allows (above or below a centred name, left of a dot).
      shifts[i] = candidates[i].shifts(base).find(function (by) {
        var box = { left: base.left + by[0], right: base.right + by[0], top: base.top + by[1], bottom: base.bottom + by[1] };
        var fits = within(box, edge) && placed.every(function (other) { return !overlaps(box, other); });
        if (fits) placed.push(box);
        return fits;
      });
      shown[i] = !!shifts[i];
    });
    var count = 0;
    candidates.forEach(function (label, i) {
      var el = label.marker.getElement(), by = shifts[i] || label.shift;
      el.classList.toggle("kcm-label-hidden", !shown[i]);
      if (by[0] !== label.shift[0] || by[1] !== label.shift[1]) {
        label.shift = by;
        el.firstChild.style.translate = by[0] + "px " + by[1] + "px";  // CSSOM (a CSP allows it), beside its transform
      }
      if (shown[i]) count += 1;
    });
    var stats = ctx.core.labelStats;
    stats.passes += 1;
    stats.ms = performance.now() - started;
    stats.maxMs = Math.max(stats.maxMs, stats.ms);
    stats.shown = count;
    stats.hidden = candidates.length - count;
  }

  var labelPlacement = {
    name: "labels",  // draws no data of its own (geo/layers/__init__.py SERVICES)
    build: function (ctx) {
      var labelPane = pane(ctx.map, "kcm-labels", 620);  // above the posts' symbols; takes no clicks
      ctx.labels = [];
      ctx.labelSelected = null;
      ctx.core.labelStats = { passes: 0, ms: 0, maxMs: 0, shown: 0, hidden: 0 };
      /** A name on the map: options.kind (its priority: city, town, district, country, village, site),
       * options.key (the feature it names, "district:ID" or "place:ID", so the chosen one's name comes first),
       * options.rank (before others of its kind when larger: a district's area), options.minZoom,
       * options.className, options.pane. */
      ctx.label = function (latlng, text, options) {
        var icon = L.divIcon({ className: options.className, html: textElement("span", null, text), iconSize: null });
        var marker = L.marker(latlng, { icon: icon, interactive: false, keyboard: false,
          pane: options.pane || labelPane }).addTo(ctx.map);
        ctx.labels.push({ marker: marker, key: options.key || null, minZoom: options.minZoom || 0, shift: [0, 0],
          priority: (PRIORITY[options.kind] || 0) + Math.min(options.rank || 0, 99999) / 1e5,
          shifts: DOTTED[options.kind] ? besideDot : aroundPoint });
        return marker;
      };
      ctx.placeLabels = function () { place(ctx); };
      ctx.map.on("moveend zoomend resize kcmlayout", ctx.placeLabels);  // kcmlayout: a control changed size
    },
    after: function (ctx, frame, view) {
      // A date step moves no name: placed again only when the selection or the controls on the map change.
      var selected = view.selected ? view.selected.kind + ":" + view.selected.id : null;
      var controls = ctx.map.getContainer().querySelectorAll(".leaflet-control").length;
      if (selected === ctx.labelSelected && controls === ctx.labelControls && ctx.core.labelStats.passes) return;
      ctx.labelSelected = selected;
      ctx.labelControls = controls;
      place(ctx);
    }
  };

  C.register(5, labelPlacement);  // first: the other layers add their names through it
})();
