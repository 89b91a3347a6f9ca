/* The static edition's map: the live atlas's choropleth, routes and places drawn with Leaflet from
   the data the site builder wrote before this code, in the same file (map-<lang>.js):
   window.ATLAS_GEO, the outlines and the map's rules; window.ATLAS_DATA, one language's prepared
   views. The bundle's later part (map-<lang>-later.js) adds what no map draws before its
   departments: the routes, lakes and places, the profiles and the embed codes. Every text is set
   as text, never as HTML.
   The rules (ATLAS_GEO.rules) are geo.maps.map_rules(), which the live map follows too: the
   framing, the width under which the legend and the source start folded, route lines that take
   no taps, the lakes' style. They are read, never restated, here. */
(function () {
  "use strict";

  function rules() {
    return window.ATLAS_GEO.rules;
  }
  var HATCH_ID = "atlas-hatch";
  var HATCH = "url(#" + HATCH_ID + ")";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* The parameters of an address's hash ("#routes=lima&dept=08"). URLSearchParams leaves a
     malformed %-escape ("#dept=%") as written, where decodeURIComponent throws a URIError that
     left the map blank. */
  function hashParams(hash) {
    return new URLSearchParams(String(hash || "").replace(/^#/, ""));
  }

  /* Whether ``key`` is one of ``object``'s own keys: "__proto__", "constructor" or "toString"
     are keys of every object, never a department or a view. */
  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* The routes a hash's ``routes=`` value names (null: no such key), in the atlas's order;
     "none" for none. A value with an id the atlas does not know goes to the page's
     unknown(key, value, fallback) with, as the fallback, the routes it does know, or every route
     (the default view) when it knows none of them. The explorer and the map embeds share it. */
  function routesFrom(value, unknown) {
    var all = window.ATLAS_DATA.routeIds;
    if (value === null) return all.slice();
    if (value === "none") return [];
    var asked = value.split(",");
    var routes = all.filter(function (id) { return asked.indexOf(id) >= 0; });
    var strange = asked.some(function (id) { return all.indexOf(id) < 0; });
    if (strange) return unknown("routes", value, routes.length ? routes : all.slice());
    return routes;
  }

  function dark() {
    return document.documentElement.classList.contains("theme-dark");
  }

  /* The bundle's later part: loaded by the page after the bundle (every map page but the
     explorer), or asked for here, next to the bundle, the first time a map needs it (the
     explorer's, once its departments are drawn: geo.site.data.map_bundle_later). ``then`` runs
     once it is there. */
  var BUNDLE = document.currentScript ? document.currentScript.src : "";
  var waiting = null;
  function later(then) {
    if (has(window.ATLAS_GEO, "routes")) return then();
    if (waiting) return waiting.push(then);
    waiting = [then];
    var script = document.createElement("script");
    script.src = BUNDLE.replace(/\.js$/, "-later.js");
    script.onload = function () {
      var run = waiting;
      waiting = null;
      run.forEach(function (f) { f(); });
    };
    document.head.appendChild(script);
  }

  function addHatch() {
    if (document.getElementById(HATCH_ID)) return;
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", 0);
    svg.setAttribute("height", 0);
    svg.setAttribute("aria-hidden", "true");
    svg.style.position = "absolute";
    var pattern = document.createElementNS(ns, "pattern");
    pattern.setAttribute("id", HATCH_ID);
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("width", 7);
    pattern.setAttribute("height", 7);
    pattern.setAttribute("patternTransform", "rotate(45)");
    var rect = document.createElementNS(ns, "rect");
    rect.setAttribute("width", 7);
    rect.setAttribute("height", 7);
    rect.setAttribute("fill", dark() ? "#3a3a3a" : "#f2f2f2");
    var line = document.createElementNS(ns, "line");
    line.setAttribute("x1", 0);
    line.setAttribute("y1", 0);
    line.setAttribute("x2", 0);
    line.setAttribute("y2", 7);
    line.setAttribute("stroke", dark() ? "#a6a6a6" : "#8c8c8c");
    line.setAttribute("stroke-width", 1.6);
    var defs = document.createElementNS(ns, "defs");
    pattern.appendChild(rect);
    pattern.appendChild(line);
    defs.appendChild(pattern);
    svg.appendChild(defs);
    document.body.appendChild(svg);
  }

  function narrow(map) {
    return map.getSize().x < rules().narrow_map_px;
  }

  /* A box of the map's words. With a ``summary``, a <details> box that folds away behind it: open
     on a wide map, folded on a map narrower than rules().narrow_map_px (a phone, a narrow embed), as the
     live map's legend and source (geo.maps._control_js). */
  function control(map, position, cls, fill, summary) {
    var box = null;
    var body = null;
    var c = L.control({position: position});
    c.onAdd = function () {
      if (summary) {
        box = el("details", "atlas-box " + cls);
        box.appendChild(el("summary", null, summary));
        body = box.appendChild(el("div", "atlas-box-body"));
        // Open on a wide map, folded on a narrow one; decided again whenever the map is
        // resized across the rule's width (an embed's page widened, a phone turned), as the
        // live map (geo.maps._control_js). A resize on one side keeps the reader's choice.
        var wide = null;
        var fold = function () {
          if (!map.getSize().x) return;
          var now = !narrow(map);
          if (now !== wide) { wide = now; box.open = now; }
        };
        fold();
        map.on("resize", fold);
      } else {
        box = body = el("div", "atlas-box " + cls);
      }
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      fill(body);
      return box;
    };
    c.addTo(map);
    return {
      update: function (f) {
        body.textContent = "";
        f(body);
      },
    };
  }

  /* Create the atlas map in ``container``.
     options: view (a key of ATLAS_DATA.views, "layer/measure"), routes (ids), dept (INEI code or
     null), fixed (no panning or zooming: the deck and route cards), places (draw them; default
     true), bounds ([[s, w], [n, e]] to frame instead of Peru), onSelect(code) on a click,
     defer (paint the departments first, the rest in the next task), onReady() once all is drawn,
     viewData (a view's data itself instead of a key: a route's map, geo.views.prepare_route_map)
     whose ``labels`` ([text, lat, lon, side]) are places named on the map. */
  function create(container, options) {
    var GEO = window.ATLAS_GEO;
    var DATA = window.ATLAS_DATA;
    var state = {view: options.view, routes: (options.routes || []).slice(), dept: options.dept || null};
    var fixed = !!options.fixed;
    addHatch();
    var map = L.map(container, {
      zoomControl: false,
      attributionControl: false,
      minZoom: 4,
      maxZoom: 10,
      zoomSnap: 0.25,
      zoomDelta: 0.5,
      dragging: !fixed,
      touchZoom: !fixed,
      scrollWheelZoom: !fixed,
      doubleClickZoom: !fixed,
      boxZoom: !fixed,
      keyboard: !fixed,
    });
    // The shapes (departments, lakes, places) are no Tab stops (rules().shapes_in_tab_order,
    // geo.maps.NO_TAB_STOPS_JS): the department list beside the map is the keyboard's way.
    if (!rules().shapes_in_tab_order) {
      var noTab = function (layer) {
        var shape = layer.getElement && layer.getElement();
        if (shape && shape.tagName.toLowerCase() === "path") shape.setAttribute("tabindex", "-1");
      };
      map.on("layeradd", function (event) { noTab(event.layer); });
    }

    // Peru right of a left margin for the legend and the source over the Pacific; on a narrow
    // map, whose boxes start folded, Peru takes the width below the title (geo.maps._fit_js).
    function fit() {
      var size = map.getSize();
      var left = rules().left_margin_px; // the legend column (geo.maps.LEFT_MARGIN_PX)
      var small = narrow(map);
      var route = rules().route_padding; // a route's frame, as the live map's (geo.maps)
      var pad = options.bounds ? [(small ? 0 : left) + route.left, route.top]
        : (small ? [8, 64] : [left, 8]);
      var end = options.bounds ? [route.right, route.bottom] : [8, small ? 36 : 8];
      if (options.fixed && !options.bounds && finished) {
        // A story map (the deck): Peru right of the legend and source as wide as they are
        // drawn, and below the title, so that no box covers a route (geo.story.STORY_MAP_JS).
        var room = boxRoom();
        if (room[0] + 24 < size.x && room[1] + 24 < size.y) {
          pad = [Math.max(pad[0], room[0] + 10), Math.max(pad[1], room[1] + 6)];
        }
      }
      map.fitBounds(options.bounds || rules().peru_bounds, {paddingTopLeft: pad, paddingBottomRight: end, animate: false});
    }
    /* [right edge of the boxes at the bottom left, bottom of the title box], in the map's own
       pixels (offsets: the deck's zoom leaves them alone). */
    function boxRoom() {
      var c = map.getContainer();
      var left = 0;
      var top = 0;
      c.querySelectorAll(".leaflet-bottom.leaflet-left .atlas-box").forEach(function (b) {
        left = Math.max(left, b.offsetLeft + b.offsetWidth);
      });
      var title = c.querySelector(".leaflet-top.leaflet-left .atlas-box");
      if (title) top = title.offsetTop + title.offsetHeight;
      return [left, top];
    }
    var finished = false;
    fit();
    // A map resized across the rule's width frames Peru again: beside its legend column when
    // wide, across the map below the title when narrow (its boxes fold and open with it).
    var wasNarrow = narrow(map);
    map.on("resize", function () {
      if (!map.getSize().x) return;
      if (options.fixed && !options.bounds && finished) return fit(); // beside its boxes
      if (narrow(map) === wasNarrow) return;
      wasNarrow = narrow(map);
      fit();
    });

    function view() {
      return options.viewData || DATA.views[state.view];
    }

    function style(feature) {
      var code = feature.properties.code;
      var fill = view().fill[code];
      var selected = code === state.dept;
      return {
        fillColor: fill || HATCH,
        fillOpacity: 0.9,
        color: selected ? (dark() ? "#ffffff" : "#111111") : (dark() ? "#8c8c8c" : "#5f5f5f"),
        weight: selected ? 3.5 : 0.8,
        className: "atlas-dept atlas-dept-" + code,
      };
    }

    // The departments come first: the rest of the map waits until they are drawn.
    // One tooltip and one set of handlers for the whole layer (Leaflet passes the department's
    // layer in the event), not 25 of each: less work before the first paint.
    var departments = L.geoJSON(GEO.departments, {style: style}).addTo(map);
    departments.bindTooltip(function (layer) {
      return el("span", null, view().tooltip[layer.feature.properties.code]);
    }, {sticky: true});
    departments.on("mouseover", function (e) {
      var code = e.layer.feature.properties.code;
      e.layer.setStyle({weight: code === state.dept ? 3.5 : 2.5, color: dark() ? "#ffffff" : "#222222"});
    });
    departments.on("mouseout", function (e) {
      departments.resetStyle(e.layer);
    });
    if (options.onSelect) {
      departments.on("click", function (e) {
        options.onSelect(e.layer.feature.properties.code);
      });
    }

    // The lakes, as water beside the departments they never overlap; a tap on one selects nothing.
    var water = null;
    function drawWater() {
      var names = DATA.waterNames;
      water = L.geoJSON(GEO.water, {
        style: function () {
          return L.Util.extend({className: "atlas-water"}, rules().water_style);
        },
      }).addTo(map);
      var i = 0;
      water.eachLayer(function (layer) {
        var name = names[i++];
        layer.bindTooltip(function () { return el("span", null, name); }, {sticky: true});
      });
    }

    var places = null;
    function drawPlaces() {
      if (options.places === false) return;
      var features = GEO.places.map(function (p, i) {
        return {type: "Feature", geometry: {type: "Point", coordinates: [p[0], p[1]]},
                properties: {site: p[2] === 1, i: i}};
      });
      places = L.geoJSON({type: "FeatureCollection", features: features}, {
        pointToLayer: function (feature, latlng) {
          var site = feature.properties.site;
          return L.circleMarker(latlng, {
            radius: site ? 5 : 4, weight: 1.5, color: dark() ? "#f0f0f0" : "#1a1a1a",
            fillColor: site ? (dark() ? "#f0f0f0" : "#1a1a1a") : (dark() ? "#1a1a1a" : "#ffffff"),
            fillOpacity: 1, className: "atlas-place",
          });
        },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(function () {
            return el("span", null, DATA.places[feature.properties.i]);
          });
        },
      }).addTo(map);
    }

    var routeLayers = {};
    function routeLayer(id) {
      if (!routeLayers[id]) {
        var colour = DATA.routeColours[id];
        var r = rules().route_style;
        // A route is drawn, not touched (rules().routes_interactive, false): a tap or a click on
        // its line goes to the department under it, as on the live map.
        routeLayers[id] = L.geoJSON(GEO.routes[id], {
          interactive: rules().routes_interactive,
          style: function (feature) {
            var line = feature.geometry.type === "LineString";
            return {color: colour, weight: line ? r.weight : r.arrow_weight, opacity: r.opacity,
                    fillColor: colour, fillOpacity: r.fill_opacity,
                    className: "atlas-route atlas-route-" + id};
          },
        });
      }
      return routeLayers[id];
    }

    var title = null;
    var source = null;
    var legend = null;

    function fillTitle(box) {
      box.appendChild(el("h2", null, view().title));
      if (view().subtitle) box.appendChild(el("p", null, view().subtitle));
    }
    function fillSource(box) {
      var v = view();
      [v.source, v.caveat].concat(v.extra).forEach(function (line) {
        if (line) box.appendChild(el("p", null, line));
      });
    }
    function fillLegend(box) {
      var v = view();
      box.appendChild(el("h3", null, v.legend_title));
      v.classes.forEach(function (c) {
        var row = el("div", "row");
        var sw = el("span", "sw");
        sw.style.background = c[0];
        row.appendChild(sw);
        row.appendChild(document.createTextNode(c[1]));
        box.appendChild(row);
      });
      if (v.not_reported) {
        var nr = el("div", "row");
        nr.appendChild(el("span", "sw nr"));
        nr.appendChild(document.createTextNode(v.not_reported));
        box.appendChild(nr);
      }
      if (v.places_title) {
        var pr = el("div", "row");
        pr.appendChild(el("span", "pt"));
        pr.appendChild(document.createTextNode(v.places_title));
        box.appendChild(pr);
      }
      if (v.water) {
        var wr = el("div", "row");
        var ws = el("span", "sw");
        ws.style.background = rules().water_style.fillColor;
        ws.style.borderColor = rules().water_style.color;
        wr.appendChild(ws);
        wr.appendChild(document.createTextNode(v.water));
        box.appendChild(wr);
      }
      var ids = DATA.routeIds.filter(function (id) { return state.routes.indexOf(id) >= 0; });
      if (ids.length) {
        var routes = el("div", "routes");
        routes.appendChild(el("h3", null, v.routes_title));
        ids.forEach(function (id) {
          var row = el("div", "row");
          var ln = el("span", "ln");
          ln.style.borderColor = DATA.routeColours[id];
          row.appendChild(ln);
          row.appendChild(document.createTextNode(DATA.routeNames[id]));
          routes.appendChild(row);
        });
        box.appendChild(routes);
      }
    }

    /* The view's named places (a route's points): a marker each with its label on its side, as
       text, as the live map draws them (rules().place_label, geo.views._labels_js). */
    function drawLabels() {
      var rule = rules().place_label;
      (view().labels || []).forEach(function (p) {
        var marker = L.circleMarker([p[1], p[2]], {
          radius: rule.radius, weight: 1.5, color: dark() ? "#f0f0f0" : "#1a1a1a",
          fillColor: dark() ? "#1a1a1a" : "#ffffff", fillOpacity: 1, interactive: rule.interactive,
        });
        marker.bindTooltip(el("span", null, p[0]), {permanent: true, direction: p[3],
          offset: rule.offsets[p[3]], className: rule.className, interactive: rule.interactive});
        marker.addTo(map);
      });
    }

    function drawRoutes() {
      DATA.routeIds.forEach(function (id) {
        var on = state.routes.indexOf(id) >= 0;
        if (!on && !routeLayers[id]) return;
        var layer = routeLayer(id);
        if (on && !map.hasLayer(layer)) layer.addTo(map);
        if (!on && map.hasLayer(layer)) map.removeLayer(layer);
        if (on) layer.bringToFront(); // above a selected department's outline
      });
      if (places) places.bringToFront();
    }

    // Everything but the departments: places, routes and the boxes with the map's words, once
    // the bundle's later part is there.
    var finishing = false;
    function finish() {
      if (finishing) return;
      finishing = true;
      later(draw);
    }
    function draw() {
      finished = true;
      // The zoom buttons and the scale with the rest, after the departments' first frame (with
      // options.defer): 2 to 7 ms less before it (bench/README.md, "The seventh round"). The
      // scale first: the bottom-left corner stacks upwards, scale, source, legend.
      if (!fixed) L.control.zoom({position: "topright"}).addTo(map);
      L.control.scale(rules().scale).addTo(map); // kilometres only (geo.maps.SCALE)
      drawWater();
      drawPlaces();
      title = control(map, "topleft", "atlas-title", fillTitle);
      // Bottom corners stack upwards: the source line first, the legend above it.
      source = control(map, "bottomleft", "atlas-source", fillSource, DATA.strings.sourceSummary);
      legend = control(map, "bottomleft", "atlas-legend", fillLegend, DATA.strings.legendSummary);
      drawRoutes();
      drawLabels();
      if (options.fixed && !options.bounds) {
        fit(); // beside the boxes, now that they are drawn; again when one folds or opens
        container.addEventListener("toggle", function () { fit(); }, true);
      }
      if (options.onReady) options.onReady();
    }
    // options.defer: the departments are painted first, the rest right after that frame.
    if (options.defer) {
      requestAnimationFrame(function () { setTimeout(finish, 0); });
    } else {
      finish();
    }

    return {
      map: map,
      fit: fit,
      /* Show another view, routes or department: only what changed is drawn again. */
      set: function (next) {
        var viewChanged = next.view !== undefined && next.view !== state.view;
        var routesChanged = next.routes !== undefined && next.routes.join() !== state.routes.join();
        var deptChanged = next.dept !== undefined && next.dept !== state.dept;
        if (next.view !== undefined) state.view = next.view;
        if (next.routes !== undefined) state.routes = next.routes.slice();
        if (next.dept !== undefined) state.dept = next.dept;
        if (viewChanged || deptChanged) departments.setStyle(style);
        if (!finished) return; // finish() draws the rest from the state as it is then
        if (deptChanged && state.dept) {
          departments.eachLayer(function (layer) {
            if (layer.feature.properties.code === state.dept) layer.bringToFront();
          });
          drawRoutes();
        }
        if (viewChanged) {
          title.update(fillTitle);
          source.update(fillSource);
        }
        if (routesChanged) drawRoutes();
        if (viewChanged || routesChanged) legend.update(fillLegend);
      },
      refresh: function () {
        map.invalidateSize({animate: false});
        fit();
      },
    };
  }

  window.AtlasMap = {create: create, el: el, hashParams: hashParams, has: has,
                    routesFrom: routesFrom};

  /* A notice's words (geo.pages.notices, from the catalogue) with the address's value, cut to
     ATLAS_DATA.notices.chars characters, and what is shown instead; set as text by the caller. */
  window.AtlasMap.fillNotice = function (words, value, used) {
    var most = window.ATLAS_DATA.notices.chars;
    var shown = value.length > most ? value.slice(0, most - 1) + "\u2026" : value;
    return words.replace("{value}", function () { return shown; })
      .replace("{used}", function () { return used || ""; });
  };
})();
