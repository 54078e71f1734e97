"""The legal register: the DOST enters a decree affecting a commune TTHC, the commune's secretary sees the
update task overdue. Screenshots: test-results/screenshots/legal-*.png."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_dost_enters_a_decree_and_the_commune_sees_its_overdue_update(
        browser_page, live_agency_url, supervisor, agency_b, province, user_factory, screenshot):
    from legal_updates.services import open_in_province
    from tthc.models import TthcEntry

    TthcEntry.objects.create(province=province, code="1.000894", name="Đăng ký kết hôn", field="Hộ tịch",
                             level="commune", time_limit=5, assigned_levels=["commune"])
    page = browser_page
    admin = user_factory(supervisor, Role.SUPERVISOR_ADMIN, full_name="Dương Thanh Huy")
    log_in(page, live_agency_url(supervisor), admin)
    page.get_by_test_id("nav-legal").click()
    page.wait_for_load_state()
    page.get_by_test_id("legal-new").click()
    form = page.get_by_test_id("legal-form")
    form.locator("#id_number").fill("12/2026/TT-BTP")
    form.locator("#id_kind").select_option("circular")
    form.locator("#id_title").fill("Thông tư sửa đổi trình tự đăng ký kết hôn (minh họa)")
    form.locator("#id_issuer").fill("Bộ Tư pháp")
    form.locator("#id_signed_on").fill("2026-04-15")
    form.locator("#id_effective_on").fill("2026-06-01")
    form.locator("#id_url").fill("https://vbpl.vn/botuphap/Pages/vbpq-toanvan.aspx")
    form.locator("#id_affects").select_option(label="1.000894 Đăng ký kết hôn")
    screenshot(page, "legal-01-dost-form")
    page.get_by_test_id("legal-save").click()
    page.wait_for_load_state()
    assert "1.000894" in page.get_by_test_id("legal-affects").inner_text()
    screenshot(page, "legal-02-dost-entry")

    open_in_province(province.pk)  # what the fan-out after the save does on the workers
    secretary = user_factory(agency_b, Role.ISO_SECRETARY, full_name="Nguyễn Thị Lan")
    log_in(page, live_agency_url(agency_b), secretary)
    assert "12/2026/TT-BTP" in page.get_by_test_id("legal-update-tasks").inner_text()  # "My tasks" at home
    page.goto(f"{live_agency_url(agency_b)}/legal/tasks/")
    tasks = page.get_by_test_id("legal-tasks").inner_text()
    assert "12/2026/TT-BTP" in tasks and "01/09/2026" in tasks
    screenshot(page, "legal-03-commune-tasks")
    page.goto(f"{live_agency_url(agency_b)}/legal/")
    screenshot(page, "legal-04-commune-register")
