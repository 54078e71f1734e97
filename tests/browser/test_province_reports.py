"""The DOST's November report in a browser: asked for on the reports page, its progress followed by htmx polling
(no inline script) until the page shows the figures, a number opened to its agencies, and a 360 px phone where
the page never scrolls sideways. Screenshots: test-results/screenshots/reports-*.png."""

from __future__ import annotations

import pytest

from tests.browser.helpers import log_in
from tests.province_reports.conftest import counted, inspector  # noqa: F401 - fixtures shared

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_dost_makes_the_november_report_and_opens_a_number(browser_page, live_agency_url, supervisor,
                                                           inspector, counted, screenshot):  # noqa: F811
    from province_reports.models import ReportRun
    from province_reports.services import build

    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_agency_url(supervisor), inspector)
    page.goto(f"{live_agency_url(supervisor)}/reports/")
    page.locator("#id_number").fill("245/BC-SKHCN")
    page.get_by_test_id("report-request-submit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("report-progress").is_visible()
    screenshot(page, "reports-01-queued")

    build(ReportRun.objects.get().pk)  # the worker's part; the page's polling sees it finish and reloads
    page.get_by_test_id("report-docx").wait_for(timeout=20000)
    assert page.get_by_test_id("report-section").count() >= 4
    screenshot(page, "reports-02-done")

    page.get_by_test_id("figure-audit_done").get_by_role("link").first.click()
    page.wait_for_load_state()
    rows = page.get_by_test_id("figure-agencies").locator("tbody tr")
    assert rows.count() == 3 and "Sở Tư pháp" in rows.first.inner_text()
    screenshot(page, "reports-03-agencies")

    page.go_back()
    page.set_viewport_size({"width": 360, "height": 800})
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "reports-04-phone-360")
