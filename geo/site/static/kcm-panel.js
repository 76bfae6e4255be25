/* Karabakh Ceasefire Map, static edition: the page's helpers and its side panel (a district's, settlement's or
 * post's names, status on the date, sourced timeline and quotes), for geo/site/static/kcm-static-host.js. Every string
 * from data reaches the page through textContent, never innerHTML. The panel's words are written once in Python
 * (geo/panel_words.py, which the app's panel uses too) and come as data: this file only places them, filling in a
 * template's {slots} where the date shown changes a sentence.
 */
(function () {
  "use strict";
  var DAY = 86400000;
  var W = window.KCM_DATA.panel;  // the panel's templates and fixed words (geo/panel_words.py)
  var at = window.kcmFrames.at;  // a run list's value on a frame (kcm-frames.js)

  /** A template with its {slots} filled in (one pass, so a slot's value is never read as a slot). */
  function fill(template, slots) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(slots, name) ? String(slots[name]) : whole;
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = String(text);
    return node;
  }

  function byId(id) { return document.getElementById(id); }

  /** data[key] only where data has that key itself: an id such as "__proto__" or "constructor" from the data or
   * the URL is only a key, never Object.prototype. */
  function own(data, key) { return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined; }

  /** Change a node's text only when it differs: an unchanged panel then costs no layout on a step. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  // --- dates: ISO strings <-> day numbers counted in UTC, so no time zone moves a date ---

  function parseIso(text) {
    if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
    var parts = text.split("-").map(Number);
    var ms = Date.UTC(parts[0], parts[1] - 1, parts[2]);
    var back = new Date(ms);
    if (back.getUTCFullYear() !== parts[0] || back.getUTCMonth() !== parts[1] - 1 || back.getUTCDate() !== parts[2]) {
      return null;
    }
    return Math.round(ms / DAY);
  }

  function isoOf(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  function words(iso) {
    var d = new Date(parseIso(iso) * DAY);
    return d.getUTCDate() + " " + W.months[d.getUTCMonth()] + " " + d.getUTCFullYear();  // as geo.describe.format_date
  }

  window.kcmPage = { el: el, byId: byId, own: own, setText: setText, parseIso: parseIso, isoOf: isoOf, words: words,
    fill: fill };

  /** The panel of `D` (the site's data) beside the map drawn by `core`; `placeIndex`: a settlement's index in the
   * frames' per-settlement lists; `host`: the page's select(kind, id) and inferredShown(). */
  window.kcmPanel = function (D, core, placeIndex, host) {
    function sourceBlock(cite) {
      var source = own(D.sources, cite[0]);
      var box = el("div", "kcm-citation");
      var line = el("div", "kcm-source");
      if (!source) {
        line.textContent = fill(W.sourceMissing, { id: cite[0] });
      } else {
        line.appendChild(document.createTextNode(source.lead));
        var title = el("cite", null, source.title);
        if (source.url && /^https?:\/\//.test(source.url)) {
          var link = el("a");
          link.href = source.url;
          link.rel = "noopener noreferrer";
          link.target = "_blank";
          link.appendChild(title);
          line.appendChild(link);
        } else {
          line.appendChild(title);
        }
        line.appendChild(document.createTextNode(source.tail));
      }
      box.appendChild(line);
      if (source && source.reliability) box.appendChild(el("div", "kcm-reliability", source.reliability));
      if (source && source.dateNote) box.appendChild(el("div", "kcm-note", source.dateNote));
      if (cite[1]) box.appendChild(el("blockquote", "kcm-quote", "“" + cite[1] + "”"));
      if (cite[2]) box.appendChild(el("div", "kcm-note", cite[2]));
      return box;
    }

    function entry(change, date, marks) {
      var item = el("li", "kcm-entry");
      var head = el("p");
      marks.push([change, head.appendChild(el("strong"))]);  // "▶ " once the change has happened
      head.appendChild(document.createTextNode(" — " + change.summary));
      item.appendChild(head);
      if (change.claim) item.appendChild(el("p", "kcm-claim", change.claim));
      change.figures.forEach(function (figure) {
        item.appendChild(el("p", null, figure[0]));
        figure[1].forEach(function (cite) { item.appendChild(sourceBlock(cite)); });
      });
      if (change.accounts && change.accounts.length) {  // each side's account on its own line, with its sources
        var standing = item.appendChild(el("p", "kcm-standing"));
        marks.push(function (day) {
          var found = change.standings[0][1];
          change.standings.forEach(function (s) { if (s[0] <= day) found = s[1]; });
          setText(standing, fill(D.claims.standingOn, { date: words(day), standing: found }));
        });
        change.accounts.forEach(function (a) {
          var box = item.appendChild(el("div", "kcm-account"));
          box.appendChild(el("p", null, a[0]));
          if (a[2]) box.appendChild(el("p", "kcm-claim", a[2]));
          var sources = box.appendChild(el("details"));
          sources.appendChild(el("summary", null, fill(W.sources, { n: a[1].length })));
          a[1].forEach(function (cite) { sources.appendChild(sourceBlock(cite)); });
        });
        return item;
      }
      var details = el("details");
      details.open = change.date === date;
      details.appendChild(el("summary", null, fill(W.sources, { n: change.citations.length })));
      change.citations.forEach(function (cite) { details.appendChild(sourceBlock(cite)); });
      item.appendChild(details);
      return item;
    }

    function timelineList(title, changes, date, marks) {
      var box = el("div");
      if (!changes.length) return box;
      box.appendChild(el("h4", null, title));
      var list = el("ol", "kcm-timeline");
      changes.forEach(function (change) { list.appendChild(entry(change, date, marks)); });
      box.appendChild(list);
      return box;
    }

    function namesBlock(body, names) {
      body.appendChild(el("h3", null, names.display));
      body.appendChild(el("p", "kcm-names", D.languages.map(function (language) {  // the profile's: [code, name]
        return fill(W.nameItem, { label: language[1], name: names[language[0]] || W.noName });
      }).join(W.nameSep)));
      if (names.also) body.appendChild(el("p", "kcm-aliases", names.also));
    }

    function districtPanel(body, id, frame, date) {
      var d = D.districts[id];
      namesBlock(body, d.names);
      var status = statusLine(body);
      var deadline = body.appendChild(el("p", "kcm-deadline"));
      var marks = [];
      body.appendChild(el("p", "kcm-caption", d.area));
      if (d.sharesTimelineOf) body.appendChild(el("p", "kcm-caption", d.sharesTimelineOf));
      body.appendChild(timelineList(W.whatHappened, d.changes.filter(function (c) { return c.kind === "actual"; }),
        date, marks));
      body.appendChild(timelineList(W.schedule,
        d.changes.filter(function (c) { return c.kind === "scheduled"; }), date, marks));
      return function (frame, day) {  // what a date changes in the panel: its status lines and the ▶ marks
        status(day, core.districtText(id) || D.noData);
        var state = frame.state[id];
        deadline.hidden = !(state && state[2]);
        setText(deadline, deadline.hidden ? "" : fill(W.deadline, { date: words(state[2]),
          n: parseIso(state[2]) - parseIso(day) }));
        mark(marks, day);
      };
    }

    function statusLine(body) {
      var line = body.appendChild(el("p", "kcm-status"));
      var on = line.appendChild(el("strong"));
      var text = line.appendChild(document.createTextNode(""));
      return function (day, status) {
        setText(on, fill(W.onDate, { date: words(day) }));
        if (text.data !== status) text.data = status;
      };
    }

    function mark(marks, day) {
      marks.forEach(function (m) {
        if (typeof m === "function") m(day);  // an entry's line that follows the date (where a claim stands)
        else setText(m[1], (m[0].date <= day ? "▶ " : "") + m[0].when);
      });
    }

    function placePanel(body, id, frame, date) {
      var p = records.get(id);
      namesBlock(body, p.names);
      body.appendChild(el("p", "kcm-caption", p.caption));
      var status = statusLine(body);
      var marks = [];
      body.appendChild(timelineList(W.timeline, p.changes, date, marks));
      return function (frame, day) {
        status(day, at(p.status, frame.index));
        mark(marks, day);
      };
    }

    function positionPanel(body, index) {
      var p = D.positionPanels[index];
      body.appendChild(el("h3", null, p.name));
      p.lines.forEach(function (line) { body.appendChild(el("p", null, line)); });
      if (p.note) body.appendChild(el("p", "kcm-caption", p.note));
      p.citations.forEach(function (cite) { body.appendChild(sourceBlock(cite)); });
    }

    /** An inferred area: what it is, and the settlements it rests on with their status and latest sources. */
    function areaPanel(body, id, frame, date) {
      var a = D.map.tables.inferred.areas[Number(id)];
      if (!a) return null;
      var code = Object.keys(D.map.placeCodes).filter(function (c) { return D.map.placeCodes[c] === a[1]; })[0];
      body.appendChild(el("h3", null, fill(W.areaTitle, { status: D.map.placeStatus[a[2] ? code.toLowerCase() : code] })));
      body.appendChild(el("p", "kcm-caption", fill(D.map.inferredWords.note, { n: a[3].length }) + ". " +
        fill(W.areaWithin, { district: ((D.districts[a[0]] || {}).names || {}).display })));
      if (own(D.districts, a[0])) {
        var district = body.appendChild(el("button", "kcm-link", W.areaOpen));
        district.type = "button";
        district.addEventListener("click", function () { host.select("district", a[0]); });
      }
      var absent = body.appendChild(el("p", "kcm-caption"));
      body.appendChild(el("h4", null, fill(W.areaRests, { n: a[3].length })));
      var list = body.appendChild(el("ul", "kcm-area-places"));
      var lines = a[3].map(function (i) {
        var place = D.map.geometry.places[i], p = records.get(place.id);
        var item = list.appendChild(el("li"));
        var open = item.appendChild(el("button", "kcm-link", place.name));
        open.type = "button";
        open.addEventListener("click", function () { host.select("place", place.id); });
        var text = item.appendChild(el("span"));
        var sources = item.appendChild(el("div")), shown = null;
        return function (frame, day) {
          setText(text, ": " + at(p.status, frame.index));
          var last = p.changes.filter(function (c) { return c.date <= day; }).pop() || p.changes[0];
          var key = last ? last.date + (last.date <= day) : "";
          if (key === shown) return;  // a step rebuilds the sources only when another change is the latest
          shown = key;
          sources.replaceChildren();
          if (!last) return;
          if (last.claim) sources.appendChild(el("p", "kcm-claim", last.claim));
          // Before a settlement's first change, that change's sources say who held it until then.
          sources.appendChild(el("p", "kcm-caption", fill(last.date <= day ? W.areaSourcesPast : W.areaSourcesNext,
            { when: last.when })));
          last.citations.forEach(function (cite) { sources.appendChild(sourceBlock(cite)); });
        };
      });
      return function (frame, day) {
        var drawn = host.inferredShown() && D.map.tables.inferred.sets[frame.map.inferred].indexOf(Number(id)) >= 0;
        // Chosen on another date, or the areas are switched off.
        setText(absent, drawn ? "" : fill(W.areaNotDrawn, { date: words(day) }));
        lines.forEach(function (line) { line(frame, day); });
      };
    }

    // The settlements' panels: in the data, or in chunks loaded when one is opened (geo/site/chunks.py). A Map, so
    // that an id such as "__proto__" is only a key.
    var records = new Map();
    if (D.places) Object.keys(D.places).forEach(function (id) { records.set(id, D.places[id]); });

    /** Whether the records of settlements `ids` are here; if not, says so in `body`, loads their chunks and has
     * the panel built again once they are. */
    function loaded(ids, body) {
      var missing = ids.filter(function (id) { return !records.has(id); });
      if (!missing.length) return true;
      var chunks = D.placeChunks, files = [];
      missing.forEach(function (id) {
        var file = chunks.files[Math.floor(placeIndex.get(id) / chunks.size)];
        if (files.indexOf(file) < 0) files.push(file);
      });
      body.appendChild(el("p", "kcm-hint", chunks.loading));
      window.kcmFrames.load(files, function (parts) {
        parts.forEach(function (part) {
          Object.keys(part).forEach(function (id) { records.set(id, part[id]); });
        });
        host.redraw();
      });
      return false;
    }

    /** Build the panel when the selection changes; a date change only refreshes its date lines. */
    function renderPanel(view, frame, date) {
      var s = view.selected;
      var key = s ? s.kind + " " + s.id : "";
      if (key === view.panelKey) {
        if (view.refreshPanel) view.refreshPanel(frame, date);
        return;
      }
      view.panelKey = key;
      view.refreshPanel = null;
      var body = byId("kcm-panel-body");
      body.replaceChildren();
      if (s && s.kind === "district" && own(D.districts, s.id)) {
        view.refreshPanel = districtPanel(body, s.id, frame, date);
      } else if (s && s.kind === "place" && placeIndex.has(s.id)) {
        if (loaded([s.id], body)) view.refreshPanel = placePanel(body, s.id, frame, date);
      } else if (s && s.kind === "area") {
        var area = D.map.tables.inferred.areas[Number(s.id)];
        var ids = area ? area[3].map(function (i) { return D.map.geometry.places[i].id; }) : [];
        if (loaded(ids, body)) view.refreshPanel = areaPanel(body, s.id, frame, date);
      } else if (s && s.kind === "position") {
        var index = D.positionPanels.findIndex(function (p) { return p.id === s.id; });
        if (index >= 0) positionPanel(body, index);
      } else {
        body.appendChild(el("p", "kcm-hint", W.hint));
      }
      if (view.refreshPanel) view.refreshPanel(frame, date);
    }

    return { render: renderPanel };
  };
})();
