"""The registry of the atlas's charts: each chart's id, page, data tables and builders, by name."""

from __future__ import annotations

from geo.charts import departments, justice, overview
from geo.charts.data import finding_messages
from geo.charts.spec import ChartSpec

PAGES = ("overview", "justice")

CHARTS: dict[str, ChartSpec] = {
    spec.chart_id: spec
    for spec in (
        ChartSpec("purposes", "overview", ("reta_purposes",), overview.PURPOSES),
        ChartSpec("age_groups", "overview", ("reta_women_victims_by_age",), overview.AGE_GROUPS),
        ChartSpec(
            "complaints_vs_origin",
            "overview",
            ("complaints_by_judicial_department", "victims_by_origin"),
            departments.COMPLAINTS_VS_ORIGIN,
            by_department=True,
        ),
        ChartSpec(
            "poverty_vs_complaints",
            "overview",
            ("poverty_2010_as_cited",),
            departments.POVERTY_VS_COMPLAINTS,
            by_department=True,
        ),
        ChartSpec("education", "overview", ("education",), overview.EDUCATION),
        ChartSpec("justice_funnel", "justice", ("justice",), justice.JUSTICE_FUNNEL),
        ChartSpec("penalties", "justice", ("justice",), justice.PENALTIES),
        ChartSpec("timeline", "justice", ("timeline",), justice.TIMELINE),
    )
}


def chart_spec(chart_id: str) -> ChartSpec:
    """The registered chart ``chart_id``.

    Raises
    ------
    KeyError
        Naming the unknown id and the known ones.
    """
    try:
        return CHARTS[chart_id]
    except KeyError:
        raise KeyError(f"unknown chart {chart_id!r}: expected one of {', '.join(CHARTS)}") from None


def charts_for_page(page: str) -> list[str]:
    """The ids of the charts shown on ``page`` (``overview`` or ``justice``), in display order."""
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}: expected one of {', '.join(PAGES)}")
    return [cid for cid, spec in CHARTS.items() if spec.page == page]


def quality_messages(chart_id: str, lang: str) -> list[str]:
    """Every data-quality finding (other than "ok") about a chart's figures, in ``lang``."""
    return finding_messages(chart_spec(chart_id).datasets, lang)
