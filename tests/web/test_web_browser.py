"""End to end in a real browser (Debian's Chromium driven by Playwright), without JavaScript
of our own: sign up, upload the demo, run the analysis, merge two themes, correct a response,
see hostile text shown as text, and export XLSX. Screenshots go to tests/web/artifacts/."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from sounding.web.consultations import analysis_job
from sounding.web.consultations.models import Edit, Response, Theme
from sounding.web.jobs import worker

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "a-long-enough-Passphrase-42"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
]


@pytest.fixture
def browser_page(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop; the ORM calls in this test are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(accept_downloads=True)
        try:
            yield page
        finally:
            browser.close()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_analyst_journey(browser_page, live_server, demo_csv, demo_result, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    # The analysis itself is covered by test_real_analysis_end_to_end; reuse its result.
    monkeypatch.setattr(
        analysis_job, "analyse_source", lambda source, use_llm, progress: demo_result[1]
    )
    base = live_server.url

    page.goto(f"{base}/accounts/sign-up/")
    page.fill("#id_username", "ana")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("button[type=submit]")
    page.click("text=Start a new consultation")
    page.fill("#id_name", "Parking consultation")
    page.click("text=Continue")
    page.set_input_files("#id_file", str(demo_csv))
    page.click("text=Upload and detect columns")
    assert "Confirm the columns" in page.inner_text("h1")
    _shot(page, "01-columns")
    page.click("text=Start the analysis")
    assert "Waiting for a worker" in page.inner_text("#job")

    assert worker.run_next("browser-test") is not None
    page.reload()
    assert "Finished" in page.inner_text("#job")
    _shot(page, "02-finished")

    # Merge the two biggest themes of the first question.
    page.click("table.govuk-table tbody tr:first-child a")
    first, second = page.locator("#id_keep option").nth(1), page.locator("#id_keep option").nth(2)
    keep, absorb = first.get_attribute("value"), second.get_attribute("value")
    page.select_option("#id_keep", keep)
    page.select_option("#id_absorb", absorb)
    page.click("button:has-text('Merge')")
    assert "Merged" in page.inner_text(".govuk-notification-banner")
    assert not Theme.objects.filter(pk=absorb).exists()
    _shot(page, "03-merged")

    # Correct a response: give it exactly one other theme.
    response = Response.objects.filter(status="themed").first()
    consultation_id = response.consultation_id
    page.goto(f"{base}/consultations/{consultation_id}/responses/{response.pk}/")
    boxes = page.locator("input[name=themes]")
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    boxes.nth(0).check()
    page.click("text=Save themes")
    assert "Themes saved" in page.inner_text(".govuk-notification-banner")
    assert Edit.objects.filter(action="correct themes").exists()
    _shot(page, "04-corrected")

    # Hostile text is shown as text and never runs.
    hostile = Response.objects.get(respondent_id="R99999", text__contains="<script>")
    page.goto(f"{base}/consultations/{consultation_id}/responses/{hostile.pk}/")
    assert "<script>alert('xss')</script>" in page.inner_text("#response-text")
    page.goto(f"{base}/consultations/{consultation_id}/responses/?q=alert")
    assert "<script>" in page.inner_text("#responses")
    assert dialogs == []
    _shot(page, "05-hostile-text")

    page.goto(f"{base}/consultations/{consultation_id}/export/")
    with page.expect_download() as download:
        page.click("text=report.xlsx")
    target = ARTIFACTS / "report.xlsx"
    download.value.save_as(str(target))
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    assert "Themes" in book.sheetnames
