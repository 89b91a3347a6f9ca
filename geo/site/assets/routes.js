/* The routes page: one fixed map per route card, framed on the route, with that route alone. */
(function () {
  "use strict";
  document.querySelectorAll(".fixed-map[data-route]").forEach(function (container) {
    window.AtlasMap.create(container, {
      view: "complaints/count",
      routes: [container.getAttribute("data-route")],
      fixed: true,
      bounds: JSON.parse(container.getAttribute("data-bounds")),
    });
  });
  document.documentElement.setAttribute("data-ready", "true");
})();
