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

  function draw(div) {
    var source = document.getElementById(div.getAttribute("data-figure"));
    var figure = JSON.parse(source.textContent);
    if (document.documentElement.classList.contains("theme-dark")) {
      figure = darken(figure);
      figure.layout.paper_bgcolor = "#1e1e1e";
      figure.layout.plot_bgcolor = "#1e1e1e";
    }
    var config = {
      responsive: true,
      displaylogo: false,
      // A chart page's figure has its words written around it, not in it: no camera, which
      // would save it without them (the deck's figures keep theirs inside).
      modeBarButtonsToRemove: ["select2d", "lasso2d"].concat(div.closest(".chart") ? ["toImage"] : []),
      toImageButtonOptions: {format: "png", filename: div.getAttribute("data-file-name"), scale: 2},
    };
    return window.Plotly.newPlot(div, figure.data, figure.layout, config);
  }

  window.AtlasCharts = {draw: draw, darken: darken};
  if (document.body.classList.contains("page-story")) return; // the deck draws its own
  var plots = document.querySelectorAll(".plot[data-figure]");
  Promise.all(Array.prototype.map.call(plots, draw)).then(function () {
    document.documentElement.setAttribute("data-ready", "true");
  });
})();
