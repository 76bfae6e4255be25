/* Karabakh Ceasefire Map: the map's client side, served by the app itself (no CDN).
 *
 * init(map, config) runs once per map frame: it fetches the static district geometry and the map's
 * tables (every look each district takes, every position) and builds the layers. update(payload) runs
 * on every date change and sends indices into those tables: it restyles the existing district layers
 * and replaces the small dynamic layers (positions, corridor) in place, so the frame and its
 * zoom/centre are never rebuilt and nothing accumulates.
 *
 * The basemap (shaded relief, water, borders, country names, the former NKAO line) is fetched once in
 * init, into panes of its own: relief and water under the districts, the lines and names above their
 * fills but never catching a click.
 *
 * Every string from data reaches the page through textContent, never innerHTML.
 */
(function () {
  "use strict";
  var kcm = (window.kcm = window.kcm || {});

  function textElement(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = text == null ? "" : String(text);
    return el;
  }

  kcm.init = function (map, config) {
    kcm.map = map;
    // Screen readers announce the frame by its title; the component's own is "streamlit_folium.st_folium".
    try {
      if (window.frameElement) window.frameElement.title = "Map: districts, settlements and peacekeeping posts";
    } catch (e) { /* a frame from another origin: leave its title */ }
    // Tab reaches the map and its posts (named, Enter or Space opens one); districts and settlements are not tab
    // stops (89 and 152 of them): the lists beside the map and the table below it reach them.
    map.getContainer().setAttribute("aria-label", "Map. Tab moves to the peacekeeping posts; Enter opens one. " +
      "Choose districts and settlements with the boxes beside the map or the table below it.");
    // Leaflet focuses the map on mouse down (to take arrow keys) with a plain focus(), which also scrolls
    // the page to show the map frame between press and release: the first click landed off target.
    // Focus without scrolling; the instance's own handler replaces the prototype's when re-enabled.
    if (map.keyboard) {
      map.keyboard.disable();
      map.keyboard._onMouseDown = function () {
        if (!this._focused) this._map._container.focus({ preventScroll: true });
      };
      map.keyboard.enable();
    }
    kcm.config = config;
    kcm.ready = false;
    kcm.byId = {};
    kcm.dynamic = L.layerGroup().addTo(map);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(config.attribution);
    if (config.tiles) {
      // Optional online tiles under the bundled outlines; with no network they fail quietly.
      L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: 18 }).addTo(map);
    }
    if (config.basemap) basemap(map, config.basemap);
    fetch(config.geometryUrl)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        build(map, data);
      })
      .catch(function (error) {
        kcm.error = String(error);
        var box = textElement("div", "kcm-error", "The map geometry could not be loaded: " + error);
        map.getContainer().appendChild(box);
      });
  };

  function pane(map, name, zIndex, clickable) {
    var el = map.createPane(name);
    el.style.zIndex = zIndex;  // tiles 200, districts (overlayPane) 400, markers 600
    if (!clickable) el.style.pointerEvents = "none";
    return name;
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
      return response.json();
    });
  }

  function basemap(map, indexUrl) {
    var BASEMAP_STYLES = kcmLeaflet.BASEMAP_STYLES, WATER_KINDS = kcmLeaflet.WATER_KINDS;  // kcm-leaflet.js
    var dir = indexUrl.slice(0, indexUrl.lastIndexOf("/") + 1);
    var relief = pane(map, "kcm-relief", 250, false);
    var water = pane(map, "kcm-water", 300, false);
    var lines = pane(map, "kcm-lines", 450, false);
    var names = pane(map, "kcm-country-names", 460, false);
    fetchJson(indexUrl)
      .then(function (index) {
        kcm.relief = L.imageOverlay(dir + index.relief.image, index.relief.bounds, {
          pane: relief, opacity: 0.85, interactive: false, className: "kcm-relief", alt: ""
        }).addTo(map);
        return Promise.all(index.layers.map(function (file) {
          return fetchJson(dir + file).then(function (data) {
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
        }));
      })
      .catch(function (error) {
        kcm.basemapError = String(error);  // the map works without its basemap
      });
  }

  function build(map, data) {
    kcm.districts = L.geoJSON(data.districts, {
      style: function (feature) {
        return {
          className: "kcm-district kcm-role-" + feature.properties.role,
          color: "#555555", weight: 1, fillColor: kcm.config.colours.context, fillOpacity: 0.25
        };
      },
      onEachFeature: function (feature, layer) {
        kcm.byId[feature.properties.id] = layer;
        if (layer.getElement && layer.getElement()) layer.getElement().setAttribute("data-id", feature.properties.id);
        layer.on("add", function () {
          var el = layer.getElement && layer.getElement();
          if (el) el.setAttribute("data-id", feature.properties.id);
        });
        layer.bindTooltip(kcmLeaflet.tooltip(function () {
          var box = document.createElement("div");
          box.appendChild(textElement("strong", null, feature.properties.label));
          var status = kcm.texts && kcm.texts[feature.properties.id];
          if (status) box.appendChild(textElement("div", null, status));
          return box;
        }), { sticky: true });
      }
    }).addTo(map);
    kcm.districts.eachLayer(function (layer) {
      var el = layer.getElement && layer.getElement();
      if (el) el.setAttribute("data-id", layer.feature.properties.id);
    });
    var labels = L.layerGroup();
    // District names sit in a pane above the markers (never hidden under a post's symbol) that takes
    // no clicks, so a marker under a name can still be clicked.
    var labelPane = pane(map, "kcm-labels", 620, false);
    (data.labels || []).forEach(function (label) {
      var icon = L.divIcon({ className: "kcm-label", html: textElement("span", null, label.text), iconSize: null });
      L.marker([label.lat, label.lon], { icon: icon, interactive: false, keyboard: false, pane: labelPane })
        .addTo(labels);
    });
    labels.addTo(map);
    // Every route's band is built once; a date only says which one to show.
    // A route out of use is drawn as a grey dashed line, so the road's moves show on the map.
    kcm.corridors = {};
    kcm.formerRoutes = {};
    Object.keys(data.corridors || {}).forEach(function (id) {
      kcm.corridors[id] = L.geoJSON(data.corridors[id], {
        interactive: false,
        style: function (feature) {
          return feature.properties.part === "band"
            ? { className: "kcm-corridor-band", color: kcm.config.colours.corridor, weight: 1,
                fillColor: kcm.config.colours.corridor, fillOpacity: 0.35 }
            : { className: "kcm-corridor-route", color: kcm.config.colours.corridor, weight: 3 };
        }
      });
      kcm.formerRoutes[id] = L.geoJSON(data.corridors[id], {
        interactive: false,
        filter: function (feature) { return feature.properties.part === "route"; },
        style: { className: "kcm-corridor-former", color: kcm.config.colours.former_route, weight: 2.5, opacity: 0.9, dashArray: "6 4" }
      });
    });
    // Settlements with a control timeline: drawn once, recoloured per date from one character each.
    kcm.places = (data.places || []).map(function (place) {
      var marker = L.circleMarker([place.lat, place.lon], {
        radius: place.kind === "village" || place.kind === "site" ? 4 : 6, weight: 1.5, color: "#ffffff",
        fillColor: "#999999", fillOpacity: 1, className: "kcm-place kcm-place-" + place.kind
      });
      marker.kcmId = place.id;
      marker.bindTooltip(kcmLeaflet.tooltip(function () {
        var box = document.createElement("div");
        box.appendChild(textElement("strong", null, place.name));
        if (place.names) box.appendChild(textElement("div", "kcm-names", place.names));
        box.appendChild(textElement("div", null, kcm.config.placeStatus[marker.kcmCode] || ""));
        return box;
      }));
      marker.on("add", function () {
        var el = marker.getElement();
        if (el) {
          el.setAttribute("data-id", place.id);
          el.setAttribute("data-code", marker.kcmCode || "");
        }
      });
      marker.addTo(map);
      return marker;
    });
    kcm.tables = data.tables;
    kcm.ready = true;
    if (kcm.pending) apply(kcm.pending);
  }

  kcm.update = function (payload) {
    kcm.pending = payload;
    if (kcm.ready) apply(payload);
  };

  function apply(payload) {
    kcm.pending = null;
    var tables = kcm.tables;
    kcm.texts = {};
    tables.ids.forEach(function (id, i) {
      var look = tables.looks[i][payload.looks[i]];  // [style, status, sentence]
      var s = tables.styles[look[0]];
      kcm.texts[id] = tables.texts[look[2]];
      var layer = kcm.byId[id];
      if (!layer) return;
      layer.setStyle({ fillColor: s[0], fillOpacity: s[1], color: s[2], weight: s[3], dashArray: s[4] });
      var el = layer.getElement && layer.getElement();
      if (el) el.setAttribute("data-status", look[1]);
    });
    var codes = payload.places || "";
    (kcm.places || []).forEach(function (marker, i) {
      var code = codes.charAt(i);
      if (marker.kcmCode === code) return;
      marker.kcmCode = code;
      var side = code.toUpperCase() === "A" ? kcm.config.colours.armenian_forces : kcm.config.colours.azerbaijan;
      // An announcement not confirmed by another source: a hollow dot in the side's colour.
      var announced = code === "a" || code === "z";
      marker.setStyle({ fillColor: announced ? "#ffffff" : side, color: announced ? side : "#ffffff",
        weight: announced ? 2.5 : 1.5 });
      var el = marker.getElement();
      if (el) el.setAttribute("data-code", code);
    });
    kcmLeaflet.refreshTooltips(kcm.districts.getLayers().concat(kcm.places || []));  // open ones: the new status
    // Compare mode: what differs from the compare date is outlined (districts) or ringed (settlements).
    var changed = {};
    (payload.changed || []).forEach(function (id) { changed[id] = true; });
    Object.keys(kcm.byId).forEach(function (id) {
      var el = kcm.byId[id].getElement && kcm.byId[id].getElement();
      if (el) el.classList.toggle("kcm-changed", !!changed[id]);
    });
    (kcm.places || []).forEach(function (marker) {
      var el = marker.getElement && marker.getElement();
      if (el) el.classList.toggle("kcm-changed", !!changed[marker.kcmId]);
    });
    // A settlement or post chosen by name: pan to it once, and mark it while it stays chosen.
    var focus = payload.focus;
    if (focus && focus.key !== kcm.focusKey) {
      kcm.map.setView([focus.lat, focus.lon], Math.max(kcm.map.getZoom(), 10));
    }
    kcm.focusKey = focus ? focus.key : null;
    (kcm.places || []).forEach(function (marker) {
      var el = marker.getElement && marker.getElement();
      if (el) el.classList.toggle("kcm-selected", !!focus && focus.id === marker.kcmId);
    });
    kcm.dynamic.clearLayers();
    var corridor = payload.corridor && kcm.corridors[payload.corridor];
    if (corridor) corridor.addTo(kcm.dynamic);
    var former = payload.former_corridor && kcm.formerRoutes[payload.former_corridor];
    if (former) former.addTo(kcm.dynamic);  // above the band, which it may cross
    payload.positions.forEach(function (slotted) {
      var p = tables.positions[slotted[0]], slot = slotted[1], slots = slotted[2];
      if (p.radius_m > 0 && p.precision !== "exact") {
        L.circle([p.lat, p.lon], { radius: p.radius_m, className: "kcm-precision", color: "#333333", weight: 1,
          dashArray: "3 3", fill: false, interactive: false }).addTo(kcm.dynamic);
      }
      // Shapes and operator colours come from the app's own tables (the legend draws from them too).
      var svg = kcmLeaflet.positionSymbol(kcm.config.shapes[p.kind] || kcm.config.shapes.monitoring_centre);
      svg.style.fill = kcm.config.operators[p.operator] || "#444444";
      // Posts at one spot (a Russian post and an Azerbaijani checkpoint at the Hakari bridge) sit side by side,
      // dx pixels east of their point: geo/lookup.py's spot_offsets, with which the server resolves clicks.
      var dx = (slot - (slots - 1) / 2) * 20;
      var icon = L.divIcon({ className: "kcm-position kcm-kind-" + p.kind + " kcm-operator-" + p.operator,
        html: svg, iconSize: [18, 18], iconAnchor: [9 - dx, 9] });
      var marker = L.marker([p.lat, p.lon], { icon: icon, bubblingMouseEvents: false, title: "" });
      marker.bindTooltip(kcmLeaflet.tooltip(function () {
        var box = document.createElement("div");
        box.appendChild(textElement("strong", null, p.name));
        box.appendChild(textElement("div", null, p.kind_label + " · " + p.precision_label));
        return box;
      }));
      // A click, Enter or Space on a post: a map click on the middle of its symbol, which the app resolves to
      // this post (Leaflet would report the marker's own point, shared by the posts drawn side by side).
      var open = function () {
        var centre = kcm.map.latLngToContainerPoint(marker.getLatLng()).add([dx, 0]);
        kcm.map.fire("click", { latlng: kcm.map.containerPointToLatLng(centre) });
      };
      marker.on("click", open);
      kcmLeaflet.openOnKeys(marker, open);
      marker.on("add", function () {
        var el = marker.getElement();
        if (el) {
          el.setAttribute("data-id", p.id);
          el.setAttribute("aria-label", p.name);
          if (payload.focus && payload.focus.id === p.id) el.classList.add("kcm-selected");
        }
      });
      marker.addTo(kcm.dynamic);
    });
    kcm.date = payload.date;
    kcm.updates = (kcm.updates || 0) + 1;
    kcm.map.getContainer().setAttribute("data-date", payload.date);
  }
})();
