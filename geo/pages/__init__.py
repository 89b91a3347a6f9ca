"""Page models: what a page of the atlas says, built once for both editions.

Each module builds one page's words and figures as plain frozen dataclasses from the same builders
the editions already use. The live app (``ui/``) and the static edition (``geo/site/``) only lay a
model out; neither writes a sentence or a figure of its own. What a model marks as needing a server
(``needs_server``: a widget's label, say) is the one part an edition may leave out, and the parity
test (tests/test_parity.py) reads that mark.
"""
