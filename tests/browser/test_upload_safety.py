"""A user's file whose text carries HTML and script payloads: nothing runs, the text shows as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from atlas_ui import (
    assert_no_error,
    click_department,
    map_frame,
    open_page,
    shot,
    wait_idle,
    wait_map,
    widget,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "upload_xss.csv"
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"


def test_uploaded_payloads_never_execute_and_show_escaped(page, server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    open_page(page, server, "data", lang="en")
    page.get_by_role("tab", name="Your data").click()
    widget(page, "upload_file").locator("input[type=file]").set_input_files(str(FIXTURE))
    expect(page.get_by_text("Loaded “upload_xss.csv”")).to_be_visible(timeout=60_000)
    wait_idle(page)
    assert_no_error(page)

    # The client-side link keeps the session, and with it the upload.
    page.get_by_role("link", name="Show on the map").click()
    wait_idle(page)
    wait_map(page)
    frame = map_frame(page)

    # The map's title and source line carry the user's words as text, never as markup.
    expect(frame.locator(".atlas-source")).to_contain_text(IMG_PAYLOAD)
    expect(frame.locator(".atlas-title")).to_contain_text("Víctimas")

    # The tooltip of Cusco shows the user's source literally.
    click_department(page, "08")
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(IMG_PAYLOAD, timeout=20_000)

    # The profile shows the user's figure and source as text.
    wait_idle(page)
    label = page.locator('[data-testid="stMetricLabel"]', has_text="Your data: Víctimas")
    expect(label).to_be_visible(timeout=30_000)
    expect(
        page.locator('[data-testid="stMetric"]', has_text="Your data").locator(
            '[data-testid="stMetricValue"]'
        )
    ).to_have_text("53")
    expect(
        page.locator('[data-testid="stMain"]')
        .get_by_text(f"Source (user's): {IMG_PAYLOAD}", exact=False)
        .filter(visible=True)  # the profile's line (the table tab's copy is hidden behind it)
        .first
    ).to_be_visible()
    shot(page, "upload-xss-profile")

    # Nothing ran: no dialog, and no element made from the payloads in any frame.
    for f in page.frames:
        assert f.locator("img[src=x]").count() == 0, f.url
    assert dialogs == []
    assert_no_error(page)


@pytest.mark.parametrize(
    ("lang", "tab", "button", "limits"),
    [
        ("es", "Sus datos", "Elegir archivo", "Hasta 5 MB por archivo · CSV, TSV, TXT, XLSX, XLSM"),
        ("en", "Your data", "Choose file", "Up to 5 MB per file · CSV, TSV, TXT, XLSX, XLSM"),
    ],
)
def test_uploader_speaks_the_readers_language_and_states_the_servers_limit(
    page, server, lang, tab, button, limits
):
    """Streamlit writes "Upload" and "5MB per file" in English: the page shows its own words."""
    from geo.uploads import MAX_BYTES

    assert f"{MAX_BYTES // (1024 * 1024)} MB" in limits  # the text states the atlas's own limit

    open_page(page, server, "data", lang=lang)
    page.get_by_role("tab", name=tab).click()
    dropzone = widget(page, "upload_file").locator('[data-testid="stFileUploaderDropzone"]')
    expect(dropzone).to_be_visible()
    shown = dropzone.evaluate(
        """zone => {
          const after = e => getComputedStyle(e, '::after').content;
          const words = [...zone.querySelectorAll('p, span')]
            .filter(e => e.offsetParent !== null && !e.children.length)
            .map(e => e.textContent.trim()).filter(Boolean);
          return {
            button: after(zone.querySelector('button [data-testid="stMarkdownContainer"]')),
            limits: after(zone.querySelector(
              '[data-testid="stFileUploaderDropzoneInstructions"] > div')),
            words,
          };
        }"""
    )
    assert shown["button"] == f'"{button}"'
    assert shown["limits"] == f'"{limits}"'
    # Streamlit's own English words are not shown (its icon's ligature name aside).
    assert "Upload" not in shown["words"], shown
    assert not any("MB per file" in word for word in shown["words"]), shown
    shot(page, f"uploader-{lang}")


def _open_upload_tab(page, server, lang: str) -> None:
    open_page(page, server, "data", lang=lang)
    page.get_by_role("tab", name={"es": "Sus datos", "en": "Your data"}[lang]).click()
    expect(widget(page, "upload_file").locator("input[type=file]")).to_have_count(1)


def _file(tmp_path: Path, name: str, megabytes: float) -> Path:
    path = tmp_path / name
    rows = b"Cusco,1\n" * (int(megabytes * 1024 * 1024) // 8)
    path.write_bytes(b"Departamento,Valor\n" + rows)
    return path


def test_a_file_just_over_5_mb_is_refused_by_the_atlas_in_spanish(page, server, tmp_path):
    """Not by Streamlit's uploader in English: the widget and the server take up to 6 MB."""
    _open_upload_tab(page, server, "es")
    path = _file(tmp_path, "grande.csv", 5.5)
    widget(page, "upload_file").locator("input[type=file]").set_input_files(str(path))
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("El archivo pesa 5,5 MB; el máximo es 5 MB.").first).to_be_visible(
        timeout=60_000
    )
    expect(page.locator('[data-testid="stFileChip"][aria-invalid="true"]')).to_have_count(0)
    assert "or smaller" not in main.inner_text()
    assert_no_error(page)
    shot(page, "upload-too-large-es")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("es", "No se aceptó el archivo: el atlas lee archivos CSV, TSV, TXT, XLSX, XLSM de hasta 5 MB."),
        ("en", "The file was not accepted: the atlas reads CSV, TSV, TXT, XLSX, XLSM files of up to 5 MB."),
    ],
)  # fmt: skip
def test_a_file_the_uploader_itself_refuses_gets_the_atlas_words_beside_it(
    page, server, tmp_path, lang, words
):
    _open_upload_tab(page, server, lang)
    path = _file(tmp_path, "enorme.csv", 7)
    uploader = widget(page, "upload_file")
    uploader.locator("input[type=file]").set_input_files(str(path))
    expect(uploader.locator('[data-testid="stFileChip"][aria-invalid="true"]')).to_have_count(1)
    shown = uploader.evaluate("e => getComputedStyle(e, '::after').content")
    assert shown == f'"{words}"'
    shot(page, f"upload-refused-by-widget-{lang}")
