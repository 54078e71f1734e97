"""The ISO secretary enters a risk on a procedure, re-assesses it after treatment, and the heat map moves from
inherent to residual; staff read the heat map on a 360 px phone. Screenshots: test-results/screenshots/risks-*.png."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role
from tests.browser.helpers import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_risk_from_the_procedure_page_to_the_heat_map(browser_page, live_agency_url, agency_a, user_factory,
                                                        screenshot):
    from documents import services as documents
    from risks import services

    secretary = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    staff = user_factory(agency_a, Role.STAFF, full_name="Ngô Văn Em")
    with tenant_context(agency_a):
        procedure = documents.create_document(actor=secretary, code="QT-TTHC-01", kind="tthc_procedure",
                                              title="Quy trình cấp Phiếu lý lịch tư pháp", content="<p>Nội dung</p>")
        services.record_issue(actor=secretary, side="internal", category="people", noted_on=date(2026, 1, 20),
                              description="Bộ phận một cửa chỉ có 3 công chức")
        services.record_risk(actor=secretary, kind="risk", title="Mất dữ liệu do sự cố máy chủ", likelihood=3,
                             impact=5, treatment="reduce", owner=secretary, review_on=date(2027, 4, 1))
    base = live_agency_url(agency_a)
    page = browser_page
    log_in(page, base, secretary)
    page.goto(f"{base}/documents/{procedure.pk}/")
    page.get_by_test_id("document-risks").get_by_role("link", name="Thêm rủi ro hoặc cơ hội").click()
    page.wait_for_load_state()
    form = page.get_by_test_id("risk-form")
    form.locator("#id_title").fill("Hồ sơ trễ hạn do thiếu nhân sự một cửa")
    form.locator("#id_likelihood").select_option("4")
    form.locator("#id_impact").select_option("4")
    form.locator("#id_owner").select_option(str(secretary.pk))
    form.locator("#id_review_on").fill("2027-03-01")
    screenshot(page, "risks-01-new-risk")
    page.get_by_test_id("save-risk").click()
    page.wait_for_load_state()
    assert "QT-TTHC-01" in page.get_by_test_id("risk-documents").inner_text()
    page.locator("summary", has_text="Đánh giá lại sau xử lý").click()
    reassess = page.get_by_test_id("reassess-form")
    reassess.locator("#id_likelihood").select_option("2")
    reassess.locator("#id_impact").select_option("2")
    reassess.get_by_role("button").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("risk-status").inner_text() == "Đã xử lý"
    screenshot(page, "risks-02-treated")

    page.goto(f"{base}/context/heatmap/")
    assert page.get_by_test_id("heat-cell").count() == 2  # 4×4 and 3×5, inherent
    page.get_by_test_id("basis-toggle").get_by_role("link", name="Còn lại (sau xử lý)").click()
    page.wait_for_load_state()
    cells = page.get_by_test_id("heat-cell")
    assert cells.count() == 2 and "level-low" in (cells.first.get_attribute("class") + cells.last.get_attribute("class"))
    screenshot(page, "risks-03-heatmap-residual")

    log_out(page)
    log_in(page, base, staff)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{base}/context/heatmap/")
    table = page.get_by_test_id("heatmap").bounding_box()
    assert table["width"] <= 360
    screenshot(page, "risks-04-heatmap-360")
    page.get_by_test_id("heat-cell").first.click()
    page.wait_for_load_state()
    assert page.get_by_test_id("risk-row").count() == 1
    page.goto(f"{base}/context/")
    assert "Bộ phận một cửa chỉ có 3 công chức" in page.get_by_test_id("issues-internal").inner_text()
    screenshot(page, "risks-05-context-360")
