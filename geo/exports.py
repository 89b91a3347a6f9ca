"""The journalist's downloads: the offline standalone map, layer CSV/GeoJSON, the press kit ZIP."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import math
import re
import zipfile
from pathlib import Path

import pandas as pd

from geo.i18n import format_number, normalise_language, t
from geo.layers import NOT_REPORTED, REPORTED
from geo.maps import document_html
from geo.safety import safe_csv_bytes
from geo.templating import macro
from geo.views import PreparedMap, interactive_map

# What the folium page points at while it is built; replaced by the inlined files.
_PLACEHOLDER = "atlas-inline-leaflet"
# Any reference that would make the browser fetch from another host: src/href/url()/@import to
# http:, https: or a protocol-relative ``//`` address.
EXTERNAL_REF = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+["']?)"""
    r"""(?:https?:)?//""",
    re.IGNORECASE,
)
ZIP_DATE = (2011, 1, 1, 0, 0, 0)  # fixed entry dates: the same view gives the same ZIP
OVERVIEW_CHARTS = ("purposes", "age_groups", "complaints_vs_origin", "poverty_vs_complaints")


class ExternalReferenceError(RuntimeError):
    """The standalone page would fetch something from another host."""


# --- names ------------------------------------------------------------------------------------


def file_stem(prepared: PreparedMap) -> str:
    """``atlas-peru-<layer>-<measure>-<lang>``: the name every file of this view starts with."""
    view = prepared.view
    parts = (view.layer, view.measure, normalise_language(view.lang))
    return "atlas-peru-" + "-".join(p.replace("_", "-") for p in parts)


# --- Leaflet, inlined -------------------------------------------------------------------------


def leaflet_dir() -> Path:
    """Where the installed xstatic-leaflet package keeps leaflet.js, leaflet.css and images/."""
    try:
        import xstatic.pkg.leaflet as xleaflet
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise RuntimeError(
            "the PyPI package xstatic-leaflet is not installed: expected it for the standalone map"
        ) from exc
    return Path(xleaflet.BASE_DIR)


def _inline_css_images(css: str, base: Path) -> str:
    """Replace ``url(images/x.png)`` in Leaflet's CSS by data: URIs (VML behaviour urls stay)."""

    def repl(match: re.Match) -> str:
        ref = match.group(1).strip("'\"")
        if ref.startswith(("data:", "#")):
            return match.group(0)
        path = base / ref
        if not path.is_file():
            raise FileNotFoundError(f"Leaflet's CSS refers to {ref!r}, not found in {base.name}/")
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\(([^)]*)\)", repl, css)


def _script_safe(js: str) -> str:
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)


def leaflet_inline() -> tuple[str, str]:
    """(the ``<script>`` and the ``<style>`` element holding the installed Leaflet's JS and CSS)."""
    base = leaflet_dir()
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    css = _inline_css_images((base / "leaflet.css").read_text(encoding="utf-8"), base)
    inline = "geo/leaflet_inline.html"
    return str(macro(inline, "script")(_script_safe(js))), str(macro(inline, "style")(css))


def external_references(html: str) -> list[str]:
    """Every src/href/url()/@import in ``html`` that points at another host (empty: none)."""
    return [html[m.start() : m.end() + 40] for m in EXTERNAL_REF.finditer(html)]


def standalone_html(prepared: PreparedMap) -> str:
    """The interactive map of ``prepared`` as one HTML file that opens from disk with no network.

    Leaflet's JavaScript and CSS (with its images as data: URIs) are read from the installed
    xstatic-leaflet package and inlined; the layers, legend, tooltips, title, source line and
    caveat are the interactive map's own.

    Raises
    ------
    ExternalReferenceError
        If the page (outside Leaflet's own attribution text) would fetch anything from a host.
    """
    fmap = interactive_map(prepared, leaflet_url=_PLACEHOLDER)
    lang = normalise_language(prepared.view.lang)
    page = document_html(fmap, prepared.text.title, lang)
    here = re.escape(_PLACEHOLDER)
    script_tag = re.compile(r'<script[^>]*src="' + here + r'/leaflet\.js"[^>]*>\s*</script>')
    link_tag = re.compile(r'<link[^>]*href="' + here + r'/leaflet\.css"[^>]*/?>')
    if len(script_tag.findall(page)) != 1 or len(link_tag.findall(page)) != 1:
        raise RuntimeError(
            "the folium page does not load Leaflet from one <script> and one <link> as expected;"
            " cannot inline it"
        )
    found = external_references(page)
    if found or _PLACEHOLDER not in page:
        raise ExternalReferenceError(f"the standalone map would load from another host: {found}")
    js_tag, css_tag = leaflet_inline()
    page = script_tag.sub(lambda _m: js_tag, page, count=1)
    page = link_tag.sub(lambda _m: css_tag, page, count=1)
    return page


# --- layer data -------------------------------------------------------------------------------


CSV_DECIMALS = 2  # values and rates in the layer's CSV: rounded, point decimals


def _machine_number(value: float) -> str:
    """A number as a program reads it: point decimals, no grouping, at most two decimals."""
    return f"{value:.{CSV_DECIMALS}f}".rstrip("0").rstrip(".")


def layer_table(prepared: PreparedMap, decimals: int | None = CSV_DECIMALS) -> pd.DataFrame:
    """The map layer's data: one row per department, value empty where not reported (never 0).

    Values are rounded to ``decimals`` (None: as computed); a class is named by its bounds with
    point decimals (``"1.33 – 1.65"``).
    """
    values = prepared.values
    classification = prepared.classification
    out = pd.DataFrame(
        {
            "department_code": values["department_code"].astype(str),
            "department": values["department"],
            "layer": prepared.view.layer,
            "measure": prepared.view.measure,
            "value": values["value"].astype(float),
        }
    )
    if decimals is not None:
        out["value"] = out["value"].round(decimals)
    if prepared.view.measure == "per_100k" and "count" in values:
        out["count"] = values["count"].astype(float)
        if decimals is not None:
            out["count"] = out["count"].round().astype("Int64")
    out["status"] = [NOT_REPORTED if math.isnan(v) else REPORTED for v in out["value"]]
    labels = []
    # Bounds at the values' own two decimals (a rate of 1.65 lies in "1.33 – 1.65", not in the
    # legend's "1.5 – 1.6"); whole numbers keep whole bounds.
    whole = all(float(v).is_integer() for v in out["value"].dropna())
    decimals = prepared.decimals if whole else max(prepared.decimals, CSV_DECIMALS)
    machine_labels = (
        classification.labels(decimals, lambda v, d: _machine_number(round(v, d)))
        if classification is not None
        else []
    )
    for v in values["value"]:
        cls = classification.class_of(v) if classification is not None else None
        labels.append("" if cls is None else machine_labels[cls])
    out["class"] = labels
    return out


def layer_period(layer_id: str, lang: str) -> str:
    """The period a report layer's figures cover, in words ("" for a reader's own layer)."""
    from geo.charts.download import table_period
    from geo.layers import LAYERS
    from geo.tables import read_table

    spec = LAYERS.get(layer_id)
    return table_period(read_table(spec.table), lang) if spec is not None else ""


def layer_csv(prepared: PreparedMap) -> bytes:
    """The layer's data as spreadsheet-safe CSV bytes (UTF-8, not reported as an empty cell).

    Above the table, rows starting with ``#`` say what the file is: title, subtitle, source,
    caveat and period in the view's language, and how its numbers are written (see
    :func:`geo.safety.safe_csv_bytes`).
    """
    text, lang = prepared.text, prepared.view.lang
    notes = [
        ("title", text.title),
        ("subtitle", text.subtitle),
        ("source", text.source),
        ("caveat", text.caveat),
        ("period", layer_period(prepared.view.layer, lang)),
        ("notes", t("exports.csv.notes", lang, decimals=CSV_DECIMALS)),
    ]
    return safe_csv_bytes(layer_table(prepared), [(k, v) for k, v in notes if v])


def _json_number(value: float) -> float | int | None:
    if value is None or math.isnan(value):
        return None
    return int(value) if float(value).is_integer() else float(value)


def layer_geojson(prepared: PreparedMap) -> bytes:
    """The 25 departments with the layer's value and status, as GeoJSON (RFC 7946, WGS84).

    A department that is not reported has ``"value": null`` and ``"status": "not_reported"``,
    never 0. The collection carries the title, source line and caveat as foreign members.
    """
    table = layer_table(prepared, decimals=None).set_index("department_code")
    classification = prepared.classification
    features = []
    for row in prepared.boundaries.itertuples():
        rec = table.loc[row.department_code]
        value = float(rec["value"])
        props = {
            "department_code": row.department_code,
            "department": row.department,
            "value": _json_number(value),
            "status": rec["status"],
            "class": rec["class"] or None,
            "fill": (classification.colour_of(value) if classification is not None else None),
        }
        if "count" in table.columns:
            props["count"] = _json_number(float(rec["count"]))
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": row.geometry.__geo_interface__,
            }
        )
    collection = {
        "type": "FeatureCollection",
        "name": file_stem(prepared),
        "title": prepared.text.title,
        "measure": prepared.text.subtitle,
        "source": prepared.text.source,
        "caveat": prepared.text.caveat,
        "attribution": " ".join(prepared.text.extra),
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8")


# --- words ------------------------------------------------------------------------------------


# Line breaks of every kind and the other control characters, which a text file's reader would
# take as the end of a line (a bare CR included) or show as garbage.
_CITATION_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _one_line(text: str) -> str:
    """A text (a reader's source or column name) on one line, without control characters."""
    return " ".join(_CITATION_CONTROLS.sub(" ", text).split())


def map_alt_text(prepared: PreparedMap) -> str:
    """One paragraph describing the map image in words, in the view's language, on one line
    (the title may be a reader's column name, with line breaks of its own)."""
    lang = normalise_language(prepared.view.lang)
    values = prepared.values
    reported = values[values["value"].notna()].sort_values("value", ascending=False)
    if reported.empty:
        reported_text = t("exports.alt.none_reported", lang)
    else:
        items = ", ".join(
            f"{r.department} {format_number(r.value, prepared.decimals, lang)}"
            for r in reported.itertuples()
        )
        reported_text = t("exports.alt.reported", lang, count=len(reported), items=items)
    routes = ""
    if prepared.routes:
        routes = t("exports.alt.routes", lang, names=", ".join(r.name for r in prepared.routes))
    places = ""
    if prepared.places is not None and not prepared.places.empty:
        places = t("exports.alt.places", lang, count=len(prepared.places))
    text = t(
        "exports.alt.map",
        lang,
        title=prepared.text.title.rstrip("."),
        subtitle=(prepared.text.subtitle or prepared.text.legend_title).rstrip("."),
        reported=reported_text,
        not_reported=len(values) - len(reported),
        routes=routes,
        places=places,
        caveat=prepared.text.caveat,
    )
    if prepared.view.department:
        match = values.loc[values["department_code"] == prepared.view.department, "department"]
        if not match.empty:
            text += t("exports.alt.selected", lang, department=match.iloc[0])
    return _one_line(text)


def citation_text(prepared: PreparedMap, accessed: dt.date | None = None) -> str:
    """CITATION.txt: the report, the atlas view with its access date, the layer's source.

    The view's title and the layer's source may be a reader's text (an uploaded layer): each is
    written on one line, without control characters.
    """
    lang = normalise_language(prepared.view.lang)
    accessed = accessed or dt.date.today()
    view = prepared.text.title + (f" — {prepared.text.subtitle}" if prepared.text.subtitle else "")
    view = _one_line(view)
    lines = [
        t("exports.citation.heading", lang),
        "",
        t("exports.citation.report", lang),
        "",
        t("exports.citation.atlas", lang, view=view, date=accessed.isoformat()),
        "",
        t("exports.citation.layer", lang, source=_one_line(prepared.text.source)),
    ]
    for extra in prepared.text.extra:
        lines += ["", t("exports.citation.boundaries", lang, text=_one_line(extra))]
    return "\n".join(lines) + "\n"


# --- press kit --------------------------------------------------------------------------------


def _entry(zf: zipfile.ZipFile, name: str, data: bytes | str) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def press_kit(
    prepared: PreparedMap,
    lang: str | None = None,
    chart_ids: tuple[str, ...] | list[str] = OVERVIEW_CHARTS,
    accessed: dt.date | None = None,
) -> tuple[bytes, list[str]]:
    """Everything a journalist needs about this view, in one ZIP.

    Contents: the map as PNG, SVG and standalone HTML; the layer as CSV and GeoJSON; each chart
    as PNG (via geo.charts.figure_png) and CSV; CITATION.txt; ALT-TEXT.txt (one paragraph per
    image). A chart image that cannot be drawn (no Chromium for kaleido) is left out and listed
    with its reason in OMITTED.txt instead of failing the kit.

    Parameters
    ----------
    prepared : the view from geo.views.prepare_map (its language is the map's).
    lang : language of the charts and texts; defaults to the view's.
    chart_ids : ids from geo.charts.CHARTS.
    accessed : the access date written in the citation; defaults to today.

    Returns
    -------
    (zip bytes, names of the files left out).

    Raises
    ------
    KeyError
        For a chart id that geo.charts does not know.
    """
    from geo import charts
    from geo.static_map import static_map

    lang = normalise_language(lang or prepared.view.lang)
    specs = [charts.chart_spec(chart_id) for chart_id in chart_ids]
    stem = file_stem(prepared)
    omitted: list[tuple[str, str]] = []
    alt = [t("exports.readme.alt_heading", lang), ""]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        _entry(zf, f"{stem}.png", static_map(prepared, "png"))
        _entry(zf, f"{stem}.svg", static_map(prepared, "svg"))
        _entry(zf, f"{stem}.html", standalone_html(prepared))
        _entry(zf, f"{stem}.csv", layer_csv(prepared))
        _entry(zf, f"{stem}.geojson", layer_geojson(prepared))
        alt += [f"{stem}.png, {stem}.svg", map_alt_text(prepared), ""]
        for spec in specs:
            name = spec.file_name(lang)
            _entry(zf, f"{name}.csv", charts.chart_csv(spec.chart_id, lang))
            try:
                png = charts.figure_png(spec.chart_id, lang, 2)
            except (RuntimeError, OSError) as exc:  # ChartImageError: no Chromium for kaleido
                omitted.append((f"{name}.png", f"{type(exc).__name__}: {exc}"))
                continue
            _entry(zf, f"{name}.png", png)
            alt += [f"{name}.png", spec.alt_text(lang), ""]
        _entry(zf, "CITATION.txt", citation_text(prepared, accessed))
        _entry(zf, "ALT-TEXT.txt", "\n".join(alt))
        if omitted:
            lines = [t("exports.omitted.heading", lang), ""]
            lines += [f"- {name}: {reason}" for name, reason in omitted]
            _entry(zf, "OMITTED.txt", "\n".join(lines) + "\n")
    return buf.getvalue(), [name for name, _reason in omitted]
