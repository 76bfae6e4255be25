/* Karabakh Ceasefire Map: Leaflet helpers shared by the app's map (kcm-map.js) and the static edition
 * (geo/site bundles this file beside kcm-static.js).
 *
 * - tooltip(content, options): a tooltip kept inside the map. Leaflet puts a tooltip beside its anchor
 *   (left or right of it, centred vertically), so near the map's right or bottom edge part of it lay
 *   outside the map, where the app's map frame cut it off.
 * - refreshTooltips(layers): rewrite the open tooltips among `layers` from their content functions. A key on
 *   the date slider steps the date while the mouse rests on the map, and Leaflet keeps the open tooltip's
 *   text: it went on telling the old date's status.
 * - openOnKeys(marker, open): Enter or Space on a focused marker does what a click does (Leaflet makes
 *   markers focusable, but a key only opens a popup, and the map has none).
 * - positionSymbol(path): a position's symbol, an <svg> of one shape (geo/status.py's POSITION_SHAPES, which
 *   the app's map config and the static edition's data carry), built as nodes rather than markup.
 * - BASEMAP_STYLES, WATER_KINDS: how the offline basemap's water and lines are drawn.
 */
(function () {
  "use strict";
  var MARGIN = 4;  // px kept between a tooltip and the map's edge

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

  function refreshTooltips(layers) {
    layers.forEach(function (layer) {
      if (layer.isTooltipOpen()) layer.getTooltip().update();
    });
  }

  function openOnKeys(marker, open) {
    marker.on("keydown", function (event) {
      var key = event.originalEvent.key;
      if (key !== "Enter" && key !== " ") return;
      L.DomEvent.preventDefault(event.originalEvent);  // Space would scroll the page
      open();
    });
  }

  function positionSymbol(path) {
    var svg = L.SVG.create("svg");  // an element in SVG's namespace
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.appendChild(L.SVG.create("path")).setAttribute("d", path);
    return svg;
  }

  // The offline basemap's water and line styles: the app's map and the static edition draw it alike.
  var BASEMAP_STYLES = {
    lake: { className: "kcm-lake", color: "#5b8fb9", weight: 0.8, fillColor: "#a9c8e3", fillOpacity: 0.9 },
    river: { className: "kcm-river", color: "#5b8fb9", weight: 1.6, opacity: 0.9, fill: false },
    international: { className: "kcm-border", color: "#2b2b2b", weight: 3, opacity: 0.85, fill: false },
    nkao_1991: { className: "kcm-nkao", color: "#5a1f5a", weight: 1.5, dashArray: "6 5", opacity: 0.9, fill: false }
  };
  var WATER_KINDS = { lake: true, river: true };

  window.kcmLeaflet = { tooltip: tooltip, refreshTooltips: refreshTooltips, openOnKeys: openOnKeys,
    positionSymbol: positionSymbol,
    BASEMAP_STYLES: BASEMAP_STYLES, WATER_KINDS: WATER_KINDS };
})();
