"""The Overview page's model: headline figures and the charts of the report's numbers."""

from __future__ import annotations

from geo.headlines import headline_figures
from geo.i18n import normalise_language, t
from geo.pages.charts import ChartPage, Section, chart_block, fact

# (anchor, heading key, charts), in page order
SECTIONS = (
    ("national", "overview.national_heading", ("purposes", "age_groups")),
    ("regional", "overview.regional_heading", ("complaints_vs_origin", "poverty_vs_complaints")),
    ("profile", "overview.profile_heading", ("education",)),
)


def overview_page(lang: str) -> ChartPage:
    """What the Overview page says in ``lang``: title, introduction, the headline figures (each
    with its source and any data-quality note), then its sections of charts."""
    lang = normalise_language(lang)
    return ChartPage(
        page="overview",
        lang=lang,
        title=t("overview.title", lang),
        intro=t("overview.intro", lang),
        figures=tuple(fact(h, lang) for h in headline_figures(lang)),
        sections=tuple(
            Section(anchor, t(key, lang), charts=tuple(chart_block(c, lang) for c in ids))
            for anchor, key, ids in SECTIONS
        ),
    )
