"""The province's working-day calendar: the DOST adds a day off, an agency's staff count a deadline across
Tết. Screenshots (desktop and a 360 px phone): test-results/screenshots/calendar-*.png."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]



def test_dost_changes_the_calendar_and_staff_count_a_deadline_across_tet(
        browser_page, live_agency_url, supervisor, agency_b, user_factory, screenshot):
    page = browser_page
    admin = user_factory(supervisor, Role.SUPERVISOR_ADMIN, full_name="Dương Thanh Huy")
    log_in(page, live_agency_url(supervisor), admin)
    page.get_by_test_id("nav-calendar").click()
    page.wait_for_load_state()
    page.goto(f"{live_agency_url(supervisor)}/calendar/?year=2027")
    form = page.get_by_test_id("calendar-day-form")
    form.locator("#id_day").fill("2027-03-26")
    form.locator("#id_name").fill("Nghỉ lễ của tỉnh (minh họa)")
    form.get_by_role("button").click()
    page.wait_for_load_state()
    assert "Nghỉ lễ của tỉnh (minh họa)" in page.get_by_test_id("calendar-days").inner_text()
    screenshot(page, "calendar-01-dost")

    staff = user_factory(agency_b, Role.STAFF, full_name="Công chức một cửa")
    log_in(page, live_agency_url(agency_b), staff)
    page.goto(f"{live_agency_url(agency_b)}/calendar/?year=2027&start=2027-02-03&days=5")
    assert "17/02/2027" in page.get_by_test_id("deadline-result").inner_text()
    assert page.get_by_test_id("calendar-day-form").count() == 0
    screenshot(page, "calendar-02-staff")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "calendar-03-staff-360")
