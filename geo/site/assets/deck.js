/* The story deck: one slide per step, laid out at 1280 x 720 and scaled to the window (CSS zoom),
   so that every step fits a 16:9 screen whole and prints one step per page. On a narrow or
   portrait screen the slide flows at the screen's width instead. Keys: ArrowRight, PageDown and
   Space go on; ArrowLeft, PageUp and Shift+Space go back; Home and End go to the first and last
   step. The step is in the address (#step=3). Every visual is drawn once; a step change only
   shows another slide. */
(function () {
  "use strict";

  var SLIDE_W = 1280;
  var SLIDE_H = 720;
  var root = document.documentElement;
  var deck = document.getElementById("deck");
  var steps = Array.prototype.slice.call(deck.querySelectorAll(".step"));
  var count = steps.length;
  var status = document.getElementById("deck-status");
  var prev = document.getElementById("deck-prev");
  var next = document.getElementById("deck-next");
  var full = document.getElementById("deck-full");
  var strings = JSON.parse(document.getElementById("deck-strings").textContent);
  var indicator = strings.indicator;
  var notice = document.getElementById("address-notices");
  var drawn = {};
  var current = 0;
  var wide = null;

  /* What the address names that the deck does not have (a key, a step): the first step's
     index, ``fallback``, is used instead, and a step the deck does not have gets the live
     story's note (the catalogue's words, in deck-strings); a key the deck does not read is let
     be. The note goes with the presenter's first move. */
  function unknown(key, value, fallback) {
    if (key === "step") {
      var shown = value.length > strings.chars ? value.slice(0, strings.chars - 1) + "\u2026" : value;
      notice.textContent = strings.step.replace("{value}", function () { return shown; });
      notice.hidden = false;
    }
    return fallback;
  }

  function clearNotice() {
    if (notice.hidden) return;
    notice.hidden = true;
    notice.textContent = "";
    layout();
  }

  /* The step the hash names (#step=3), as an index; the first step when it names none. The hash
     is read with URLSearchParams, which leaves a malformed %-escape as written instead of
     throwing; a step is a whole number from 1 to the deck's count, written in digits alone. */
  function fromHash() {
    notice.hidden = true; // a note is about the address just read, not an earlier one
    notice.textContent = "";
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    params.forEach(function (value, key) {
      if (key !== "step") unknown(key, value, null);
    });
    if (!params.has("step")) return 0;
    var value = params.get("step");
    var n = /^[1-9][0-9]{0,5}$/.test(value) ? Number(value) : 0;
    return n >= 1 && n <= count ? n - 1 : unknown("step", value, 0);
  }

  /* Shrink a slide's words until they fit their column (wide layout only). */
  function fitText(step) {
    var text = step.querySelector(".step-text");
    var size = 26;
    text.style.fontSize = size + "px";
    while (text.scrollHeight > text.clientHeight + 1 && size > 11) {
      size -= 1;
      text.style.fontSize = size + "px";
    }
  }

  function draw(i) {
    if (drawn[i]) return drawn[i];
    var step = steps[i];
    var chart = step.querySelector(".plot[data-figure]");
    var map = step.querySelector(".step-map");
    if (chart) {
      window.AtlasCharts.draw(chart);
      drawn[i] = {refresh: function () { window.Plotly.Plots.resize(chart); }};
    } else if (map) {
      drawn[i] = window.AtlasMap.create(map, {
        view: map.getAttribute("data-view"),
        routes: JSON.parse(map.getAttribute("data-routes")),
        fixed: true,
      });
    } else {
      drawn[i] = {refresh: function () {}};
    }
    return drawn[i];
  }

  function layout() {
    var header = document.querySelector(".site-header");
    var nav = document.querySelector(".deck-nav");
    var isWide = window.innerWidth >= 900 && window.innerWidth / window.innerHeight >= 1.2;
    root.classList.toggle("deck-wide", isWide);
    root.classList.toggle("deck-narrow", !isWide);
    if (isWide) {
      var reserved = (header ? header.offsetHeight : 0) + (nav ? nav.offsetHeight : 0) +
        (notice.hidden ? 0 : notice.offsetHeight);
      var zoom = Math.min(window.innerWidth / SLIDE_W, (window.innerHeight - reserved) / SLIDE_H);
      deck.style.zoom = String(Math.max(zoom, 0.3));
    } else {
      deck.style.zoom = "";
    }
    if (isWide !== wide) {
      wide = isWide;
      steps.forEach(function (step) {
        if (wide) fitText(step);
        else step.querySelector(".step-text").style.fontSize = "";
      });
      Object.keys(drawn).forEach(function (i) { drawn[i].refresh(); });
    }
  }

  function show(i, push) {
    i = Math.max(0, Math.min(count - 1, i));
    current = i;
    steps.forEach(function (step, k) {
      var on = k === i;
      step.classList.toggle("current", on);
      step.inert = !on;
    });
    status.textContent = indicator.replace("{step}", i + 1).replace("{total}", count);
    prev.disabled = i === 0;
    next.disabled = i === count - 1;
    var hash = "#step=" + (i + 1);
    // A step the presenter moves to is a history entry, as in the live story: Back goes to the
    // step before. Opening the deck writes its step in place; Back and Forward write nothing.
    if (push !== false && location.hash !== hash) {
      if (push === "open") history.replaceState(null, "", hash);
      else history.pushState(null, "", hash);
    }
    var other = document.querySelector("a[data-keep-hash]"); // the other language, same step
    if (other) other.href = other.getAttribute("href").split("#")[0] + hash;
    var visual = draw(i);
    if (!wide) visual.refresh(); // a slide shown for the first time in the flow layout
    root.setAttribute("data-step", String(i + 1));
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = (event.target && event.target.tagName) || "";
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(tag)) return;
    var key = event.key;
    if (key === " " && tag === "BUTTON") return; // the button itself answers Space
    var to = null;
    if (key === "ArrowRight" || key === "PageDown" || (key === " " && !event.shiftKey)) to = current + 1;
    else if (key === "ArrowLeft" || key === "PageUp" || (key === " " && event.shiftKey)) to = current - 1;
    else if (key === "Home") to = 0;
    else if (key === "End") to = count - 1;
    if (to === null) return;
    event.preventDefault();
    clearNotice();
    show(to);
  });
  prev.addEventListener("click", function () { clearNotice(); show(current - 1); });
  next.addEventListener("click", function () { clearNotice(); show(current + 1); });
  full.addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (root.requestFullscreen) root.requestFullscreen();
  });
  window.addEventListener("hashchange", function () { show(fromHash(), false); layout(); });
  window.addEventListener("resize", layout);
  /* The handout's footer on every slide: the atlas's address (the page's own where the build
     knew no public one) and today's date in the page's language; the page number is written. */
  function footers() {
    var lang = root.getAttribute("lang") || undefined;
    var today = new Date();
    var date = today.toLocaleDateString(lang, {year: "numeric", month: "long", day: "numeric"});
    // the page's own address without its query and fragment (a reader's text, never written)
    var here = location.protocol + "//" + location.host + location.pathname;
    deck.querySelectorAll(".step-footer").forEach(function (footer) {
      var address = footer.querySelector(".footer-address");
      if (!address.textContent) address.textContent = here;
      var time = footer.querySelector(".footer-date");
      time.textContent = date;
      time.setAttribute("datetime", today.toISOString().slice(0, 10));
    });
  }
  footers();
  // Printing draws every slide: make sure each visual exists first. The handout shows what a
  // slide folds away (its data-quality notes), with no fold arrows (site.css), in words fitted
  // again to their column; the screen gets its folds back after.
  var unfolded = [];
  window.addEventListener("beforeprint", function () {
    steps.forEach(function (_step, i) { draw(i); });
    footers();
    unfolded = Array.prototype.filter.call(deck.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    unfolded.forEach(function (d) { d.open = true; });
    if (wide) steps.forEach(fitText);
  });
  window.addEventListener("afterprint", function () {
    unfolded.forEach(function (d) { d.open = false; });
    unfolded = [];
    if (wide) steps.forEach(fitText);
  });

  var opened = fromHash(); // before the layout: a notice takes room above the slides
  layout();
  show(opened, "open");
  // The other slides' visuals are drawn while the presenter speaks, one per idle moment.
  var order = steps.map(function (_s, i) { return i; });
  var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 30); };
  (function drawNext() {
    var i = order.shift();
    if (i === undefined) {
      root.setAttribute("data-ready", "true");
      return;
    }
    draw(i);
    idle(drawNext);
  })();
})();
