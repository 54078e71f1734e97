"""Notices: the DOST writes the inspection plan to the communes and sends it; the commune's secretary finds it in
the inbox and acknowledges; the DOST sees who has. Screenshots: test-results/screenshots/notices-*.png
(1366 px, and the commune's pages at 360 px)."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_dost_sends_a_notice_and_the_commune_acknowledges(
        browser_page, live_agency_url, supervisor, agency_b, user_factory, screenshot):
    from notices import services
    from notices.models import Notice

    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Trần Văn Kiểm")
    log_in(page, live_agency_url(supervisor), inspector)
    page.goto(f"{live_agency_url(supervisor)}/notices/")
    page.get_by_test_id("notice-new").click()
    form = page.get_by_test_id("notice-form")
    form.locator("#id_kind").select_option("inspection_plan")
    form.locator("#id_title").fill("Kế hoạch kiểm tra việc áp dụng ISO 9001 năm 2026")
    form.locator("#id_body").fill("Sở Khoa học và Công nghệ kiểm tra từ ngày 07/12 đến ngày 18/12/2026.")
    form.locator("#id_reply_by").fill("2026-12-31")
    form.locator("input[name=audience][value=levels]").check()
    form.locator("input[name=levels][value=commune]").check()
    screenshot(page, "notices-01-dost-form")
    page.get_by_test_id("notice-save").click()
    page.wait_for_load_state()
    page.get_by_test_id("notice-send").click()
    page.wait_for_load_state()
    notice = Notice.objects.get()
    assert notice.status == "sent" and "0 / 1" in page.get_by_test_id("notice-progress").inner_text()
    services.tell(notice.pk, services.undelivered(notice.pk))  # what the Celery chunks do
    screenshot(page, "notices-02-dost-sent")

    secretary = user_factory(agency_b, Role.ISO_SECRETARY, full_name="Nguyễn Thị Lan")
    log_in(page, live_agency_url(agency_b), secretary)
    page.goto(f"{live_agency_url(agency_b)}/notices/")
    assert "Kế hoạch kiểm tra" in page.get_by_test_id("inbox-table").inner_text()
    page.set_viewport_size({"width": 360, "height": 780})
    screenshot(page, "notices-03-commune-inbox-360")
    page.get_by_test_id("inbox-table").get_by_role("link").first.click()
    page.wait_for_load_state()
    page.locator("#id_reply").fill("Xã đã phân công thư ký ISO chuẩn bị hồ sơ.")
    screenshot(page, "notices-04-commune-notice-360")
    page.get_by_test_id("acknowledge").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("notice-acknowledged").is_visible()
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto(f"{live_agency_url(supervisor)}/notices/{notice.pk}/")  # still logged in on the DOST's site
    assert "1 / 1" in page.get_by_test_id("notice-progress").inner_text()
    screenshot(page, "notices-05-dost-acknowledged")
