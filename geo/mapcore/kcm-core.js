/* Karabakh Ceasefire Map: the map core. The app (dashboard/static/kcm-map.js) and the static edition
 * (geo/site/static/kcm-static.js) are two thin hosts around it, so a symbol, colour, label or tooltip cannot
 * differ between them.
 *
 * kcmCore.create(map, data, hooks) builds every layer once from `data` (geo/frames.py `map_data`: geometry,
 * the tables every date's frame refers to, colours, shapes, operators); core.apply(frame, view) restyles them
 * for one date's frame (`MapEncoder.frame`) and the reader's view (compare marks, selection, focus), so a date
 * change rebuilds nothing. hooks.select(kind, id) is called when a reader clicks, or presses Enter or Space
 * on, a district, settlement or post (or clicks an inferred area: "area", its index), with an id the data knows.
 *
 * Each kind of layer is one plugin in LAYERS: build(ctx) once, apply(ctx, frame, view) per date. Adding a
 * kind adds a plugin here and its encoder in geo (see docs/ARCHITECTURE.md).
 *
 * Every string from data reaches the page through textContent, never innerHTML; lookups by id use Maps or
 * objects without a prototype, so an id such as "__proto__" is only a key.
 */
(function () {
  "use strict";
  var MARGIN = 4;  // px kept between a tooltip and the map's edge
  var SPOT_SPACING_PX = 20;  // posts drawn at one point sit this far apart, side by side

  function textElement(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = text == null ? "" : String(text);
    return el;
  }

  function dict() { return Object.create(null); }

  // --- Leaflet helpers ---

  /** A tooltip kept inside the map: Leaflet puts it beside its anchor, partly outside a map's edge. */
  var InsideTooltip = L.Tooltip.extend({
    _setPosition: function (pos) {
      L.Tooltip.prototype._setPosition.call(this, pos);
      // Measured as drawn (Leaflet's side classes add margins), then moved by what sticks out.
      var box = this._container, tip = box.getBoundingClientRect();
      var edge = this._map.getContainer().getBoundingClientRect();
      var dx = inside(tip.left, tip.right, edge.left, edge.right), dy = inside(tip.top, tip.bottom, edge.top, edge.bottom);
      box.classList.toggle("kcm-tooltip-moved", dx !== 0 || dy !== 0);  // its arrow would point past the anchor
      if (dx !== 0 || dy !== 0) L.DomUtil.setPosition(box, L.DomUtil.getPosition(box).add([dx, dy]));
    }
  });

  /** How far to move the span [low, high] to lie within [min, max] less the margin (its start wins if too long). */
  function inside(low, high, min, max) {
    var move = Math.min(0, max - MARGIN - high);
    return low + move < min + MARGIN ? min + MARGIN - low : move;
  }

  function tooltip(content, options) {
    return new InsideTooltip(options).setContent(content);
  }

  /** Rewrite the open tooltips among `layers`: a key on the date slider steps the date while the mouse rests on
   * the map, and Leaflet would keep the old date's status in an open tooltip. */
  function refreshTooltips(layers) {
    layers.forEach(function (layer) {
      if (layer.isTooltipOpen()) layer.getTooltip().update();
    });
  }

  /** Enter or Space on a focused marker does what a click does (Leaflet's keys only open popups). */
  function openOnKeys(marker, open) {
    marker.on("keydown", function (event) {
      var key = event.originalEvent.key;
      if (key !== "Enter" && key !== " ") return;
      L.DomEvent.preventDefault(event.originalEvent);  // Space would scroll the page
      open();
    });
  }

  /** A position's symbol: an <svg> of one shape (geo/status.py's POSITION_SHAPES), built as nodes. */
  function positionSymbol(path) {
    var svg = L.SVG.create("svg");  // an element in SVG's namespace
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.appendChild(L.SVG.create("path")).setAttribute("d", path);
    return svg;
  }

  function pane(map, name, zIndex) {
    var el = map.getPane(name) || map.createPane(name);
    el.style.zIndex = String(zIndex);  // tiles 200, districts (overlayPane) 400, markers 600; CSSOM, which a CSP allows
    el.style.pointerEvents = "none";
    return name;
  }

  function setAttributes(layer, attributes) {
    var el = layer.getElement && layer.getElement();
    if (!el) return;
    Object.keys(attributes).forEach(function (name) { el.setAttribute(name, attributes[name]); });
  }

  function toggleClass(layer, name, on) {
    var el = layer.getElement && layer.getElement();
    if (el) el.classList.toggle(name, !!on);
  }

  function isSelected(view, kind, id) {
    return !!(view.selected && view.selected.kind === kind && view.selected.id === id);
  }

  // --- the layers: one plugin per kind ---

  // The offline basemap: relief and water under the districts, borders, the 1991 NKAO line and country names
  // above them; none of it takes clicks. `data.basemap` is the basemap inline, or the URL of its index.
  var BASEMAP_STYLES = {
    lake: { className: "kcm-lake", color: "#5b8fb9", weight: 0.8, fillColor: "#a9c8e3", fillOpacity: 0.9 },
    river: { className: "kcm-river", color: "#5b8fb9", weight: 1.6, opacity: 0.9, fill: false },
    international: { className: "kcm-border", color: "#2b2b2b", weight: 3, opacity: 0.85, fill: false },
    nkao_1991: { className: "kcm-nkao", color: "#5a1f5a", weight: 1.5, dashArray: "6 5", opacity: 0.9, fill: false }
  };
  var WATER_KINDS = { lake: true, river: true };

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
      return response.json();
    });
  }

  var basemapLayer = {
    build: function (ctx) {
      var source = ctx.data.basemap;
      if (!source) return;
      if (typeof source !== "string") { drawBasemap(ctx.map, source); return; }
      var dir = source.slice(0, source.lastIndexOf("/") + 1);
      fetchJson(source)
        .then(function (index) {
          return Promise.all(index.layers.map(function (file) { return fetchJson(dir + file); })).then(function (layers) {
            drawBasemap(ctx.map, { relief: { image: dir + index.relief.image, bounds: index.relief.bounds }, layers: layers });
          });
        })
        .catch(function (error) { ctx.core.basemapError = String(error); });  // the map works without its basemap
    }
  };

  function drawBasemap(map, basemap) {
    var relief = pane(map, "kcm-relief", 250), water = pane(map, "kcm-water", 300);
    var lines = pane(map, "kcm-lines", 450), names = pane(map, "kcm-country-names", 460);
    L.imageOverlay(basemap.relief.image, basemap.relief.bounds, { pane: relief, opacity: 0.85, interactive: false,
      className: "kcm-relief", alt: "" }).addTo(map);
    basemap.layers.forEach(function (data) {
      var isWater = data.features.every(function (f) { return WATER_KINDS[f.properties.kind]; });
      L.geoJSON(data, {
        pane: isWater ? water : lines,
        interactive: false,
        style: function (feature) { return BASEMAP_STYLES[feature.properties.kind] || {}; },
        pointToLayer: function (feature, latlng) {
          var icon = L.divIcon({ className: "kcm-country", html: textElement("span", null, feature.properties.name),
            iconSize: null });
          return L.marker(latlng, { icon: icon, pane: names, interactive: false, keyboard: false });
        }
      }).addTo(map);
    });
  }

  // Districts: drawn once, restyled per date from the look each takes (tables.looks).
  var districtLayer = {
    build: function (ctx) {
      var tables = ctx.data.tables;
      ctx.districtIndex = dict();
      tables.ids.forEach(function (id, i) { ctx.districtIndex[id] = i; });
      ctx.districtText = dict();
      ctx.districtLayers = dict();
      ctx.districts = L.geoJSON(ctx.data.geometry.districts, {
        style: function (feature) {
          return { className: "kcm-district kcm-role-" + feature.properties.role, color: "#555555", weight: 1,
            fillColor: ctx.data.colours.context, fillOpacity: 0.25 };
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
        if (!layer) return;
        layer.setStyle({ fillColor: s[0], fillOpacity: s[1], color: s[2], weight: s[3], dashArray: s[4] });
        setAttributes(layer, { "data-status": look[1] });
      });
      Object.keys(ctx.districtLayers).forEach(function (id) {
        var layer = ctx.districtLayers[id];
        toggleClass(layer, "kcm-changed", view.changed[id]);
        toggleClass(layer, "kcm-selected", isSelected(view, "district", id));
      });
      refreshTooltips(ctx.districts.getLayers());
    }
  };

  // District names: a pane above the markers (never hidden under a post's symbol) that takes no clicks.
  var labelLayer = {
    build: function (ctx) {
      var labelPane = pane(ctx.map, "kcm-labels", 620);
      var group = L.layerGroup();
      ctx.data.geometry.labels.forEach(function (label) {
        var icon = L.divIcon({ className: "kcm-label", html: textElement("span", null, label.text), iconSize: null });
        L.marker([label.lat, label.lon], { icon: icon, interactive: false, keyboard: false, pane: labelPane })
          .addTo(group);
      });
      group.addTo(ctx.map);
    }
  };

  // The corridor: every route's band built once; a date names its route. A route out of use is drawn as a dark
  // dashed line, so the road's moves show on the map.
  var corridorLayer = {
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

  // Settlements with a control timeline: drawn once, recoloured per date from one character each
  // (geo/status.py PLACE_CODES): filled in the holder's colour, hollow where only one side's announcement says so.
  var placeLayer = {
    build: function (ctx) {
      ctx.placeMarkers = ctx.data.geometry.places.map(function (place) {
        var marker = L.circleMarker([place.lat, place.lon], {
          radius: place.kind === "village" || place.kind === "site" ? 4 : 6, weight: 1.5, color: "#ffffff",
          fillColor: "#999999", fillOpacity: 1, className: "kcm-place kcm-place-" + place.kind
        });
        marker.kcmId = place.id;
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
        return marker;
      });
    },
    apply: function (ctx, frame, view) {
      var colours = ctx.data.colours, codes = frame.places || "";
      ctx.placeMarkers.forEach(function (marker, i) {
        var code = codes.charAt(i);
        if (marker.kcmCode !== code) {
          marker.kcmCode = code;
          var side = code.toUpperCase() === "A" ? colours.armenian_forces : colours.azerbaijan;
          var announced = code === "a" || code === "z";
          marker.setStyle({ fillColor: announced ? "#ffffff" : side, color: announced ? side : "#ffffff",
            weight: announced ? 2.5 : 1.5 });
          setAttributes(marker, { "data-code": code });
        }
        toggleClass(marker, "kcm-changed", view.changed[marker.kcmId]);
        toggleClass(marker, "kcm-selected", isSelected(view, "place", marker.kcmId));
      });
      refreshTooltips(ctx.placeMarkers);
    }
  };

  // Positions: each post's marker built once; a date adds the active ones to the dynamic layer, each shifted
  // sideways where several share a point. The shape says the kind, the fill who runs it (both from geo/status.py).
  var positionLayer = {
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

  // Areas of control inferred from the sourced settlements of split districts (geo/inferred.py): every area
  // built once, when first shown; a frame names its set (tables.inferred.sets). Translucent, hatched where
  // only one side's announcement says so, and labelled as an inference, not a surveyed front line. Shown when
  // the reader's view says so (view.inferred), with the line of contact of 10 November 2020 from that date.
  var inferredLayer = {
    build: function (ctx) {
      var table = ctx.data.tables.inferred, words = ctx.data.inferredWords;
      if (!table || !words) return;
      ctx.inferredPane = pane(ctx.map, "kcm-inferred", 420);  // over the district fills, under the borders
      ctx.inferredAreas = [];
      var svg = L.SVG.create("svg");  // the hatch patterns, referred to from kcm-core.css
      svg.setAttribute("class", "kcm-hatches");
      svg.setAttribute("aria-hidden", "true");
      var defs = svg.appendChild(L.SVG.create("defs"));
      [["armenian_forces", ctx.data.colours.armenian_forces], ["azerbaijan", ctx.data.colours.azerbaijan]]
        .forEach(function (side) {
          var pattern = defs.appendChild(L.SVG.create("pattern"));
          pattern.setAttribute("id", "kcm-hatch-" + side[0]);
          pattern.setAttribute("patternUnits", "userSpaceOnUse");
          pattern.setAttribute("width", "8");
          pattern.setAttribute("height", "8");
          pattern.setAttribute("patternTransform", "rotate(45)");
          var line = pattern.appendChild(L.SVG.create("rect"));
          line.setAttribute("width", "3");
          line.setAttribute("height", "8");
          line.setAttribute("fill", side[1]);
          line.setAttribute("fill-opacity", "0.6");
        });
      ctx.map.getContainer().appendChild(svg);
      ctx.inferredNote = L.control({ position: "bottomleft" });
      ctx.inferredNote.onAdd = function () { return textElement("div", "kcm-inferred-note", ""); };
      if (table.contact) {
        ctx.inferredContact = L.geoJSON(table.contact, { pane: ctx.inferredPane, interactive: true,
          style: { className: "kcm-contact", color: "#111111", weight: 3, opacity: 0.9, dashArray: "8 3 2 3" } });
        ctx.inferredContact.bindTooltip(tooltip(words.contact.replace("{n}", String(table.contactCount))),
          { sticky: true });
      }
    },
    area: function (ctx, index) {
      var layer = ctx.inferredAreas[index];
      if (layer) return layer;
      var a = ctx.data.tables.inferred.areas[index];  // [district, controller, announced only, places, geometry]
      var places = ctx.data.geometry.places, colours = ctx.data.colours;
      layer = L.geoJSON(a[4], { pane: ctx.inferredPane, style: {
        className: "kcm-inferred kcm-inferred-" + a[1] + (a[2] ? " kcm-inferred-announced" : ""),
        color: colours[a[1]], weight: 1, opacity: 0.6, fillColor: colours[a[1]], fillOpacity: a[2] ? 1 : 0.35 } });
      layer.bindTooltip(tooltip(function () {
        var box = document.createElement("div");
        box.appendChild(textElement("strong", null, ctx.data.placeStatus[a[2] ? (a[1] === "azerbaijan" ? "z" : "a")
          : (a[1] === "azerbaijan" ? "Z" : "A")] + " (inferred)"));
        box.appendChild(textElement("div", null, ctx.inferredText));
        if (ctx.districtText[a[0]]) box.appendChild(textElement("div", null, "District: " + ctx.districtText[a[0]]));
        box.appendChild(textElement("div", "kcm-names", "Rests on: " + a[3].map(function (i) {
          return places[i].name;
        }).join(", ")));
        return box;
      }), { sticky: true });
      layer.on("click", function (event) { ctx.select("area", String(index), event); });
      layer.on("add", function () {
        layer.eachLayer(function (path) {
          setAttributes(path, { "data-id": String(index), "data-controller": a[1], "data-basis": a[2] ? "announced" : "sourced" });
        });
      });
      ctx.inferredAreas[index] = layer;
      return layer;
    },
    apply: function (ctx, frame, view) {
      var table = ctx.data.tables.inferred, words = ctx.data.inferredWords;
      if (!ctx.inferredPane) return;
      var set = view.inferred && frame.inferred != null ? table.sets[frame.inferred] || [] : [];
      var contact = !!(ctx.inferredContact && set.length && frame.date >= table.contactFrom);
      // Its own group, redrawn only when the set changes: most date steps keep the areas as they are.
      var key = set.join(",") + (contact ? " contact" : "");
      if (!ctx.inferredGroup) ctx.inferredGroup = L.layerGroup().addTo(ctx.map);
      if (key !== ctx.inferredKey) {
        ctx.inferredKey = key;
        ctx.inferredGroup.clearLayers();
        var n = 0;
        set.forEach(function (index) {
          n += table.areas[index][3].length;
          ctx.inferredGroup.addLayer(inferredLayer.area(ctx, index));
        });
        if (contact) ctx.inferredGroup.addLayer(ctx.inferredContact);
        ctx.inferredText = words.note.replace("{n}", String(n));
        if (set.length) {
          ctx.inferredNote.addTo(ctx.map);
          ctx.inferredNote.getContainer().textContent = ctx.inferredText + (contact ? ". " +
            words.contact.replace("{n}", String(table.contactCount)).split(",")[0] + ": black dashed line" : "");
        } else {
          ctx.inferredNote.remove();
        }
      }
      set.forEach(function (index) {
        var selected = isSelected(view, "area", String(index));
        ctx.inferredAreas[index].eachLayer(function (path) { toggleClass(path, "kcm-selected", selected); });
      });
    }
  };

  // Drawing order: the dynamic layer (corridor, then positions) is emptied and refilled in this order.
  var LAYERS = [basemapLayer, districtLayer, labelLayer, inferredLayer, corridorLayer, placeLayer, positionLayer];

  /** Build every layer of `data` on `map`; returns the core a host applies frames to. */
  function create(map, data, hooks) {
    var core = { data: data, frames: 0, date: null };
    var ctx = {
      map: map, data: data, core: core, dynamic: L.layerGroup().addTo(map),
      select: function (kind, id, event) {
        if (event && event.originalEvent) L.DomEvent.stopPropagation(event);  // not also a click on the map
        if (hooks && hooks.select) hooks.select(kind, id);
      }
    };
    LAYERS.forEach(function (layer) { layer.build(ctx); });
    var focusKey = null;

    /** Draw `frame` (one date) with the reader's `view`: {changed: [ids], selected: {kind, id},
     * focus: {key, lat, lon}, inferred: show the inferred areas} (each optional). */
    core.apply = function (frame, view) {
      view = view || {};
      var changed = dict();
      (view.changed || []).forEach(function (id) { changed[id] = true; });
      var shown = { changed: changed, selected: view.selected || null, inferred: !!view.inferred };
      ctx.dynamic.clearLayers();
      LAYERS.forEach(function (layer) { if (layer.apply) layer.apply(ctx, frame, shown); });
      // A settlement or post chosen by name: pan to it once, when it is chosen.
      var focus = view.focus;
      if (focus && focus.key !== focusKey) map.setView([focus.lat, focus.lon], Math.max(map.getZoom(), 10));
      focusKey = focus ? focus.key : null;
      core.date = frame.date;
      core.frames += 1;
      map.getContainer().setAttribute("data-date", frame.date);
    };
    /** A district's status sentence on the date last applied (for a host's panel). */
    core.districtText = function (id) { return ctx.districtText[id]; };
    core.districts = function () { return ctx.districts; };
    return core;
  }

  window.kcmCore = { create: create, positionSymbol: positionSymbol, tooltip: tooltip, textElement: textElement };
})();
