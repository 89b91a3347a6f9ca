"""The Justice page's model: the prosecution funnel, penalties, protection, institutions, timeline."""

from __future__ import annotations

from geo.headlines import institutions, protection_figures
from geo.i18n import normalise_language, t
from geo.pages.charts import ChartPage, Institution, Section, chart_block, fact


def justice_page(lang: str) -> ChartPage:
    """What the Justice page says in ``lang``: title, introduction and four sections (the
    prosecution's charts, the protection figures, the institutions with their source, the
    timeline)."""
    lang = normalise_language(lang)
    return ChartPage(
        page="justice",
        lang=lang,
        title=t("justice.title", lang),
        intro=t("justice.intro", lang),
        figures=(),
        sections=(
            Section(
                "prosecution",
                t("justice.prosecution_heading", lang),
                charts=(chart_block("justice_funnel", lang), chart_block("penalties", lang)),
            ),
            Section(
                "protection",
                t("justice.protection_heading", lang),
                figures=tuple(fact(h, lang) for h in protection_figures(lang)),
            ),
            Section(
                "institutions",
                t("justice.institutions_heading", lang),
                institutions=tuple(Institution(n, text) for n, text in institutions(lang)),
                caption=t("justice.source.institutions", lang),
            ),
            Section(
                "timeline",
                t("justice.timeline_heading", lang),
                charts=(chart_block("timeline", lang),),
            ),
        ),
    )
