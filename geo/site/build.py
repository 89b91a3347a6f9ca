"""Build the static edition: ``site/`` written from the atlas's data with the atlas's own builders.

``build_site(out)`` writes every page in Spanish and English, the shared assets (Leaflet from the
installed ``xstatic-leaflet``, plotly.js from the installed ``plotly``, each copied once), one map
script per language (the outlines, the prepared views and the map's code) and the downloads (with
each view's map as PNG and SVG, drawn by the live app's download code). Links
are relative, so the folder works from ``file://``, from any static host and from a sub-path.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from geo.boundaries import read_boundaries
from geo.i18n import LANGUAGES, t
from geo.pages.map import map_page
from geo.pages.not_found import not_found_page
from geo.paths import BOUNDARIES_FILE, DATA_DIR, STATIC_DIR
from geo.qr import atlas_address
from geo.site import charts as site_charts
from geo.site import data as site_data
from geo.site import downloads
from geo.site import previews as site_previews
from geo.site.deck import deck_page
from geo.site.embed import embeds_page, static_url
from geo.site.explorer import INLINED_SCRIPT, explorer_page, map_embed_page
from geo.site.html import (
    ASSETS,
    LANGUAGE_NAMES,
    OWN_ASSETS,
    Page,
    data_script,
    data_script_later,
    own_asset,
    render,
    words,
)
from geo.templating import render as render_template

# Own scripts that reach the site inside other files, not as files of their own: the map's code in
# each language's map bundle (site_data.map_bundle), the explorer's inside its page.
NOT_COPIED = ("atlas-map.js", INLINED_SCRIPT)
MARKER = ".atlas-site"  # marks a folder this builder wrote, so that a rebuild may replace it
PRESS_KIT_VIEW = ("complaints", "count")  # the live app's default view, with all six routes


@dataclass
class BuildReport:
    """What a build wrote: the folder, its files with their sizes, and the seconds it took."""

    out: Path
    files: dict[str, int] = field(default_factory=dict)  # path relative to out -> bytes
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # what the builder left out, and why

    @property
    def total_bytes(self) -> int:
        return sum(self.files.values())


def plotly_js_path() -> Path:
    """plotly.min.js as the installed plotly package ships it (the version its figures need)."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(
            f"plotly.min.js not found at {path}: expected the PyPI package plotly to ship it"
        )
    return path


def _copy_assets(root: Path) -> None:
    from geo.exports import leaflet_dir

    assets = root / ASSETS
    leaflet = leaflet_dir()
    (assets / "leaflet").mkdir(parents=True)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copyfile(leaflet / name, assets / "leaflet" / name)
    shutil.copytree(leaflet / "images", assets / "leaflet" / "images")
    shutil.copyfile(plotly_js_path(), assets / site_charts.PLOTLY_JS)
    for path in sorted(OWN_ASSETS.iterdir()):
        if path.suffix in (".js", ".css") and path.name not in NOT_COPIED:
            shutil.copyfile(path, assets / path.name)
    shutil.copyfile(STATIC_DIR / "favicon.png", assets / "favicon.png")


# The home's cards: (file, catalogue key of its title, of its text).
HOME_PARTS = tuple(
    (file, f"site.home.{key}.title", f"site.home.{key}.text")
    for file, key in (
        ("map.html", "map"),
        ("story.html", "story"),
        ("overview.html", "overview"),
        ("routes.html", "routes"),
        ("justice.html", "justice"),
        ("data.html", "downloads"),
        ("embed.html", "embed"),
    )
)


def home_page(lang: str) -> Page:
    """The language's home: what the static edition holds, one link per part."""
    body = render_template("site/home.html", t=words(lang), parts=HOME_PARTS)
    return Page(
        lang=lang, file="index.html", title=t("app.title", lang), body=body, body_class="page-home"
    )


# The static edition's file of each page the not-found page points to (geo.pages.not_found).
PAGE_FILES = {
    "map": "map.html",
    "overview": "overview.html",
    "routes": "routes.html",
    "justice": "justice.html",
    "story": "story.html",
    "data": "data.html",
}
NOT_FOUND_FILE = "404.html"  # what a web server answers an unknown address with (deploy/)


def not_found_site_page(lang: str) -> Page:
    """The language's not-found page (``404.html``): the live app's not-found words
    (``geo.pages.not_found``) and a link to each page."""
    model = not_found_page(lang)
    body = render_template("site/not_found.html", page=model, files=PAGE_FILES)
    return Page(
        lang=lang,
        file=NOT_FOUND_FILE,
        title=f"{model.title} — {t('app.title', lang)}",
        body=body,
        body_class="page-not-found",
    )


def root_not_found() -> str:
    """The folder's not-found page: both languages' words and a link to each language's home."""
    models = [not_found_page(lang) for lang in LANGUAGES]
    html = render_template(
        "site/root_not_found.html",
        models=models,
        names=LANGUAGE_NAMES,
        assets=ASSETS,
        titles={lang: t("app.title", lang) for lang in LANGUAGES},
    )
    return str(html) + "\n"


def root_index(preview: site_previews.Preview | None = None) -> str:
    """The folder's entry page: the atlas's name and a link to each language (with ``preview``,
    its description and link-preview metadata)."""
    languages = [
        (lang, LANGUAGE_NAMES[lang], t("app.title", lang), t("site.home.intro", lang))
        for lang in LANGUAGES
    ]
    titles = {lang: t("app.title", lang) for lang in ("es", "en")}
    html = render_template(
        "site/root_index.html",
        titles=titles,
        assets=ASSETS,
        languages=languages,
        page={"preview": preview},
        t=words("es"),
    )
    return str(html) + "\n"


def _check_target(out: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise FileExistsError(
            f"{out} exists and was not written by the site builder (no {MARKER} file in it): "
            "expected an empty or missing folder, or an earlier site"
        )


def build_site(
    out: str | Path,
    langs: tuple[str, ...] = LANGUAGES,
    press_kit: bool = True,
    accessed: dt.date | None = None,
) -> BuildReport:
    """Write the static edition into ``out`` (replacing an earlier build there).

    Parameters
    ----------
    out : the folder to write, e.g. ``site``; it must be missing, empty or an earlier site.
    langs : the languages to write (both by default).
    press_kit : also write the press kit of the default view (its map images take seconds).
    accessed : the date the citations give as the access date; today by default.

    Raises
    ------
    FileExistsError
        When ``out`` holds files that an earlier build did not write.
    """
    started = time.perf_counter()
    out = Path(out)
    _check_target(out)
    site_charts.clear_cache()
    accessed = accessed or dt.date.today()
    work = out.with_name(out.name + ".building")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    (work / MARKER).write_text(
        "written by scripts/build_site.py; safe to delete\n", encoding="utf-8"
    )
    _copy_assets(work)
    # The site shows the atlas's own boundaries: ATLAS_BOUNDARIES is the live app's option.
    boundaries = read_boundaries(BOUNDARIES_FILE)
    shapes = site_data.geometry_data(boundaries)
    geometry = (
        data_script(site_data.GEO_NAME, shapes, site_data.GEO_DEFERRED),
        data_script_later(site_data.GEO_NAME, shapes, site_data.GEO_DEFERRED),
    )
    downloads.write(work, f"downloads/{downloads.PACKAGE_NAME}.zip", downloads.data_package_zip())
    for path in sorted(DATA_DIR.glob("*.csv")):
        downloads.write(work, f"downloads/data/{path.name}", path.read_bytes())
    chart_ids = site_charts.chart_ids()
    for lang in langs:
        _build_language(work, lang, boundaries, geometry, chart_ids, press_kit, accessed)
    root_preview = site_previews.root_preview(static_url()) if "es" in langs else None
    (work / "index.html").write_text(root_index(root_preview), encoding="utf-8")
    (work / NOT_FOUND_FILE).write_text(root_not_found(), encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    work.rename(out)
    report = BuildReport(out)
    for path in sorted(out.rglob("*")):
        if path.is_file():
            report.files[path.relative_to(out).as_posix()] = path.stat().st_size
    report.seconds = time.perf_counter() - started
    report.notes = build_notes()
    return report


def build_notes() -> list[str]:
    """What a build leaves out for want of a setting, said once per build (English, for the
    person building): the deck's QR code without ``ATLAS_STATIC_URL``."""
    return [] if atlas_address("en") else [t("site.build.no_qr", "en")]


def _build_language(
    root: Path,
    lang: str,
    boundaries,
    geometry: tuple[str, str],
    chart_ids: list[str],
    press_kit: bool,
    accessed: dt.date,
) -> None:
    from geo.exports import citation_text
    from geo.exports import press_kit as make_press_kit

    prepared = site_data.prepared_views(lang, boundaries)
    language = site_data.language_data(lang, prepared, boundaries)
    # The bundle, and its later part: the data no map draws before its departments, which the
    # explorer asks for once they are drawn (every other map page loads both).
    downloads.write(
        root,
        f"{ASSETS}/{site_data.map_bundle(lang)}",
        geometry[0]
        + data_script(site_data.DATA_NAME, language, site_data.DATA_DEFERRED)
        + own_asset("atlas-map.js"),
    )
    downloads.write(
        root,
        f"{ASSETS}/{site_data.map_bundle_later(lang)}",
        geometry[1] + data_script_later(site_data.DATA_NAME, language, site_data.DATA_DEFERRED),
    )
    folder = f"downloads/{lang}"
    # the press kit's view is the default view, whose images are written below too
    kit_view = downloads.image_view(*PRESS_KIT_VIEW, lang, boundaries)
    for view in prepared.values():
        for name, data in downloads.layer_files(view).items():
            downloads.write(root, f"{folder}/{name}", data)
        layer, measure = view.view.layer, view.view.measure
        shown = (
            kit_view
            if (layer, measure) == PRESS_KIT_VIEW
            else downloads.image_view(layer, measure, lang, boundaries)
        )
        for name, data in downloads.map_image_files(shown).items():
            downloads.write(root, f"{folder}/{name}", data)
    for name, data in downloads.chart_files(chart_ids, lang).items():
        downloads.write(root, f"{folder}/{name}", data)
    downloads.write(root, f"{folder}/CITATION.txt", citation_text(kit_view, accessed))
    if press_kit:
        kit, _omitted = make_press_kit(kit_view, lang, accessed=accessed)
        downloads.write(root, f"{folder}/{downloads.press_kit_name(kit_view)}", kit)
    sizes = {
        path.relative_to(root).as_posix(): path.stat().st_size
        for path in (root / "downloads").rglob("*")
        if path.is_file()
    }
    map_model = map_page(lang)  # the explorer and its view pages lay out one model
    pages = [
        home_page(lang),
        explorer_page(lang, prepared, map_model),
        deck_page(lang, prepared),
        site_charts.overview_page(lang),
        site_charts.routes_page(lang, boundaries),
        site_charts.justice_page(lang),
        downloads.downloads_page(
            lang, prepared, chart_ids, kit_view if press_kit else None, sizes, accessed
        ),
        embeds_page(
            lang,
            [(v.view.layer, v.view.measure, _view_title(v)) for v in prepared.values()],
            [(cid, site_charts.chart_title(cid, lang)) for cid in chart_ids],
        ),
    ]
    pages.append(not_found_site_page(lang))
    pages += [map_embed_page(lang, view) for view in prepared.values()]
    pages += [site_charts.chart_embed_page(cid, lang) for cid in chart_ids]
    pages += [
        explorer_page(lang, prepared, map_model, (v.view.layer, v.view.measure))
        for v in prepared.values()
    ]
    previews = site_previews.Previews(root, lang, prepared, boundaries)
    for page in pages:
        if page.file != NOT_FOUND_FILE:  # an address that names no page is shared by nobody
            previews.attach(page, static_url())
        downloads.write(root, f"{lang}/{page.file}", render(page))


def _view_title(prepared) -> str:
    text = prepared.text
    return text.title + (f" — {text.subtitle}" if text.subtitle else "")
