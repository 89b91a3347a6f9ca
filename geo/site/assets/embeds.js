/* The embed list: each snippet names its page relative to this one; make the address absolute
   from where this page is read, so that the snippet is right wherever the folder is published.
   The colour choice shows each embed's light or dark snippet; Copy puts the shown snippet on the
   clipboard (or selects it where the clipboard cannot be written: an old browser, a page read
   from disk without the permission); a preview, once opened, holds the snippet's iframe, which
   the snippet's own listener (in the page) sizes, as on a reader's page. */
(function () {
  "use strict";
  document.querySelectorAll("pre.snippet[data-src]").forEach(function (pre) {
    var file = pre.getAttribute("data-src");
    var absolute = new URL(file, location.href).href.split("#")[0].split("?")[0];
    var code = pre.querySelector("code");
    // The address up to its end or its "?theme=dark". A function, not a string, as the
    // replacement: "$&" or "$'" in a folder's name stay text.
    code.textContent = code.textContent.replace('src="' + file, function () {
      return 'src="' + absolute;
    });
  });

  function theme() {
    var chosen = document.querySelector("input[name=embed-theme]:checked");
    return chosen ? chosen.value : "light";
  }

  function shown(item) {
    return item.querySelector('pre.snippet[data-theme="' + theme() + '"]');
  }

  function preview(details) {
    var box = details.querySelector(".preview-page");
    var dark = theme() === "dark";
    box.classList.toggle("dark", dark);
    if (!details.open) return;
    var src = new URL(details.getAttribute("data-src"), location.href).href.split("#")[0]
      .split("?")[0] + (dark ? "?theme=dark" : "");
    var frame = box.querySelector("iframe");
    if (frame && frame.src === src) return;
    if (!frame) {
      frame = document.createElement("iframe");
      frame.setAttribute("title", details.getAttribute("data-title"));
      frame.setAttribute("width", "100%");
      frame.setAttribute("loading", "lazy");
      frame.setAttribute("data-atlas-embed", "");
      frame.style.border = "0";
      frame.style.width = "100%";
      box.appendChild(frame);
    }
    frame.style.height = details.getAttribute("data-height") + "px";
    frame.src = src;
  }

  function showTheme() {
    document.querySelectorAll(".embed-item").forEach(function (item) {
      item.querySelectorAll("pre.snippet").forEach(function (pre) {
        pre.hidden = pre.getAttribute("data-theme") !== theme();
      });
      preview(item.querySelector("details.embed-preview"));
      item.querySelector(".copy-status").textContent = "";
    });
  }

  function select(pre) {
    var range = document.createRange();
    range.selectNodeContents(pre.querySelector("code"));
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    var item = button.closest(".embed-item");
    var pre = shown(item);
    var text = pre.querySelector("code").textContent;
    var status = item.querySelector(".copy-status");
    function done() { status.textContent = button.getAttribute("data-copied"); }
    function fallback() {
      select(pre);
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      status.textContent = button.getAttribute(copied ? "data-copied" : "data-selected");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  document.querySelectorAll("input[name=embed-theme]").forEach(function (input) {
    input.addEventListener("change", showTheme);
  });
  document.querySelectorAll("button.copy-code").forEach(function (button) {
    button.addEventListener("click", function () { copy(button); });
  });
  document.querySelectorAll("details.embed-preview").forEach(function (details) {
    details.addEventListener("toggle", function () { preview(details); });
  });
  showTheme(); // a colour chosen before a reload is kept by the browser
  document.documentElement.setAttribute("data-ready", "true");
})();
