/* An embedded page tells the page around its iframe how tall it is, so that the iframe fits it
   (the snippet on the embed list listens for these messages). Only a number is sent. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({type: "atlas-embed:height", height: height}, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.documentElement);
  window.addEventListener("load", post);
  post();
})();
