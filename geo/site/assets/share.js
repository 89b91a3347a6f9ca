/* The Map page's share button and its link past the map, in both editions: the static explorer
   writes this file into its page, the live app into the share box it draws (ui/share.py). The
   markup is geo/site/templates/share.html.
   A click on "Copy link" or "Copy embed code" puts that text on the clipboard (the Clipboard
   API) and says so in the reader's language; where the clipboard cannot be written (an old
   browser, a page without the permission) the text is selected in the box's field, and the
   status says to press Ctrl+C. The field always shows the text last asked for. The link past
   the map moves the focus to the department list (the element its data-target names), so that
   the next Tab goes on from there; it changes no address. */
(function () {
  "use strict";
  if (window.AtlasShare) return;

  function say(status, text) {
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 30); // announced again when repeated
  }

  function copy(box, button, text) {
    var field = box.querySelector("textarea");
    var status = box.querySelector(".atlas-share-status");
    field.value = text;
    field.closest("label").hidden = false;
    status.setAttribute("data-copied", "");
    function done() {
      status.setAttribute("data-copied", button.getAttribute("data-copy"));
      say(status, button.getAttribute("data-done"));
    }
    function fallback() {
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      if (copied) done();
      else say(status, box.getAttribute("data-selected"));
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  /* Wire the share box ``box``: ``texts()`` gives the view's {link, embed} at the moment of the
     click. */
  function wire(box, texts) {
    if (!box || box.getAttribute("data-wired")) return;
    box.setAttribute("data-wired", "true");
    box.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        copy(box, button, texts()[button.getAttribute("data-copy")]);
      });
    });
    var skip = box.parentNode.querySelector(".atlas-skip-map");
    if (skip) {
      skip.addEventListener("click", function (event) {
        var target = document.querySelector(skip.getAttribute("data-target"));
        if (!target) return;
        event.preventDefault();
        target.focus();
        target.scrollIntoView({block: "center"});
      });
    }
  }

  window.AtlasShare = {wire: wire};
})();
