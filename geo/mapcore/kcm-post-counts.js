/* The post counts' plugin of the map core (geo/mapcore/kcm-core.js), the other half of
 * geo/layers/post_counts.py. It draws nothing on the map: it writes the legend's line saying how many of the
 * mission's posts the map locates beside how many the sources counted on the date (the count in force), so a reader
 * knows the posts drawn are not all there were. The table (tables.postCounts) is sent once; a frame gives
 * [the count's index, the posts located], or null before the first count. Text through textContent only.
 */
(function () {
  "use strict";
  var C = window.kcmCore;
  var shown = "";  // the line of the date last applied, for a legend built after it
  // The legend lines made (one a legend, built once a map), kept: a query of the page for them each step took 1 ms
  // at 30,000 settlements.
  var lines = [];

  /** The template's {names} filled in one pass: a value that holds "{total}" stays as written (as legend_line). */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function lineOf(data, given) {
    if (!given) return "";
    var row = data.tables.postCounts[given[0]];
    return fill(data.postCountWords[row.kind], Object.assign({}, row, { located: given[1] }));
  }

  function write(item, text) {
    if (item.textContent !== text) item.textContent = text;
    item.hidden = !text;  // before the first count there is nothing to say
  }

  var postCountLayer = {
    name: "post_counts",
    build: function () {},
    apply: function (ctx, frame) {
      shown = lineOf(ctx.data, frame.post_count);
      // The legend's lines (kcm-legend.js): on the app's map, or below the static edition's.
      lines.forEach(function (item) { write(item, shown); });
    }
  };

  /** The legend's line for the post count, filled on each date applied (kcm-legend.js adds it). */
  C.postCountLine = function () {
    var item = C.textElement("li", "kcm-legend-post-count", "");
    write(item, shown);
    lines.push(item);
    return item;
  };

  C.register(80, postCountLayer);  // after the posts: it reads nothing of theirs, and draws nothing
})();
