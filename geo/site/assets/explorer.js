/* The map explorer: layer, measure and route controls, the department profile, and the view in the
   address (#layer=…&measure=…&routes=…&dept=…) so that a link reproduces what the reader sees.
   Every text comes from ATLAS_DATA and is set as text.
   The page loads this script right after the map's container: the map is drawn at once, before the
   rest of the page is parsed; the controls, the profile and the table are wired once it is. */
(function () {
  "use strict";

  var DATA = window.ATLAS_DATA;
  var el = window.AtlasMap.el;
  var container = document.getElementById("atlas-map");
  var S = DATA.strings;

  function layerOf(id) {
    for (var i = 0; i < DATA.layers.length; i++) if (DATA.layers[i].id === id) return DATA.layers[i];
    return null;
  }

  var KEYS = ["layer", "measure", "routes", "dept"];
  /* The view the page's path names (map-origin-count.html: data-view="origin/count"); a hash's
     layer and measure win over it. */
  var PATH_VIEW = (container.getAttribute("data-view") || "").split("/");

  /* What the address names that the explorer does not know (a key, a layer, a department, ...):
     the value of the default view, ``fallback``, is used instead, and the reader gets a notice
     naming the value and what is shown (the catalogue's words, geo.pages.notices, shipped in
     ATLAS_DATA.notices; a key the explorer does not read is let be). */
  var notices = [];
  function unknown(key, value, fallback) {
    var N = DATA.notices;
    var used = "";
    var words = null;
    if (key === "layer") {
      words = N.words.layer;
      used = fallback.label;
    } else if (key === "measure") {
      words = N.words.measure;
      DATA.layers.forEach(function (l) {
        l.measures.forEach(function (m) { if (m.id === fallback) used = m.label; });
      });
    } else if (key === "routes") {
      var some = value.split(",").some(function (id) { return DATA.routeIds.indexOf(id) >= 0; });
      words = N.words[some ? "routes.some" : "routes.all"];
    } else if (key === "dept") {
      words = N.words.dept;
    }
    if (words) notices.push(window.AtlasMap.fillNotice(words, value, used));
    return fallback;
  }

  /* The notices of the address last read, above the map; none once the reader changes the view. */
  function showNotices() {
    var box = document.getElementById("address-notices");
    if (!box) return;
    box.textContent = "";
    notices.forEach(function (text) { box.appendChild(el("p", "address-notice", text)); });
    box.hidden = !notices.length;
  }

  /* The state a hash names; anything it does not name takes the default, and anything it names
     wrongly goes through unknown(). Values are compared with the atlas's own ids and looked up
     as own keys only, so that no value of the address is ever run or written as markup. */
  function parse(hash) {
    notices = [];
    var params = window.AtlasMap.hashParams(hash);
    params.forEach(function (value, key) {
      if (KEYS.indexOf(key) < 0) unknown(key, value, null);
    });
    var layer = layerOf(PATH_VIEW[0]) || DATA.layers[0];
    if (params.has("layer")) {
      var named = params.get("layer");
      layer = layerOf(named) || unknown("layer", named, layer);
    }
    var measures = layer.measures.map(function (m) { return m.id; });
    var measure = layer.id === PATH_VIEW[0] && measures.indexOf(PATH_VIEW[1]) >= 0
      ? PATH_VIEW[1] : measures[0];
    if (params.has("measure")) {
      var asked = params.get("measure");
      measure = measures.indexOf(asked) >= 0 ? asked : unknown("measure", asked, measure);
    }
    var routes = window.AtlasMap.routesFrom(params.get("routes"), unknown);
    var dept = null;
    if (params.has("dept")) {
      var code = params.get("dept");
      dept = window.AtlasMap.has(DATA.departments, code) ? code : unknown("dept", code, null);
    }
    return {layer: layer.id, measure: measure, routes: routes, dept: dept};
  }

  function serialise(state) {
    var parts = ["layer=" + state.layer, "measure=" + state.measure,
                 "routes=" + (state.routes.length ? state.routes.join(",") : "none")];
    if (state.dept) parts.push("dept=" + state.dept);
    return "#" + parts.join("&");
  }

  var state = parse(location.hash);
  var tapped = false; // a tap or a click on the map chose the department being shown
  var atlas = window.AtlasMap.create(container, {
    view: state.layer + "/" + state.measure,
    routes: state.routes,
    dept: state.dept,
    onSelect: function (code) { tapped = true; go({dept: code}); },
    defer: true,
    onReady: start,
  });

  /* A reader's change becomes a history entry: Back restores the previous view. */
  function go(change) {
    var next = {layer: state.layer, measure: state.measure, routes: state.routes, dept: state.dept};
    for (var k in change) next[k] = change[k];
    var layer = layerOf(next.layer);
    if (!layer.measures.some(function (m) { return m.id === next.measure; })) {
      next.measure = layer.measures[0].id;
    }
    var hash = serialise(next);
    if (hash !== location.hash) location.hash = hash;
    else apply(next);
  }

  // --- controls (wired by start(), once the page is parsed) ---------------------------------
  var form = null;
  var select = null;
  function wire() {
    form = document.getElementById("explorer-controls");
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name === "layer") go({layer: input.value});
      else if (input.name === "measure") go({measure: input.value});
      else if (input.name === "route") {
        var on = Array.prototype.filter.call(form.querySelectorAll("input[name=route]"),
          function (box) { return box.checked; }).map(function (box) { return box.value; });
        go({routes: on});
      }
    });
    select = document.getElementById("dept-select");
    select.addEventListener("change", function () { go({dept: select.value || null}); });
    wireTabs();
    window.AtlasShare.wire(document.querySelector(".atlas-share"), shareTexts);
  }

  function syncControls() {
    form.querySelectorAll("input[name=layer]").forEach(function (input) {
      input.checked = input.value === state.layer;
    });
    var offered = layerOf(state.layer).measures.map(function (m) { return m.id; });
    form.querySelectorAll("input[name=measure]").forEach(function (input) {
      var here = offered.indexOf(input.value) >= 0;
      input.closest("label").hidden = !here;
      input.disabled = !here;
      input.checked = input.value === state.measure;
    });
    form.querySelectorAll("input[name=route]").forEach(function (input) {
      input.checked = state.routes.indexOf(input.value) >= 0;
    });
    select.value = state.dept || "";
  }

  // --- the words around the map, and the view's table ----------------------------------------
  function describe() {
    var v = DATA.views[state.layer + "/" + state.measure];
    document.getElementById("map-alt").textContent = v.alt;
    table(v.table);
    var links = document.getElementById("panel-table").parentNode;
    links.querySelectorAll("a[data-pattern]").forEach(function (a) {
      a.href = a.getAttribute("data-pattern").replace("{view}", state.layer + "-" + state.measure)
        .replace(/_/g, "-");
    });
  }

  /* The table of the view (geo.pages.map.view_table, shipped as data): one row per department,
     in code order until a header's button sorts it (again: the other way); aria-sort says how.
     Values sort by number, a department without a figure as the lowest (as the live grid sorts
     them); names and classes as text. */
  var sorted = {column: -1, ascending: true};
  function table(model) {
    document.getElementById("table-caption").textContent = model.caption;
    document.getElementById("table-source").textContent = model.source;
    document.getElementById("table-caveat").textContent = model.caveat;
    document.getElementById("table-sort-help").textContent = model.sortHelp;
    var head = document.getElementById("view-table-head");
    head.textContent = "";
    model.headers.forEach(function (header, column) {
      var th = el("th");
      th.setAttribute("scope", "col");
      th.setAttribute("aria-sort", sorted.column !== column ? "none"
        : (sorted.ascending ? "ascending" : "descending"));
      var button = el("button", "sort", header);
      button.type = "button";
      button.addEventListener("click", function () {
        sorted = {column: column, ascending: sorted.column === column ? !sorted.ascending : true};
        table(model);
        head.querySelectorAll("button")[column].focus();
      });
      th.appendChild(button);
      head.appendChild(th);
    });
    var rows = DATA.departmentCodes.map(function (code, i) {
      return {code: code, name: DATA.departments[code], cells: model.rows[i]};
    });
    if (sorted.column >= 0) {
      var sign = sorted.ascending ? 1 : -1;
      var collator = new Intl.Collator(DATA.lang);
      rows.sort(function (a, b) {
        if (sorted.column === 1) {
          var x = a.cells[1] === null ? -Infinity : a.cells[1];
          var y = b.cells[1] === null ? -Infinity : b.cells[1];
          return x === y ? 0 : sign * (x < y ? -1 : 1);
        }
        var p = sorted.column === 0 ? a.name : a.cells[2];
        var q = sorted.column === 0 ? b.name : b.cells[2];
        return sign * collator.compare(p, q);
      });
    }
    var body = document.getElementById("view-table-body");
    body.textContent = "";
    rows.forEach(function (r) {
      var row = el("tr");
      row.setAttribute("data-code", r.code);
      row.appendChild(el("th", null, r.name)).setAttribute("scope", "row");
      row.appendChild(el("td", r.cells[1] === null ? "nr" : "num", r.cells[0]));
      row.appendChild(el("td", r.cells[1] === null ? "nr" : null, r.cells[2]));
      body.appendChild(row);
    });
  }

  /* The map and the table in two tabs (the map first): arrows move between the tabs; the map
     is told its size again when it is shown (it has none while hidden). */
  function wireTabs() {
    var tabs = Array.prototype.slice.call(document.querySelectorAll(".map-tabs [role=tab]"));
    function show(tab) {
      tabs.forEach(function (other) {
        var on = other === tab;
        other.setAttribute("aria-selected", on ? "true" : "false");
        other.tabIndex = on ? 0 : -1;
        document.getElementById(other.getAttribute("aria-controls")).hidden = !on;
      });
      if (tab.id === "tab-map") window.dispatchEvent(new Event("resize"));
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { show(tab); });
      tab.addEventListener("keydown", function (event) {
        var step = {ArrowRight: 1, ArrowLeft: -1}[event.key];
        if (!step) return;
        var next = tabs[(i + step + tabs.length) % tabs.length];
        show(next);
        next.focus();
      });
    });
  }

  /* The share box (share.js): the view's address, and the embed code of the view as the embed
     page lists it, its address made absolute, with the view's routes and department. */
  function shareTexts() {
    var embed = DATA.embedCodes[state.layer + "/" + state.measure];
    var src = new URL(embed.file, location.href).href.split("#")[0].split("?")[0];
    src += "#routes=" + (state.routes.length ? state.routes.join(",") : "none");
    if (state.dept) src += "&amp;dept=" + state.dept;
    return {
      link: location.href,
      embed: embed.code.replace('src="' + embed.file, function () { return 'src="' + src; }),
    };
  }

  /* The chosen department goes with the reader to the chart pages, which highlight its bars
     (charts.js), as the live app keeps it in the session: their links carry it (#dept=NN). */
  function carryDepartment() {
    document.querySelectorAll("a[data-keep-dept]:not([aria-current])").forEach(function (a) {
      a.href = a.getAttribute("href").split("#")[0] + (state.dept ? "#dept=" + state.dept : "");
    });
  }

  /* The profile is the Map page's model (geo.pages.map), shipped as data: every text is set as
     the live profile writes it, none is made here. */
  function figureCard(figure) {
    var card = el("div", "figure" + (figure.note ? " not-reported" : ""));
    card.appendChild(el("p", "label", figure.label));
    card.appendChild(el("p", "value", figure.value));
    if (figure.note) card.appendChild(el("p", "nr", figure.note));
    if (figure.source) card.appendChild(el("p", "source", figure.source));
    return card;
  }

  function part(box, section) {
    box.appendChild(el("h3", null, section.heading));
    var ul = el("ul");
    section.lines.forEach(function (line) { ul.appendChild(el("li", null, line)); });
    box.appendChild(ul);
  }

  function profile() {
    var box = document.getElementById("profile-body");
    box.textContent = "";
    if (!state.dept) {
      box.appendChild(el("p", "placeholder", S.placeholder));
      return;
    }
    var p = DATA.profiles[state.dept];
    box.appendChild(el("h2", null, p.name));
    box.appendChild(el("h3", null, p.figuresHeading));
    var figures = el("div", "figures");
    p.figures.forEach(function (f) { figures.appendChild(figureCard(f)); });
    box.appendChild(figures);
    part(box, p.places);
    part(box, p.routes);
    if (p.notes.length) {
      box.appendChild(el("h3", null, p.notesHeading));
      var notes = el("ul", "notes");
      p.notes.forEach(function (note) {
        notes.appendChild(el("li", note.warning ? "warning" : null, note.text));
      });
      box.appendChild(notes);
    }
  }

  /* After a tap or a click on the map, the profile is brought into view when it starts low on the
     screen or above it (a phone, where it is stacked under the map), as on the live map: the
     share of the screen is the map's rule (geo.maps.map_rules). */
  function intoView() {
    tapped = false;
    var box = document.querySelector(".profile");
    var r = box.getBoundingClientRect();
    if (r.top > window.innerHeight * window.ATLAS_GEO.rules.profile_view_share || r.bottom < 0) {
      box.scrollIntoView({block: "start", behavior: "instant"});
    }
  }

  function apply(next) {
    var changedView = next.layer !== state.layer || next.measure !== state.measure;
    var changedDept = next.dept !== state.dept;
    state = next;
    atlas.set({view: state.layer + "/" + state.measure, routes: state.routes, dept: state.dept});
    if (!form) return; // the page is still being parsed: start() shows the words for this state
    syncControls();
    showNotices();
    if (changedView || !document.getElementById("map-alt").textContent) describe();
    if (changedDept || !document.getElementById("profile-body").childNodes.length) profile();
    if (tapped) intoView();
    carryDepartment();
    var other = document.querySelector("a[data-keep-hash]");
    if (other) other.href = other.getAttribute("href").split("#")[0] + serialise(state);
  }

  /* The address names the whole view shown, in place (no history entry), as the live app
     writes its address when it opens: a bare or partial link, or one naming what the explorer
     does not know, becomes the view's own address, ready to be shared. */
  function complete() {
    var hash = serialise(state);
    if (location.hash !== hash) {
      history.replaceState(history.state, "", location.pathname + location.search + hash);
    }
  }

  // The controls, the words around the map and the profile, once the map has painted and the
  // page is parsed (either may come first).
  function start() {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
      return;
    }
    wire();
    window.addEventListener("hashchange", function () { apply(parse(location.hash)); complete(); });
    apply(parse(location.hash)); // the address may have changed by a click while parsing
    complete();
    document.documentElement.setAttribute("data-ready", "true");
  }
})();
