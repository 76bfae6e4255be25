/* Karabakh Ceasefire Map: the map core's layer of areas of control inferred from the sourced settlements
 * (geo/inferred.py encodes them; geo/mapcore/kcm-core.js draws it in both editions).
 */
(function () {
  "use strict";
  var C = window.kcmCore, textElement = C.textElement, dict = C.dict, tooltip = C.tooltip;
  var refreshTooltips = C.refreshTooltips, openOnKeys = C.openOnKeys, positionSymbol = C.positionSymbol, pane = C.pane;
  var setAttributes = C.setAttributes, toggleClass = C.toggleClass, isSelected = C.isSelected;

  /** The code of a side's settlements in `data.placeCodes` (its upper-case letter). */
  function placeCode(data, side) {
    return Object.keys(data.placeCodes).filter(function (c) { return data.placeCodes[c] === side; })[0];
  }

  // Areas of control inferred from the sourced settlements of split districts (geo/inferred.py): every area
  // built once, when first shown; a frame names its set (tables.inferred.sets), or, for a package whose areas are
  // built per date shown (geo/inferred_encoding.py, tables.inferred.lazy), lists its areas and carries the rows
  // this map does not hold yet (frame.inferredAreas), which join the table. Translucent, hatched where
  // only one side's announcement says so, and labelled as an inference, not a surveyed front line. Shown when
  // the reader's view says so (view.inferred), with the line of contact of 10 November 2020 from that date.
  var inferredLayer = {
    name: "inferred",  // its layer in geo/layers/
    build: function (ctx) {
      var table = ctx.data.tables.inferred, words = ctx.data.inferredWords;
      if (!table || !words) return;
      ctx.inferredPane = pane(ctx.map, "kcm-inferred", 420);  // over the district fills, under the borders
      ctx.inferredAreas = [];
      var svg = L.SVG.create("svg");  // the hatch patterns, referred to from kcm-core.css
      svg.setAttribute("class", "kcm-hatches");
      svg.setAttribute("aria-hidden", "true");
      var defs = svg.appendChild(L.SVG.create("defs"));
      Object.keys(ctx.data.placeCodes).map(function (code) {
        var side = ctx.data.placeCodes[code];
        return [side, ctx.data.colours[side]];
      }).forEach(function (side) {
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
        var code = placeCode(ctx.data, a[1]);
        box.appendChild(textElement("strong", null, ctx.data.placeStatus[a[2] ? code.toLowerCase() : code]
          + " (inferred)"));
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
      if (frame.inferredAreas) {
        Object.keys(frame.inferredAreas).forEach(function (index) { table.areas[index] = frame.inferredAreas[index]; });
      }
      var listed = !view.inferred || frame.inferred == null ? []
        : Array.isArray(frame.inferred) ? frame.inferred : table.sets[frame.inferred] || [];
      var set = listed.filter(function (index) { return !!table.areas[index]; });
      // A row the app believes this map holds but does not (a frame it never drew): drawn without it, and the host
      // asked once to send the rows again (the core's "missing" report).
      ctx.core.inferredMissing = listed.length - set.length;
      if (ctx.core.inferredMissing && ctx.inferredAsked !== frame.date) {
        ctx.inferredAsked = frame.date;
        ctx.ask("inferred");
      }
      var contact = !!(ctx.inferredContact && set.length && frame.date >= table.contactFrom);
      // Its own group, changed only where the set changes: a step removes the areas it no longer shows and adds the
      // new ones (at 30,000 settlements a date shows about a thousand, and a step changes a few districts').
      var key = set.join(",") + (contact ? " contact" : "");
      if (!ctx.inferredGroup) ctx.inferredGroup = L.layerGroup().addTo(ctx.map);
      var group = ctx.inferredGroup;
      if (key !== ctx.inferredKey) {
        ctx.inferredKey = key;
        var was = ctx.inferredShown || dict(), now = dict(), added = false, n = 0;
        set.forEach(function (index) { now[index] = true; n += table.areas[index][3].length; });
        Object.keys(was).forEach(function (index) {
          if (!now[index]) group.removeLayer(inferredLayer.area(ctx, index));
        });
        set.forEach(function (index) {
          if (was[index]) return;
          group.addLayer(inferredLayer.area(ctx, index));
          added = true;
        });
        ctx.inferredShown = now;
        if (ctx.inferredContact && (!contact || added)) group.removeLayer(ctx.inferredContact);
        if (contact && !group.hasLayer(ctx.inferredContact)) group.addLayer(ctx.inferredContact);  // over the areas
        ctx.inferredText = words.note.replace("{n}", String(n));
        if (set.length) {
          ctx.inferredNote.addTo(ctx.map);
          ctx.inferredNote.getContainer().textContent = ctx.inferredText + (contact ? ". " +
            words.contact.replace("{n}", String(table.contactCount)).split(",")[0] + ": black dashed line" : "");
        } else {
          ctx.inferredNote.remove();
        }
      }
      // The chosen area marked, the one chosen before unmarked (an area added again is drawn afresh, unmarked).
      var chosen = view.selected && view.selected.kind === "area" ? view.selected.id : null;
      [ctx.inferredChosen, chosen].forEach(function (index) {
        var layer = index != null && ctx.inferredAreas[index];
        if (!layer) return;
        var selected = isSelected(view, "area", index) && !!ctx.inferredShown[index];
        layer.eachLayer(function (path) { toggleClass(path, "kcm-selected", selected); });
      });
      ctx.inferredChosen = chosen;
    }
  };

  C.register(40, inferredLayer);  // over the districts, under the corridor, settlements and posts
})();
