/* Karabakh Ceasefire Map: the app's host of the map core (geo/mapcore/kcm-core.js), inside streamlit-folium's frame.
 *
 * init(map, config) runs once per map frame: it fetches the map's data (geo/frames.py map_data, a generated file)
 * and builds the core. update(payload) runs on every date change with one frame (MapEncoder.frame) and the view
 * (compare marks, the selection, a settlement or post to pan to), so the frame and its zoom/centre are never
 * rebuilt.
 *
 * A click, Enter or Space on a district, settlement or post reports that feature's kind and id to the app through
 * streamlit-folium's value (last_active_drawing), with a counter so the app tells a new click from a rerun.
 */
(function () {
  "use strict";
  var kcm = (window.kcm = window.kcm || {});
  var session = Math.random().toString(36).slice(2);  // clicks of this frame, not of one before a reload
  var clicks = 0;

  kcm.init = function (map, config) {
    kcm.map = map;
    // Screen readers announce the frame by its title; the component's own is "streamlit_folium.st_folium".
    try {
      if (window.frameElement) window.frameElement.title = "Map: districts, settlements and peacekeeping posts";
    } catch (e) { /* a frame from another origin: leave its title */ }
    // Tab reaches the map and its posts (named, Enter or Space opens one); districts and settlements are not tab
    // stops (89 and 152 of them): the lists beside the map and the table below it reach them.
    map.getContainer().setAttribute("aria-label", "Map: + and - zoom, the arrows pan. " +
      "Tab moves to the peacekeeping posts; Enter opens one. " +
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
    kcm.ready = false;
    // No view in the reader's URL: open on the story's districts, before the app first hears of the map's view.
    if (config.story) kcmCore.openOnStory(map, config.story);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(config.attribution);
    if (config.tiles) {
      // Optional online tiles under the bundled outlines; with no network they fail quietly.
      L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: 18 }).addTo(map);
    }
    fetch(config.dataUrl)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        data.basemap = config.basemap;
        kcm.core = kcmCore.create(map, data, { select: report });
        kcmCore.legendControl(map, data);  // the map core's legend, the static edition's too
        kcm.ready = true;
        if (kcm.pending) apply(kcm.pending);
      })
      .catch(function (error) {
        kcm.error = String(error);
        var box = kcmCore.textElement("div", "kcm-error", "The map geometry could not be loaded: " + error);
        map.getContainer().appendChild(box);
      });
  };

  /** Tell the app what was chosen: streamlit-folium sends its value on a map click, so one is fired. Written
   * once the click's other handlers have run: streamlit-folium hooks the layers it finds on a rerun and writes the
   * clicked layer's whole GeoJSON into the same field. */
  function report(kind, id) {
    var value = window.__GLOBAL_DATA__;
    if (!value) return;
    clicks += 1;
    var chosen = { type: "Feature", geometry: null,
      properties: { kcm_kind: kind, kcm_id: id, kcm_click: session + ":" + clicks } };
    window.setTimeout(function () {
      value.last_active_drawing = chosen;
      kcm.map.fire("click", { latlng: kcm.map.getCenter() });
    }, 0);
  }

  kcm.update = function (payload) {
    if (kcm.pending) carry(kcm.pending.frame, payload.frame);
    kcm.pending = payload;
    if (kcm.ready) apply(payload);
  };

  /** A frame still waiting for the map's data is replaced by the next, which the app worked out assuming the map
   * had the one before: what the map would have kept of it goes with the next (the inferred areas' rows; every
   * settlement's code, with the next frame's changed codes applied, where the next sends only those). */
  function carry(before, frame) {
    if (before.inferredAreas) frame.inferredAreas = Object.assign({}, before.inferredAreas, frame.inferredAreas);
    var diff = frame.placesDiff;
    if (diff && before.places != null && before.date >= diff.from[0] && before.date <= diff.from[1]) {
      var codes = before.places.split("");
      diff.at.forEach(function (index, k) { codes[index] = diff.codes.charAt(k); });
      frame.places = codes.join("");
      delete frame.placesDiff;
    }
  }

  function apply(payload) {
    kcm.pending = null;
    kcm.core.apply(payload.frame, payload.view);
    kcm.date = payload.frame.date;
    kcm.updates = (kcm.updates || 0) + 1;
  }
})();
