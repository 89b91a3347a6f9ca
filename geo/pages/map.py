"""The Map page's model: title, controls, hint, the map's words, each profile, what needs a server.

The live map page (``app_pages/map_page.py``, ``ui/profile.py``) and the static explorer
(``geo/site/explorer.py``, whose profiles ``explorer.js`` lays out from the data the page ships,
``geo.site.data``) show the same words. The map's own words (title, legend, source, caveat of each
view: :func:`map_words`) are the prepared view's (``geo.views.prepare_map``), drawn inside the map
by both editions.
What only the live atlas can do (a reader's own data as a layer, other boundaries, files made for
the exact view on a click) is named here; the static explorer says where to find it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geo.downloads import MAP_DOWNLOADS, download_name
from geo.i18n import format_list, format_number, normalise_language, t
from geo.layers import LAYERS, MEASURES
from geo.profile import Profile, ProfileFigure, department_profile
from geo.routes import ROUTE_IDS, route_names
from geo.views import PreparedMap

NOT_REPORTED_MARK = "—"  # the value shown for a figure the report does not give


@dataclass(frozen=True)
class Control:
    """A control's label and its options, (id, label) in the live app's order."""

    label: str
    options: tuple[tuple[str, str], ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for _id, label in self.options)


@dataclass(frozen=True)
class ProfileField:
    """One figure of a profile as it is shown.

    ``value`` is the figure in the reader's number format, or :data:`NOT_REPORTED_MARK`;
    ``unit`` follows it ("km²", or ""); ``note`` says why there is no figure ("not reported");
    ``source`` is the whole source line ("Source: INEI, …"), or "" when there is no figure.
    """

    label: str
    value: str
    unit: str
    note: str
    source: str

    @property
    def reported(self) -> bool:
        return not self.note

    @property
    def shown(self) -> str:
        """The value as both editions write it: "71,999 km²"."""
        return f"{self.value} {self.unit}" if self.unit else self.value


@dataclass(frozen=True)
class ProfileList:
    """A heading and its items; ``empty`` is written in their place when there are none."""

    heading: str
    items: tuple[str, ...]
    empty: str

    @property
    def lines(self) -> tuple[str, ...]:
        return self.items or (self.empty,)


@dataclass(frozen=True)
class ProfileNote:
    """A data-quality finding about the department; ``warning`` for an error in the report."""

    label: str
    text: str
    warning: bool

    @property
    def line(self) -> str:
        return f"{self.label}: {self.text}"


@dataclass(frozen=True)
class DepartmentProfile:
    """What the profile beside the map says about one department."""

    code: str
    name: str
    figures_heading: str
    fields: tuple[ProfileField, ...]
    places: ProfileList
    routes: ProfileList
    notes_heading: str
    notes: tuple[ProfileNote, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        """Every sentence and figure the profile shows, in reading order."""
        out = [self.name, self.figures_heading]
        for f in self.fields:
            out += [f.label, f.shown, f.note, f.source]
        for part in (self.places, self.routes):
            out += [part.heading, *part.lines]
        if self.notes:
            out += [self.notes_heading, *(note.line for note in self.notes)]
        return tuple(text for text in out if text)

    def as_data(self) -> dict:
        """The profile as the static edition ships it (JSON) for its script to lay out."""
        return {
            "name": self.name,
            "figuresHeading": self.figures_heading,
            "figures": [
                {"label": f.label, "value": f.shown, "note": f.note, "source": f.source}
                for f in self.fields
            ],
            "places": {"heading": self.places.heading, "lines": list(self.places.lines)},
            "routes": {"heading": self.routes.heading, "lines": list(self.routes.lines)},
            "notesHeading": self.notes_heading,
            "notes": [{"text": n.line, "warning": n.warning} for n in self.notes],
        }


@dataclass(frozen=True)
class MapWords:
    """The words drawn inside the map for a view (its prepared ``MapText``): title, legend with
    its classes, source and caveat, and the buttons that fold the legend and the source box."""

    title: str
    subtitle: str
    legend_summary: str
    legend_title: str
    classes: tuple[str, ...]
    not_reported: str
    routes_title: str
    places_title: str
    water: str
    source_summary: str
    source: str
    caveat: str
    extra: tuple[str, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        """Every word of the map's boxes, in reading order."""
        out = [self.title, self.subtitle, self.legend_summary, self.legend_title, *self.classes]
        out += [self.not_reported, self.routes_title, self.places_title, self.water]
        out += [self.source_summary, self.source, self.caveat, *self.extra]
        return tuple(text for text in out if text)


def map_words(prepared: PreparedMap) -> MapWords:
    """The words both editions draw inside the map of a prepared view (``geo.views.prepare_map``)."""
    text = prepared.text
    return MapWords(
        title=text.title,
        subtitle=text.subtitle,
        legend_summary=text.legend_summary,
        legend_title=text.legend_title,
        classes=tuple(prepared.class_labels),
        not_reported=text.not_reported,
        routes_title=text.routes_title,
        places_title=text.places_title,
        water=text.water,
        source_summary=text.source_summary,
        source=text.source,
        caveat=text.caveat,
        extra=tuple(text.extra),
    )


@dataclass(frozen=True)
class ServerPart:
    """Something only the live atlas can do, named for the reader."""

    part_id: str
    label: str


@dataclass(frozen=True)
class DownloadLink:
    """One of the map's downloads: its kind (``geo.downloads.MAP_DOWNLOADS``), label and file
    suffix, and whether the static edition has it (made when the site is built, for the view with
    its six routes) or only the live app (made on a click for the exact view)."""

    kind: str
    label: str
    suffix: str
    static: bool


@dataclass(frozen=True)
class ShareWords:
    """The share button's words: its heading, its two actions (copy the view's address, copy its
    embed code), what each says once done, what it says when it could only select the text (no
    clipboard), and the label of the text field it falls back on."""

    heading: str
    link: str
    embed: str
    link_copied: str
    embed_copied: str
    selected: str
    field: str


def share_words(lang: str) -> ShareWords:
    """The share button's words in ``lang``."""
    return ShareWords(
        *(
            t(f"map.share.{part}", lang)
            for part in ("heading", "link", "embed", "link_copied", "embed_copied")
        ),
        selected=t("map.share.selected", lang),
        field=t("map.share.field", lang),
    )


@dataclass(frozen=True)
class TableRow:
    """One department in the table of a view: its code and name, its value as shown (or the
    words for no figure), the number to sort by (None: not reported, sorted as the lowest) and its class
    on the map (the legend's label of its colour, or the words for no figure)."""

    code: str
    department: str
    value: str
    number: float | None
    map_class: str


@dataclass(frozen=True)
class ViewTable:
    """The table of a map view, as both editions lay it out beside the map: its caption (the
    map's title and measure), the headers (department, the value in the view's unit, the class
    on the map), one row per department in code order, the map's source and caveat lines, the
    help on sorting, and the view's CSV (the map's own CSV download, ``geo.downloads``)."""

    caption: str
    headers: tuple[str, str, str]
    rows: tuple[TableRow, ...]
    source: str
    caveat: str
    sort_help: str
    csv_label: str
    csv_name: str

    @property
    def texts(self) -> tuple[str, ...]:
        """The words around the table (its cells apart), in reading order."""
        return tuple(x for x in (self.caption, self.source, self.caveat, self.sort_help) if x)

    def as_data(self) -> dict:
        """The table as the static explorer ships it, for its script to lay out: the rows in the
        order of ``ATLAS_DATA.departmentCodes`` (code order), each [value, number, class], the
        department's name being the explorer's list's."""
        return {
            "caption": self.caption,
            "headers": list(self.headers),
            "rows": [[r.value, r.number, r.map_class] for r in self.rows],
            "source": self.source,
            "caveat": self.caveat,
            "sortHelp": self.sort_help,
        }


def view_table(prepared: PreparedMap) -> ViewTable:
    """The table of a prepared view (``geo.views.prepare_map``): each department's value in the
    decimals its profile shows (a report layer's own, ``geo.layers.LAYERS``), in the reader's
    format, and its class on the map; the source and caveat are the map's."""
    view, text = prepared.view, prepared.text
    lang = view.lang
    spec = LAYERS.get(view.layer)
    decimals = spec.decimals[view.measure] if spec is not None else prepared.decimals
    classes = prepared.classification
    rows = []
    for row in prepared.values.itertuples():
        missing = row.value is None or math.isnan(row.value)
        number = None if missing else float(row.value)
        rows.append(
            TableRow(
                code=row.department_code,
                department=row.department,
                value=text.not_reported if missing else format_number(number, decimals, lang),
                number=number,
                map_class=text.not_reported
                if missing or classes is None
                else prepared.class_labels[classes.class_of(number)],
            )
        )
    return ViewTable(
        caption=f"{text.title} — {text.subtitle}" if text.subtitle else text.title,
        headers=(
            t("site.explorer.department", lang),
            text.legend_title,
            t("map.table.class", lang),
        ),
        rows=tuple(rows),
        source=text.source,
        caveat=text.caveat,
        sort_help=t("map.table.sort_help", lang),
        csv_label=t("exports.csv", lang),
        csv_name=download_name("csv", prepared),
    )


# The downloads the static edition builds for every layer, measure and language.
STATIC_DOWNLOADS = ("csv", "geojson", "png", "svg")


@dataclass(frozen=True)
class MapPage:
    """The Map page's words, in one language (profiles: :func:`profile_model`)."""

    lang: str
    title: str
    hint: str  # under the map: a click opens a profile; routes are schematic
    layer: Control
    measure: Control  # every measure; a layer offers some (``measures_of``)
    routes: Control
    choose: str  # the department list's label
    placeholder: str  # before a department is chosen
    downloads_heading: str  # "Download this map"
    downloads_help: str  # the live page's: each file made on a click for the exact view
    downloads: tuple[DownloadLink, ...]
    downloads_note: str  # the static explorer's: its images show the six routes; the rest
    downloads_more: str  # ...and its link to every download (the Data page)
    server_parts: tuple[ServerPart, ...]
    elsewhere: str  # the static explorer's note naming server_parts and where to find files
    elsewhere_link: str  # the note's link to the Downloads page
    profile_heading: str  # the static profile column's heading (for screen readers)
    tabs: Control  # the map and the table of the view: ("map", "Mapa"), ("table", "Tabla")
    share: ShareWords  # the share button's words
    skip_map: str  # the link that jumps past the map to the department list

    def measure_ids(self, layer_id: str) -> tuple[str, ...]:
        """The measures ``layer_id`` offers, in order (the first is its default)."""
        offered = LAYERS[layer_id].measures
        return tuple(m for m, _label in self.measure.options if m in offered)

    @property
    def elsewhere_line(self) -> str:
        """The static note as it reads, link included."""
        return f"{self.elsewhere} {self.elsewhere_link}"

    @property
    def needs_server(self) -> frozenset[str]:
        """The texts only the live edition shows: its downloads' help (each file made on a click
        for the exact view) and the downloads only a server makes (the offline interactive map,
        the press kit of the exact view)."""
        server_only = {d.label for d in self.downloads if not d.static}
        return frozenset({self.downloads_help, *server_only})

    @property
    def static_only(self) -> frozenset[str]:
        """The texts only the static edition shows as text: its note on what needs a server and
        the profile column's heading; and the link past the map, which the live page draws as
        HTML of its own (not one of Streamlit's text elements the comparison reads)."""
        return frozenset(
            {
                self.elsewhere_line,
                f"{self.downloads_note} {self.downloads_more}",
                self.profile_heading,
                self.skip_map,
            }
        )


SERVER_PARTS = ("upload", "boundaries", "downloads")
MAP_TABS = ("map", "table")  # the Map page's tabs: the map first, then the table of the view


def map_page(lang: str) -> MapPage:
    """The Map page's words in ``lang`` (``"es"`` or ``"en"``)."""
    lang = normalise_language(lang)
    parts = tuple(ServerPart(p, t(f"map.server.{p}", lang)) for p in SERVER_PARTS)
    names = route_names(lang)
    return MapPage(
        lang=lang,
        title=t("map.page_title", lang),
        hint=t("map.click_hint", lang),
        layer=Control(t("map.layer", lang), tuple((i, t(f"layer.{i}", lang)) for i in LAYERS)),
        measure=Control(
            t("map.measure", lang), tuple((m, t(f"measure.{m}", lang)) for m in MEASURES)
        ),
        routes=Control(t("map.routes", lang), tuple((r, names[r]) for r in ROUTE_IDS)),
        choose=t("profile.choose", lang),
        placeholder=t("profile.placeholder", lang),
        downloads_heading=t("exports.heading", lang),
        downloads_help=t("exports.help", lang),
        downloads=tuple(
            DownloadLink(d.kind, t(d.label_key, lang), d.suffix, d.kind in STATIC_DOWNLOADS)
            for d in MAP_DOWNLOADS
        ),
        downloads_note=t("site.explorer.downloads_note", lang),
        downloads_more=t("site.explorer.more_downloads", lang),
        server_parts=parts,
        elsewhere=t("map.needs_server", lang, parts=format_list([p.label for p in parts], lang)),
        elsewhere_link=t("map.needs_server.link", lang),
        profile_heading=t("site.explorer.profile", lang),
        tabs=Control(t("map.tabs", lang), tuple((i, t(f"map.tab.{i}", lang)) for i in MAP_TABS)),
        share=share_words(lang),
        skip_map=t("map.skip_map", lang),
    )


def profile_field(figure: ProfileFigure, lang: str) -> ProfileField:
    """A figure of ``geo.profile`` (a user's own figure too) as both editions show it."""
    if not figure.reported:
        return ProfileField(figure.label, NOT_REPORTED_MARK, "", figure.value, "")
    source = f"{t('common.source', lang)}: {figure.source}" if figure.source else ""
    return ProfileField(figure.label, figure.value, figure.unit, "", source)


def profile_model(profile: Profile, lang: str) -> DepartmentProfile:
    """A department's profile (``geo.profile.Profile``) as both editions show it."""
    lang = normalise_language(lang)
    fields = tuple(profile_field(fig, lang) for fig in profile.figures)
    none = t("profile.none", lang)
    return DepartmentProfile(
        code=profile.code,
        name=profile.name,
        figures_heading=t("profile.figures", lang),
        fields=fields,
        places=ProfileList(t("profile.places", lang), tuple(profile.places), none),
        routes=ProfileList(t("profile.routes", lang), tuple(profile.routes), none),
        notes_heading=t("profile.notes", lang),
        notes=tuple(ProfileNote(n.label, n.text, n.warning) for n in profile.notes),
    )


def department_page(code: str, lang: str, boundaries=None) -> DepartmentProfile:
    """The profile of department ``code`` (INEI "01"-"25") as both editions show it.

    Raises
    ------
    KeyError
        When ``code`` is not an INEI department code (geo.profile.department_profile).
    """
    return profile_model(department_profile(code, lang, boundaries), lang)
