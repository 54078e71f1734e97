"""The DOST's dashboard in a browser: totals, shares, charts, a sorted and filtered page, the drill-down, and a
360 px phone where the page never scrolls sideways (the agency table scrolls inside its card).
Screenshots: test-results/screenshots/supervision-*.png."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from tests.browser.helpers import log_in
from tests.supervision.rows import grow_rollup

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_dost_reads_its_province_on_a_desktop_and_on_a_phone(browser_page, live_agency_url, supervisor, province,
                                                             user_factory, screenshot):
    from supervision.services import snapshot_month

    grow_rollup(province, 120)
    snapshot_month(province.pk)
    page = browser_page
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Phạm Thị Thanh")
    log_in(page, live_agency_url(supervisor), inspector)
    assert page.get_by_test_id("province-agencies").locator("tbody tr").count() == 50
    assert page.locator("canvas[data-chart]").count() >= 2  # the trend charts, drawn by the vendored Chart.js
    screenshot(page, "supervision-01-dashboard")

    page.locator("#f-level").select_option("commune")
    page.locator("input[name=alerting]").check()
    page.get_by_test_id("agency-filters").get_by_role("button").click()
    page.wait_for_load_state()
    page.get_by_test_id("province-agencies").get_by_role("link", name="Điểm").click()
    page.wait_for_load_state()
    assert "sort=score" in page.url and "level=commune" in page.url
    screenshot(page, "supervision-02-filtered")

    page.get_by_test_id("province-agencies").locator("tbody tr a").first.click()
    page.wait_for_load_state()
    assert page.get_by_test_id("agency-indicators").is_visible()
    screenshot(page, "supervision-03-agency")

    page.go_back()
    page.set_viewport_size({"width": 360, "height": 800})
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "supervision-04-phone-360")
