"""Users' journeys through the atlas in Chromium: map, policymaker, presenter, journalist."""

from __future__ import annotations

import io
import math
import re
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from atlas_ui import (
    LANGS,
    SOCKET_LOG_JS,
    assert_no_error,
    choose,
    click_department,
    departments_drawn,
    is_colour,
    legend_route_names,
    legend_swatch_colours,
    map_frame,
    open_page,
    settled_script_runs,
    shot,
    url,
    wait_idle,
    wait_map,
    widget,
)
from playwright.sync_api import Page, expect

from geo.i18n import format_number, t
from geo.layers import LAYERS, layer_values
from geo.maps import NOT_REPORTED_FILL
from geo.routes import ROUTE_IDS, route_lines
from geo.tables import read_table

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MADRE_DE_DIOS = "17"
CHART_PAGE = "overview"  # the page of the report's charts


def query(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def wait_query(page: Page, **expected: str) -> None:
    """Wait until the page's URL carries each ``expected`` query value."""
    page.wait_for_url(
        lambda u: all(parse_qs(urlsplit(u).query).get(k) == [v] for k, v in expected.items())
    )


def route_names(lang: str) -> dict[str, str]:
    lines = route_lines()
    return dict(zip(lines["route_id"], lines[f"name_{lang}"], strict=True))


def profile_column(page: Page):
    return page.locator('[data-testid="stColumn"]').filter(has=widget(page, "dept"))


# --- the map --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_map_draws_every_department_with_legend_title_source_and_caveat(page, server, lang):
    open_page(page, server, lang=lang, layer="complaints", measure="count")
    wait_map(page)
    frame = map_frame(page)

    drawn = departments_drawn(page)
    expected_codes = set(read_table("departments")["department_code"])
    assert len(drawn) == len(expected_codes) == 25
    assert {d["code"] for d in drawn} == expected_codes
    assert all(d["inDocument"] and d["width"] > 0 and d["height"] > 0 for d in drawn), drawn

    values = layer_values("complaints", "count").set_index("department_code")["value"]
    swatches = set(legend_swatch_colours(page))
    assert swatches, "the legend shows no class colours"
    for dept in drawn:
        reported = not math.isnan(values[dept["code"]])
        if reported:
            assert is_colour(dept["fill"]), dept
            assert dept["fill"].lower() in swatches, (dept, swatches)
        else:  # not reported is hatched, never a colour that reads as zero
            assert dept["fill"] == NOT_REPORTED_FILL, dept
    expect(frame.locator(f"pattern#{NOT_REPORTED_FILL[5:-1]}")).to_have_count(1)

    expect(frame.locator(".atlas-title h2")).to_have_text(t("layer.complaints.title", lang))
    expect(frame.locator(".atlas-title p")).to_have_text(t("measure.count.complaints", lang))
    legend = frame.locator(".atlas-legend")
    expect(legend).to_contain_text(t("measure.count.complaints", lang))
    expect(legend).to_contain_text(t("map.not_reported", lang))
    source = frame.locator(".atlas-source")
    expect(source).to_contain_text(t("layer.complaints.source", lang))
    expect(source).to_contain_text(t("layer.complaints.caveat", lang))
    assert legend_route_names(page) == [route_names(lang)[r] for r in ROUTE_IDS]
    shot(page, f"map-{lang}")


# --- the policymaker --------------------------------------------------------------------------


def test_policymaker_switches_layers_and_measures_and_the_map_follows(page, server):
    lang = "es"
    open_page(page, server, lang=lang)
    wait_map(page)
    title = map_frame(page).locator(".atlas-title h2")
    subtitle = map_frame(page).locator(".atlas-title p")
    for layer_id, spec in LAYERS.items():
        choose(page, "layer", t(f"layer.{layer_id}", lang))
        expect(title).to_have_text(t(f"layer.{layer_id}.title", lang))
        for measure in spec.measures:
            choose(page, "measure", t(f"measure.{measure}", lang))
            expect(subtitle).to_have_text(t(f"measure.{measure}.{layer_id}", lang))
            wait_query(page, layer=layer_id, measure=measure)
            assert len(departments_drawn(page)) == 25
        # a measure the layer does not offer is not offered
        offered = widget(page, "measure").get_by_role("radio").all_inner_texts()
        assert offered == [t(f"measure.{m}", lang) for m in spec.measures]
    assert_no_error(page)


@pytest.mark.parametrize("key", ["layer", "measure", "lang"])
def test_clicking_the_chosen_option_again_keeps_it(page, server, key):
    open_page(page, server, lang="es", layer="complaints", measure="count")
    wait_map(page)
    chosen = widget(page, key).get_by_role("radio", checked=True)
    expect(chosen).to_have_count(1)
    label = chosen.inner_text()
    chosen.click()
    wait_idle(page)
    assert_no_error(page)
    expect(widget(page, key).get_by_role("radio", name=label, exact=True)).to_have_attribute(
        "aria-checked", "true"
    )
    expect(map_frame(page).locator(".atlas-title h2")).to_have_text(
        t("layer.complaints.title", "es")
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_map_control_option_is_shown_whole(page, server, lang):
    """No option of the layer, measure or route controls is cut off at a desktop width."""
    open_page(page, server, lang=lang, layer="complaints", measure="per_100k")
    wait_map(page)
    clipped = []
    for key in ("layer", "measure", "routes"):
        group = widget(page, key).locator('[role="radiogroup"], [role="toolbar"]').first
        box = group.bounding_box()
        for option in group.get_by_role("radio").or_(group.get_by_role("button")).all():
            own = option.bounding_box()
            left, right = own["x"], own["x"] + own["width"]
            if left < box["x"] - 1 or right > box["x"] + box["width"] + 1:
                clipped.append(f"{key}: {option.inner_text()!r}")
    assert not clipped, clipped


def test_policymaker_turns_each_route_off_and_on_and_the_legend_follows(page, server):
    lang = "en"
    open_page(page, server, lang=lang, routes=",".join(ROUTE_IDS))
    wait_map(page)
    names = route_names(lang)
    rows = map_frame(page).locator(".atlas-legend .routes .row")
    expect(rows).to_have_count(len(ROUTE_IDS))
    for route_id in ROUTE_IDS:
        pill = widget(page, "routes").get_by_role("button", name=names[route_id], exact=True)
        expect(pill).to_have_attribute("aria-pressed", "true")
        pill.click()
        expect(pill).to_have_attribute("aria-pressed", "false")
        expect(rows).to_have_count(len(ROUTE_IDS) - 1)
        expect(rows.filter(has_text=names[route_id])).to_have_count(0)
        assert route_id not in query(page).get("routes", "")
        pill.click()
        expect(pill).to_have_attribute("aria-pressed", "true")
        expect(rows).to_have_count(len(ROUTE_IDS))
        expect(rows.filter(has_text=names[route_id])).to_have_count(1)
    assert legend_route_names(page) == [names[r] for r in ROUTE_IDS]


def _profile_expectations(lang: str) -> dict[str, str]:
    population = read_table("population").set_index("department_code")
    pop = float(population.loc[MADRE_DE_DIOS, "pop_2010_est"])
    complaints = layer_values("complaints", "count").set_index("department_code")["value"]
    count = float(complaints[MADRE_DE_DIOS])
    return {
        "complaints": format_number(count, 0, lang),
        "per_100k": format_number(count / pop * 100_000, 1, lang),
        "population": format_number(pop, 0, lang),
    }


def test_policymaker_clicks_madre_de_dios_reads_its_profile_and_shares_the_view(
    page, server, new_context
):
    lang = "es"
    open_page(page, server, lang=lang)
    choose(page, "layer", t("layer.complaints", lang))
    choose(page, "measure", t("measure.per_100k", lang))
    expect(map_frame(page).locator(".atlas-title p")).to_have_text(
        t("measure.per_100k.complaints", lang)
    )
    click_department(page, MADRE_DE_DIOS)

    column = profile_column(page)
    expect(column.get_by_role("heading", name="Madre de Dios")).to_be_visible()
    expected = _profile_expectations(lang)
    values = column.locator('[data-testid="stMetricValue"]')
    for figure in expected.values():
        expect(
            values.filter(has_text=re.compile(rf"^\s*{re.escape(figure)}\s*$"))
        ).not_to_have_count(0)
    assert expected["complaints"] == "32" and expected["per_100k"] == "26,4"  # the report's figures
    expect(widget(page, "dept").get_by_role("combobox")).to_have_value("Madre de Dios")
    wait_query(page, layer="complaints", measure="per_100k", dept=MADRE_DE_DIOS, lang=lang)
    page.mouse.move(0, 0)  # off the map: a hovered department wears the hover outline
    outlined = {d["code"]: float(d["strokeWidth"]) for d in departments_drawn(page)}
    assert outlined[MADRE_DE_DIOS] > max(w for c, w in outlined.items() if c != MADRE_DE_DIOS)
    shot(page, "policymaker-madre-de-dios")

    shared = page.url
    other = new_context().new_page()
    other.goto(shared)
    wait_idle(other)
    wait_map(other)
    for key, label in (
        ("layer", t("layer.complaints", lang)),
        ("measure", t("measure.per_100k", lang)),
    ):
        expect(widget(other, key).get_by_role("radio", name=label, exact=True)).to_have_attribute(
            "aria-checked", "true"
        )
    expect(widget(other, "dept").get_by_role("combobox")).to_have_value("Madre de Dios")
    expect(profile_column(other).get_by_role("heading", name="Madre de Dios")).to_be_visible()
    expect(map_frame(other).locator(".atlas-title p")).to_have_text(
        t("measure.per_100k.complaints", lang)
    )
    shared_outline = {d["code"]: float(d["strokeWidth"]) for d in departments_drawn(other)}
    assert shared_outline == outlined


def test_a_click_on_a_department_runs_the_script_once(page, server):
    """The click chooses the department in st_folium's on_change: no second run (st.rerun)."""
    page.add_init_script(SOCKET_LOG_JS)
    open_page(page, server, lang="es")
    wait_map(page)
    requests_before, finished_before = settled_script_runs(page)
    click_department(page, MADRE_DE_DIOS)
    expect(profile_column(page).get_by_role("heading", name="Madre de Dios")).to_be_visible()
    wait_query(page, dept=MADRE_DE_DIOS)
    requests, finished = settled_script_runs(page)
    requests, finished = requests - requests_before, finished - finished_before
    assert requests >= 1
    assert finished == requests, f"{finished} script runs for {requests} rerun requests"


def test_a_first_visit_draws_the_map_first_and_the_drawn_map_asks_for_the_rest(page, server):
    """A session's first drawing of the map page is the controls and the map; the map, once drawn,
    asks for the run that adds the profile's list and the downloads (ui.live_map.REST_JS), and only
    then: the map of a later view does not ask again."""
    lang = "es"
    page.add_init_script(SOCKET_LOG_JS)
    page.goto(url(server, lang=lang, dept=MADRE_DE_DIOS))
    wait_map(page)
    expect(profile_column(page).get_by_role("heading", name="Madre de Dios")).to_be_visible()
    # the map's 6 downloads (the table tab's CSV is drawn with the table, once its tab is open)
    expect(page.locator('[data-testid="stDownloadButton"]')).to_have_count(6)
    assert settled_script_runs(page) == (2, 2)  # the visit's run, then the one the map asked for
    wait_query(page, lang=lang, dept=MADRE_DE_DIOS, layer="complaints")
    choose(page, "layer", t("layer.origin", lang))
    expect(map_frame(page).locator(".atlas-title h2")).to_have_text(t("layer.origin.title", lang))
    wait_map(page)
    page.wait_for_timeout(500)  # time enough for a drawn map to ask (it asks at its first frame)
    assert settled_script_runs(page) == (3, 3)  # the click's run alone
    expect(page.locator('[data-testid="stDownloadButton"]')).to_have_count(6)
    assert_no_error(page)


# --- the presenter ----------------------------------------------------------------------------


def test_presenter_opens_step_three_and_steps_to_the_end_in_spanish(page, server):
    from geo.story import STEP_COUNT, story_step

    lang = "es"
    open_page(page, server, "story", step="3", lang=lang)
    main = page.locator('[data-testid="stMain"]')
    next_button = widget(page, "story_next").get_by_role("button")
    expect(next_button).to_contain_text(t("story.next", lang))
    for step in range(3, STEP_COUNT + 1):
        if step > 3:
            next_button.click()
        wait_query(page, step=str(step), lang=lang)
        expect(main).to_contain_text(t("story.indicator", lang, step=step, total=STEP_COUNT))
        expect(main.locator("h1").first).to_have_text(story_step(step, lang).title)
        wait_idle(page)
        if story_step(step, lang).view is not None:  # the step's map, drawn in its own frame
            # (the other steps' frames are kept on the page, hidden, so that none loads blank)
            story_map = main.locator(f".st-key-story_map_{step} iframe")
            expect(story_map).to_have_attribute("title", re.compile(r"\S"))
            expect(
                story_map.content_frame.locator("path.leaflet-interactive").first
            ).to_be_visible()
        assert_no_error(page)
        if step == 3:
            shot(page, "presenter-step-3")
    expect(next_button).to_be_disabled()
    expect(widget(page, "story_prev").get_by_role("button")).to_be_enabled()
    shot(page, "presenter-last-step")


# --- the journalist ---------------------------------------------------------------------------


def _download(page: Page, key: str, label: str):
    """Click the download button ``key`` (or the one labelled ``label``) and return the file."""
    button = (
        widget(page, key)
        .get_by_role("button")
        .or_(page.get_by_role("button", name=label, exact=True))
        .first
    )
    expect(button).to_be_visible()
    with page.expect_download(timeout=120_000) as info:
        button.click()
    download = info.value
    path = download.path()
    return download.suggested_filename, path.read_bytes()


def test_journalist_downloads_the_map_png_and_the_press_kit(page, server):
    lang = "en"
    open_page(page, server, lang=lang, layer="origin", measure="count")
    wait_map(page)
    widget(page, "map_download_zip").scroll_into_view_if_needed()
    shot(page, "journalist-downloads")
    name, data = _download(page, "map_download_png", t("exports.png", lang))
    assert name.endswith(".png") and data.startswith(PNG_SIGNATURE), (name, data[:16])

    name, data = _download(page, "map_download_zip", t("exports.press_kit", lang))
    assert name.endswith(".zip"), name
    with zipfile.ZipFile(io.BytesIO(data)) as kit:
        assert kit.testzip() is None
        members = kit.namelist()
        assert {"CITATION.txt", "ALT-TEXT.txt"} <= set(members), members
        pngs = [m for m in members if m.endswith(".png")]
        assert pngs, members
        for member in pngs:
            assert kit.read(member).startswith(PNG_SIGNATURE), member
        maps = [m for m in members if m.startswith("atlas-peru-origin-count-en.")]
        assert {m.rsplit(".", 1)[1] for m in maps} >= {"png", "csv", "html"}, members
        html = kit.read("atlas-peru-origin-count-en.html").decode("utf-8")
        # the offline map loads nothing from another host (a link in a text is no request)
        assert not re.search(
            r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""",
            html,
            re.IGNORECASE,
        )
        citation = kit.read("CITATION.txt").decode("utf-8")
        assert "PUCP" in citation


def test_journalist_downloads_a_chart_png_with_its_words(page, server):
    """The chart's PNG comes from the server with title, source and caveat drawn in it; the
    toolbar's camera, which would save the figure without them, is gone."""
    open_page(page, server, CHART_PAGE, lang="es")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    expect(chart.locator(".main-svg").first).to_be_visible()
    chart.scroll_into_view_if_needed()
    chart.hover()
    expect(chart.locator('.modebar-btn[data-title*="png" i]')).to_have_count(0)
    button = widget(page, "png_purposes").get_by_role("button")
    expect(button).to_have_text(re.compile("PNG"))
    shot(page, "journalist-chart")
    with page.expect_download(timeout=60_000) as info:
        button.click()
    data = info.value.path().read_bytes()
    assert info.value.suggested_filename == "atlas-peru-purposes-es.png"
    assert data.startswith(PNG_SIGNATURE)


def test_journalist_embed_url_shows_only_the_map(page, server):
    page.goto(url(server, embed="true", layer="origin", lang="en"))
    wait_idle(page)
    wait_map(page)
    expect(map_frame(page).locator(".atlas-title h2")).to_have_text(t("layer.origin.title", "en"))
    for key in ("layer", "measure", "routes", "dept", "lang"):
        expect(widget(page, key)).to_have_count(0)
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    expect(page.locator('[data-testid="stSidebar"]')).not_to_be_visible()
    expect(page.locator("h1")).to_have_count(0)
    shot(page, "embed")


# --- the guards themselves ------------------------------------------------------------------------


def test_network_guard_sees_a_request_to_another_host_from_inside_an_iframe(new_context):
    context = new_context()
    page = context.new_page()
    foreign = "http://tiles.example.invalid/0/0/0.png"
    # the guard listens first, so its record exists once this waiter has seen the request
    with context.expect_event("request", lambda r: r.url == foreign):
        page.set_content(f"<iframe title='t' srcdoc=\"<img alt='' src='{foreign}'>\"></iframe>")
    assert foreign in new_context.guard.foreign, new_context.guard.foreign
    new_context.guard.foreign.clear()  # the guard worked: this test must not fail at teardown
    new_context.guard.console_errors.clear()  # the stopped image logs a load error


def test_axe_finds_a_serious_violation_inside_a_frame(page):
    from test_accessibility import run_axe

    page.set_content(
        "<main><h1>x</h1><iframe srcdoc=\"<p style='color:#bbb'>faint</p>\"></iframe></main>"
    )
    frame = page.frames[1]
    frame.wait_for_load_state()
    assert "frame-title" in {v["id"] for v in run_axe(page.main_frame)}
    assert "color-contrast" in {v["id"] for v in run_axe(frame)}
