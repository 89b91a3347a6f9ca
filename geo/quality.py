"""Check the report's arithmetic: recompute its stated percentages and say where they differ."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from geo.i18n import format_number, format_percent
from geo.names import department_names, resolve_department
from geo.tables import read_table, read_table_text

SEVERITIES = ("ok", "note", "mismatch")
NOTE_LIMIT_PP = 1.0  # differences under one percentage point are a note, larger ones a mismatch


@dataclass(frozen=True)
class Finding:
    """One check of a stated percentage (or of a stated total) against the report's own counts.

    Attributes
    ----------
    finding_id : stable id, ``"<dataset>:<item>"``.
    dataset : the table checked (file name without ``.csv``).
    item : the row checked: a department code, a purpose, an age group or an indicator.
    stated_pct : the percentage as the report prints it (None where it gives none).
    recomputed_pct : count / denominator_used x 100 (None where the report gives no count).
    denominator_used : the total the report presents for the figure (500, 1334, 228, 366).
    implied_denominator : count / (stated_pct / 100): the total the stated figure implies.
    severity : ``"ok"`` (matches within rounding), ``"note"`` (off by less than one percentage
        point, or a caveat on meaning) or ``"mismatch"`` (off by one point or more).
    message_es, message_en : the finding in plain words.
    department_code : INEI code when the finding is about one department, else None.
    """

    finding_id: str
    dataset: str
    item: str
    stated_pct: float | None
    recomputed_pct: float | None
    denominator_used: int | None
    implied_denominator: float | None
    severity: str
    message_es: str
    message_en: str
    department_code: str | None = None


def stated_decimals(text: str) -> int:
    """Decimal places of a figure as printed: ``"0.40"`` -> 2, ``"12"`` -> 0."""
    return len(str(text).strip().partition(".")[2])


def rounding_tolerance(decimals: int) -> float:
    """Half a unit of the last printed decimal: the widest gap rounding can explain."""
    return 0.5 * 10**-decimals + 1e-9


def reproduces(count: float, denominator: float, stated: float, decimals: int) -> bool:
    """True when ``count / denominator`` rounds to ``stated`` percent printed with ``decimals``."""
    return abs(100 * count / denominator - stated) <= rounding_tolerance(decimals)


def explains(count: float, denominator: int, stated: float, decimals: int) -> bool:
    """True when ``denominator`` accounts for the stated share: it reproduces it, or it is the
    whole number nearest the implied denominator (a last-digit slip such as 53/168 = 31.55 %
    printed 31.6 %)."""
    return (
        reproduces(count, denominator, stated, decimals)
        or round(count / (stated / 100)) == denominator
    )


def severity_of(recomputed: float, stated: float, decimals: int) -> str:
    """``ok`` within rounding, ``note`` under one percentage point, ``mismatch`` otherwise."""
    gap = abs(recomputed - stated)
    if gap <= rounding_tolerance(decimals):
        return "ok"
    return "note" if gap < NOTE_LIMIT_PP else "mismatch"


def _n(value: float, decimals: int, lang: str) -> str:
    return format_number(value, decimals, lang)


def _pct(value: float, lang: str, decimals: int = 1) -> str:
    return format_percent(value, decimals, lang)


def _stated(text: str, lang: str) -> str:
    """A stated figure with the decimals the report prints, in the language's style."""
    return format_percent(float(text), len(text.partition(".")[2]), lang)


def _texts(table: str, key_column: str, column: str) -> dict[str, str]:
    """Key -> the cell of ``column`` as printed in the file."""
    frame = read_table_text(table)
    return dict(zip(frame[key_column], frame[column], strict=True))


def _total(table: str, column: str, key_column: str, key: str) -> int:
    frame = read_table(table)
    return int(frame.loc[frame[key_column] == key, column].iloc[0])


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


# ---------------------------------------------------------------------------------------------
# Shares of a total, row by row


def _share_findings(
    dataset: str,
    frame: pd.DataFrame,
    key_column: str,
    count_column: str,
    total: int,
    unit: tuple[str, str],
    listed: tuple[str, str],
    label_column: str | tuple[str, str],
) -> list[Finding]:
    """Findings for rows that give a count and a stated share of ``total``.

    ``label_column`` names the rows: one column, or a (Spanish, English) pair.

    ``unit`` is the counted noun (Spanish, English); ``listed`` names the listed rows as a group
    ("the five judicial districts listed"), whose sum is the other candidate denominator.
    """
    printed = _texts(dataset, key_column, "stated_pct")
    listed_sum = int(frame[count_column].sum())
    out = []
    for row in frame.itertuples(index=False):
        key = str(getattr(row, key_column))
        count, stated = getattr(row, count_column), row.stated_pct
        if _missing(count) or _missing(stated):
            continue
        count, stated, text = int(count), float(stated), printed[key]
        decimals = stated_decimals(text)
        columns = (label_column, label_column) if isinstance(label_column, str) else label_column
        label_es, label_en = (str(getattr(row, c)) for c in columns)
        recomputed = 100 * count / total
        implied = count / (stated / 100)
        severity = severity_of(recomputed, stated, decimals)
        es = (
            f"{label_es}: {count} de {_n(total, 0, 'es')} {unit[0]} es {_pct(recomputed, 'es', 2)}; "
            f"el informe dice {_stated(text, 'es')}."
        )
        en = (
            f"{label_en}: {count} of {_n(total, 0, 'en')} {unit[1]} is {_pct(recomputed, 'en', 2)}; "
            f"the report says {_stated(text, 'en')}."
        )
        if severity == "ok":
            es, en = es + " Coincide.", en + " It matches."
        elif explains(count, listed_sum, stated, decimals):
            share = 100 * count / listed_sum
            es += (
                f" La cifra del informe implica un total de unos {_n(implied, 0, 'es')}: es la "
                f"proporción sobre {listed[0]} ({count}/{listed_sum} = {_pct(share, 'es', 2)}), no "
                f"sobre el total de {_n(total, 0, 'es')}."
            )
            en += (
                f" The report's figure implies a total of about {_n(implied, 0, 'en')}: it is the "
                f"share of {listed[1]} ({count}/{listed_sum} = {_pct(share, 'en', 2)}), not of the "
                f"total of {_n(total, 0, 'en')}."
            )
        else:
            near = round(implied)
            share = 100 * count / near
            es += (
                f" La cifra del informe implica un total de unos {_n(implied, 0, 'es')} "
                f"({count}/{near} = {_pct(share, 'es', 2)}), no {_n(total, 0, 'es')}."
            )
            en += (
                f" The report's figure implies a total of about {_n(implied, 0, 'en')} "
                f"({count}/{near} = {_pct(share, 'en', 2)}), not {_n(total, 0, 'en')}."
            )
        code = key if key_column == "department_code" else None
        out.append(
            Finding(
                f"{dataset}:{key}",
                dataset,
                key,
                stated,
                round(recomputed, 4),
                total,
                round(implied, 4),
                severity,
                es,
                en,
                code,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Datasets


def _reta_purposes() -> list[Finding]:
    dataset = "reta_purposes"
    frame = read_table(dataset)
    printed = _texts(dataset, "purpose_id", "stated_pct")
    total = _total(dataset, "complaints", "purpose_id", "all")
    rows = frame[frame["purpose_id"] != "all"]
    out = _share_findings(
        dataset,
        rows[rows["complaints"].notna()],
        "purpose_id",
        "complaints",
        total,
        ("denuncias", "complaints"),
        ("las finalidades listadas", "the purposes listed"),
        ("purpose_es", "purpose_en"),
    )
    # Purposes the report gives only as a percentage: the count they imply.
    for row in rows[rows["complaints"].isna()].itertuples(index=False):
        stated, text = float(row.stated_pct), printed[row.purpose_id]
        implied_count = stated / 100 * total
        es = f"{row.purpose_es}: el informe da solo {_stated(text, 'es')}; sobre {total} denuncias "
        en = (
            f"{row.purpose_en}: the report gives only {_stated(text, 'en')}; of {total} complaints "
        )
        if abs(implied_count - round(implied_count)) < 0.05:
            severity = "ok"
            es += f"son {_n(implied_count, 0, 'es')}."
            en += f"that is {_n(implied_count, 0, 'en')}."
        else:
            severity = "note"
            one = 100 / total
            es += (
                f"serían {_n(implied_count, 1, 'es')}: ningún número entero de denuncias da "
                f"{_stated(text, 'es')} (1 de {total} = {_pct(one, 'es', 2)})."
            )
            en += (
                f"that would be {_n(implied_count, 1, 'en')}: no whole number of complaints gives "
                f"{_stated(text, 'en')} (1 of {total} = {_pct(one, 'en', 2)})."
            )
        out.append(
            Finding(
                f"{dataset}:{row.purpose_id}",
                dataset,
                row.purpose_id,
                stated,
                None,
                total,
                None,
                severity,
                es,
                en,
            )
        )
    stated_sum = round(float(rows["stated_pct"].sum()), 4)
    gap = round(100 - stated_sum, 4)
    ok = abs(gap) <= 0.05
    es = f"Las {len(rows)} finalidades suman {_pct(stated_sum, 'es', 2)} de las denuncias" + (
        "." if ok else f"; el informe no dice a qué corresponde el {_pct(gap, 'es', 2)} restante."
    )
    en = f"The {len(rows)} purposes add up to {_pct(stated_sum, 'en', 2)} of complaints" + (
        "." if ok else f"; the report does not say what the remaining {_pct(gap, 'en', 2)} are."
    )
    out.append(
        Finding(
            f"{dataset}:sum_of_purposes",
            dataset,
            "sum_of_purposes",
            stated_sum,
            None,
            total,
            None,
            "ok" if ok else "note",
            es,
            en,
        )
    )
    return out


def _reta_ages() -> list[Finding]:
    dataset = "reta_women_victims_by_age"
    frame = read_table(dataset)
    total = _total(dataset, "victims", "age_group", "all")
    groups = frame[frame["age_group"] != "all"]
    out = _share_findings(
        dataset,
        groups,
        "age_group",
        "victims",
        total,
        ("mujeres víctimas", "women victims"),
        ("los grupos listados", "the groups listed"),
        "age_group",
    )
    added = int(groups["victims"].sum())
    ok = added == total
    es = (
        f"Los grupos de edad suman {_n(added, 0, 'es')} víctimas; el total del informe es "
        f"{_n(total, 0, 'es')}." + (" Coincide." if ok else "")
    )
    en = (
        f"The age groups add up to {_n(added, 0, 'en')} victims; the report's total is "
        f"{_n(total, 0, 'en')}." + (" It matches." if ok else "")
    )
    out.append(
        Finding(
            f"{dataset}:sum_of_groups",
            dataset,
            "sum_of_groups",
            None,
            None,
            total,
            None,
            "ok" if ok else "mismatch",
            es,
            en,
        )
    )
    return out


def _top_departments(
    dataset: str,
    count_column: str,
    total_id: str,
    share_id: str,
    unit: tuple[str, str],
    listed: tuple[str, str],
) -> list[Finding]:
    """Findings for a top-N table: each stated share, the top N's stated share, the remainder."""
    frame = read_table(dataset)
    totals = read_table("observatorio_totals").set_index("indicator_id")
    printed = _texts("observatorio_totals", "indicator_id", "value")[share_id]
    total = int(totals.loc[total_id, "value"])
    names = department_names()
    frame = frame.assign(label=[names[c] for c in frame["department_code"]])
    out = _share_findings(
        dataset, frame, "department_code", count_column, total, unit, listed, "label"
    )

    listed_sum = int(frame[count_column].sum())
    share = 100 * listed_sum / total
    stated = float(totals.loc[share_id, "value"])
    n = len(frame)
    if totals.loc[share_id, "qualifier"] == "more than":
        severity = "ok" if share > stated else "mismatch"
        implied = None
        es = (
            f"El informe dice que más del {_stated(printed, 'es')} de las {unit[0]} está en "
            f"{listed[0]}: {listed_sum} de {total} es {_pct(share, 'es')}. "
            + ("Se cumple." if severity == "ok" else "No se cumple.")
        )
        en = (
            f"The report says more than {_stated(printed, 'en')} of {unit[1]} are in {listed[1]}: "
            f"{listed_sum} of {total} is {_pct(share, 'en')}. "
            + ("It holds." if severity == "ok" else "It does not hold.")
        )
    else:
        severity = severity_of(share, stated, stated_decimals(printed))
        implied = round(listed_sum / (stated / 100), 4)
        es = (
            f"{listed[0][0].upper() + listed[0][1:]} suman {listed_sum} de {total} {unit[0]}: "
            f"{_pct(share, 'es', 2)}; el informe dice {_stated(printed, 'es')}."
            + (" Coincide." if severity == "ok" else "")
        )
        en = (
            f"{listed[1][0].upper() + listed[1][1:]} add up to {listed_sum} of {total} {unit[1]}: "
            f"{_pct(share, 'en', 2)}; the report says {_stated(printed, 'en')}."
            + (" It matches." if severity == "ok" else "")
        )
    out.append(
        Finding(
            f"{dataset}:top{n}_share",
            dataset,
            f"top{n}_share",
            stated,
            round(share, 4),
            total,
            implied,
            severity,
            es,
            en,
        )
    )

    rest = total - listed_sum
    rest_pct = 100 * rest / total
    es = (
        f"{rest} de {total} {unit[0]} ({_pct(rest_pct, 'es')}) corresponden a departamentos que el "
        f"informe no nombra: esos departamentos figuran como «no reportado», no como cero."
    )
    en = (
        f"{rest} of {total} {unit[1]} ({_pct(rest_pct, 'en')}) belong to departments the report "
        "does "
        f"not name: those departments are shown as 'not reported', not as zero."
    )
    out.append(
        Finding(
            f"{dataset}:unallocated",
            dataset,
            "unallocated",
            None,
            round(rest_pct, 4),
            total,
            None,
            "note",
            es,
            en,
        )
    )
    return out


def _female_share() -> list[Finding]:
    totals = read_table("observatorio_totals").set_index("indicator_id")
    text = _texts("observatorio_totals", "indicator_id", "value")["female_victims_share"]
    total = int(totals.loc["victims", "value"])
    stated, decimals = float(text), stated_decimals(text)
    implied_count = stated / 100 * total
    low, high = math.floor(implied_count), math.ceil(implied_count)
    nearest = min((low, high), key=lambda c: abs(100 * c / total - stated))
    recomputed = 100 * nearest / total
    if reproduces(nearest, total, stated, decimals):
        severity = "ok"
        es = f"{_stated(text, 'es')} de {total} víctimas son {nearest} mujeres. Coincide."
        en = f"{_stated(text, 'en')} of {total} victims is {nearest} women. It matches."
    else:
        severity = "note"
        es = (
            f"{_stated(text, 'es')} de {total} víctimas serían {_n(implied_count, 1, 'es')} "
            "mujeres: "
            f"ningún número entero da {_stated(text, 'es')} ({low} = "
            f"{_pct(100 * low / total, 'es', decimals)}, {high} = "
            f"{_pct(100 * high / total, 'es', decimals)}). "
            f"La cifra puede descansar en otro recuento."
        )
        en = (
            f"{_stated(text, 'en')} of {total} victims would be {_n(implied_count, 1, 'en')} "
            "women: no "
            f"whole number gives {_stated(text, 'en')} ({low} = "
            f"{_pct(100 * low / total, 'en', decimals)}, "
            f"{high} = {_pct(100 * high / total, 'en', decimals)}). The figure may rest on "
            "another count."
        )
    return [
        Finding(
            "observatorio_totals:female_victims_share",
            "observatorio_totals",
            "female_victims_share",
            stated,
            round(recomputed, 4),
            total,
            None,
            severity,
            es,
            en,
        )
    ]


def _poverty() -> list[Finding]:
    printed = _texts("poverty_2010_as_cited", "department_code", "poverty_rate_pct")
    out = []
    for row in read_table("poverty_2010_as_cited").itertuples(index=False):
        text = printed[row.department_code]
        es = (
            f"{row.department}: el informe cita {_stated(text, 'es')} como tasa de pobreza "
            "extrema 2010 "
            "(INEI), pero la cifra corresponde a la pobreza total: la pobreza extrema nacional "
            "fue "
            "9,8 % y la de la costa 2,0 %. Son los seis departamentos con menor pobreza total; "
            "los "
            f"otros 19 no figuran en el informe."
        )
        en = (
            f"{row.department}: the report cites {_stated(text, 'en')} as the 2010 extreme "
            "poverty rate "
            f"(INEI), but the figure matches total poverty: national extreme poverty was 9.8 % and "
            "coastal 2.0 %. These are the six departments with the lowest total poverty; the "
            "other "
            f"19 are not in the report."
        )
        out.append(
            Finding(
                f"poverty_2010_as_cited:{row.department_code}",
                "poverty_2010_as_cited",
                row.department_code,
                float(row.poverty_rate_pct),
                None,
                None,
                None,
                "note",
                es,
                en,
                row.department_code,
            )
        )
    return out


def findings() -> list[Finding]:
    """Every data-quality finding, in dataset order: RETA purposes, RETA ages, complaints,
    victims by origin, the female share, the poverty figures."""
    return [
        *_reta_purposes(),
        *_reta_ages(),
        *_top_departments(
            "complaints_by_judicial_department",
            "complaints",
            "complaints",
            "top5_complaints_share",
            ("denuncias", "complaints"),
            ("los cinco distritos judiciales listados", "the five judicial districts listed"),
        ),
        *_top_departments(
            "victims_by_origin",
            "victims",
            "victims",
            "top6_origin_share",
            ("víctimas", "victims"),
            ("los seis departamentos de origen listados", "the six departments of origin listed"),
        ),
        *_female_share(),
        *_poverty(),
    ]


def findings_for_department(code: object) -> list[Finding]:
    """The findings about one department (any reference geo.names resolves: ``"08"``, ``"Cuzco"``).

    Raises
    ------
    geo.names.UnknownDepartmentError
        When ``code`` names no department.
    """
    resolved = resolve_department(code)
    return [f for f in findings() if f.department_code == resolved]
