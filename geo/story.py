"""The presenter's story: the report's findings as eight steps, each with its words and a visual.

Every figure a step quotes is read from the data tables and formatted in the step's language; the
catalogue's strings only hold placeholders. Maps are framed once on Peru and cannot be panned or
zoomed, so that every presenter shows the same picture.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import folium
from branca.element import Element

from geo import layers
from geo.i18n import (
    format_count,
    format_list,
    format_number,
    format_percent,
    normalise_language,
    t,
)
from geo.maps import LEAFLET_URL, PERU_BOUNDS, add_script, document_html
from geo.names import department_names
from geo.quality import notes_for
from geo.routes import ROUTE_IDS
from geo.tables import read_table
from geo.views import MapView, PreparedMap, interactive_map, prepare_map

STEPS = ("scale", "victims", "complaints", "origin", "routes", "poverty", "justice", "conclusions")
STEP_COUNT = len(STEPS)
ADULT_AGE = 18  # Peru's age of majority: victims below it are girls and adolescents
PER_BASE = 100_000  # the base of geo.layers.per_100k
# Leaflet interactions switched off so that the framing stays fixed (tooltips still show on hover).
FIXED_MAP_OPTIONS = {
    "dragging": False,
    "touch_zoom": False,
    "scroll_wheel_zoom": False,
    "double_click_zoom": False,
    "box_zoom": False,
    "keyboard": False,
    # no animated zoom: its end would move the map back to the first framing, after the framing
    # beside the legend (STORY_MAP_JS) that a resize or the legend's opening asked for
    "zoom_animation": False,
}
# The story's maps are shown to a room: their legend is open on any frame at least
# geo.maps.NARROW_MAP_PX wide and set at 14 px or more (16 px in a frame of projector size,
# 1920x1080: about 780x870), and Peru is framed beside it (STORY_MAP_JS), so that no box covers
# a route or a department. The map's title, source and caveat are written around the frame by
# the story's page (ui.story, the deck), as a chart step's are: a frame beside the presenter's
# words (424 x 400 px at 1280x720 with the sidebar) holds Peru and its legend, not them too.
# The deck (site.css, .step-map) follows the same.
FIXED_MAP_CSS = """<style>.leaflet-control-zoom{display:none}.leaflet-container{cursor:default}
.leaflet-container .atlas-title,.leaflet-container .atlas-source,.leaflet-control-scale{display:none}
.leaflet-container .atlas-box{font-size:14px;line-height:1.3}
.leaflet-container .atlas-title h2{font-size:17px}
.leaflet-container .atlas-title p,.leaflet-container details.atlas-box>summary,
.leaflet-container .atlas-legend h3,.leaflet-container .atlas-legend .routes .row,
.leaflet-container .atlas-source{font-size:14px}
.leaflet-container .atlas-legend,.leaflet-container .atlas-source{width:230px}
.leaflet-container .atlas-legend .row{margin:0}
@media (min-width:700px) and (min-height:700px){
.leaflet-container .atlas-box{font-size:16px;max-width:420px}
.leaflet-container .atlas-title h2{font-size:21px}
.leaflet-container .atlas-title p,.leaflet-container details.atlas-box>summary,
.leaflet-container .atlas-legend h3,.leaflet-container .atlas-legend .routes .row,
.leaflet-container .atlas-source{font-size:16px}
.leaflet-container .atlas-source,.leaflet-container .atlas-legend{width:310px}
.leaflet-container .atlas-legend .sw{width:22px;height:15px}
}</style>"""
# In a story map's frame: Peru framed right of the legend and source column and below the title,
# as wide as those boxes are (their type is larger than the map page's), again whenever the frame
# is resized or a box folded or opened; and the presenter's keys, pressed after a click in the
# map (which moves the focus into this frame), handed to the story's page (ui.story.KEYS_JS).
STORY_MAP_JS = """
(function () {
  var c = map.getContainer();
  function beside() {
    // the frame's size now, without Leaflet's pan that keeps the old centre (it would move
    // Peru back under the boxes once this framing is done)
    map.invalidateSize({pan: false});
    var size = map.getSize(), left = 0, top = 0;
    if (!size.x || !size.y) return;
    c.querySelectorAll('.leaflet-bottom.leaflet-left .atlas-box').forEach(function (b) {
      left = Math.max(left, b.offsetLeft + b.offsetWidth);
    });
    var title = c.querySelector('.leaflet-top.leaflet-left .atlas-box');
    if (title) top = title.offsetTop + title.offsetHeight;
    if (left + 24 >= size.x || top + 24 >= size.y) return;
    map.fitBounds(BOUNDS, {paddingTopLeft: [left + 10, top + 6], paddingBottomRight: [8, 8],
                           animate: false});
  }
  // after the map's own handlers of the same resize (its framing by the rule, its folds)
  function soon() { setTimeout(beside, 0); }
  beside();
  map.on('resize', soon);
  c.addEventListener('toggle', soon, true);
  var KEYS = ['ArrowRight', 'ArrowLeft', ' ', 'PageDown', 'PageUp', 'Home', 'End', 'p', 'P'];
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || window.parent === window) return;
    if (KEYS.indexOf(event.key) < 0) return;
    event.preventDefault();
    window.parent.postMessage({atlasStoryKey: event.key}, '*');
  });
})();
"""


@dataclass(frozen=True)
class StoryStep:
    """One step of the story, in one language (plain text: the page escapes it)."""

    number: int  # 1-based
    step_id: str
    title: str
    body: str
    note: str = ""  # a caveat shown beside the finding
    chart: str | None = None  # a geo.charts.CHARTS id
    view: MapView | None = None  # the map to show, framed on Peru
    items: tuple[str, ...] = field(default_factory=tuple)  # numbered items (the conclusions)


# --- the step in the URL ----------------------------------------------------------------------


def parse_step(raw: object) -> tuple[int, bool]:
    """The 1-based step a ``?step=`` value asks for, and whether the value was valid.

    ``None`` (no parameter) is step 1 and valid; anything that is not a whole number from 1 to
    :data:`STEP_COUNT` is step 1 and invalid.
    """
    if raw is None:
        return 1, True
    text = str(raw).strip()
    # Length first: int() of thousands of digits is refused by Python (and slow before that).
    if len(text) <= 3 and text.isdigit() and text.isascii() and 1 <= int(text) <= STEP_COUNT:
        return int(text), True
    return 1, False


# --- formatting -------------------------------------------------------------------------------


def _n(value: float, lang: str, decimals: int = 0) -> str:
    return format_number(float(value), decimals, lang)


def _pct(value: float, lang: str, decimals: int = 1) -> str:
    return format_percent(float(value), decimals, lang)


def _decimals(value: float) -> int:
    """Decimals as the report prints a percentage (59.44 -> 2, 81.6 -> 1, 50 -> 0)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return len(text.partition(".")[2])


def month_year(period: str, lang: str) -> str:
    """``"2004-01"`` as ``"enero de 2004"`` (es) or ``"January 2004"`` (en).

    Raises
    ------
    ValueError
        When ``period`` is not ``YYYY-MM``.
    """
    year, _, month = str(period).partition("-")
    if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        raise ValueError(f"period {period!r} is not a month: expected YYYY-MM, e.g. '2004-01'")
    name = t("story.months", lang).split(",")[int(month) - 1].strip()
    return t("story.month_year", lang, month=name, year=year)


def _indicator(table: str, indicator_id: str) -> tuple[float, str]:
    """(value, qualifier) of one indicator row; the qualifier is "" when the cell is empty."""
    frame = read_table(table).set_index("indicator_id")
    if indicator_id not in frame.index:
        raise KeyError(
            f"indicator {indicator_id!r} is not in {table}.csv: expected one of "
            f"{', '.join(frame.index)}"
        )
    row = frame.loc[indicator_id]
    qualifier = row.get("qualifier")
    if qualifier is None or (isinstance(qualifier, float) and math.isnan(qualifier)):
        return float(row["value"]), ""
    return float(row["value"]), str(qualifier).strip()


def _noted(note: str, message_key: str, lang: str) -> str:
    """A step's ``note`` followed by the note of every finding that disputes a figure, or
    questions a claim, that the message ``message_key`` quotes (geo.quality.notes_for)."""
    return " ".join(part for part in (note, *notes_for(message_key, lang)) if part)


def _qualified(text: str, qualifier: str, lang: str) -> str:
    """``text`` with the report's qualifier ("more than", "up to") in the language."""
    if not qualifier:
        return text
    return t(f"story.qualifier.{qualifier.replace(' ', '_')}", lang, value=text)


def _ranked(table: str, column: str, lang: str) -> tuple[list[str], float, str, str]:
    """(["Cusco (53)", ...] in the report's order, their total, first code, first name)."""
    frame = read_table(table).sort_values(column, ascending=False, kind="stable")
    names = department_names()
    items = [
        f"{names[r.department_code]} ({_n(getattr(r, column), lang)})" for r in frame.itertuples()
    ]
    first = frame.iloc[0]["department_code"]
    return items, float(frame[column].sum()), first, names[first]


# --- the steps --------------------------------------------------------------------------------


def _scale(lang: str) -> dict:
    table = read_table("reta_purposes").set_index("purpose_id")
    everything = table.loc["all"]
    sexual, labour = table.loc["sexual_exploitation"], table.loc["labour_exploitation"]
    return {
        "body": t(
            "story.scale.body",
            lang,
            start=month_year(everything["period_start"], lang),
            end=month_year(everything["period_end"], lang),
            complaints=_n(everything["complaints"], lang),
            sexual=_n(sexual["complaints"], lang),
            sexual_pct=_pct(sexual["stated_pct"], lang, _decimals(sexual["stated_pct"])),
            labour=_n(labour["complaints"], lang),
            labour_pct=_pct(labour["stated_pct"], lang, _decimals(labour["stated_pct"])),
        ),
        "title": t("story.scale.title", lang, complaints=_n(everything["complaints"], lang)),
        "note": _noted(t("story.scale.note", lang), "story.scale.body", lang),
        "chart": "purposes",
    }


def _victims(lang: str) -> dict:
    ages = read_table("reta_women_victims_by_age")
    total = ages[ages["age_group"] == "all"].iloc[0]
    groups = ages[ages["age_group"] != "all"].sort_values("age_min")
    minors = groups[groups["age_max"] < ADULT_AGE]["victims"].sum()
    items = [
        t(
            "story.victims.age_item",
            lang,
            victims=_n(g.victims, lang),
            age_min=g.age_min,
            age_max=g.age_max,
        )
        for g in groups.itertuples()
    ]
    totals = read_table("observatorio_totals").set_index("indicator_id")
    share, _ = _indicator("observatorio_totals", "female_victims_share")
    victims, _ = _indicator("observatorio_totals", "victims")
    return {
        "title": t("story.victims.title", lang),
        "body": t(
            "story.victims.body",
            lang,
            women=_n(total["victims"], lang),
            minors=_n(minors, lang),
            adult_age=ADULT_AGE,
            ages=format_list(items, lang),
            start=month_year(totals.loc["female_victims_share", "period_start"], lang),
            end=month_year(totals.loc["female_victims_share", "period_end"], lang),
            female_share=_pct(share, lang, _decimals(share)),
            victims=_n(victims, lang),
        ),
        "note": _noted("", "story.victims.body", lang),
        "chart": "age_groups",
    }


def _top_rate(layer_id: str, lang: str) -> tuple[str, str]:
    """(department, its rate per 100,000 as text) of the highest rate of a count layer."""
    rates = layers.layer_values(layer_id, "per_100k").dropna(subset=["value"])
    top = rates.sort_values("value", ascending=False, kind="stable").iloc[0]
    decimals = layers.LAYERS[layer_id].decimals["per_100k"]
    return department_names()[top["department_code"]], _n(top["value"], lang, decimals)


def _complaints(lang: str) -> dict:
    totals = read_table("observatorio_totals").set_index("indicator_id")
    complaints, _ = _indicator("observatorio_totals", "complaints")
    share, qualifier = _indicator("observatorio_totals", "top5_complaints_share")
    items, top_total, _, first = _ranked("complaints_by_judicial_department", "complaints", lang)
    rate_dept, rate = _top_rate("complaints", lang)
    return {
        "title": t("story.complaints.title", lang),
        "body": t(
            "story.complaints.body",
            lang,
            start=month_year(totals.loc["complaints", "period_start"], lang),
            end=month_year(totals.loc["complaints", "period_end"], lang),
            complaints=_n(complaints, lang),
            n_top=format_count(len(items), lang),
            top_items=format_list(items, lang),
            top_total=_n(top_total, lang),
            top_share=_qualified(_pct(share, lang, _decimals(share)), qualifier, lang),
            first=first,
            rate_dept=rate_dept,
            rate=rate,
            per_base=_n(PER_BASE, lang),
        ),
        "note": _noted(
            t("story.complaints.note", lang, n_top=format_count(len(items), lang)),
            "story.complaints.body",
            lang,
        ),
        "view": MapView("complaints", "count", (), None, lang),
    }


def _origin(lang: str) -> dict:
    victims, _ = _indicator("observatorio_totals", "victims")
    share, qualifier = _indicator("observatorio_totals", "top6_origin_share")
    items, top_total, _, first = _ranked("victims_by_origin", "victims", lang)
    names = department_names()
    origins = list(dict.fromkeys(read_table("victims_by_origin")["department_code"]))
    filed = set(read_table("complaints_by_judicial_department")["department_code"])
    both = [names[code] for code in origins if code in filed]
    body = t(
        "story.origin.body",
        lang,
        victims=_n(victims, lang),
        n_top=format_count(len(items), lang),
        top_items=format_list(items, lang),
        top_total=_n(top_total, lang),
        top_share=_qualified(_pct(share, lang, _decimals(share)), qualifier, lang),
        first=first,
    )
    if both:
        body += " " + t("story.origin.both", lang, departments=format_list(both, lang))
    return {
        "title": t("story.origin.title", lang),
        "body": body,
        "note": _noted(
            t("story.origin.note", lang, n_top=format_count(len(items), lang)),
            "story.origin.body",
            lang,
        ),
        "view": MapView("origin", "count", (), None, lang),
    }


def _routes(lang: str) -> dict:
    routes = read_table("routes")
    places = read_table("places").set_index("place_id")["place"]
    names = list(routes[f"name_{lang}"])
    destinations = [str(d).split(";") for d in routes["destinations"]]
    widest = max(range(len(routes)), key=lambda i: len(destinations[i]))
    return {
        "title": t("story.routes.title", lang, n=format_count(len(routes), lang)),
        "body": t(
            "story.routes.body",
            lang,
            n=format_count(len(routes), lang),
            names=format_list(names, lang),
            widest=names[widest],
            n_destinations=format_count(len(destinations[widest]), lang),
            destinations=format_list([places.get(p, p) for p in destinations[widest]], lang),
        ),
        "note": t("story.routes.note", lang),
        "view": MapView(
            "complaints",
            "count",
            tuple(r for r in ROUTE_IDS if r in set(routes["route_id"])),
            None,
            lang,
        ),
    }


def _poverty(lang: str) -> dict:
    poverty = read_table("poverty_2010_as_cited").sort_values("poverty_rate_pct", kind="stable")
    names = department_names()
    low, high = poverty.iloc[0], poverty.iloc[-1]
    complaints = read_table("complaints_by_judicial_department")
    top_complaints = complaints.sort_values("complaints", ascending=False, kind="stable").iloc[0][
        "department_code"
    ]
    body = t(
        "story.poverty.body",
        lang,
        n=format_count(len(poverty), lang),
        low_dept=names[low["department_code"]],
        low=_pct(low["poverty_rate_pct"], lang),
        high_dept=names[high["department_code"]],
        high=_pct(high["poverty_rate_pct"], lang),
    )
    if top_complaints == low["department_code"]:
        body += " " + t("story.poverty.paradox", lang, department=names[top_complaints])
    return {
        "title": t("story.poverty.title", lang),
        "body": body,
        "note": _noted(
            t(
                "story.poverty.note",
                lang,
                n=format_count(len(poverty), lang),
                missing=_n(len(names) - len(poverty), lang),
            ),
            "story.poverty.body",
            lang,
        ),
        "view": MapView("poverty", "pct", (), None, lang),
    }


def _justice(lang: str) -> dict:
    value = {
        key: _indicator("justice", key)
        for key in (
            "cases_investigated",
            "cases_brought_to_judiciary",
            "traffickers_convicted",
            "max_sentence_imposed_years",
            "last_year_cases_registered",
            "last_year_convictions",
        )
    }
    sentence, qualifier = value["max_sentence_imposed_years"]
    return {
        "title": t("story.justice.title", lang),
        "body": t(
            "story.justice.body",
            lang,
            investigated=_n(value["cases_investigated"][0], lang),
            judiciary=_n(value["cases_brought_to_judiciary"][0], lang),
            convicted=_n(value["traffickers_convicted"][0], lang),
            sentence=_qualified(t("story.years", lang, years=_n(sentence, lang)), qualifier, lang),
            last_registered=_n(value["last_year_cases_registered"][0], lang),
            last_convictions=_n(value["last_year_convictions"][0], lang),
        ),
        "note": _noted("", "story.justice.body", lang),
        "chart": "justice_funnel",
    }


def conclusions(lang: str) -> list[str]:
    """The report's conclusions in order: its own words (en) or the atlas's translation (es)."""
    table = read_table("conclusions").sort_values("number")
    return [str(text) for text in table[f"text_{normalise_language(lang)}"]]


def _conclusions(lang: str) -> dict:
    items = conclusions(lang)
    return {
        "title": t("story.conclusions.title", lang),
        "body": t("story.conclusions.body", lang, n=format_count(len(items), lang)),
        "note": t("story.conclusions.note", lang),
        "items": tuple(items),
    }


_BUILDERS = {
    "scale": _scale,
    "victims": _victims,
    "complaints": _complaints,
    "origin": _origin,
    "routes": _routes,
    "poverty": _poverty,
    "justice": _justice,
    "conclusions": _conclusions,
}


def story_step(number: int, lang: str) -> StoryStep:
    """Step ``number`` (1-based) of the story in ``lang``.

    Raises
    ------
    ValueError
        When ``number`` is not a whole number from 1 to :data:`STEP_COUNT`.
    """
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= STEP_COUNT:
        raise ValueError(f"story step {number!r} does not exist: expected 1 to {STEP_COUNT}")
    lang = normalise_language(lang)
    step_id = STEPS[number - 1]
    return StoryStep(number=number, step_id=step_id, **_BUILDERS[step_id](lang))


# --- the fixed map ----------------------------------------------------------------------------


def fixed_map(prepared: PreparedMap, leaflet_url: str = LEAFLET_URL) -> folium.Map:
    """The atlas map of ``prepared``, framed on Peru, with panning and zooming switched off."""
    fmap = interactive_map(prepared, leaflet_url=leaflet_url)
    fmap.options.update(FIXED_MAP_OPTIONS)
    fmap.get_root().header.add_child(Element(FIXED_MAP_CSS), name="atlas_fixed_map")
    add_script(fmap, STORY_MAP_JS.replace("BOUNDS", json.dumps(PERU_BOUNDS)))
    return fmap


def story_map_html(view: MapView, leaflet_url: str = LEAFLET_URL, boundaries=None) -> str:
    """The fixed map of ``view`` as one HTML page that loads Leaflet from ``leaflet_url``."""
    return fixed_map_html(prepare_map(view, boundaries=boundaries), leaflet_url)


def fixed_map_html(prepared: PreparedMap, leaflet_url: str = LEAFLET_URL) -> str:
    """The fixed map of a prepared view as a whole HTML document, with its title and language."""
    return document_html(fixed_map(prepared, leaflet_url), prepared.text.title, prepared.view.lang)
