/* The embed list: each snippet names its page relative to this one; make the address absolute
   from where this page is read, so that the snippet is right wherever the folder is published. */
(function () {
  "use strict";
  document.querySelectorAll("pre.snippet[data-src]").forEach(function (pre) {
    var file = pre.getAttribute("data-src");
    var absolute = new URL(file, location.href).href.split("#")[0].split("?")[0];
    var code = pre.querySelector("code");
    // A function, not a string, as the replacement: "$&" or "$'" in a folder's name stay text.
    code.textContent = code.textContent.replace('src="' + file + '"', function () {
      return 'src="' + absolute + '"';
    });
  });
  document.documentElement.setAttribute("data-ready", "true");
})();
