"""The atlas's Spanish and English strings: the one catalogue, and the function that reads it."""

from __future__ import annotations

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"

# Each key maps to {"es": ..., "en": ...}; str.format placeholders are allowed.
# Sections are anchors so that several people can add keys without touching each other's lines.
MESSAGES: dict[str, dict[str, str]] = {
    # --- common ---
    "app.title": {"es": "Atlas de la trata de personas en el Perú", "en": "Peru Trafficking Atlas"},
    "common.language": {"es": "Idioma", "en": "Language"},
    "common.source": {"es": "Fuente", "en": "Source"},
    "common.not_reported": {"es": "No reportado", "en": "Not reported"},
    # --- data ---
    "data.title": {"es": "Datos y fuentes", "en": "Data & sources"},
    "data.intro": {
        "es": "Cada cifra del atlas está en una tabla con su fuente. Las tablas forman un paquete de"
        " datos Frictionless (`datapackage.json`) con un archivo de procedencia (productor, título,"
        " fecha, URL, licencia, sección del informe, sha256 de cada archivo).",
        "en": "Every figure in the atlas is in a table with its source. The tables form a"
        " Frictionless data package (`datapackage.json`) with a provenance file (producer, title,"
        " date, URL, licence, report section, sha256 of every file).",
    },
    "data.tab.tables": {"es": "Tablas", "en": "Tables"},
    "data.tab.quality": {"es": "Calidad de los datos", "en": "Data quality"},
    "data.tab.upload": {"es": "Sus datos", "en": "Your data"},
    "data.tab.cite": {"es": "Citar e insertar", "en": "Cite & embed"},
    "data.table": {"es": "Tabla", "en": "Table"},
    "data.sources": {"es": "Fuentes de sus filas", "en": "Sources of its rows"},
    "data.file_record": {
        "es": "sha256 {sha}…; cómo se obtuvo: {derivation}",
        "en": "sha256 {sha}…; how it was made: {derivation}",
    },
    "data.download_csv": {"es": "Descargar {name}.csv", "en": "Download {name}.csv"},
    "data.download_package": {
        "es": "Descargar el paquete de datos completo (ZIP)",
        "en": "Download the whole data package (ZIP)",
    },
    "data.quality_intro": {
        "es": "El atlas no confía en la aritmética del informe: recalcula cada porcentaje a partir"
        " de sus cifras. Donde el porcentaje declarado implica otro denominador, lo dice.",
        "en": "The atlas does not trust the report's arithmetic: it recomputes every percentage"
        " from its counts. Where a stated percentage implies another denominator, it says so.",
    },
    "data.citation": {"es": "Cita sugerida", "en": "Suggested citation"},
    "data.citation_text": {
        "es": "Comisión de Derechos Humanos, Clínica Jurídica de Acciones de Interés Público,"
        " Pontificia Universidad Católica del Perú (2011). Informe sobre la trata de personas en el"
        " Perú, especialmente de mujeres y niñas, al Comité de Derechos Económicos, Sociales y"
        " Culturales de la ONU (E/C.12/PER/Q/2-4). Lima, 29 de noviembre de 2011. Visualizado en:"
        " Atlas de la trata de personas en el Perú (2026).",
        "en": "Human Rights Commission, Legal Clinic of Public Interest, Pontificia Universidad"
        " Católica del Perú (2011). Report on trafficking in persons in Peru, especially women and"
        " children, to the UN Committee on Economic, Social and Cultural Rights (E/C.12/PER/Q/2-4)."
        " Lima, 29 November 2011. Visualised in: Peru Trafficking Atlas (2026).",
    },
    "data.embed": {"es": "Insertar en otra página", "en": "Embed in another page"},
    "data.embed_help": {
        "es": "Copie este código: muestra la vista actual del mapa (o un gráfico) sin menús."
        " Cambie la vista en la página Mapa y vuelva aquí para actualizarlo.",
        "en": "Copy this code: it shows the current map view (or a chart) without menus."
        " Change the view on the Map page and come back here to update it.",
    },
    # --- map ---
    "layer.complaints": {"es": "Denuncias", "en": "Complaints"},
    "layer.origin": {"es": "Víctimas por origen", "en": "Victims by origin"},
    "layer.poverty": {"es": "Pobreza (según el informe)", "en": "Poverty (as cited)"},
    "layer.upload": {"es": "Sus datos", "en": "Your data"},
    "layer.complaints.title": {
        "es": "Denuncias por trata de personas por distrito fiscal, dic. 2009 – dic. 2010",
        "en": "Trafficking complaints by judicial district, Dec 2009 – Dec 2010",
    },
    "layer.origin.title": {
        "es": "Víctimas de trata por departamento de origen, dic. 2009 – dic. 2010",
        "en": "Trafficking victims by department of origin, Dec 2009 – Dec 2010",
    },
    "layer.poverty.title": {
        "es": "Tasa de pobreza 2010 según la cita del informe",
        "en": "Poverty rate 2010 as cited by the report",
    },
    "layer.upload.title": {"es": "Sus datos: {name}", "en": "Your data: {name}"},
    "layer.complaints.source": {
        "es": "Fuente: Observatorio de Criminalidad del Ministerio Público, en Clínica Jurídica"
        " PUCP (2011), informe al CDESC, «Situación en cifras a nivel regional».",
        "en": "Source: Public Prosecutor's Observatorio de Criminalidad, in PUCP Legal Clinic"
        " (2011), report to the CESCR, \u201cSituation in numbers at a regional level\u201d.",
    },
    "layer.origin.source": {
        "es": "Fuente: Observatorio de Criminalidad del Ministerio Público, en Clínica Jurídica"
        " PUCP (2011), informe al CDESC, «Situación en cifras a nivel regional».",
        "en": "Source: Public Prosecutor's Observatorio de Criminalidad, in PUCP Legal Clinic"
        " (2011), report to the CESCR, \u201cSituation in numbers at a regional level\u201d.",
    },
    "layer.poverty.source": {
        "es": "Fuente: INEI, Evolución de la Pobreza al 2010 (mayo 2011), citado en Clínica"
        " Jurídica PUCP (2011), informe al CDESC.",
        "en": "Source: INEI, Evolución de la Pobreza al 2010 (May 2011), cited in PUCP Legal"
        " Clinic (2011), report to the CESCR.",
    },
    "layer.upload.source": {
        "es": "Fuente (del usuario): {source}",
        "en": "Source (user's): {source}",
    },
    "layer.complaints.caveat": {
        "es": "Las denuncias no miden la prevalencia. El informe da solo los 5 distritos fiscales"
        " con más denuncias (117 de 228; 111 sin asignar), dibujados en el departamento homónimo.",
        "en": "Complaints are not prevalence. The report gives only the 5 judicial districts with"
        " most complaints (117 of 228; 111 unallocated), drawn on the department of the same name.",
    },
    "layer.origin.caveat": {
        "es": "Víctimas registradas en denuncias, no prevalencia. El informe da solo los 6"
        " departamentos con más víctimas (168 de 366; 198 sin asignar).",
        "en": "Victims registered in complaints, not prevalence. The report gives only the 6"
        " departments with most victims (168 of 366; 198 unallocated).",
    },
    "layer.poverty.caveat": {
        "es": "El informe las llama tasas de pobreza extrema; las cifras coinciden con la pobreza"
        " total de INEI. Los otros 19 departamentos no figuran en el informe.",
        "en": "The report calls them extreme-poverty rates; the figures match INEI's total"
        " poverty. The other 19 departments are not in the report.",
    },
    "layer.upload.caveat": {
        "es": "Datos cargados por el usuario, no verificados por el atlas.",
        "en": "Data loaded by the user, not checked by the atlas.",
    },
    "measure.count": {"es": "Número", "en": "Count"},
    "measure.per_100k": {"es": "Por 100 000 hab.", "en": "Per 100,000"},
    "measure.pct": {"es": "Porcentaje", "en": "Percent"},
    "measure.count.complaints": {"es": "Número de denuncias", "en": "Number of complaints"},
    "measure.per_100k.complaints": {
        "es": "Denuncias por 100 000 habitantes (población estimada 2010, INEI)",
        "en": "Complaints per 100,000 inhabitants (INEI 2010 population estimate)",
    },
    "measure.count.origin": {"es": "Número de víctimas", "en": "Number of victims"},
    "measure.per_100k.origin": {
        "es": "Víctimas por 100 000 habitantes (población estimada 2010, INEI)",
        "en": "Victims per 100,000 inhabitants (INEI 2010 population estimate)",
    },
    "measure.pct.poverty": {
        "es": "% de la población en pobreza",
        "en": "% of population in poverty",
    },
    "map.page_title": {
        "es": "Mapa de la trata de personas en el Perú",
        "en": "Map of trafficking in persons in Peru",
    },
    "map.layer": {"es": "Capa", "en": "Layer"},
    "map.measure": {"es": "Medida", "en": "Measure"},
    "map.routes": {
        "es": "Rutas internas de trata con fines de explotación sexual",
        "en": "Internal routes of trafficking for sexual exploitation",
    },
    "map.assets_missing": {
        "es": "No se encuentran los archivos de Leaflet que el mapa necesita (static/vendor/leaflet)."
        " Instálelos con `make setup` o `python scripts/install_assets.py` y recargue la página.",
        "en": "The Leaflet files the map needs are missing (static/vendor/leaflet). Install them"
        " with `make setup` or `python scripts/install_assets.py` and reload the page.",
    },
    "map.click_hint": {
        "es": "Haga clic en un departamento para ver su perfil. Las rutas son esquemáticas.",
        "en": "Click a department to see its profile. Routes are schematic.",
    },
    "map.not_reported": {"es": "No reportado", "en": "Not reported"},
    "map.routes_title": {
        "es": "Rutas (esquemáticas: el informe nombra destinos, no trayectos ni volúmenes)",
        "en": "Routes (schematic: the report names destinations, not paths or volumes)",
    },
    "map.boundaries": {
        "es": "Límites: Natural Earth (dominio público), simplificados. Lugares: GeoNames (CC BY 4.0).",
        "en": "Boundaries: Natural Earth (public domain), simplified. Places: GeoNames (CC BY 4.0).",
    },
    "map.tooltip.value": {"es": "{department}: {value}", "en": "{department}: {value}"},
    "map.tooltip.not_reported": {
        "es": "{department}: no reportado",
        "en": "{department}: not reported",
    },
    "map.place.destination": {"es": "destino", "en": "destination"},
    "map.place.site": {"es": "sitio de explotación", "en": "exploitation site"},
    "map.place.mine": {"es": "mina", "en": "mine"},
    "map.place.city": {"es": "ciudad", "en": "city"},
    # --- charts ---
    "chart.upload.missing": {
        "es": "{n} departamento(s) sin cifra en el archivo: no reportados (no es cero).",
        "en": "{n} department(s) without a figure in the file: not reported (not zero).",
    },
    "overview.title": {
        "es": "Panorama: las cifras del informe",
        "en": "Overview: the report's figures",
    },
    "overview.intro": {
        "es": "Las cifras de la policía (RETA, 2004–2011) y del Ministerio Público (2009–2010) que"
        " recoge el informe. Son denuncias y víctimas registradas, no la prevalencia de la trata.",
        "en": "The police (RETA, 2004–2011) and Public Prosecutor (2009–2010) figures the report"
        " gathers. They are registered complaints and victims, not the prevalence of trafficking.",
    },
    "overview.national_heading": {
        "es": "A nivel nacional: RETA, ene. 2004 – jul. 2011",
        "en": "National: RETA, Jan 2004 – Jul 2011",
    },
    "overview.regional_heading": {
        "es": "Por departamento: Observatorio de Criminalidad, dic. 2009 – dic. 2010",
        "en": "By department: Observatorio de Criminalidad, Dec 2009 – Dec 2010",
    },
    "overview.profile_heading": {"es": "Perfil de las víctimas", "en": "Victims' profile"},
    "overview.metric.reta_complaints": {
        "es": "Denuncias en el RETA, ene. 2004 – jul. 2011",
        "en": "RETA complaints, Jan 2004 – Jul 2011",
    },
    "overview.metric.women_victims": {
        "es": "Mujeres registradas como víctimas (RETA)",
        "en": "Women registered as victims (RETA)",
    },
    "overview.metric.complaints": {
        "es": "Denuncias, dic. 2009 – dic. 2010",
        "en": "Complaints, Dec 2009 – Dec 2010",
    },
    "overview.metric.victims": {
        "es": "Víctimas en esas denuncias",
        "en": "Victims in those complaints",
    },
    "overview.metric.female_share": {
        "es": "Víctimas mujeres, 2009–2010",
        "en": "Female victims, 2009–2010",
    },
    "overview.source.reta": {
        "es": "Fuente: PNP, sistema RETA, en el informe (sección 2.1).",
        "en": "Source: PNP, RETA system, in the report (section 2.1).",
    },
    "overview.source.observatorio": {
        "es": "Fuente: Observatorio de Criminalidad del Ministerio Público, en el informe (cifras"
        " regionales).",
        "en": "Source: Public Prosecutor's Observatorio de Criminalidad, in the report (regional"
        " figures).",
    },
    "justice.title": {
        "es": "Justicia y respuesta del Estado",
        "en": "Justice and the State's response",
    },
    "justice.intro": {
        "es": "Lo que el informe dice de la persecución penal, las penas, la protección de las"
        " víctimas y las instituciones responsables.",
        "en": "What the report says about prosecution, penalties, the protection of victims and"
        " the institutions in charge.",
    },
    "justice.prosecution_heading": {"es": "Persecución penal", "en": "Prosecution"},
    "justice.timeline_heading": {"es": "Cronología", "en": "Timeline"},
    "justice.protection_heading": {
        "es": "Protección de las víctimas",
        "en": "Protection of victims",
    },
    "justice.institutions_heading": {"es": "Instituciones", "en": "Institutions"},
    "justice.more_than": {"es": "más de {n}", "en": "more than {n}"},
    "justice.protocol.none": {"es": "Ninguno", "en": "None"},
    "justice.protocol.yes": {"es": "Existe", "en": "Exists"},
    "justice.source.protection": {
        "es": "Fuente: el informe, «Marco legal: protección de las víctimas».",
        "en": "Source: the report, \u201cLegal framework: victims protection\u201d.",
    },
    "justice.source.institutions": {
        "es": "Según el texto del informe (marco legal: prevención, persecución y protección);"
        " traducción del atlas.",
        "en": "As the report's text describes them (legal framework: prevention, prosecution and"
        " protection).",
    },
    "justice.institution.dirincri.name": {
        "es": "DIRINCRI (Dirección de Investigación Criminal, Policía Nacional del Perú)",
        "en": "DIRINCRI (Criminal Investigation Directorate, Peruvian National Police)",
    },
    "justice.institution.dirincri.text": {
        "es": "En 2004 se creó en la PNP una sección especializada bajo la DIRINCRI para investigar"
        " y registrar la trata a nivel policial. El informe señala que no hay trabajo coordinado"
        " con la PNP y que la información de su registro de víctimas, el RETA, está desactualizada.",
        "en": "In 2004 a specialised section was created within the PNP under DIRINCRI to"
        " investigate and register trafficking at police level. The report notes that there is no"
        " coordinated work with the PNP and that its victims' register, RETA, is outdated.",
    },
    "justice.institution.ministerio_publico.name": {
        "es": "Ministerio Público (Fiscalía)",
        "en": "Ministerio Público (Public Prosecutor's Office)",
    },
    "justice.institution.ministerio_publico.text": {
        "es": "Su Observatorio de Criminalidad registró {complaints} denuncias por trata entre"
        " diciembre de 2009 y diciembre de 2010. El informe cuenta la escasa participación del"
        " Ministerio Público entre las dos razones principales de las deficiencias, junto con la"
        " falta de campañas de prevención.",
        "en": "Its Observatorio de Criminalidad recorded {complaints} trafficking complaints between"
        " December 2009 and December 2010. The report names the little participation of the"
        " Public Prosecutor as one of the two main reasons for the shortcomings, with the absence"
        " of prevention campaigns.",
    },
    "justice.institution.inabif.name": {
        "es": "INABIF (Programa Integral Nacional para el Bienestar Familiar)",
        "en": "INABIF (National Programme for Family Welfare)",
    },
    "justice.institution.inabif.text": {
        "es": "A cargo del Ministerio de la Mujer y Desarrollo Social, tiene más de {shelters}"
        " albergues y {centres} centros de desarrollo, pero ni siquiera un protocolo o programa"
        " especializado para atender a víctimas de trata.",
        "en": "In charge of the Ministry of Women and Social Development, it has more than"
        " {shelters} shelters and {centres} development centres, but not even a protocol or a"
        " specialised programme for the care of trafficking victims.",
    },
    "justice.institution.labour.name": {
        "es": "Ministerio de Trabajo y Promoción del Empleo",
        "en": "Ministry of Labour and Employment",
    },
    "justice.institution.labour.text": {
        "es": "Miembro del grupo multisectorial contra la trata, no tiene lineamientos para"
        " inspecciones contra la trata con fines de trabajo forzoso; el Estado no ha adoptado las"
        " recomendaciones de la OIT, como manuales para inspectores de trabajo. La Relatora"
        " Especial de la ONU halló que la Inspección del Trabajo carece de recursos humanos,"
        " materiales y financieros.",
        "en": "A member of the multi-sectoral group against trafficking, it has no guidelines for"
        " inspections against trafficking for forced labour; the State has not adopted the ILO's"
        " recommendations, such as handbooks for labour inspectors. The UN Special Rapporteur"
        " found the Labour Inspectorate short of human, material and financial resources.",
    },
    "routes.title": {
        "es": "Las seis rutas internas de trata con fines de explotación sexual",
        "en": "The six internal routes of trafficking for sexual exploitation",
    },
    "routes.intro": {
        "es": "El informe nombra seis rutas y sus destinos, no sus trayectos ni volúmenes. Los"
        " trazos son esquemáticos: cada punto indica de dónde viene.",
        "en": "The report names six routes and their destinations, not their paths or volumes. The"
        " lines are schematic: each point says where it comes from.",
    },
    "routes.choose": {"es": "Ruta", "en": "Route"},
    "routes.report_says": {
        "es": "Lo que dice el informe (en inglés, tal como se publicó)",
        "en": "What the report says (verbatim)",
    },
    "routes.names": {"es": "Nombre", "en": "Name"},
    "routes.destinations": {
        "es": "Destinos que nombra el informe",
        "en": "Destinations the report names",
    },
    "routes.departments": {
        "es": "Departamentos que atraviesa el trazo (esquemático)",
        "en": "Departments the schematic line crosses",
    },
    "routes.waypoints": {
        "es": "Puntos del trazo y su base",
        "en": "Points of the line and their basis",
    },
    "routes.basis.report": {
        "es": "destino que nombra el informe",
        "en": "destination named by the report",
    },
    "routes.basis.chs_2011": {
        "es": "corredor documentado por CHS Alternativo (2011)",
        "en": "corridor documented by CHS Alternativo (2011)",
    },
    "routes.basis.drawing": {
        "es": "punto de dibujo del atlas (ninguna fuente nombra un lugar)",
        "en": "drawing point of the atlas (no source names a place)",
    },
    "routes.map_caption": {
        "es": "Mapa encuadrado en la ruta. El trazo es esquemático y de grosor uniforme: el informe"
        " no da volúmenes.",
        "en": "Map framed on the route. The line is schematic and of uniform width: the report"
        " gives no volumes.",
    },
    "chart.and": {"es": "y", "en": "and"},
    "chart.not_reported": {"es": "no reportado", "en": "not reported"},
    "chart.no_count": {"es": "sin número en el informe", "en": "no count in the report"},
    "chart.years": {"es": "{n} años", "en": "{n} years"},
    "chart.months": {
        "es": "ene,feb,mar,abr,may,jun,jul,ago,sep,oct,nov,dic",
        "en": "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
    },
    "chart.quality_note": {"es": "Nota de calidad de datos", "en": "Data-quality note"},
    "chart.quality.implied": {
        "es": "recalculado sobre el total de {total}, {item} es {recomputed}, no el {stated} que"
        " indica el informe: sus porcentajes implican un total de unos {implied}.",
        "en": "recomputed on the total of {total}, {item} is {recomputed}, not the {stated} the"
        " report states: its percentages imply a total of about {implied}.",
    },
    "chart.data_table": {"es": "Datos del gráfico", "en": "Data behind the chart"},
    "chart.download_csv": {"es": "Descargar CSV", "en": "Download CSV"},
    "chart.quality_heading": {
        "es": "Notas de calidad de datos ({n})",
        "en": "Data-quality notes ({n})",
    },
    "chart.source.reta": {
        "es": "Fuente: Policía Nacional del Perú, sistema RETA, en Clínica Jurídica de Acciones de"
        " Interés Público PUCP (2011), informe al Comité DESC de la ONU, sección 2.1 «Situación en"
        " cifras a nivel nacional».",
        "en": "Source: Policía Nacional del Perú, RETA system, in PUCP Legal Clinic of Public"
        " Interest (2011), report to the UN CESCR, section 2.1 \u201cSituation in numbers at a"
        " national level\u201d.",
    },
    "chart.source.observatorio": {
        "es": "Fuente: Observatorio de Criminalidad del Ministerio Público, en Clínica Jurídica PUCP"
        " (2011), informe al Comité DESC de la ONU, «Situación en cifras a nivel regional».",
        "en": "Source: Public Prosecutor's Observatorio de Criminalidad, in PUCP Legal Clinic"
        " (2011), report to the UN CESCR, \u201cSituation in numbers at a regional level\u201d.",
    },
    "chart.source.poverty": {
        "es": "Fuentes: INEI, Evolución de la Pobreza al 2010 (mayo 2011), y Observatorio de"
        " Criminalidad del Ministerio Público, citados en Clínica Jurídica PUCP (2011), informe al"
        " Comité DESC de la ONU, «Situación en cifras a nivel regional».",
        "en": "Sources: INEI, Evolución de la Pobreza al 2010 (May 2011), and the Public"
        " Prosecutor's Observatorio de Criminalidad, cited in PUCP Legal Clinic (2011), report to"
        " the UN CESCR, \u201cSituation in numbers at a regional level\u201d.",
    },
    "chart.source.education": {
        "es": "Fuente: indicadores sociales del INEI, citados en Clínica Jurídica PUCP (2011),"
        " informe al Comité DESC de la ONU, sección 3.1 «Perfil de las víctimas».",
        "en": "Source: INEI social indicators, cited in PUCP Legal Clinic (2011), report to the UN"
        " CESCR, section 3.1 \u201cVictims' profile\u201d.",
    },
    "chart.source.prosecution": {
        "es": "Fuente: Clínica Jurídica PUCP (2011), informe al Comité DESC de la ONU, «Marco"
        " legal: persecución de la trata de personas».",
        "en": "Source: PUCP Legal Clinic (2011), report to the UN CESCR, \u201cLegal framework:"
        " prosecution of human trafficking\u201d.",
    },
    "chart.source.timeline": {
        "es": "Fuente: Clínica Jurídica PUCP (2011), informe al Comité DESC de la ONU, sección 2.1"
        " y «Marco legal» (prevención y persecución).",
        "en": "Source: PUCP Legal Clinic (2011), report to the UN CESCR, section 2.1 and"
        " \u201cLegal framework\u201d (prevention, prosecution).",
    },
    "chart.purposes.title": {
        "es": "Denuncias registradas en el RETA por finalidad de la trata, ene. 2004 – jul. 2011"
        " ({total} denuncias)",
        "en": "Complaints registered in RETA by purpose of trafficking, Jan 2004 – Jul 2011"
        " ({total} complaints)",
    },
    "chart.purposes.counted": {"es": "Número y % del informe", "en": "Count and % as stated"},
    "chart.purposes.pct_only": {
        "es": "Solo % (el informe no da el número)",
        "en": "% only (the report gives no count)",
    },
    "chart.purposes.x": {
        "es": "% de las {total} denuncias, según el informe",
        "en": "% of the {total} complaints, as stated",
    },
    "chart.purposes.caveat": {
        "es": "Denuncias registradas por la policía, no prevalencia. Para {items} el informe da solo"
        " un porcentaje, sin número de denuncias. Las cuatro finalidades suman {sum}; el informe no"
        " dice cuáles son las demás.",
        "en": "Complaints registered by the police, not prevalence. For {items} the report gives"
        " only a percentage, no count of complaints. The four purposes add up to {sum}; the report"
        " does not say what the rest are.",
    },
    "chart.purposes.alt": {
        "es": "Gráfico de barras de las {total} denuncias registradas en el RETA entre enero de"
        " 2004 y julio de 2011, por finalidad: {items}.",
        "en": "Bar chart of the {total} complaints registered in RETA from January 2004 to July"
        " 2011, by purpose: {items}.",
    },
    "chart.age_groups.title": {
        "es": "Mujeres registradas como víctimas en el RETA, por edad, ene. 2004 – jul. 2011"
        " ({total})",
        "en": "Women registered as victims in RETA, by age, Jan 2004 – Jul 2011 ({total})",
    },
    "chart.age_groups.all": {"es": "Todas las edades", "en": "All ages"},
    "chart.age_groups.range": {"es": "{min}–{max} años", "en": "{min}–{max} years"},
    "chart.age_groups.x": {"es": "Grupo de edad", "en": "Age group"},
    "chart.age_groups.y": {"es": "Mujeres víctimas", "en": "Women victims"},
    "chart.age_groups.caveat": {
        "es": "Víctimas registradas por la policía, no todas las víctimas: el informe señala que el"
        " registro no se actualiza con prontitud. El informe no da cifras de víctimas hombres.",
        "en": "Victims registered by the police, not all victims: the report notes that the"
        " register is not promptly updated. The report gives no figures for male victims.",
    },
    "chart.age_groups.alt": {
        "es": "Gráfico de barras de las {total} mujeres registradas como víctimas en el RETA entre"
        " enero de 2004 y julio de 2011, por edad: {items}.",
        "en": "Bar chart of the {total} women registered as victims in RETA from January 2004 to"
        " July 2011, by age: {items}.",
    },
    "chart.complaints_vs_origin.title": {
        "es": "Denuncias por distrito fiscal y víctimas por departamento de origen, dic. 2009 –"
        " dic. 2010",
        "en": "Complaints by judicial district and victims by department of origin, Dec 2009 –"
        " Dec 2010",
    },
    "chart.complaints_vs_origin.complaints": {
        "es": "Denuncias (donde se presentaron)",
        "en": "Complaints (where filed)",
    },
    "chart.complaints_vs_origin.victims": {
        "es": "Víctimas (por origen)",
        "en": "Victims (by origin)",
    },
    "chart.complaints_vs_origin.other": {
        "es": "Resto (sin desglose en el informe)",
        "en": "Rest (not itemised by the report)",
    },
    "chart.complaints_vs_origin.x": {
        "es": "Número (entre paréntesis, el % según el informe)",
        "en": "Number (in brackets, the % as the report states it)",
    },
    "chart.complaints_vs_origin.caveat": {
        "es": "Las denuncias no miden la prevalencia. Se cuentan por distrito fiscal del Ministerio"
        " Público, mostrado con el departamento homónimo. El informe desglosa solo los 5 distritos"
        " con más denuncias ({complaints_listed} de {complaints_total}) y los 6 departamentos de"
        " origen con más víctimas ({victims_listed} de {victims_total}); «Resto» es lo no asignado."
        " Los otros {others} departamentos: no reportados (no es cero).",
        "en": "Complaints are not prevalence. They are counted by the Ministerio Público's judicial"
        " district, shown under the department of the same name. The report itemises only the 5"
        " districts with most complaints ({complaints_listed} of {complaints_total}) and the 6"
        " departments of origin with most victims ({victims_listed} of {victims_total}); \u201cRest\u201d"
        " is the unallocated remainder. The other {others} departments: not reported (not zero).",
    },
    "chart.complaints_vs_origin.alt": {
        "es": "Barras por departamento, dic. 2009 – dic. 2010. Denuncias por distrito fiscal:"
        " {complaints}, y {other_complaints} sin desglose. Víctimas por origen: {victims}, y"
        " {other_victims} sin desglose. Los demás departamentos no se reportan.",
        "en": "Bars by department, Dec 2009 – Dec 2010. Complaints by judicial district:"
        " {complaints}, and {other_complaints} not itemised. Victims by origin: {victims}, and"
        " {other_victims} not itemised. Other departments are not reported.",
    },
    "chart.poverty_vs_complaints.title": {
        "es": "Pobreza 2010 según la cita del informe y denuncias dic. 2009 – dic. 2010, por"
        " departamento",
        "en": "Poverty 2010 as cited by the report, and complaints Dec 2009 – Dec 2010, by"
        " department",
    },
    "chart.poverty_vs_complaints.poverty": {
        "es": "Tasa de pobreza 2010 según el informe",
        "en": "Poverty rate 2010 as cited",
    },
    "chart.poverty_vs_complaints.complaints": {
        "es": "Denuncias 2009–2010",
        "en": "Complaints 2009–2010",
    },
    "chart.poverty_vs_complaints.x_poverty": {"es": "% de la población", "en": "% of population"},
    "chart.poverty_vs_complaints.x_complaints": {
        "es": "Número de denuncias",
        "en": "Number of complaints",
    },
    "chart.poverty_vs_complaints.caveat": {
        "es": "El informe las llama tasas de pobreza extrema; las cifras coinciden con la pobreza"
        " total de INEI (la pobreza extrema nacional fue 9,8 % y la total 31,3 %): son los seis"
        " departamentos con menor pobreza total. Los otros {poverty_missing} no figuran en el"
        " informe. Solo {n_both} departamentos tienen ambas cifras ({both}): no permiten leer"
        " ninguna relación. Las denuncias no miden la prevalencia.",
        "en": "The report calls them extreme-poverty rates; the figures match INEI's total poverty"
        " (national extreme poverty was 9.8 % and total poverty 31.3 %): they are the six departments"
        " with the lowest total poverty. The other {poverty_missing} are not in the report. Only"
        " {n_both} departments have both figures ({both}): no relation can be read from them."
        " Complaints are not prevalence.",
    },
    "chart.poverty_vs_complaints.alt_item": {
        "es": "{department}, pobreza {rate}, denuncias: {complaints}",
        "en": "{department}, poverty {rate}, complaints: {complaints}",
    },
    "chart.poverty_vs_complaints.alt": {
        "es": "Dos paneles de barras por departamento con las seis tasas de pobreza 2010 que cita"
        " el informe y las denuncias 2009–2010: {items}.",
        "en": "Two bar panels by department with the six 2010 poverty rates the report cites and"
        " the complaints of 2009–2010: {items}.",
    },
    "chart.education.title": {
        "es": "Años promedio de estudio de las mujeres, zonas urbanas y rurales",
        "en": "Average years of schooling of women, urban and rural areas",
    },
    "chart.education.urban": {"es": "Urbana", "en": "Urban"},
    "chart.education.rural": {"es": "Rural", "en": "Rural"},
    "chart.education.y": {"es": "Años de estudio", "en": "Years of schooling"},
    "chart.education.caveat": {
        "es": "Promedio de las mujeres de zonas urbanas y rurales según los indicadores del INEI que"
        " cita el informe (sin año); no es una cifra sobre las víctimas.",
        "en": "Average for women in urban and rural areas, from the INEI indicators the report"
        " cites (no year given); not a figure about victims.",
    },
    "chart.education.alt": {
        "es": "Gráfico de barras: las mujeres de zonas urbanas tienen en promedio {urban} años de"
        " estudio y las de zonas rurales {rural}, {gap} años menos.",
        "en": "Bar chart: women in urban areas have on average {urban} years of schooling and"
        " women in rural areas {rural}, {gap} years fewer.",
    },
    "chart.justice_funnel.title": {
        "es": "De la investigación a la condena: casos y condenados por trata",
        "en": "From investigation to conviction: trafficking cases and convictions",
    },
    "chart.justice_funnel.to_date": {
        "es": "Hasta la fecha del informe (2011)",
        "en": "To the date of the report (2011)",
    },
    "chart.justice_funnel.last_year": {"es": "El último año", "en": "Last year"},
    "chart.justice_funnel.stage.investigated": {
        "es": "Casos investigados (PNP)",
        "en": "Cases investigated (PNP)",
    },
    "chart.justice_funnel.stage.judiciary": {
        "es": "Casos ante el Poder Judicial",
        "en": "Cases before the Judiciary",
    },
    "chart.justice_funnel.stage.convicted": {
        "es": "Tratantes condenados",
        "en": "Traffickers convicted",
    },
    "chart.justice_funnel.x": {"es": "Número", "en": "Number"},
    "chart.justice_funnel.caveat": {
        "es": "Los dos primeros pasos cuentan casos y el último personas condenadas: no es una"
        " cohorte seguida en el tiempo. De los {investigated} casos, {forced} eran de trabajo"
        " forzoso y {sexual} de explotación sexual; el informe no clasifica el resto. Para el"
        " último año no da casos llevados ante el Poder Judicial, ni dice si esas cifras forman"
        " parte de los totales.",
        "en": "The first two steps count cases and the last counts people convicted: this is not"
        " one cohort followed over time. Of the {investigated} cases, {forced} concerned forced"
        " labour and {sexual} sexual exploitation; the report does not classify the rest. For last"
        " year it gives no cases brought before the Judiciary, and does not say whether those"
        " figures are part of the totals.",
    },
    "chart.justice_funnel.alt": {
        "es": "Barras de la persecución penal: hasta la fecha del informe, {investigated} casos"
        " investigados, {judiciary} llevados ante el Poder Judicial y {convicted} tratantes"
        " condenados; el último año, {last_investigated} casos registrados e investigados y"
        " {last_convicted} condenas.",
        "en": "Bars of the prosecution: to the date of the report, {investigated} cases"
        " investigated, {judiciary} brought before the Judiciary and {convicted} traffickers"
        " convicted; last year, {last_investigated} cases registered and investigated and"
        " {last_convicted} convictions.",
    },
    "chart.penalties.title": {
        "es": "Penas por trata: la Ley 28950 y las condenas impuestas",
        "en": "Penalties for trafficking: Law 28950 and the sentences imposed",
    },
    "chart.penalties.law": {"es": "Pena según la Ley 28950", "en": "Penalty under Law 28950"},
    "chart.penalties.imposed": {"es": "Condenas impuestas", "en": "Sentences imposed"},
    "chart.penalties.law_range": {"es": "{min} a {max} años", "en": "{min} to {max} years"},
    "chart.penalties.imposed_max": {"es": "hasta {max} años", "en": "up to {max} years"},
    "chart.penalties.x": {"es": "Años de prisión", "en": "Years of imprisonment"},
    "chart.penalties.caveat": {
        "es": "El informe da solo la pena más alta impuesta ({imposed} años), por encima del máximo"
        " de {max} años que cita para la Ley 28950, sin explicar la diferencia; también dice que"
        " algunos jueces imponen penas menores. No da la pena mínima impuesta.",
        "en": "The report gives only the longest sentence imposed ({imposed} years), above the"
        " {max}-year maximum it cites for Law 28950, without explaining the difference; it also says"
        " some judges impose lesser sentences. It gives no shortest sentence imposed.",
    },
    "chart.penalties.alt": {
        "es": "La Ley 28950 castiga la trata con {min} a {max} años de prisión; las condenas"
        " impuestas llegan hasta {imposed} años.",
        "en": "Law 28950 punishes trafficking with {min} to {max} years of imprisonment; the"
        " sentences imposed reach up to {imposed} years.",
    },
    "chart.timeline.title": {
        "es": "Hitos de la respuesta del Estado a la trata de personas",
        "en": "Milestones of the State's response to trafficking in persons",
    },
    "chart.timeline.caveat": {
        "es": "Fechas tal como las da el informe; los hechos con solo el año se sitúan a mitad de"
        " año.",
        "en": "Dates as the report gives them; events with only a year are placed at mid-year.",
    },
    "chart.timeline.alt": {
        "es": "Línea de tiempo de {n} hitos: {items}.",
        "en": "Timeline of {n} milestones: {items}.",
    },
    # --- pages ---
    "page.map": {"es": "Mapa", "en": "Map"},
    "page.overview": {"es": "Panorama", "en": "Overview"},
    "page.routes": {"es": "Rutas", "en": "Routes"},
    "page.justice": {"es": "Justicia y respuesta", "en": "Justice & response"},
    "page.story": {"es": "Relato", "en": "Story"},
    "page.data": {"es": "Datos y fuentes", "en": "Data & sources"},
    "app.sidebar_note": {
        "es": "Cifras del informe de la Clínica Jurídica de Acciones de Interés Público (PUCP) al"
        " Comité DESC de la ONU, 2011. Cada vista se puede compartir copiando su URL.",
        "en": "Figures from the PUCP Legal Clinic of Public Interest's 2011 report to the UN"
        " Committee on Economic, Social and Cultural Rights. Copy the URL to share any view.",
    },
    # --- profile ---
    "source.report_section": {
        "es": "Informe de la Clínica Jurídica PUCP (2011), «{section}»",
        "en": "PUCP Legal Clinic report (2011), \u201c{section}\u201d",
    },
    "profile.choose": {"es": "Perfil del departamento", "en": "Department profile"},
    "profile.placeholder": {
        "es": "Elija un departamento o haga clic en el mapa",
        "en": "Choose a department or click the map",
    },
    "profile.user": {"es": "Sus datos: {name}", "en": "Your data: {name}"},
    "profile.population": {"es": "Población estimada 2010", "en": "Population, 2010 estimate"},
    "profile.area": {"es": "Superficie oficial", "en": "Official area"},
    "profile.complaints": {
        "es": "Denuncias 2009–2010 (distrito fiscal)",
        "en": "Complaints 2009–10 (judicial district)",
    },
    "profile.complaints.per_100k": {
        "es": "Denuncias por 100 000 habitantes",
        "en": "Complaints per 100,000 inhabitants",
    },
    "profile.complaints.stated_pct": {
        "es": "Porcentaje según el informe",
        "en": "Percentage as the report states it",
    },
    "profile.origin": {
        "es": "Víctimas originarias, 2009–2010",
        "en": "Victims from here, 2009–10",
    },
    "profile.origin.per_100k": {
        "es": "Víctimas por 100 000 habitantes",
        "en": "Victims per 100,000 inhabitants",
    },
    "profile.origin.stated_pct": {
        "es": "Porcentaje según el informe",
        "en": "Percentage as the report states it",
    },
    "profile.poverty": {
        "es": "Tasa de pobreza 2010 según la cita del informe (%)",
        "en": "Poverty rate 2010 as cited by the report (%)",
    },
    "profile.not_reported": {"es": "no reportado", "en": "not reported"},
    "profile.figures": {"es": "Cifras", "en": "Figures"},
    "profile.places": {
        "es": "Destinos y sitios que nombra el informe",
        "en": "Destinations and sites the report names",
    },
    "profile.routes": {
        "es": "Rutas que lo atraviesan (esquemáticas)",
        "en": "Routes crossing it (schematic)",
    },
    "profile.notes": {"es": "Notas de calidad de datos", "en": "Data-quality notes"},
    "profile.none": {"es": "Ninguno", "en": "None"},
    "profile.figure": {"es": "Cifra", "en": "Figure"},
    "profile.value": {"es": "Valor", "en": "Value"},
    # --- story ---
    "story.page_title": {
        "es": "Relato: lo que encontró el informe",
        "en": "Story: what the report found",
    },
    "story.caption": {
        "es": "Modo de presentación: un hallazgo por paso. Cada paso tiene su propio enlace.",
        "en": "Presentation mode: one finding per step. Every step has its own link.",
    },
    "story.indicator": {"es": "Paso {step} de {total}", "en": "Step {step} of {total}"},
    "story.prev": {"es": "Anterior", "en": "Previous"},
    "story.next": {"es": "Siguiente", "en": "Next"},
    "story.invalid_step": {
        "es": "El relato no tiene un paso «{value}»: sus pasos van del {first} al {total}. Se"
        " muestra el primero.",
        "en": "The story has no step “{value}”: its steps run from {first} to {total}. Showing"
        " the first one.",
    },
    "story.and": {"es": "y", "en": "and"},
    "story.months": {
        "es": "enero, febrero, marzo, abril, mayo, junio, julio, agosto, septiembre, octubre,"
        " noviembre, diciembre",
        "en": "January, February, March, April, May, June, July, August, September, October,"
        " November, December",
    },
    "story.month_year": {"es": "{month} de {year}", "en": "{month} {year}"},
    "story.qualifier.more_than": {"es": "más del {value}", "en": "more than {value}"},
    "story.qualifier.up_to": {"es": "hasta {value}", "en": "up to {value}"},
    "story.years": {"es": "{years} años", "en": "{years} years"},
    "story.scale.title": {
        "es": "La magnitud: {complaints} denuncias en el registro policial",
        "en": "The scale: {complaints} complaints on the police register",
    },
    "story.scale.body": {
        "es": "Entre {start} y {end}, el RETA, el registro de la Policía Nacional, anotó"
        " {complaints} denuncias por trata de personas. La mayoría fueron por explotación"
        " sexual ({sexual} casos; el informe dice {sexual_pct}) y por explotación laboral"
        " ({labour}; {labour_pct}).",
        "en": "Between {start} and {end}, the RETA, the National Police's register, recorded"
        " {complaints} complaints of trafficking in persons. Most were for sexual"
        " exploitation ({sexual} cases; the report says {sexual_pct}) and labour"
        " exploitation ({labour}; {labour_pct}).",
    },
    "story.scale.note": {
        "es": "Son denuncias registradas, no el número real de víctimas: el informe advierte que"
        " el registro no se actualiza a tiempo y que deja fuera la trata con fines de"
        " esclavitud.",
        "en": "These are registered complaints, not the real number of victims: the report warns"
        " that the register is not promptly updated and leaves out trafficking for slavery.",
    },
    "story.victims.title": {
        "es": "Quiénes son las víctimas: mujeres y niñas",
        "en": "Who the victims are: women and girls",
    },
    "story.victims.body": {
        "es": "En el mismo periodo, el RETA registró {women} mujeres víctimas: {ages}. {minors}"
        " de ellas tenían menos de {adult_age} años. En los registros del Ministerio Público"
        " ({start} – {end}), el {female_share} de las {victims} víctimas eran mujeres.",
        "en": "Over the same period the RETA recorded {women} women victims: {ages}. {minors} of"
        " them were under {adult_age}. In the Public Prosecutor's records ({start} – {end}),"
        " {female_share} of the {victims} victims were female.",
    },
    "story.victims.age_item": {
        "es": "{victims} de {age_min} a {age_max} años",
        "en": "{victims} aged {age_min} to {age_max}",
    },
    "story.complaints.title": {"es": "Dónde se denuncia", "en": "Where complaints are filed"},
    "story.complaints.body": {
        "es": "Entre {start} y {end}, el Observatorio de Criminalidad del Ministerio Público"
        " registró {complaints} denuncias. Los {n_top} distritos fiscales con más denuncias"
        " —{top_items}— reúnen {top_total}, {top_share} del total, con {first} a la cabeza;"
        " para el informe, esto confirma que el principal destino de la trata está fuera de"
        " Lima. Por habitante, {rate_dept} llega a {rate} denuncias por cada {per_base}.",
        "en": "Between {start} and {end}, the Public Prosecutor's Observatorio de Criminalidad"
        " recorded {complaints} complaints. The {n_top} judicial districts with most"
        " complaints — {top_items} — account for {top_total}, {top_share} of the total, with"
        " {first} first; for the report this confirms that the main destination of"
        " trafficking lies outside Lima. Per inhabitant, {rate_dept} reaches {rate}"
        " complaints per {per_base}.",
    },
    "story.complaints.note": {
        "es": "Las denuncias no miden la prevalencia: muestran dónde se denuncia. El informe"
        " nombra solo los {n_top} distritos fiscales con más denuncias, dibujados en el"
        " departamento del mismo nombre; los demás figuran como «no reportado», no como"
        " cero.",
        "en": "Complaints are not prevalence: they show where cases are reported. The report"
        " names only the {n_top} judicial districts with most complaints, drawn on the"
        " department of the same name; the others are shown as “not reported”, not as zero.",
    },
    "story.origin.title": {"es": "De dónde vienen las víctimas", "en": "Where victims come from"},
    "story.origin.body": {
        "es": "Las {victims} víctimas de esas denuncias venían sobre todo de {n_top}"
        " departamentos: {top_items}. Juntos suman {top_total} víctimas, el {top_share} del"
        " total; {first} encabeza la lista.",
        "en": "The {victims} victims in those complaints came mainly from {n_top} departments:"
        " {top_items}. Together they account for {top_total} victims, {top_share} of the"
        " total; {first} heads the list.",
    },
    "story.origin.both": {
        "es": "{departments} aparecen a la vez entre los orígenes y entre los distritos con más"
        " denuncias.",
        "en": "{departments} appear both among the origins and among the districts with most"
        " complaints.",
    },
    "story.origin.note": {
        "es": "El informe da solo los {n_top} departamentos de origen con más víctimas; los demás"
        " figuran como «no reportado», no como cero.",
        "en": "The report gives only the {n_top} departments of origin with most victims; the"
        " others are shown as “not reported”, not as zero.",
    },
    "story.routes.title": {"es": "Las {n} rutas internas", "en": "The {n} internal routes"},
    "story.routes.body": {
        "es": "El informe identifica {n} rutas internas de trata con fines de explotación sexual:"
        " {names}. La que más destinos nombra es la {widest}, con {n_destinations}:"
        " {destinations}.",
        "en": "The report identifies {n} internal routes of trafficking for sexual exploitation:"
        " {names}. The {widest} names the most destinations, {n_destinations}:"
        " {destinations}.",
    },
    "story.routes.note": {
        "es": "Las rutas son esquemáticas: el informe nombra sus destinos, no su trazado ni"
        " cuántas víctimas las recorren.",
        "en": "The routes are schematic: the report names their destinations, not their paths nor"
        " how many victims travel them.",
    },
    "story.poverty.title": {
        "es": "Pobreza: una cifra que hay que leer con cuidado",
        "en": "Poverty: a figure to read with care",
    },
    "story.poverty.body": {
        "es": "El informe cita tasas de pobreza del INEI para {n} departamentos, de {low} en"
        " {low_dept} a {high} en {high_dept}, y concluye que la trata está estrechamente"
        " ligada a la pobreza estructural.",
        "en": "The report cites INEI poverty rates for {n} departments, from {low} in {low_dept}"
        " to {high} in {high_dept}, and concludes that trafficking is closely linked to"
        " structural poverty.",
    },
    "story.poverty.paradox": {
        "es": "{department}, el distrito con más denuncias, tiene la tasa más baja de las citadas.",
        "en": "{department}, the district with most complaints, has the lowest of the rates cited.",
    },
    "story.poverty.note": {
        "es": "Atención: el informe las llama tasas de pobreza extrema, pero las cifras coinciden"
        " con la pobreza total del INEI. Son los {n} departamentos con menor pobreza total"
        " del país, no los más pobres, y los otros {missing} no figuran: estas cifras no"
        " pueden mostrar una relación entre pobreza y trata.",
        "en": "Caution: the report calls them extreme-poverty rates, but the figures match INEI's"
        " total poverty. They are the {n} departments with the lowest total poverty in the"
        " country, not the poorest, and the other {missing} are missing: these figures"
        " cannot show a link between poverty and trafficking.",
    },
    "story.justice.title": {"es": "El embudo de la justicia", "en": "The justice funnel"},
    "story.justice.body": {
        "es": "La Policía investigó {investigated} casos potenciales de trata; {judiciary}"
        " llegaron al Poder Judicial y solo {convicted} tratantes fueron condenados, con"
        " penas de {sentence}. En el último año se registraron e investigaron"
        " {last_registered} casos y hubo solo {last_convictions} condenas.",
        "en": "The police investigated {investigated} potential trafficking cases; {judiciary}"
        " reached the Judiciary and only {convicted} traffickers were convicted, with"
        " sentences of {sentence}. Last year {last_registered} cases were registered and"
        " investigated, and there were only {last_convictions} convictions.",
    },
    "story.conclusions.title": {
        "es": "Las conclusiones del informe",
        "en": "The report's conclusions",
    },
    "story.conclusions.body": {
        "es": "El informe cierra con {n} conclusiones:",
        "en": "The report closes with {n} conclusions:",
    },
    "story.conclusions.note": {
        "es": "Traducción del atlas: el informe está escrito en inglés y estas conclusiones son"
        " una traducción propia del atlas, no el texto del informe.",
        "en": "The report's own words (the report is written in English; the Spanish version of"
        " the atlas shows its own translation).",
    },
    # --- exports ---
    "exports.selected": {
        "es": "Departamento seleccionado: {department}",
        "en": "Selected department: {department}",
    },
    "exports.heading": {"es": "Descargar este mapa", "en": "Download this map"},
    "exports.png": {"es": "Imagen PNG (impresión)", "en": "PNG image (print)"},
    "exports.svg": {"es": "Imagen SVG (editable)", "en": "SVG image (editable)"},
    "exports.html": {
        "es": "Mapa interactivo (HTML sin conexión)",
        "en": "Interactive map (offline HTML)",
    },
    "exports.csv": {"es": "Datos de la capa (CSV)", "en": "Layer data (CSV)"},
    "exports.geojson": {
        "es": "Capa con límites (GeoJSON)",
        "en": "Layer with boundaries (GeoJSON)",
    },
    "exports.press_kit": {"es": "Kit de prensa (ZIP)", "en": "Press kit (ZIP)"},
    "exports.help": {
        "es": "Cada archivo lleva título, fuente y advertencia. Se genera al hacer clic.",
        "en": "Every file carries its title, source and caveat. Generated when you click.",
    },
    "exports.citation.heading": {"es": "Cómo citar", "en": "How to cite"},
    "exports.citation.report": {
        "es": "Informe: Clínica Jurídica de Acciones de Interés Público, Comisión de Derechos"
        " Humanos, Pontificia Universidad Católica del Perú (PUCP) (2011). Informe sobre la trata"
        " de personas en el Perú, presentado al Comité de Derechos Económicos, Sociales y"
        " Culturales de las Naciones Unidas (CDESC) en respuesta a la lista de cuestiones"
        " E/C.12/PER/Q/2-4 (párrafo 14; artículo 10 del Pacto).",
        "en": "Report: Legal Clinic of Public Interest Actions (Clínica Jurídica de Acciones de"
        " Interés Público), Human Rights Commission, Pontificia Universidad Católica del Perú"
        " (PUCP) (2011). Report on trafficking in persons in Peru, submitted to the UN Committee"
        " on Economic, Social and Cultural Rights (CESCR) in response to the list of issues"
        " E/C.12/PER/Q/2-4 (paragraph 14; article 10 of the Covenant).",
    },
    "exports.citation.atlas": {
        "es": "Atlas: Atlas de la trata de personas en el Perú, vista «{view}»."
        " Consultado el {date}.",
        "en": "Atlas: Peru Trafficking Atlas, view “{view}”. Accessed {date}.",
    },
    "exports.citation.layer": {"es": "Datos de la capa: {source}", "en": "Layer data: {source}"},
    "exports.citation.boundaries": {"es": "Cartografía: {text}", "en": "Cartography: {text}"},
    "exports.alt.map": {
        "es": "Mapa coroplético del Perú por departamentos: {title}. {subtitle}. {reported}"
        " {not_reported} departamentos no figuran en el informe y aparecen en gris claro rayado"
        " («no reportado»), no como cero.{routes}{places} {caveat}",
        "en": "Choropleth map of Peru by department: {title}. {subtitle}. {reported}"
        " {not_reported} departments are not in the report and are drawn light grey with hatching"
        " (\u201cnot reported\u201d), not as zero.{routes}{places} {caveat}",
    },
    "exports.alt.reported": {
        "es": "Con cifra ({count}), de mayor a menor: {items}.",
        "en": "With a figure ({count}), highest first: {items}.",
    },
    "exports.alt.none_reported": {
        "es": "Ningún departamento tiene cifra.",
        "en": "No department has a figure.",
    },
    "exports.alt.routes": {
        "es": " Rutas esquemáticas dibujadas como curvas con flechas: {names}.",
        "en": " Schematic routes drawn as curves with arrowheads: {names}.",
    },
    "exports.alt.places": {
        "es": " Puntos: {count} lugares que nombra el informe.",
        "en": " Points: {count} places the report names.",
    },
    "exports.alt.selected": {
        "es": " {department} aparece resaltado.",
        "en": " {department} is outlined.",
    },
    "exports.omitted.heading": {
        "es": "Archivos que no se pudieron generar en este kit",
        "en": "Files that could not be generated in this kit",
    },
    "exports.readme.alt_heading": {
        "es": "Texto alternativo de cada imagen de este kit",
        "en": "Alternative text for each image in this kit",
    },
    # --- uploads (page) ---
    "uploads.intro": {
        "es": "Cargue cifras más recientes (Ministerio Público, PNP, INEI…) para verlas junto al"
        " informe: un archivo CSV o Excel de hasta 5 MB y 10 000 filas, con una columna de"
        " departamento (nombre con o sin tildes, código INEI o ISO) y una o más columnas de valores;"
        " opcionalmente año y fuente. Sus datos quedan solo en su sesión.",
        "en": "Load newer figures (Ministerio Público, police, INEI…) to see them next to the"
        " report: a CSV or Excel file of at most 5 MB and 10,000 rows, with a department column"
        " (names with or without accents, INEI or ISO codes) and one or more value columns;"
        " optionally year and source. Your data stays in your session only.",
    },
    "uploads.label": {"es": "Archivo CSV o Excel", "en": "CSV or Excel file"},
    "uploads.rejected": {
        "es": "No se cargó «{name}»: {count} problema(s). Nada ha cambiado.",
        "en": "\u201c{name}\u201d was not loaded: {count} problem(s). Nothing has changed.",
    },
    "uploads.kept": {
        "es": "Sigue cargado el archivo anterior, «{name}».",
        "en": "The previous file, \u201c{name}\u201d, is still loaded.",
    },
    "uploads.loaded": {
        "es": "Cargado «{name}»: {rows} filas; columnas de valores: {columns}.",
        "en": "Loaded \u201c{name}\u201d: {rows} rows; value columns: {columns}.",
    },
    "uploads.detected": {
        "es": "Detectado: codificación {encoding}, separador {separator}, decimales {decimal}.",
        "en": "Detected: encoding {encoding}, separator {separator}, decimals {decimal}.",
    },
    "uploads.column": {"es": "Columna para el mapa", "en": "Column to map"},
    "uploads.year": {"es": "Año", "en": "Year"},
    "uploads.show_on_map": {"es": "Ver en el mapa", "en": "Show on the map"},
    "uploads.download_original": {
        "es": "Descargar el archivo tal como se cargó",
        "en": "Download the file as loaded",
    },
    "uploads.download_clean": {
        "es": "Descargar la tabla armonizada (CSV)",
        "en": "Download the harmonised table (CSV)",
    },
    "uploads.remove": {"es": "Quitar mis datos", "en": "Remove my data"},
    "uploads.col.row": {"es": "Fila", "en": "Row"},
    "uploads.col.column": {"es": "Columna", "en": "Column"},
    "uploads.col.value": {"es": "Valor", "en": "Value"},
    "uploads.col.problem": {"es": "Problema", "en": "Problem"},
    "uploads.col.suggestions": {"es": "Sugerencias", "en": "Suggestions"},
    # --- uploads ---
    "uploads.summary": {
        "es": "No se pudo cargar «{name}»: {count} problema(s).",
        "en": "Could not load “{name}”: {count} problem(s).",
    },
    "uploads.more": {"es": "… y {count} problema(s) más.", "en": "… and {count} more problem(s)."},
    "uploads.where.row_column": {
        "es": "Fila {row}, columna «{column}»",
        "en": "Row {row}, column “{column}”",
    },
    "uploads.where.row": {"es": "Fila {row}", "en": "Row {row}"},
    "uploads.where.column": {"es": "Columna «{column}»", "en": "Column “{column}”"},
    "uploads.problem.empty": {"es": "El archivo está vacío.", "en": "The file is empty."},
    "uploads.problem.too_large": {
        "es": "El archivo pesa {size_mb} MB; el máximo es {max_mb} MB.",
        "en": "The file is {size_mb} MB; the maximum is {max_mb} MB.",
    },
    "uploads.problem.extension": {
        "es": "Tipo de archivo «{ext}» no admitido: se esperaba .csv, .tsv, .txt o .xlsx.",
        "en": "File type “{ext}” is not supported: expected .csv, .tsv, .txt or .xlsx.",
    },
    "uploads.problem.xls": {
        "es": "El formato Excel 97-2003 (.xls) no está admitido: guarde el archivo como .xlsx"
        " o CSV.",
        "en": "The Excel 97-2003 format (.xls) is not supported: save the file as .xlsx or CSV.",
    },
    "uploads.problem.binary": {
        "es": "El archivo no es una tabla CSV ni un Excel .xlsx (parece {kind}).",
        "en": "The file is not a CSV table nor an Excel .xlsx workbook (it looks like {kind}).",
    },
    "uploads.problem.bad_excel": {
        "es": "No se pudo leer el Excel: el archivo está dañado, cifrado o no es un .xlsx.",
        "en": "Could not read the Excel file: it is damaged, encrypted or not an .xlsx.",
    },
    "uploads.problem.unreadable": {
        "es": "No se pudo leer el archivo como tabla.",
        "en": "Could not read the file as a table.",
    },
    "uploads.problem.no_rows": {
        "es": "No hay filas de datos debajo de la cabecera.",
        "en": "There are no data rows below the header.",
    },
    "uploads.problem.too_many_rows": {
        "es": "El archivo tiene más de {max_rows} filas de datos; el máximo es {max_rows}.",
        "en": "The file has more than {max_rows} data rows; the maximum is {max_rows}.",
    },
    "uploads.problem.too_many_columns": {
        "es": "El archivo tiene más de {max_columns} columnas; el máximo es {max_columns}.",
        "en": "The file has more than {max_columns} columns; the maximum is {max_columns}.",
    },
    "uploads.problem.ragged_row": {
        "es": "La fila tiene {found} celdas y la cabecera {expected}.",
        "en": "The row has {found} cells and the header {expected}.",
    },
    "uploads.problem.no_department_column": {
        "es": "No hay una columna de departamentos (departamento, región, ubigeo o nombres y"
        " códigos de departamentos del Perú). Columnas leídas: {columns}.",
        "en": "There is no department column (department, region, ubigeo, or names and codes of"
        " Peruvian departments). Columns read: {columns}.",
    },
    "uploads.problem.headerless": {
        "es": "La primera fila parece un dato («{value}»): la primera fila debe tener los nombres"
        " de las columnas.",
        "en": "The first row looks like data (“{value}”): the first row must hold the column"
        " names.",
    },
    "uploads.problem.no_value_column": {
        "es": "No hay ninguna columna numérica además del departamento y el año.",
        "en": "There is no numeric column besides the department and the year.",
    },
    "uploads.problem.missing_department": {
        "es": "Falta el departamento.",
        "en": "The department is missing.",
    },
    "uploads.problem.unknown_department": {
        "es": "«{value}» no es un departamento del Perú (se esperaba un nombre, un código INEI"
        " 01-25 o un código ISO como PE-CUS).{hint}",
        "en": "“{value}” is not a Peruvian department (expected a name, an INEI code 01-25 or an"
        " ISO code such as PE-CUS).{hint}",
    },
    "uploads.problem.did_you_mean": {
        "es": " ¿Quiso decir {names}?",
        "en": " Did you mean {names}?",
    },
    "uploads.problem.duplicate_department": {
        "es": "{department} ya aparece en la fila {first_row}{year}: se esperaba una fila por"
        " departamento y año.",
        "en": "{department} already appears in row {first_row}{year}: expected one row per"
        " department and year.",
    },
    "uploads.problem.year_part": {"es": " con el año {year}", "en": " with the year {year}"},
    "uploads.problem.non_numeric": {
        "es": "«{value}» no es un número (se esperaba {style}).",
        "en": "“{value}” is not a number (expected {style}).",
    },
    "uploads.style.comma": {
        "es": "un número con coma decimal, como el resto de la columna: 8,7 o 1.334",
        "en": "a number with a decimal comma, like the rest of the column: 8,7 or 1.334",
    },
    "uploads.style.point": {
        "es": "un número con punto decimal, como el resto de la columna: 8.7 o 1,334",
        "en": "a number with a decimal point, like the rest of the column: 8.7 or 1,334",
    },
    "uploads.problem.negative": {
        "es": "«{value}» es negativo: se esperaba un valor de 0 o más.",
        "en": "“{value}” is negative: expected a value of 0 or more.",
    },
    "uploads.problem.bad_year": {
        "es": "«{value}» no es un año (se esperaba un año como 2012).",
        "en": "“{value}” is not a year (expected a year such as 2012).",
    },
    "uploads.note.total_row": {
        "es": "Fila de total «{value}» omitida: el atlas muestra departamentos.",
        "en": "Total row “{value}” skipped: the atlas shows departments.",
    },
    "uploads.note.duplicate_header": {
        "es": "El nombre de columna «{value}» se repite; esta columna se llama «{renamed}».",
        "en": "The column name “{value}” is repeated; this column is called “{renamed}”.",
    },
    "uploads.note.other_sheets": {
        "es": "Se leyó solo la primera hoja («{sheet}»); el libro tiene {count} hojas.",
        "en": "Only the first sheet (“{sheet}”) was read; the workbook has {count} sheets.",
    },
}


def normalise_language(lang: object) -> str:
    """``"es"`` or ``"en"`` from any input (``"en-US"``, ``"ES"``, None...); Spanish by default."""
    text = str(lang or "").strip().lower()[:2]
    return text if text in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``.

    Raises
    ------
    KeyError
        When the key is not in the catalogue (a missing string is a bug, not a fallback).
    """
    text = MESSAGES[key][normalise_language(lang)]
    return text.format(**values) if values else text


def format_number(value: float, decimals: int, lang: str) -> str:
    """``value`` with ``decimals`` places in the language's style: 1,334.5 (en) or 1334,5 (es).

    Spanish follows the RAE: a decimal comma, and a thin space between thousands only from five
    digits up (1334 but 29 461 933).
    """
    text = f"{value:,.{decimals}f}"
    if normalise_language(lang) == "en":
        return text
    whole, _, frac = text.partition(".")
    digits = whole.replace(",", "")
    whole = whole.replace(",", "\u202f") if len(digits.lstrip("-")) > 4 else digits
    return f"{whole},{frac}" if frac else whole
