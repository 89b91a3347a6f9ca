"""The department profile: every figure the atlas holds about one department, each with its source."""

from __future__ import annotations

from dataclasses import dataclass, field

from geo import layers
from geo.i18n import format_number, format_percent, normalise_language, t
from geo.names import department_names
from geo.quality import HOW_TO_READ, findings_for_department, kind_label
from geo.routes import departments_crossed, route_lines
from geo.tables import read_table, source_text

# Departments whose unnamed judicial district has its own wording: Callao is a district of its own.
OWN_WORDING = {"07": "profile.complaints.among_rest.07"}


@dataclass(frozen=True)
class ProfileFigure:
    """One figure: what it is, its value as text (or why there is none), and where it comes from.

    ``unit`` follows the value where the label does not name it ("km²").
    """

    label: str
    value: str
    source: str
    reported: bool = True
    unit: str = ""


@dataclass(frozen=True)
class ProfileNote:
    """A data-quality finding about the department: its kind named, its words, its weight."""

    kind: str
    label: str
    text: str
    warning: bool  # an error in the report, not a reading note or a question


@dataclass
class Profile:
    """Everything about one department, in one language."""

    code: str
    name: str
    figures: list[ProfileFigure] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    notes: list[ProfileNote] = field(default_factory=list)


def _layer_figure(code: str, layer_id: str, lang: str) -> list[ProfileFigure]:
    spec = layers.LAYERS[layer_id]
    table = read_table(spec.table)
    row = table[table["department_code"] == code]
    label = t(f"profile.{layer_id}", lang)
    if row.empty:
        return [ProfileFigure(label, t("profile.not_reported", lang), "", reported=False)]
    source = source_text(row.iloc[0]["source_id"], lang)
    value = float(row.iloc[0][spec.value_column])
    out = [
        ProfileFigure(label, format_number(value, spec.decimals[spec.measures[0]], lang), source)
    ]
    if "per_100k" in spec.measures:
        rate = (
            layers.layer_values(layer_id, "per_100k")
            .set_index("department_code")
            .loc[code, "value"]
        )
        out.append(
            ProfileFigure(
                t(f"profile.{layer_id}.per_100k", lang),
                format_number(rate, 1, lang),
                f"{source}; {source_text('inei_population', lang)}",
            )
        )
    if "stated_pct" in row.columns and row.iloc[0]["stated_pct"] == row.iloc[0]["stated_pct"]:
        out.append(
            ProfileFigure(
                t(f"profile.{layer_id}.stated_pct", lang),
                format_percent(float(row.iloc[0]["stated_pct"]), 1, lang),
                source,
            )
        )
    return out


def user_figure(code: str, user, lang: str) -> ProfileFigure:
    """The figure of a user's uploaded layer (geo.views.UserLayer) for department ``code``."""
    values = user.values.set_index("department_code")
    value = values["value"].get(code)
    label = t("profile.user", lang, name=user.name)
    source = t("layer.upload.source", lang, source=user.source)
    if value is None or value != value:
        return ProfileFigure(label, t("profile.not_reported", lang), source, reported=False)
    return ProfileFigure(label, format_number(float(value), user.decimals, lang), source)


def department_profile(code: str, lang: str, boundaries=None) -> Profile:
    """The profile of the department with INEI ``code`` in ``lang``.

    ``boundaries`` (geo.boundaries.read_boundaries' frame) saves reading them again for each
    route: pass them when making many profiles.

    Raises
    ------
    KeyError
        When ``code`` is not an INEI code "01"-"25".
    """
    lang = normalise_language(lang)
    names = department_names()
    if code not in names:
        raise KeyError(f"unknown department code {code!r}: expected an INEI code from 01 to 25")
    profile = Profile(code, names[code])

    population = read_table("population").set_index("department_code").loc[code]
    profile.figures.append(
        ProfileFigure(
            t("profile.population", lang),
            format_number(float(population["pop_2010_est"]), 0, lang),
            source_text(population["source_id"], lang),
        )
    )
    area = read_table("areas_official").set_index("department_code").loc[code]
    profile.figures.append(
        ProfileFigure(
            t("profile.area", lang),
            format_number(float(area["area_km2"]), 0, lang),
            source_text(area["source_id"], lang),
            unit="km²",
        )
    )
    for layer_id in ("complaints", "origin", "poverty"):
        profile.figures.extend(_layer_figure(code, layer_id, lang))

    sites = read_table("destinations_and_sites")
    for row in sites[sites["department_code"] == code].itertuples():
        role = row.role_es if lang == "es" else row.role_en
        profile.places.append(f"{row.name_as_written}: {role}")

    lines = route_lines().set_index("route_id")
    for route_id in lines.index:
        if code in departments_crossed(route_id, boundaries):
            profile.routes.append(lines.loc[route_id, f"name_{lang}"])

    profile.notes = [
        ProfileNote(f.kind, kind_label(f.kind, lang), f.text(lang), f.severity == "warning")
        for f in findings_for_department(code)
        if f.severity != "ok"
    ]
    among_rest = _complaints_among_rest(code, lang)
    if among_rest:
        profile.notes.insert(
            0, ProfileNote(HOW_TO_READ, kind_label(HOW_TO_READ, lang), among_rest, False)
        )
    return profile


def _complaints_among_rest(code: str, lang: str) -> str:
    """For a department whose judicial district the report does not name: its complaints, if
    any, are among those the report does not place ("" for the five it names). Callao is a
    judicial district of its own; the message says so."""
    complaints = read_table("complaints_by_judicial_department")
    if code in set(complaints["department_code"]):
        return ""
    total = int(
        read_table("observatorio_totals").set_index("indicator_id").loc["complaints", "value"]
    )
    rest = total - int(complaints["complaints"].sum())
    key = "profile.complaints.among_rest"
    values = {
        "department": department_names()[code],
        "rest": format_number(rest, 0, lang),
        "total": format_number(total, 0, lang),
    }
    return t(OWN_WORDING.get(code, key), lang, **values)
