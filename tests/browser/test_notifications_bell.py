"""The bell in the top bar counts unread notifications; the list marks them read. Screenshots:
test-results/screenshots/notifications-*.png."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_bell_counts_unread_and_the_list_marks_them_read(browser_page, live_agency_url, agency_a, user_factory,
                                                          screenshot):
    from notifications.services import notify

    page = browser_page
    owner = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình", job_title="Chuyên viên")
    with tenant_context(agency_a):
        notify(owner, "QT-HT-01 “Quy trình kiểm soát thông tin dạng văn bản” sẽ đến hạn rà soát định kỳ vào "
               "ngày 15/12/2026 (còn 14 ngày).", "/documents/", verb="review_soon", email=False)
        notify(owner, "QT-HT-04 “Kiểm soát sự không phù hợp” đã quá hạn rà soát định kỳ từ ngày 01/11/2026.",
               "/documents/", verb="review_overdue", email=False)

    base = live_agency_url(agency_a)
    page.goto(f"{base}/login/")
    page.fill("#id_username", owner.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_test_id("notifications-unread").inner_text() == "2"

    page.get_by_test_id("notifications-link").click()
    page.wait_for_load_state()
    assert page.locator("tr.unread").count() == 2
    assert "đã quá hạn rà soát" in page.get_by_test_id("notifications").inner_text()
    screenshot(page, "notifications-01-list")

    page.locator("tr.unread").first.get_by_role("button", name="Đánh dấu đã đọc").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("notifications-unread").inner_text() == "1"
    assert page.locator("tr.read").count() == 1
    screenshot(page, "notifications-02-one-read")
