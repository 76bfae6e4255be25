/* Karabakh Ceasefire Map, static edition: the Claims list (for the chosen date or one of the package's periods,
 * what each side announced, denied or acknowledged and what the sources confirm). Every sentence comes from
 * Python (geo/claims.py via geo/site/data.py); this script only chooses the rows and puts them on the page, through
 * textContent, never innerHTML.
 */
(function () {
  "use strict";

  /** The Claims section of `D` (the site's data); render(date) shows the chosen period's rows. */
  window.kcmClaims = function (D) {
    var page = window.kcmPage, el = page.el, byId = page.byId, own = page.own;
    var C = D.claims, shown = null, day = null, merged = null;
    var choose = byId("kcm-claims-period");
    choose.appendChild(el("option", null, C.onDate)).value = "";
    C.periods.forEach(function (p, i) { choose.appendChild(el("option", null, p[0])).value = String(i); });
    choose.addEventListener("change", function () { if (day) render(day); });

    /** Where a change stands on `end`: its last standing on or before it (its first if none). */
    function standing(standings, change, end) {
      var list = standings[change], found = list[0][1];
      list.forEach(function (s) { if (s[0] <= end) found = s[1]; });
      return found;
    }

    function render(date) {
      day = date;
      var period = choose.value === "" ? null : C.periods[Number(choose.value)];
      var start = period ? period[1] : date, end = period ? period[2] : date;
      var key = start + "/" + end;
      if (key === shown) return;  // a step inside the chosen period changes nothing here
      shown = key;
      if (C.rows) {
        draw(date, key, start, end, C.rows, C.standings, C.summaries);
        return;
      }
      // The rows in chunks by year (geo/site/chunks.py): those of the years the date or period spans.
      var files = Object.keys(C.chunks).filter(function (year) {
        return year >= start.slice(0, 4) && year <= end.slice(0, 4);
      }).sort().map(function (year) { return C.chunks[year]; });
      window.kcmFrames.load(files, function (parts) {
        if (key !== shown) return;  // the reader moved on meanwhile
        var joined = files.join(" ");
        if (!merged || merged.files !== joined) {  // a step inside the same year reuses its rows
          merged = { files: joined, rows: [], standings: {}, summaries: {} };
          parts.forEach(function (part) {
            merged.rows = merged.rows.concat(part.rows);
            Object.assign(merged.standings, part.standings);
            Object.assign(merged.summaries, part.summaries);
          });
        }
        draw(date, key, start, end, merged.rows, merged.standings,
          own(C.summaries, key) !== undefined ? C.summaries : merged.summaries);
      });
    }

    function draw(date, key, start, end, all, standings, summaries) {
      var summary = own(summaries, key);
      byId("kcm-claims-summary").textContent = summary !== undefined ? summary
        : C.none.replace("{date}", page.words(date));
      var list = byId("kcm-claims-list");
      list.replaceChildren();
      var rows = all.filter(function (r) { return r[0] >= start && r[0] <= end; });
      C.groups.forEach(function (title, g) {
        var mine = rows.filter(function (r) { return r[1] === g; });
        if (!mine.length) return;
        list.appendChild(el("h3", null, title + " (" + mine.length + ")"));
        var ul = list.appendChild(el("ul", "kcm-claims-group"));
        mine.forEach(function (r) {
          var item = ul.appendChild(el("li", "kcm-claim-row"));
          item.appendChild(el("strong", null, r[2]));
          item.appendChild(document.createTextNode(": " + r[3]));
          item.appendChild(el("div", "kcm-standing", standing(standings, r[4], end)));
          item.appendChild(el("div", "kcm-caption", r[5]));
        });
      });
    }

    return { render: render };
  };
})();
