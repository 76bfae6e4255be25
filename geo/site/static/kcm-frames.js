/* The static edition: a stop date's frame (its map, the districts' state, the date's notes)
 * put together from the data's run lists (geo/site/runs.py). A run list is flat, [frame, value, frame, value, ...]:
 * the value on a frame is the last pair's at or before it. A list of values per district or settlement (the
 * districts' looks, the settlements' codes) is kept as of the frame shown last and brought to the next by updating
 * only the entries with a change between the two, so a step costs what changed, not the number of settlements.
 */
(function () {
  "use strict";

  /** The value of `runs` (a run list) on frame `index`. */
  function at(runs, index) {
    var lo = 0, hi = (runs.length >> 1) - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (runs[2 * mid] <= index) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return runs[2 * found + 1];
  }

  /** Many run lists read together: column(index) is their values on a frame (an array the column owns). */
  function column(lists, frames) {
    var starts = [];  // frame -> the entries whose value changes on it
    for (var f = 0; f < frames; f++) starts.push([]);
    lists.forEach(function (runs, entry) {
      for (var k = 2; k < runs.length; k += 2) starts[runs[k]].push(entry);
    });
    var values = lists.map(function (runs) { return runs[1]; }), current = 0;
    return function (index) {
      if (index === current) return values;
      var lo = Math.min(index, current) + 1, hi = Math.max(index, current), touched = [], limit = lists.length / 4;
      for (var f = lo; f <= hi && touched.length <= limit; f++) {
        for (var k = 0; k < starts[f].length; k++) touched.push(starts[f][k]);
      }
      if (touched.length > limit) {  // far apart: a whole pass is as cheap
        values = lists.map(function (runs) { return at(runs, index); });
      } else {
        touched.forEach(function (entry) { values[entry] = at(lists[entry], index); });
      }
      current = index;
      return values;
    };
  }

  /** The frames of `D` (the site's data): frame(index) -> {index, map, state, notes}. */
  window.kcmFrames = function (D) {
    var F = D.frames, count = F.dates.length;
    var lists = {};
    Object.keys(F.lists).forEach(function (key) { lists[key] = column(F.lists[key], count); });
    var codes = column(D.placeCodes, count);
    var last = null;

    function frame(index) {
      if (last && last.index === index) return last;
      var map = { date: F.dates[index] };
      Object.keys(F.map).forEach(function (key) { map[key] = at(F.map[key], index); });
      // Copies: the map core may compare a frame's lists with the one it drew before.
      Object.keys(lists).forEach(function (key) { map[key] = lists[key](index).slice(); });
      map.places = codes(index).join("");
      var state = {};
      Object.keys(F.state).forEach(function (id) { state[id] = at(F.state[id], index); });
      last = { index: index, map: map, state: state, notes: at(F.notes, index) };
      return last;
    }

    return { count: count, dates: F.dates, frame: frame };
  };
  window.kcmFrames.at = at;

  // Chunks (geo/site/chunks.py): scripts of the page's own folder that call kcmChunk(name, data) when run; a
  // script, not a fetch, so a page opened from disk loads them too.
  var loaded = {}, waiting = {};
  window.kcmChunk = function (name, data) {
    loaded[name] = data;
    (waiting[name] || []).forEach(function (done) { done(); });
    delete waiting[name];
  };

  /** Load the chunk files `files` (in assets/), then call done(list of their data, in order); once each. A file
   * kcm-chunk-NAME.HASH.js calls kcmChunk("NAME", data). */
  window.kcmFrames.load = function (files, done) {
    var names = files.map(function (file) {
      return file.replace(/^kcm-chunk-/, "").replace(/\.[0-9a-f]{12}\.js$/, "");
    });
    var left = names.filter(function (name) { return !Object.prototype.hasOwnProperty.call(loaded, name); });
    var finish = function () {
      if (names.every(function (name) { return Object.prototype.hasOwnProperty.call(loaded, name); })) {
        done(names.map(function (name) { return loaded[name]; }));
      }
    };
    if (!left.length) { finish(); return; }
    left.forEach(function (name) {
      if (waiting[name]) { waiting[name].push(finish); return; }
      waiting[name] = [finish];
      var script = document.createElement("script");
      script.src = "assets/" + files[names.indexOf(name)];
      script.onerror = function () { delete waiting[name]; };
      document.head.appendChild(script);
    });
  };
})();
