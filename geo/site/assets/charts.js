/* Draw every chart of the page from the JSON beside it with the one shared plotly.js. With the
   dark theme, greys are turned around (dark text becomes light, white backgrounds dark) and the
   colour-blind-safe hues are kept. */
(function () {
  "use strict";

  function grey(r, g, b) {
    return Math.max(r, g, b) - Math.min(r, g, b) <= 24;
  }
  function hex(v) {
    return ("0" + Math.round(v).toString(16)).slice(-2);
  }
  // #rrggbb, #rgb, rgb() and rgba(): a grey of lightness v becomes one of 30 + (255 - v) * 0.88.
  function darkColour(value) {
    if (typeof value !== "string") return value;
    var s = value.trim().toLowerCase();
    var m, r, g, b, a = null;
    if ((m = /^#([0-9a-f]{6})$/.exec(s))) {
      r = parseInt(m[1].slice(0, 2), 16); g = parseInt(m[1].slice(2, 4), 16); b = parseInt(m[1].slice(4), 16);
    } else if ((m = /^#([0-9a-f]{3})$/.exec(s))) {
      r = parseInt(m[1][0] + m[1][0], 16); g = parseInt(m[1][1] + m[1][1], 16); b = parseInt(m[1][2] + m[1][2], 16);
    } else if ((m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(s))) {
      r = +m[1]; g = +m[2]; b = +m[3]; a = m[4] === undefined ? null : +m[4];
    } else if (s === "white") {
      r = g = b = 255;
    } else if (s === "black") {
      r = g = b = 0;
    } else {
      return value;
    }
    if (!grey(r, g, b) || a === 0) return value;
    var v = 30 + (255 - (r + g + b) / 3) * 0.88;
    return a === null ? "#" + hex(v) + hex(v) + hex(v) : "rgba(" + [v, v, v, a].map(Math.round).join(",") + ")";
  }
  function darken(node) {
    if (Array.isArray(node)) return node.map(darken);
    if (node && typeof node === "object") {
      var out = {};
      Object.keys(node).forEach(function (k) { out[k] = darken(node[k]); });
      return out;
    }
    return darkColour(node);
  }

  /* Linked views (geo.charts.linked): a chart whose rows are departments names them in
     layout.meta and in its bars' ids. The department the address names (#dept=NN, carried from
     the map) has its bars outlined and its row's label in bold, by the rule the figure ships;
     a click on a department's bar opens the map on it (map.html#dept=NN). The address's value
     is only compared with the figure's own codes, never written into the page. */
  var CODES = [];  // the INEI department codes, "01" to "25": what a chosen department can be
  for (var c = 1; c <= 25; c++) CODES.push(c < 10 ? "0" + c : String(c));
  function chosen() {
    var code = new URLSearchParams(location.hash.replace(/^#/, "")).get("dept");
    return CODES.indexOf(code) >= 0 ? CODES[CODES.indexOf(code)] : null;
  }

  function highlight(figure, code, dark) {
    var meta = figure.layout.meta || {};
    var rows = meta.departments || [];
    var at = rows.indexOf(code);
    if (!code || at < 0) return figure;
    var rule = meta.highlight;
    var colour = rule.outline[dark ? "dark" : "light"];
    figure.data.forEach(function (trace) {
      if (trace.type !== "bar" || !trace.ids) return;
      trace.marker = trace.marker || {};
      trace.marker.line = {
        color: colour,
        width: trace.ids.map(function (id) { return id === code ? rule.width : 0; }),
      };
    });
    var axis = figure.layout.yaxis;
    if (axis && axis.ticktext && axis.ticktext.length === rows.length) {
      axis.ticktext = axis.ticktext.slice();
      axis.ticktext[at] = "<b>" + axis.ticktext[at] + "</b>";
    }
    return figure;
  }

  function openOnMap(event) {
    var point = event && event.points && event.points[0];
    var ids = point && point.data && point.data.ids;
    var code = ids ? ids[point.pointNumber] : null;
    if (CODES.indexOf(code) < 0) return; // a bar that is no department
    location.href = "map.html#dept=" + code;
  }

  /* The chosen department goes on with the reader: the links to the map and the chart pages
     carry it, as the live app keeps it in the session. */
  function carryDepartment(code) {
    document.querySelectorAll("a[data-keep-dept]:not([aria-current])").forEach(function (a) {
      a.href = a.getAttribute("href").split("#")[0] + (code ? "#dept=" + code : "");
    });
  }

  function draw(div) {
    var source = document.getElementById(div.getAttribute("data-figure"));
    var figure = JSON.parse(source.textContent);
    var dark = document.documentElement.classList.contains("theme-dark");
    if (dark) {
      figure = darken(figure);
      figure.layout.paper_bgcolor = "#1e1e1e";
      figure.layout.plot_bgcolor = "#1e1e1e";
    }
    var linked = (figure.layout.meta || {}).departments && div.closest(".chart");
    if (linked) figure = highlight(figure, chosen(), dark);
    var config = {
      responsive: true,
      displaylogo: false,
      // A chart page's figure has its words written around it, not in it: no camera, which
      // would save it without them (the deck's figures keep theirs inside).
      modeBarButtonsToRemove: ["select2d", "lasso2d"].concat(div.closest(".chart") ? ["toImage"] : []),
      toImageButtonOptions: {format: "png", filename: div.getAttribute("data-file-name"), scale: 2},
    };
    var made = window.Plotly.newPlot(div, figure.data, figure.layout, config);
    if (!linked) return made;
    return made.then(function (plot) {
      if (!div.getAttribute("data-linked")) {
        div.setAttribute("data-linked", "true");
        div.on("plotly_click", openOnMap);
      }
      return plot;
    });
  }

  window.AtlasCharts = {draw: draw, darken: darken};
  if (document.body.classList.contains("page-story")) return; // the deck draws its own
  var plots = document.querySelectorAll(".plot[data-figure]");
  carryDepartment(chosen());
  Promise.all(Array.prototype.map.call(plots, draw)).then(function () {
    document.documentElement.setAttribute("data-ready", "true");
  });
  window.addEventListener("hashchange", function () { // another department: drawn again
    carryDepartment(chosen());
    Array.prototype.forEach.call(plots, function (div) {
      if (div.getAttribute("data-linked")) draw(div);
    });
  });
})();
