/* Karabakh Ceasefire Map: the map's legend, one source for both editions (geo/mapcore/kcm-core.js). Built from the
 * map's data (geo/frames.py map_data: the status table's colours and words, the basemap's lines, the inferred
 * areas', the settlements' dots, the posts' shapes and operators; the date's post count, kcm-post-counts.js), with
 * the symbols drawn as the map draws them: the static edition shows it below its map, the app in its map frame
 * (kcmCore.legendControl), where Streamlit's HTML cleaning cannot strip the posts' symbols. Colours reach the
 * page through CSSOM (a CSP allows it); every string through textContent.
 */
(function () {
  "use strict";
  var C = window.kcmCore, textElement = C.textElement, positionSymbol = C.positionSymbol;

  function swatch(className, colour) {
    var box = textElement("span", "kcm-swatch " + className, "");
    if (colour) box.style.setProperty("--kcm-swatch", colour);
    return box;
  }

  function row(list, parts, className) {
    var item = list.appendChild(document.createElement("li"));
    if (className) item.className = className;
    parts.forEach(function (part) {
      item.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return item;
  }

  /** The legend as a list (ul.kcm-legend), every line of it. */
  function legend(data) {
    var words = data.legendWords, colours = data.colours, lines = data.basemapStyles;
    var list = document.createElement("ul");
    list.className = "kcm-legend";
    list.setAttribute("aria-label", "Legend");
    data.legend.forEach(function (item) {  // [colour, status key, words]
      var box = swatch("kcm-swatch-" + item[1], item[0]);
      box.setAttribute("data-status", item[1]);
      row(list, [box, item[2]]);
    });
    (data.basemapLines || []).forEach(function (line) {  // [kind, words]: the lines the package's basemap draws
      var kind = line[0], style = lines[kind] || {};
      var box = swatch("kcm-swatch-line kcm-swatch-" + kind, style.color);
      box.setAttribute("data-line", kind);
      row(list, [box, line[1]]);
    });
    data.inferredWords.legend.forEach(function (line, i) {
      row(list, [swatch(i ? "kcm-swatch-contact" : "kcm-swatch-inferred"), line], "kcm-legend-inferred");
    });
    var codes = Object.keys(data.placeCodes);  // each side's dot, then each side's hollow dot
    var dots = codes.map(function (c) { return [c, false]; }).concat(codes.map(function (c) { return [c, true]; }))
      .map(function (dot) {
        var box = swatch("kcm-swatch-dot" + (dot[1] ? " kcm-swatch-hollow" : ""), colours[data.placeCodes[dot[0]]]);
        box.setAttribute("data-code", dot[1] ? dot[0].toLowerCase() : dot[0]);
        return box;
      });
    row(list, dots.concat([words.places]), "kcm-legend-places");
    // Posts as the map draws them: the shape says the kind, the fill who runs it.
    var posts = row(list, [words.positions], "kcm-legend-positions");
    Object.keys(data.shapes).forEach(function (kind, i) {
      posts.appendChild(document.createTextNode(i ? " · " : " "));
      var item = posts.appendChild(textElement("span", "kcm-legend-symbol kcm-kind-" + kind, ""));
      item.setAttribute("data-kind", kind);
      item.appendChild(positionSymbol(data.shapes[kind].path));
      item.appendChild(document.createTextNode(" " + data.shapes[kind].legend));
    });
    posts.appendChild(document.createTextNode("; " + words.operators));
    Object.keys(data.operators).filter(function (key) { return key !== "other"; }).forEach(function (key, i) {
      posts.appendChild(document.createTextNode(i ? " · " : " "));
      var item = posts.appendChild(textElement("span", "kcm-legend-operator", ""));
      item.setAttribute("data-operator", key);
      item.appendChild(swatch("", data.operators[key].colour));
      item.appendChild(document.createTextNode(data.operators[key].legend));
    });
    posts.appendChild(document.createTextNode("; " + words.precision));
    // How many of the mission's posts the map locates, of those the sources counted: the date's (kcm-post-counts.js).
    list.appendChild(C.postCountLine());
    return list;
  }

  /** The legend on the map, top right, behind a "Legend" button: open, it would cover a third of the map. */
  function legendControl(map, data) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = document.createElement("details");
      box.className = "kcm-legend-box";
      box.appendChild(textElement("summary", null, "Legend"));
      box.appendChild(legend(data));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      box.addEventListener("toggle", function () { map.fire("kcmlayout"); });  // the names make way again
      return box;
    };
    return control.addTo(map);
  }

  C.legend = legend;
  C.legendControl = legendControl;
})();
