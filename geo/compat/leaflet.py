"""What the atlas's map scripts rely on inside Leaflet's JavaScript, checked against TESTED_VERSION.

The maps load Leaflet from xstatic-leaflet (copied to ``static/vendor/leaflet`` by
``scripts/install_assets.py``, inlined by the standalone export). Uses (all checked by
``tests/test_compat.py`` in the shipped ``leaflet.js``):

- :data:`KEYBOARD_FOCUS_JS` replaces the keyboard handler's ``_onMouseDown`` (``map.keyboard``,
  ``L.Map.Keyboard``), which focuses the map's container on the first mouse press and so scrolls
  the page around a frame. The handler binds ``mousedown: this._onMouseDown`` in ``addHooks``, so
  the override is made between ``disable()`` and ``enable()``; it reads the handler's
  ``_focused`` and ``_map._container`` as Leaflet's own does.
- ``geo.maps.fit_js`` waits for the map's ``resize`` event, which ``invalidateSize`` fires when
  the window (the map's frame) is resized (``trackResize``).
- The bench (``bench/first_visit.py``) reaches a department's SVG path through the public
  ``Path.getElement()``.
"""

from __future__ import annotations

TESTED_VERSION = "1.9.3"

# Leaflet focuses the map on the first mouse press so that the keyboard can pan it; inside a frame
# that focus also scrolls the page around the frame, the button is released over another spot and
# the first click on a department is lost. Focus without scrolling. (``map`` is the map.)
KEYBOARD_FOCUS_JS = (
    "if (map.keyboard && map.keyboard.enabled()) { map.keyboard.disable();"
    " map.keyboard._onMouseDown = function() { if (!this._focused) {"
    " this._map._container.focus({preventScroll: true}); } }; map.keyboard.enable(); }"
)
# The texts of the minified leaflet.js that the uses above rely on (tests/test_compat.py).
RELIED_ON_JS = (
    'A.addInitHook("addHandler","keyboard",St)',  # map.keyboard is the Keyboard handler
    "A.Keyboard=St",
    "mousedown:this._onMouseDown",  # addHooks binds the instance's _onMouseDown
    "_onMouseDown:function(){",
    "this._focused||",  # ... and Leaflet's own reads _focused
    "this._map._container.focus()",
    "_onFocus:function(){this._focused=!0",
    "enabled:function(){return!!this._enabled}",
    'this.fire("resize",{oldSize:e,newSize:i})',  # invalidateSize fires resize
    'e(window,"resize",this._onResize,this)',  # trackResize: a window resize invalidates the size
    "getElement:function(){return this._path}",  # Path.getElement, the bench's
)
