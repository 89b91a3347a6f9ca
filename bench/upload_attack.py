"""The bench's "upload under attack" line: a map load while another session uploads a 5 KB bomb.

The far-cell workbook (two real rows and one value at ``XFD1048576``, 4.9 KB) once held the server
for 92 s and 1.7 GB. Here one browser session uploads it on the Data page while another, in a fresh
context, loads the map; the figure is the median time to the map's polygons under that attack
divided by the median of the same load with no upload, alternating, in the same run. Budget: at
most 1.5. The server's resident memory before and after the attacks, and how long each upload
took to be answered, are in the detail.

It is the registry's measurement ``upload_attack`` (``make bench ONLY=upload_attack`` runs it alone),
against the bench's warm atlas server.
"""

from __future__ import annotations

import asyncio
import io
import time

from bench import budgets
from bench.figures import median, rounded
from bench.page import LANG, VIEWPORT, load_until_polygons
from bench.registry import Measurement, Result

UPLOAD_INPUT = ".st-key-upload_file input[type=file]"
REJECTED = '[data-testid="stAlertContentError"]'  # the upload section's "not loaded" box


def far_cell_workbook() -> bytes:
    """Two real rows and one value in the last cell a sheet can have (XFD1048576): 4.9 KB."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Departamento", "Valor"], ["Cusco", 5], ["Lima", 7]):
        sheet.append(row)
    sheet.cell(row=1048576, column=16384, value="x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _attacker(browser, server):
    """A session on the Data page's "Your data" tab, ready to upload."""
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    await page.goto(f"{server.url}/data?lang={LANG}")
    from geo.i18n import t

    await page.get_by_role("tab", name=t("data.tab.upload", LANG)).click()
    await page.locator(UPLOAD_INPUT).wait_for(state="attached", timeout=60_000)
    return context, page


async def _upload(page, data: bytes, n: int) -> float:
    """Upload the workbook (a new name each time) and return seconds until it is refused."""
    start = time.perf_counter()
    name = f"far-{n}.xlsx"
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    await page.locator(UPLOAD_INPUT).set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    await page.locator(REJECTED, has_text=name).wait_for(timeout=120_000)
    return time.perf_counter() - start


async def measure_upload_attack(bench, runs: int = 5) -> Result:
    """Median time to the map's polygons while a far-cell workbook is uploaded, over without."""
    browser, server = await bench.browser(), bench.servers["atlas"]
    data, url = far_cell_workbook(), f"{server.url}/?lang={LANG}"
    context, attacker = await _attacker(browser, server)
    try:
        await load_until_polygons(browser, url)  # warm-up
        await _upload(attacker, data, 0)
        rss_before = server.rss_kb()[0]
        quiet, attacked, answered = [], [], []
        for n in range(1, runs + 1):
            quiet.append((await load_until_polygons(browser, url))["ms"])
            upload = asyncio.create_task(_upload(attacker, data, n))
            await asyncio.sleep(0.05)  # the upload is on its way when the load starts
            attacked.append((await load_until_polygons(browser, url))["ms"])
            answered.append(await upload)
        rss_after = server.rss_kb()[0]
    finally:
        await context.close()
    ratio = median(attacked) / median(quiet)
    return Result(
        ratio,
        {
            "attacked_median_ms": rounded(median(attacked)),
            "quiet_median_ms": rounded(median(quiet)),
            "attacked_ms": [rounded(x) for x in attacked],
            "quiet_ms": [rounded(x) for x in quiet],
            "upload_answered_s": [rounded(x, 2) for x in answered],
            "workbook_bytes": len(data),
            "server_rss_before_mb": round(rss_before / 1024, 1),
            "server_rss_after_mb": round(rss_after / 1024, 1),
            "runs_each": runs,
        },
    )


def _summary(d: dict) -> str:
    return (
        f"map load {d['attacked_median_ms']} ms under attack, {d['quiet_median_ms']} ms without; "
        f"uploads answered in {d['upload_answered_s']} s; server RSS "
        f"{d['server_rss_before_mb']} -> {d['server_rss_after_mb']} MB"
    )


MEASUREMENTS = (
    Measurement(
        "upload_attack",
        "Map load while another session uploads the far-cell workbook / without",
        "x",
        budgets.at_most(budgets.UPLOAD_ATTACK_RATIO, "x"),
        measure_upload_attack,
        _summary,
        servers=("atlas",),
        digits=2,
    ),
)
