"""A nonconformity from a member of staff's report to a closed corrective action, through the pages: the
ISO secretary records the correction, the root cause and an action for the staff member, who marks it done;
the check finds it effective and the NC closes. Screenshots (desktop and a 360 px phone):
test-results/screenshots/nc-*.png."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.helpers import log_in, log_out
from tests.documents.conftest import people  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _submit(page, testid: str) -> None:
    page.get_by_test_id(testid).click()
    page.wait_for_load_state()


def test_a_staff_report_walks_to_a_closed_nc(browser_page, live_agency_url, agency_a, people, screenshot):  # noqa: F811
    page, base = browser_page, live_agency_url(agency_a)
    log_in(page, base, people.staff)
    page.goto(f"{base}/nonconformities/new/")
    page.fill("#id_description", "Máy lấy số thứ tự ở Bộ phận Một cửa hỏng, công dân xếp hàng không theo thứ tự")
    page.fill("#id_process", "Bộ phận Một cửa")
    _submit(page, "nc-save")
    number = page.get_by_test_id("nc-number").inner_text()
    assert number.startswith("NC-") and "Mới ghi nhận" in page.get_by_test_id("nc-state").inner_text()
    log_out(page)

    log_in(page, base, people.secretary)
    page.goto(f"{base}/nonconformities/")
    page.get_by_role("link", name=number).click()
    page.wait_for_load_state()
    page.fill("#id_correction", "Chuyển sang gọi số thủ công, xin lỗi công dân đang chờ")
    _submit(page, "nc-save-correction")
    page.fill("#id_root_cause", "Tại sao máy hỏng? Nguồn điện chập chờn.\nTại sao? Chưa có bộ lưu điện.")
    _submit(page, "nc-save-root-cause")
    form = page.get_by_test_id("nc-action-form")
    form.locator("#id_description").fill("Lắp bộ lưu điện cho máy lấy số thứ tự")
    form.locator("#id_owner").select_option(str(people.staff.pk))
    form.locator("#id_due_on").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    _submit(page, "nc-save-action")
    assert "Đã lập hành động khắc phục" in page.get_by_test_id("nc-state").inner_text()
    screenshot(page, "nc-01-actions-planned")
    log_out(page)

    log_in(page, base, people.staff)
    assert number in page.get_by_test_id("nc-my-actions").inner_text()
    page.get_by_test_id("nc-my-actions").get_by_role("link", name=number).click()
    page.wait_for_load_state()
    page.get_by_text("Xác nhận hoàn thành").first.click()
    page.get_by_test_id("nc-action-done-form").locator("textarea").fill("Đã lắp bộ lưu điện ngày hôm nay")
    _submit(page, "nc-action-done")
    assert "chờ kiểm tra hiệu lực" in page.get_by_test_id("nc-state").inner_text()
    log_out(page)

    log_in(page, base, people.secretary)
    page.goto(f"{base}/nonconformities/?q={number}")
    page.get_by_role("link", name=number).click()
    page.wait_for_load_state()
    form = page.get_by_test_id("nc-effectiveness-form")
    form.locator("input[value=effective]").check()
    form.locator("#id_note").fill("Theo dõi 2 tuần: máy hoạt động liên tục, không còn phản ánh")
    _submit(page, "nc-save-effectiveness")
    _submit(page, "nc-close-button")
    assert "Đã đóng" in page.get_by_test_id("nc-state").inner_text()
    screenshot(page, "nc-02-closed")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "nc-03-closed-360")
    page.goto(f"{base}/nonconformities/")
    screenshot(page, "nc-04-list-360")
