/* A map view alone, for an iframe: the view is the page's; the routes and the outlined department
   may be given in the address as in the explorer (#routes=lima,north_coast&dept=17). */
(function () {
  "use strict";
  var DATA = window.ATLAS_DATA;
  var container = document.getElementById("atlas-map");

  /* What the address names that the embed does not know (a key, a route, a department): the
     default view's value, ``fallback``, is used instead, and the reader gets a notice naming the
     value and what is shown (the catalogue's words, geo.pages.notices, in ATLAS_DATA.notices; a
     key the embed does not read is let be). ("theme" is read by the page's head.) */
  var notices = [];
  function unknown(key, value, fallback) {
    var words = null;
    if (key === "routes") {
      var some = value.split(",").some(function (id) { return DATA.routeIds.indexOf(id) >= 0; });
      words = DATA.notices.words[some ? "routes.some" : "routes.all"];
    } else if (key === "dept") {
      words = DATA.notices.words.dept;
    }
    if (words) notices.push(window.AtlasMap.fillNotice(words, value, ""));
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
    dept = window.AtlasMap.has(DATA.departments, code) ? code : unknown("dept", code, null);
  }
  var box = document.getElementById("address-notices");
  notices.forEach(function (text) {
    box.appendChild(window.AtlasMap.el("p", "address-notice", text));
  });
  box.hidden = !notices.length;
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
