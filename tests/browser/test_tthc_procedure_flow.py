"""From the province's catalogue to a published procedure, in a real browser.

The DOST adds a commune-level TTHC to the catalogue; at a commune it shows as "without a procedure"; the
ISO secretary writes the TTHC procedure with its step table, the chairman approves it, the secretary
publishes it, and the page shows the step table and its flow diagram while coverage turns to "covered".
Screenshots (desktop and a 360 px phone): test-results/screenshots/tthc-flow-*.png.
"""

from __future__ import annotations

import re

import pytest

from accounts.roles import Role
from tests.browser.helpers import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

STEPS = [("Tiếp nhận, kiểm tra hồ sơ", "Công chức Bộ phận Một cửa", "1"),
         ("Thẩm định, ghi Sổ đăng ký khai tử, trình ký", "Công chức Tư pháp - Hộ tịch", "5"),
         ("Ký Trích lục khai tử", "Chủ tịch UBND xã", "1"),
         ("Trả kết quả, lưu hồ sơ", "Công chức Bộ phận Một cửa", "1")]  # 8 working hours = 1 working day




def test_from_a_catalogue_entry_to_a_published_procedure_with_its_flow_diagram(
        browser_page, live_agency_url, supervisor, agency_b, user_factory, screenshot):
    page = browser_page
    dost, commune = live_agency_url(supervisor), live_agency_url(agency_b)
    keeper = user_factory(supervisor, Role.SUPERVISOR_ADMIN, full_name="Dương Thanh Huy")
    secretary = user_factory(agency_b, Role.ISO_SECRETARY, full_name="Lý Thị Mai", job_title="Công chức Văn phòng")
    chairman = user_factory(agency_b, Role.APPROVER, full_name="Trương Văn Sơn", job_title="Chủ tịch UBND xã")

    # 1. The DOST adds the TTHC to the province's catalogue, for every commune.
    log_in(page, dost, keeper)
    page.get_by_test_id("nav-tthc-catalogue").click()
    page.get_by_test_id("tthc-new").click()
    form = page.get_by_test_id("tthc-form")
    form.locator("#id_code").fill("1.000656")
    form.locator("#id_name").fill("Đăng ký khai tử")
    form.locator("#id_field").fill("Hộ tịch")
    form.locator("#id_level").select_option("commune")
    form.locator("#id_time_limit").fill("1")
    form.locator("#id_time_unit").select_option("working_days")
    form.locator("#id_legal_basis").fill("Luật Hộ tịch năm 2014; Nghị định 123/2015/NĐ-CP")
    form.locator("input[name=assigned_levels][value=commune]").check()
    screenshot(page, "tthc-flow-01-dost-adds-entry")
    page.get_by_test_id("tthc-save").click()
    page.wait_for_load_state()
    assert "1.000656" in page.content()
    log_out(page)

    # 2. At the commune it has no procedure yet.
    log_in(page, commune, secretary)
    page.get_by_test_id("nav-tthc").click()
    page.get_by_test_id("tthc-coverage").click()
    row = page.get_by_test_id("coverage-row-1.000656")
    assert row.get_by_test_id("coverage-missing").is_visible()
    screenshot(page, "tthc-flow-02-coverage-missing")

    # 3. The secretary writes the TTHC procedure and its step table.
    page.goto(f"{commune}/documents/new/")
    page.fill("#id_code", "QT-TTHC-03")
    page.fill("#id_title", "Quy trình đăng ký khai tử")
    page.select_option("#id_kind", "tthc_procedure")
    page.fill("#id_owner_unit", "Bộ phận Một cửa")
    page.get_by_test_id("save-document").click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    document_url = page.url
    page.get_by_test_id("edit-procedure").click()
    page.fill("#id_tthc_codes", "1.000656")
    page.fill("#id_time_limit", "1")
    page.select_option("#id_time_unit", "working_days")
    page.fill("#id_dossier_components", "Tờ khai đăng ký khai tử theo mẫu\nGiấy báo tử hoặc giấy tờ thay thế")
    for number, (action, responsible, hours) in enumerate(STEPS):
        page.fill(f"#id_steps-{number}-action", action)
        page.fill(f"#id_steps-{number}-responsible", responsible)
        page.fill(f"#id_steps-{number}-time_allowed", hours)
        page.select_option(f"#id_steps-{number}-time_unit", "working_hours")
    screenshot(page, "tthc-flow-03-steps")
    page.get_by_test_id("save-procedure").click()
    page.wait_for_url(document_url)
    assert page.get_by_test_id("procedure-steps").locator("tbody tr").count() == 4

    # 4. Sent to the chairman, approved, published.
    page.get_by_test_id("submit-for-review").click()
    page.get_by_test_id("approvers").get_by_label(re.compile("Trương Văn Sơn")).check()
    page.get_by_test_id("send-for-review").click()
    page.wait_for_url(document_url)
    log_out(page)
    log_in(page, commune, chairman)
    page.goto(document_url)
    page.fill("#id_decision_comment", "Đồng ý ban hành.")
    page.get_by_test_id("decide-agree").click()
    page.wait_for_selector("[data-testid=decision-form]", state="detached")
    page.wait_for_load_state("networkidle")
    log_out(page)
    log_in(page, commune, secretary)
    page.goto(document_url)
    page.get_by_test_id("publish").click()
    page.wait_for_url(document_url)
    assert page.get_by_test_id("effective-badge").is_visible()

    # 5. The published procedure shows its flow diagram, and the TTHC is covered.
    flow = page.get_by_test_id("procedure-flow").locator("svg")
    assert flow.is_visible()
    assert "Ký Trích lục khai tử" in flow.inner_html()
    page.get_by_test_id("procedure-panel").scroll_into_view_if_needed()
    screenshot(page, "tthc-flow-04-published-with-flow")
    page.goto(f"{commune}/tthc/coverage/")
    assert page.get_by_test_id("coverage-row-1.000656").get_by_test_id("coverage-covered").is_visible()
    screenshot(page, "tthc-flow-05-coverage-covered")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "tthc-flow-06-coverage-360")
    page.goto(document_url)
    screenshot(page, "tthc-flow-07-procedure-360")
