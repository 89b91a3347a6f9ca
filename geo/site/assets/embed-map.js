/* A map view alone, for an iframe: the view is the page's; the routes and the outlined department
   may be given in the address as in the explorer (#routes=lima,north_coast&dept=17). */
(function () {
  "use strict";
  var DATA = window.ATLAS_DATA;
  var container = document.getElementById("atlas-map");

  /* What the address names that the embed does not know (a key, a route, a department): the
     default view's value, ``fallback``, is used instead. The one place that hears of a wrong
     address, where a notice for the reader can hook in. ("theme" is read by the page's head.) */
  function unknown(key, value, fallback) {
    return fallback;
  }

  var params = window.AtlasMap.hashParams(location.hash);
  params.forEach(function (value, key) {
    if (["routes", "dept", "theme"].indexOf(key) < 0) unknown(key, value, null);
  });
  var routes = window.AtlasMap.routesFrom(params.get("routes"), unknown);
  var dept = null;
  if (params.has("dept")) {
    var code = params.get("dept");
    dept = window.AtlasMap.has(DATA.profiles, code) ? code : unknown("dept", code, null);
  }
  var view = container.getAttribute("data-view");
  window.AtlasMap.create(container, {
    view: view,
    routes: routes,
    dept: dept,
    defer: true,
    onReady: function () {
      document.getElementById("map-alt").textContent = DATA.views[view].alt;
      document.documentElement.setAttribute("data-ready", "true");
    },
  });
})();
