/* Karabakh Ceasefire Map: Leaflet helpers shared by the app's map (kcm-map.js) and the static edition
 * (geo/site bundles this file beside kcm-static.js).
 *
 * - tooltip(content, options): a tooltip kept inside the map. Leaflet puts a tooltip beside its anchor
 *   (left or right of it, centred vertically), so near the map's right or bottom edge part of it lay
 *   outside the map, where the app's map frame cut it off.
 * - openOnKeys(marker, open): Enter or Space on a focused marker does what a click does (Leaflet makes
 *   markers focusable, but a key only opens a popup, and the map has none).
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

  function openOnKeys(marker, open) {
    marker.on("keydown", function (event) {
      var key = event.originalEvent.key;
      if (key !== "Enter" && key !== " ") return;
      L.DomEvent.preventDefault(event.originalEvent);  // Space would scroll the page
      open();
    });
  }

  window.kcmLeaflet = { tooltip: tooltip, openOnKeys: openOnKeys };
})();
