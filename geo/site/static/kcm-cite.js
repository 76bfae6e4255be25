/* Static edition: the sources behind the view, after the one-line citation, grouped as the app lists them. Every
 * line comes from Python (geo/site/cite.py, in geo.exports' words); this script fetches the view's file when the
 * reader opens the list and puts its lines on the page through textContent, never innerHTML.
 */
(function () {
  "use strict";

  /** The list in `details`, for the index file at `indexPath`; update(date, district) follows the view. */
  window.kcmCite = function (details, indexPath, texts) {
    var list = details.querySelector(".kcm-cite-list"), wanted = null, index = null, files = {};

    function json(path) {
      if (!files[path]) {
        files[path] = fetch(path).then(function (response) {
          if (!response.ok) throw new Error(path + ": HTTP " + response.status);
          return response.json();
        });
        files[path].catch(function () { delete files[path]; });  // tried again on the next opening
      }
      return files[path];
    }

    function line(tag, className, text) {
      var node = list.appendChild(document.createElement(tag));
      node.className = className;
      node.textContent = text;
      return node;
    }

    function show(key, view, sources, later) {
      if (key !== wanted) return;  // the reader moved on while it loaded
      list.replaceChildren();
      view.groups.forEach(function (group) {  // [heading, source ids, those published later]
        line("p", "kcm-cite-group", group[0]);
        var items = list.appendChild(document.createElement("ul"));
        group[1].forEach(function (id) {
          var item = items.appendChild(document.createElement("li"));
          item.textContent = sources[id].trim() + (group[2].indexOf(id) >= 0 ? later : "");
        });
      });
      if (view.note) line("p", "kcm-caption", view.note);
    }

    function unavailable() {
      list.replaceChildren();
      line("p", "kcm-caption", texts.unavailable);
    }

    function render() {
      if (!details.open || wanted === null) return;
      if (!indexPath) return unavailable();  // exported without the per-date files: texts.unavailable says so
      if (window.location.protocol === "file:") return unavailable();  // a file page cannot fetch: not even tried
      var key = wanted, parts = key.split("|");
      (index = index || json(indexPath)).then(function (found) {
        var changes = found.views[parts[1]] || found.views[""], path = changes[0][1];
        changes.forEach(function (change) { if (change[0] <= parts[0]) path = change[1]; });
        return json(path).then(function (view) { show(key, view, found.sources, found.later); });
      }).catch(function () {
        index = null;
        if (key === wanted) unavailable();
      });
    }

    details.addEventListener("toggle", render);
    return {
      update: function (date, district) {
        var key = date + "|" + (district || "");
        if (key === wanted) return;
        wanted = key;
        render();
      }
    };
  };
})();
