"""The server-drawn map image: size, live text in both languages, the interactive map's classes."""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from geo.classify import NOT_REPORTED_COLOUR
from geo.i18n import t
from geo.static_map import PAGE_SIZE_IN, static_map
from geo.views import MapView, prepare_map

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def prepared():
    return {
        lang: prepare_map(MapView("complaints", "count", ("lima", "south_sierra"), "08", lang))
        for lang in ("es", "en")
    }


def _svg_root(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def _svg_text(root: ET.Element) -> str:
    """All text drawn in the SVG, lines joined by spaces (wrapped lines become one string again)."""
    parts = ["".join(el.itertext()) for el in root.iter(f"{SVG_NS}text")]
    return re.sub(r"\s+", " ", " ".join(parts))


def _group_styles(root: ET.Element, gid: str) -> list[str]:
    for group in root.iter(f"{SVG_NS}g"):
        if group.get("id") == gid:
            return [p.get("style", "") for p in group.iter(f"{SVG_NS}path")]
    return []


def _fill(style: str) -> str | None:
    match = re.search(r"fill:\s*([^;]+)", style)
    return match.group(1).strip().lower() if match else None


@pytest.mark.parametrize("dpi", [200, 300])
def test_png_is_a4_landscape_at_the_requested_dpi(prepared, dpi):
    data = static_map(prepared["es"], "png", dpi=dpi)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (round(PAGE_SIZE_IN[0] * dpi), round(PAGE_SIZE_IN[1] * dpi))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_svg_keeps_title_source_caveat_and_legend_as_text(prepared, lang):
    view = prepared[lang]
    root = _svg_root(static_map(view, "svg"))
    text = _svg_text(root)
    for expected in (
        view.text.title,
        view.text.subtitle,
        view.text.source,
        view.text.caveat,
        view.text.not_reported,
        *view.text.extra,
        *view.class_labels,
        *(route.name for route in view.routes),
        "km",
        "N",
    ):
        assert re.sub(r"\s+", " ", expected) in text, expected


def test_svg_words_follow_the_language(prepared):
    es = _svg_text(_svg_root(static_map(prepared["es"], "svg")))
    en = _svg_text(_svg_root(static_map(prepared["en"], "svg")))
    assert t("map.not_reported", "es") in es and t("map.not_reported", "en") not in es
    assert t("map.not_reported", "en") in en and t("map.not_reported", "es") not in en


@pytest.mark.parametrize(
    "layer,measure", [("complaints", "count"), ("origin", "per_100k"), ("poverty", "pct")]
)
def test_svg_fills_are_the_interactive_maps_classes(layer, measure):
    view = prepare_map(MapView(layer, measure, (), None, "en"))
    root = _svg_root(static_map(view, "svg"))
    values = view.values.set_index("department_code")["value"]
    assert len(values) == 25
    for code, value in values.items():
        styles = _group_styles(root, f"dept-{code}")
        assert styles, f"department {code} not drawn"
        expected = view.classification.colour_of(value)
        if expected is None:
            assert math.isnan(value)
            assert _fill(styles[0]) == NOT_REPORTED_COLOUR
            hatch = _group_styles(root, f"dept-{code}-hatch")
            assert hatch and any("url(#" in (_fill(s) or "") for s in hatch), code
        else:
            assert _fill(styles[0]) == expected.lower(), code
            assert not _group_styles(root, f"dept-{code}-hatch"), code


def test_not_reported_has_a_hatch_pattern_in_the_svg_legend_and_map(prepared):
    data = static_map(prepared["en"], "svg").decode("utf-8")
    assert "<pattern" in data
    assert "Not reported" in data


def test_selected_department_is_outlined_only_when_chosen():
    chosen = _svg_root(static_map(prepare_map(MapView(department="17", lang="en")), "svg"))
    plain = _svg_root(static_map(prepare_map(MapView(lang="en")), "svg"))
    assert _group_styles(chosen, "selected-department")
    assert not _group_styles(plain, "selected-department")


def test_routes_are_drawn_in_their_interactive_colours(prepared):
    view = prepared["en"]
    root = _svg_root(static_map(view, "svg"))
    for route in view.routes:
        styles = _group_styles(root, f"route-{route.route_id}")
        assert styles and f"stroke: {route.colour.lower()}" in styles[0].lower()


def test_unknown_format_or_dpi_is_refused(prepared):
    with pytest.raises(ValueError, match="pdf"):
        static_map(prepared["es"], "pdf")
    with pytest.raises(ValueError, match="dpi"):
        static_map(prepared["es"], "png", dpi=5)


def test_no_text_of_the_image_is_read_as_mathematics():
    """A reader's words with ``$...$`` are drawn as written, not parsed as TeX (nor an error)."""
    from matplotlib.text import Text

    from geo.static_map import draw_figure
    from geo.uploads.parse import parse_upload
    from geo.views import user_layer

    header = "cost $\\frac{a}{$ $x^2$"
    upload = parse_upload("$x$.csv", f"department,{header}\nCusco,5\nPuno,7\n".encode(), "en")
    view = MapView("upload", lang="en", department="08")
    fig = draw_figure(prepare_map(view, user_layer(upload)), dpi=72)
    texts = fig.findobj(Text)
    assert [t.get_text() for t in texts if t.get_text() and t.get_parse_math()] == []
    assert any(header in t.get_text() for t in texts)
    svg = static_map(prepare_map(view, user_layer(upload)), fmt="svg").decode()
    assert "cost $\\frac{a}{$ $x^2$" in svg


# What a view's images may weigh: the static edition writes one PNG and one SVG per view and
# language within its site budget (tests/test_site.py). Full-colour PNGs and six-decimal SVGs
# were about 420 KB each.
PNG_BUDGET_BYTES = 250_000
SVG_BUDGET_BYTES = 150_000  # 127 KB: place labels and their halos as text


def _hex(rgb) -> str:
    return "#" + "".join(f"{channel:02x}" for channel in rgb)


def test_png_keeps_every_fill_and_line_colour_exactly_within_its_budget():
    from geo.static_map import OCEAN

    view = prepare_map(MapView("complaints", "count", ("lima", "south_sierra"), None, "en"))
    data = static_map(view, "png")
    assert len(data) <= PNG_BUDGET_BYTES, len(data)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    drawn = {_hex(rgb) for _count, rgb in image.getcolors(image.width * image.height)}
    expected = {c.lower() for c in view.classification.colours} | {
        NOT_REPORTED_COLOUR.lower(),
        OCEAN,
        "#ffffff",
        *(route.colour.lower() for route in view.routes),
    }
    assert expected <= drawn, expected - drawn
    assert static_map(view, "png") == data  # the same view, the same bytes


def test_svg_paths_are_written_to_tenths_within_its_budget(prepared):
    data = static_map(prepared["en"], "svg")
    assert len(data) <= SVG_BUDGET_BYTES, len(data)
    paths = re.findall(rb'<path\b[^>]*?\sd="([^"]*)"', data)
    assert paths
    assert not [d for d in paths if re.search(rb"\.\d{2}", d)]


def test_every_place_label_and_its_halo_are_text_not_outlines(prepared):
    """Each place's name is written twice as text: the white halo under it (stroked, round joins,
    as wide as the PNG's path effect) and the name; no group of the labels holds a glyph outline
    (a path effect would write one per letter, 40 times the bytes of the text)."""
    from geo.static_map import HALO_GID, HALO_WIDTH

    view = prepared["es"]
    root = _svg_root(static_map(view, "svg"))
    names = list(view.places["place"])
    halos = [g for g in root.iter(f"{SVG_NS}g") if g.get("id", "").startswith(HALO_GID)]
    assert sorted("".join(g.itertext()).strip() for g in halos) == sorted(names)
    for group in halos:
        assert not list(group.iter(f"{SVG_NS}path")), group.get("id")
        style = group.find(f"{SVG_NS}text").get("style")
        assert _fill(style) == "#ffffff"
        assert re.search(rf"stroke: #ffffff; stroke-width: {HALO_WIDTH:g}\b", style), style
        assert "stroke-linejoin: round" in style
    texts = ["".join(el.itertext()) for el in root.iter(f"{SVG_NS}text")]
    for name in names:
        assert texts.count(name) >= 2, name  # halo and name


def test_compacting_the_svg_leaves_text_alone():
    from geo.image_files import compact_svg_paths

    svg = b'<text>&lt;path d="1.234567"</text><path style="x" d="M 1.234567 -0.001\nL 3.5 4"/>'
    compact = b'<text>&lt;path d="1.234567"</text><path style="x" d="M 1.2 0 L 3.5 4"/>'
    assert compact_svg_paths(svg) == compact
