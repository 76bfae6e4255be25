/* Karabakh Ceasefire Map: the map core. The app (dashboard/static/kcm-app-host.js) and the static edition
 * (geo/site/static/kcm-static-host.js) are two thin hosts around it, so a symbol, colour, label or tooltip cannot
 * differ between them.
 *
 * kcmCore.create(map, data, hooks) builds every layer once from `data` (geo/frames.py `map_data`: geometry,
 * the tables every date's frame refers to, colours, shapes, operators); core.apply(frame, view) restyles them
 * for one date's frame (`MapEncoder.frame`) and the reader's view (compare marks, selection, focus), so a date
 * change rebuilds nothing. hooks.select(kind, id) is called when a reader clicks, or presses Enter or Space
 * on, a district, settlement or post (or clicks an inferred area: "area", its index), with an id the data knows;
 * and with "missing" and the names of the layers whose frame part this map could not apply in full (the app's
 * frames send a large package's inferred areas and settlements' codes once: a frame it never drew left a gap).
 *
 * Each kind of layer is one plugin, registered with kcmCore.register(order, plugin): build(ctx) once, apply(ctx,
 * frame, view) per date, in drawing order, then after(ctx, frame, view) once every layer is drawn (kcm-labels.js:
 * the names and their placement; kcm-layers.js: basemap, districts, district names, corridor, settlements, posts;
 * kcm-inferred.js: the inferred areas). Each plugin's `name` is that of its layer in geo/layers/, the Python half
 * that encodes what it draws. Adding a kind adds a plugin beside them (geo/mapcore CORE_SCRIPTS) and its layer
 * (see docs/ARCHITECTURE.md).
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

  /** Mark a feature changed between the compared dates, outlined in the colour of the side that gained it. */
  function markChanged(ctx, layer, gained) {
    var el = layer.getElement && layer.getElement();
    var mark = gained === undefined ? null : gained;  // null: not changed; "": changed, gainer not known
    if (!el || el.kcmGained === mark) return;  // a step writes only what differs: no style work for the rest
    el.kcmGained = mark;
    el.classList.toggle("kcm-changed", mark !== null);
    var colour = mark ? ctx.data.colours[mark] : null;
    if (colour) { el.style.setProperty("--kcm-gained", colour); el.setAttribute("data-gained", mark); }
    else { el.style.removeProperty("--kcm-gained"); el.removeAttribute("data-gained"); }
  }

  function isSelected(view, kind, id) {
    return !!(view.selected && view.selected.kind === kind && view.selected.id === id);
  }

  /** The map's zooms and steps (geo/frames.py map_view): the same in both editions, whatever the host made. */
  function setZooms(map, view) {
    map.options.zoomSnap = view.zoomSnap;  // read by Leaflet at each zoom (wheel, fitBounds)
    map.setMinZoom(view.minZoom);
    map.setMaxZoom(view.maxZoom);  // a deeper zoom (an old link) comes back to the deepest the data supports
  }

  /** The opening view: the story's districts (Karabakh and the corridor) as large as the map allows. A host
   * calls it where the reader's URL gives no view of its own. */
  function openOnStory(map, view) {
    setZooms(map, view);
    map.invalidateSize({ pan: false });  // the page around the map may have been laid out since it was made
    map.fitBounds(view.bounds, { padding: [6, 6], animate: false });
  }

  /** Shapes are no Tab stops: Leaflet's tooltips listen for focus on them, and Chromium then makes an SVG shape
   * focusable, so Tab walked all 89 districts and 152 settlements before reaching anything past the map. The
   * lists beside the map reach them; the posts (markers) stay in the Tab order, named. So the map is one Tab
   * stop plus its posts. */
  function untabbable(map) {
    map.getContainer().querySelectorAll("path.leaflet-interactive:not([tabindex])").forEach(function (shape) {
      shape.setAttribute("tabindex", "-1");
    });
    // The zoom buttons too: the focused map zooms with its + and - keys (and pans with the arrows).
    map.getContainer().querySelectorAll(".leaflet-control-zoom a").forEach(function (button) {
      button.setAttribute("tabindex", "-1");
    });
  }

  /** One tooltip open at a time: a layer drawn under a resting mouse (an inferred area that a date step brings)
   * opens its tooltip while the one of the shape below it is still open, and the two would overlap. */
  function oneTooltipAtATime(map) {
    var open = null;
    map.on("tooltipopen", function (event) {
      if (open && open !== event.tooltip && open.isOpen()) open.close();
      open = event.tooltip;
    });
  }

  // The plugins in drawing order: the dynamic layer (corridor, then positions) is emptied and refilled in it.
  var LAYERS = [];

  /** Add a kind of layer; `order` places it among the others (lower draws first). */
  function register(order, plugin) {
    if (typeof plugin.name !== "string" || !plugin.name) {
      throw new Error("kcmCore.register: a plugin is named as its layer in geo/layers/ (order " + order + ")");
    }
    plugin.order = order;
    LAYERS.push(plugin);
    LAYERS.sort(function (a, b) { return a.order - b.order; });
  }

  /** Build every layer of `data` on `map`; returns the core a host applies frames to. */
  function create(map, data, hooks) {
    var core = { data: data, frames: 0, date: null };
    var ctx = {
      map: map, data: data, core: core, dynamic: L.layerGroup().addTo(map),
      ask: function (what) { ctx.asks.push(what); },  // from a layer's apply: see core.apply
      select: function (kind, id, event) {
        if (event && event.originalEvent) L.DomEvent.stopPropagation(event);  // not also a click on the map
        if (hooks && hooks.select) hooks.select(kind, id);
      }
    };
    setZooms(map, data.view);
    LAYERS.forEach(function (layer) { layer.build(ctx); });
    untabbable(map);
    // Shapes added later (a step's marks, the inferred areas built when first shown) as Leaflet adds them: a query
    // of every shape each step cost 7 ms at 30,000 settlements.
    map.on("layeradd", function (event) {
      var path = event.layer._path;
      if (path && path.classList.contains("leaflet-interactive") && !path.hasAttribute("tabindex")) {
        path.setAttribute("tabindex", "-1");
      }
    });
    oneTooltipAtATime(map);
    var focusKey = null;

    /** Draw `frame` (one date) with the reader's `view`: {changed: [ids], selected: {kind, id},
     * focus: {key, lat, lon}, inferred: show the inferred areas} (each optional). */
    core.apply = function (frame, view) {
      view = view || {};
      // view.changed: {id: the side that gained it, or ""} (a list of ids: who gained is not known)
      var changed = dict(), given = view.changed || {};
      (Array.isArray(given) ? given : Object.keys(given)).forEach(function (id) {
        changed[id] = Array.isArray(given) ? "" : given[id];
      });
      var shown = { changed: changed, selected: view.selected || null, inferred: !!view.inferred };
      ctx.dynamic.clearLayers();
      ctx.asks = [];
      LAYERS.forEach(function (layer) { if (layer.apply) layer.apply(ctx, frame, shown); });
      // A settlement or post chosen by name: pan to it once, when it is chosen.
      var focus = view.focus;
      if (focus && focus.key !== focusKey) {
        map.setView([focus.lat, focus.lon], Math.max(map.getZoom(), data.view.placeNamesZoom));  // its name shows
      }
      focusKey = focus ? focus.key : null;
      LAYERS.forEach(function (layer) { if (layer.after) layer.after(ctx, frame, shown); });
      // What the frame needed that this map lacks (a frame it never drew, a reload), asked of the host in one report
      // ("missing", the layers' names): two reports at once could reach the app as one.
      if (ctx.asks.length) ctx.select("missing", ctx.asks.join(" "));
      core.date = frame.date;
      core.frames += 1;
      map.getContainer().setAttribute("data-date", frame.date);
    };
    /** A district's status sentence on the date last applied (for a host's panel). */
    core.districtText = function (id) { return ctx.districtText[id]; };
    core.districts = function () { return ctx.districts; };
    return core;
  }

  window.kcmCore = {
    create: create, register: register, openOnStory: openOnStory, SPOT_SPACING_PX: SPOT_SPACING_PX,
    // for the plugins and the hosts
    textElement: textElement, dict: dict, tooltip: tooltip, markChanged: markChanged, refreshTooltips: refreshTooltips, openOnKeys: openOnKeys,
    positionSymbol: positionSymbol, pane: pane, setAttributes: setAttributes, toggleClass: toggleClass,
    isSelected: isSelected
  };
})();
