/* A map view alone, for an iframe: the view is the page's; the routes and the outlined department
   may be given in the address as in the explorer (#routes=lima,north_coast&dept=17). */
(function () {
  "use strict";
  var DATA = window.ATLAS_DATA;
  var container = document.getElementById("atlas-map");
  var params = {};
  String(location.hash).replace(/^#/, "").split("&").forEach(function (part) {
    var kv = part.split("=");
    if (kv[0]) params[decodeURIComponent(kv[0])] = decodeURIComponent(kv.slice(1).join("="));
  });
  var routes = DATA.routeIds.slice();
  if (params.routes !== undefined) {
    var asked = params.routes === "none" ? [] : params.routes.split(",");
    routes = DATA.routeIds.filter(function (id) { return asked.indexOf(id) >= 0; });
  }
  var view = container.getAttribute("data-view");
  window.AtlasMap.create(container, {
    view: view,
    routes: routes,
    dept: DATA.profiles[params.dept] ? params.dept : null,
    defer: true,
    onReady: function () {
      document.getElementById("map-alt").textContent = DATA.views[view].alt;
      document.documentElement.setAttribute("data-ready", "true");
    },
  });
})();
