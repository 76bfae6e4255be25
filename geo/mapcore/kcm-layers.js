/* Karabakh Ceasefire Map: the map core's layers (geo/mapcore/kcm-core.js), one plugin per kind, drawn alike in
 * both editions: the offline basemap, districts, their labels, the corridor, settlements and posts.
 * Every string from data reaches the page through textContent, never innerHTML.
 */
(function () {
  "use strict";
  var C = window.kcmCore, textElement = C.textElement, dict = C.dict, tooltip = C.tooltip;
  var refreshTooltips = C.refreshTooltips, openOnKeys = C.openOnKeys, positionSymbol = C.positionSymbol, pane = C.pane;
  var setAttributes = C.setAttributes, toggleClass = C.toggleClass, isSelected = C.isSelected;
  var SPOT_SPACING_PX = C.SPOT_SPACING_PX;


  // The offline basemap (the package's own): relief and water under the districts, borders, a reference line if its
  // recipe draws one, and country names above them; none of it takes clicks. `data.basemap` is the basemap inline, or the URL of its index.
  // Its styles are geo/status.py's BASEMAP_STYLES (data.basemapStyles), which the pictures draw with too.
  var WATER_KINDS = { lake: true, river: true };

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
      return response.json();
    });
  }

  var basemapLayer = {
    name: "basemap",
    build: function (ctx) {
      var source = ctx.data.basemap;
      if (!source) return;
      if (typeof source !== "string") { drawBasemap(ctx, source, ctx.data.basemapStyles); return; }
      var dir = source.slice(0, source.lastIndexOf("/") + 1);
      fetchJson(source)
        .then(function (index) {
          return Promise.all(index.layers.map(function (file) { return fetchJson(dir + file); })).then(function (layers) {
            drawBasemap(ctx, { relief: { image: dir + index.relief.image, bounds: index.relief.bounds }, layers: layers },
              ctx.data.basemapStyles);
            ctx.placeLabels();  // the country names join the others
          });
        })
        .catch(function (error) { ctx.core.basemapError = String(error); });  // the map works without its basemap
    }
  };

  function drawBasemap(ctx, basemap, styles) {
    var map = ctx.map, relief = pane(map, "kcm-relief", 250), water = pane(map, "kcm-water", 300);
    var lines = pane(map, "kcm-lines", 450), names = pane(map, "kcm-country-names", 460);
    L.imageOverlay(basemap.relief.image, basemap.relief.bounds, { pane: relief, opacity: 0.85, interactive: false,
      className: "kcm-relief", alt: "" }).addTo(map);
    basemap.layers.forEach(function (data) {
      var isWater = data.features.every(function (f) { return WATER_KINDS[f.properties.kind]; });
      L.geoJSON(data, {
        pane: isWater ? water : lines,
        interactive: false,
        style: function (feature) { return styles[feature.properties.kind] || {}; },
        filter: function (feature) {  // a country's name is placed with the others (kcm-labels.js)
          if (feature.geometry.type !== "Point") return true;
          var at = feature.geometry.coordinates;
          ctx.label([at[1], at[0]], feature.properties.name, { kind: "country", className: "kcm-country", pane: names });
          return false;
        }
      }).addTo(map);
    });
  }

  // Districts: drawn once, restyled per date from the look each takes (tables.looks).
  var districtLayer = {
    name: "districts",
    build: function (ctx) {
      var tables = ctx.data.tables;
      ctx.districtIndex = dict();
      tables.ids.forEach(function (id, i) { ctx.districtIndex[id] = i; });
      ctx.districtText = dict();
      ctx.districtLayers = dict();
      ctx.districts = L.geoJSON(ctx.data.geometry.districts, {
        style: function (feature) {
          // geo/status.py CONTEXT_STYLE: the look before the first frame, which context districts keep.
          return Object.assign({ className: "kcm-district kcm-role-" + feature.properties.role }, ctx.data.contextStyle);
        },
        onEachFeature: function (feature, layer) {
          var id = feature.properties.id;
          ctx.districtLayers[id] = layer;
          layer.on("add", function () { setAttributes(layer, { "data-id": id }); });
          layer.bindTooltip(tooltip(function () {
            var box = document.createElement("div");
            box.appendChild(textElement("strong", null, feature.properties.label));
            var status = ctx.districtText[id];
            if (status) box.appendChild(textElement("div", null, status));
            return box;
          }), { sticky: true });
          var target = feature.properties.selects;  // itself, or the district whose timeline a city shares
          if (target) layer.on("click", function (event) { ctx.select("district", target, event); });
        }
      }).addTo(ctx.map);
    },
    apply: function (ctx, frame, view) {
      var tables = ctx.data.tables;
      tables.ids.forEach(function (id, i) {
        var look = tables.looks[i][frame.looks[i]];  // [style, status, sentence]
        var s = tables.styles[look[0]];
        ctx.districtText[id] = tables.texts[look[2]];
        var layer = ctx.districtLayers[id];
        // Only a district whose look changed is restyled: Leaflet writes every style attribute again, and at 300
        // districts that was 2 ms of each step, for the handful that change a day.
        if (!layer || layer.kcmLook === look) return;
        layer.kcmLook = look;
        layer.setStyle({ fillColor: s[0], fillOpacity: s[1], color: s[2], weight: s[3], dashArray: s[4] });
        setAttributes(layer, { "data-status": look[1] });
      });
      Object.keys(ctx.districtLayers).forEach(function (id) {
        var layer = ctx.districtLayers[id];
        C.markChanged(ctx, layer, view.changed[id]);
        toggleClass(layer, "kcm-selected", isSelected(view, "district", id));
      });
      refreshTooltips(ctx.districts.getLayers());
    }
  };

  // District names, placed with the others (kcm-labels.js), above the posts' symbols.
  var labelLayer = {
    name: "district_labels",
    build: function (ctx) {
      ctx.data.geometry.labels.forEach(function (label) {
        ctx.label([label.lat, label.lon], label.text, { kind: label.kind, key: "district:" + label.id,
          className: "kcm-label", rank: label.area });
      });
    }
  };

  // The corridor: every route's band built once; a date names its route. A route out of use is drawn as a dark
  // dashed line, so the road's moves show on the map.
  var corridorLayer = {
    name: "corridor",
    build: function (ctx) {
      var colours = ctx.data.colours, routes = ctx.data.geometry.corridors;
      ctx.corridors = dict();
      ctx.formerRoutes = dict();
      Object.keys(routes).forEach(function (id) {
        ctx.corridors[id] = L.geoJSON(routes[id], {
          interactive: false,
          style: function (feature) {
            return feature.properties.part === "band"
              ? { className: "kcm-corridor-band", color: colours.corridor, weight: 1, fillColor: colours.corridor,
                  fillOpacity: 0.35 }
              : { className: "kcm-corridor-route", color: colours.corridor, weight: 3 };
          }
        });
        ctx.formerRoutes[id] = L.geoJSON(routes[id], {
          interactive: false,
          filter: function (feature) { return feature.properties.part === "route"; },
          style: { className: "kcm-corridor-former", color: colours.former_route, weight: 2.5, opacity: 0.9,
            dashArray: "6 4" }
        });
      });
    },
    apply: function (ctx, frame) {
      var band = frame.corridor && ctx.corridors[frame.corridor];
      if (band) band.addTo(ctx.dynamic);
      var former = frame.former_corridor && ctx.formerRoutes[frame.former_corridor];
      if (former) former.addTo(ctx.dynamic);  // above the band, which it may cross
    }
  };

  // The dots' SVG holds them in groups of DOTS_PER_GROUP, in data order (so drawn in the same order as one group).
  // After a restyle the browser lays out the changed dots' containers, and a container's layout walks every child:
  // with all 30,000 dots in Leaflet's one group that walk was most of a date step; now it is one group of them.
  var DOTS_PER_GROUP = 256;
  var GroupedSVG = L.SVG.extend({
    _addPath: function (layer) {
      if (!this._rootGroup) this._initContainer();
      var groups = this._kcmGroups || (this._kcmGroups = []), k = Math.floor(layer.kcmOrder / DOTS_PER_GROUP);
      if (!groups[k]) {  // before the next group made so far, if any: the groups stay in data order
        groups[k] = L.SVG.create("g");
        groups[k].setAttribute("class", "kcm-place-group");
        var next = null;
        for (var j = k + 1; j < groups.length && !next; j++) next = groups[j] || null;
        this._rootGroup.insertBefore(groups[k], next);
      }
      groups[k].appendChild(layer._path);
      layer.addInteractiveTarget(layer._path);
    }
  });

  // Settlements with a control timeline: drawn once, recoloured per date from one character each
  // (geo/status.py PLACE_CODES): filled in the holder's colour, hollow where only one side's announcement says so.
  /** Restyle a settlement's dot for `code` (nothing if it has it already); a restyled one joins `recoloured`. */
  function recode(ctx, marker, code, recoloured) {
    if (!marker || marker.kcmCode === code) return;
    marker.kcmCode = code;
    var side = ctx.data.colours[ctx.data.placeCodes[code.toUpperCase()]];
    var announced = code !== code.toUpperCase();
    marker.setStyle({ fillColor: announced ? "#ffffff" : side, color: announced ? side : "#ffffff",
      weight: announced ? 2.5 : 1.5 });
    setAttributes(marker, { "data-code": code });
    recoloured.push(marker);
  }

  var placeLayer = {
    name: "places",
    build: function (ctx) {
      ctx.placeById = dict();
      // Their own pane, above the inferred areas (420), which would otherwise take every click and hover meant for
      // a dot inside an area; under the borders (450) as before.
      var dots = pane(ctx.map, "kcm-places", 430), renderer = new GroupedSVG({ pane: dots });
      ctx.placeMarkers = ctx.data.geometry.places.map(function (place, order) {
        var marker = L.circleMarker([place.lat, place.lon], { pane: dots, renderer: renderer,
          radius: place.kind === "village" || place.kind === "site" ? 4 : 6, weight: 1.5, color: "#ffffff",
          fillColor: "#999999", fillOpacity: 1, className: "kcm-place kcm-place-" + place.kind
        });
        marker.kcmId = place.id;
        marker.kcmOrder = order;
        ctx.placeById[place.id] = marker;
        marker.bindTooltip(tooltip(function () {
          var box = document.createElement("div");
          box.appendChild(textElement("strong", null, place.name));
          if (place.names) box.appendChild(textElement("div", "kcm-names", place.names));
          box.appendChild(textElement("div", null, ctx.data.placeStatus[marker.kcmCode] || ""));
          return box;
        }));
        marker.on("add", function () { setAttributes(marker, { "data-id": place.id, "data-code": marker.kcmCode || "" }); });
        marker.on("click", function (event) { ctx.select("place", place.id, event); });
        marker.addTo(ctx.map);
        // Its name beside the dot, from the zoom where villages stand apart (or whenever it is the one chosen).
        ctx.label([place.lat, place.lon], place.name, { kind: place.kind, key: "place:" + place.id,
          minZoom: ctx.data.view.placeNamesZoom, className: "kcm-place-label kcm-place-label-" + place.kind });
        return marker;
      });
    },
    // A step touches only the dots whose code changed, and those marked (changed between compared dates, or
    // chosen) now or by the step before: at 30,000 settlements a walk over every dot's element was the step.
    // A frame carries every code (`places`, one character per settlement) or, the app's at scale, the codes of
    // those that may have changed since a span of days (`placesDiff`: from, at, codes; geo/layers/places.py
    // Coding.frame): applied in full only if the codes this map holds are of a day in that span, else the app is
    // asked for every code.
    apply: function (ctx, frame, view) {
      var markers = ctx.placeMarkers, recoloured = [], diff = frame.placesDiff, i;
      if (diff) {
        var fits = ctx.placesDay != null && ctx.placesDay >= diff.from[0] && ctx.placesDay <= diff.from[1];
        for (i = 0; i < diff.at.length; i++) recode(ctx, markers[diff.at[i]], diff.codes.charAt(i), recoloured);
        ctx.placesDay = fits ? frame.date : null;  // the codes of no one day until every code comes
        ctx.core.placesMissing = !fits;
        if (!fits && ctx.placesAsked !== frame.date) {
          ctx.placesAsked = frame.date;
          ctx.ask("places");
        }
      } else {
        var codes = frame.places || "";
        for (i = 0; i < markers.length; i++) recode(ctx, markers[i], codes.charAt(i), recoloured);
        ctx.placesDay = frame.date;
        ctx.core.placesMissing = false;
      }
      var byId = ctx.placeById, marked = [];
      Object.keys(view.changed).forEach(function (id) { if (byId[id]) marked.push(byId[id]); });
      if (view.selected && view.selected.kind === "place" && byId[view.selected.id]) marked.push(byId[view.selected.id]);
      (ctx.placesMarked || []).concat(marked).forEach(function (marker) {
        C.markChanged(ctx, marker, view.changed[marker.kcmId]);
        toggleClass(marker, "kcm-selected", isSelected(view, "place", marker.kcmId));
      });
      ctx.placesMarked = marked;
      refreshTooltips(recoloured);  // a dot's tooltip says its code's status
    }
  };

  // Positions: each post's marker built once; a date adds the active ones to the dynamic layer, each shifted
  // sideways where several share a point. The shape says the kind, the fill who runs it (both from geo/status.py).
  var positionLayer = {
    name: "positions",
    build: function (ctx) {
      var shapes = ctx.data.shapes, operators = ctx.data.operators;
      ctx.positionGroups = ctx.data.tables.positions.map(function (p) {
        var group = L.layerGroup();
        if (p.radius_m > 0 && p.precision !== "exact") {
          L.circle([p.lat, p.lon], { radius: p.radius_m, className: "kcm-precision", color: "#333333", weight: 1,
            dashArray: "3 3", fill: false, interactive: false }).addTo(group);
        }
        var svg = positionSymbol((shapes[p.kind] || shapes.monitoring_centre).path);
        svg.style.fill = (operators[p.operator] || operators.other).colour;  // CSSOM, which a CSP allows
        var marker = L.marker([p.lat, p.lon], { icon: positionIcon(p, svg, 0), title: "", bubblingMouseEvents: false });
        marker.kcmSvg = svg;
        marker.bindTooltip(tooltip(function () {
          var box = document.createElement("div");
          box.appendChild(textElement("strong", null, p.name));
          box.appendChild(textElement("div", null, p.kind_label + " · " + p.precision_label));
          return box;
        }));
        marker.on("add", function () {
          setAttributes(marker, { "data-id": p.id, "aria-label": p.name, "data-operator": p.operator });
        });
        var open = function (event) { ctx.select("position", p.id, event); };
        marker.on("click", open);
        openOnKeys(marker, open);  // Enter or Space, as a click
        marker.addTo(group);
        group.kcmMarker = marker;
        group.kcmId = p.id;
        return group;
      });
    },
    apply: function (ctx, frame, view) {
      var positions = ctx.data.tables.positions;
      frame.positions.forEach(function (slotted) {  // [position, its slot at its point, positions there]
        var group = ctx.positionGroups[slotted[0]], marker = group.kcmMarker;
        var shift = (slotted[1] - (slotted[2] - 1) / 2) * SPOT_SPACING_PX;
        marker.setIcon(positionIcon(positions[slotted[0]], marker.kcmSvg, shift));
        group.addTo(ctx.dynamic);
        toggleClass(marker, "kcm-selected", isSelected(view, "position", group.kcmId));
      });
    }
  };

  function positionIcon(p, svg, shift) {
    return L.divIcon({ className: "kcm-position kcm-kind-" + p.kind + " kcm-operator-" + p.operator, html: svg,
      iconSize: [18, 18], iconAnchor: [9 - shift, 9] });
  }

  // Each plugin is named as its layer in geo/layers/ (geo/layers/__init__.py LAYERS, in this order).
  C.register(10, basemapLayer);
  C.register(20, districtLayer);
  C.register(30, labelLayer);
  C.register(50, corridorLayer);
  C.register(60, placeLayer);
  C.register(70, positionLayer);
})();
