/* The routes page: one fixed map per route card, framed on the route: the map of the route
   (geo.views.prepare_route_map, its data in data-map), as the live Routes page draws it. */
(function () {
  "use strict";
  document.querySelectorAll(".fixed-map[data-route]").forEach(function (container) {
    window.AtlasMap.create(container, {
      viewData: JSON.parse(container.getAttribute("data-map")),
      routes: [container.getAttribute("data-route")],
      fixed: true,
      places: false,
      bounds: JSON.parse(container.getAttribute("data-bounds")),
    });
  });
  document.documentElement.setAttribute("data-ready", "true");
})();
