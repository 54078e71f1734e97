"""An inspection from plan to record: the DOST plans the year (the shares warn, a line is changed, then they
agree), the People's Committee's approval is recorded and the plan goes to its agencies as a notice, an
on-site decision with its team, a finding, the record signed by the team lead; the agency's head reads its
inspection in the plan's notice, signs on the agency's site and the finding is in its NC list. Screenshots
at 1366 and 360 px: test-results/screenshots/inspections-*.png."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from tests.browser.helpers import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def shoot(page, screenshot, name: str) -> None:
    for width, height in ((1366, 900), (360, 780)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"inspections-{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})


def test_an_inspection_from_plan_to_signed_record(browser_page, live_agency_url, supervisor, agency_a,
                                                   user_factory, screenshot):
    from inspections.models import Finding, Inspection

    page = browser_page
    admin = user_factory(supervisor, Role.SUPERVISOR_ADMIN, full_name="Dương Thanh Huy")
    head = user_factory(agency_a, Role.APPROVER, full_name="Lê Văn Cường")
    dost = live_agency_url(supervisor)
    log_in(page, dost, admin)
    page.goto(f"{dost}/inspections/")
    new_plan = page.get_by_test_id("new-plan")
    new_plan.locator("input[name=year]").fill("2026")
    new_plan.locator("button").click()
    page.wait_for_load_state()
    add = page.get_by_test_id("plan-add")
    add.locator("select[name=agency]").select_option(label="Sở Tư pháp *")
    add.locator("select[name=form]").select_option("on_site")
    add.locator("input[name=expected_time]").fill("Quý II/2026")
    add.locator("input[name=budget]").fill("15000000")
    add.locator("button").click()
    page.wait_for_load_state()
    assert "Sở Y tế" in page.get_by_test_id("plan-warning").first.inner_text()  # a mandatory agency missing
    shoot(page, screenshot, "01-plan-warns")
    page.get_by_test_id("edit-line").first.locator("summary").click()  # the line changed while a draft
    edit = page.get_by_test_id("edit-line-form").first
    edit.locator("input[name=expected_time]").fill("Quý III/2026")
    edit.locator("input[name=cooperating_unit]").fill("Sở Nội vụ")
    shoot(page, screenshot, "01b-plan-line-edited")
    edit.locator("button").click()
    page.wait_for_load_state()
    assert "Quý III/2026" in page.get_by_test_id("plan-lines").inner_text()
    choose = page.get_by_test_id("plan-choose")
    choose.locator("select[name=helper]").select_option("oldest")
    choose.locator("input[name=count]").fill("1")
    choose.locator("input[name=mandatory_only]").check()
    choose.locator("select[name=form]").select_option("dossier")
    choose.locator("button").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("plan-warning").count() == 0
    page.get_by_test_id("plan-submit").locator("button").click()
    page.wait_for_load_state()
    approve = page.get_by_test_id("plan-approve")
    approve.locator("input[name=number]").fill("245/QĐ-UBND")
    approve.locator("input[name=approved_on]").fill("2026-02-20")
    approve.locator("button").click()
    page.wait_for_load_state()
    assert "0/2" in page.get_by_test_id("plan-notice").inner_text().replace(" ", "")  # sent, none acknowledged
    shoot(page, screenshot, "02-plan-approved")

    page.get_by_test_id("plan-lines").get_by_role("link", name="Sở Tư pháp").click()
    page.wait_for_load_state()
    decision = page.get_by_test_id("issue-decision")
    decision.locator("input[name=number]").fill("35/QĐ-SKHCN")
    decision.locator("input[name=signed_on]").fill("2026-05-04")
    decision.locator("input[name=visit_on]").fill("2026-05-20")
    decision.locator("input[name=lead_position]").fill("Trưởng phòng TĐC")
    decision.locator("input[name=member_name]").first.fill("Vũ Thị Lan")
    decision.locator("button").click()
    page.wait_for_load_state()
    finding = page.get_by_test_id("add-finding")
    finding.locator("select[name=item_code]").select_option("tc.dd")
    finding.locator("input[name=description]").fill("Chưa thực hiện đánh giá nội bộ năm 2026")
    finding.locator("select[name=grade]").select_option("major")
    finding.locator("button").click()
    page.wait_for_load_state()
    shoot(page, screenshot, "03-checklist-and-finding")
    record = page.get_by_test_id("make-record")
    record.locator("input[name=record_on]").fill("2026-05-20")
    record.locator("textarea[name=conclusion]").fill("HTQLCL được duy trì; còn 01 điểm không phù hợp phải khắc phục.")
    record.locator("button").click()
    page.wait_for_load_state()
    page.get_by_test_id("sign-lead").locator("button").click()
    page.wait_for_load_state()
    assert "✓" in page.get_by_test_id("signatures").inner_text()
    shoot(page, screenshot, "04-record-signed-by-lead")
    inspection = Inspection.objects.get(agency=agency_a)
    log_out(page)

    site = live_agency_url(agency_a)
    log_in(page, site, head)
    from inspections.selectors import plan_notice

    page.goto(f"{site}/notices/{plan_notice(inspection.plan).pk}/")  # the plan's notice: its own inspection
    assert "Quý III/2026" in page.get_by_test_id("notice-concerns").inner_text()
    shoot(page, screenshot, "04b-agency-reads-the-plan-notice")
    page.goto(f"{site}/inspections/{inspection.pk}/")
    page.get_by_test_id("sign-agency").locator("button").click()
    page.wait_for_load_state()
    number = Finding.objects.get(inspection=inspection).nc_number
    assert number and number in page.get_by_test_id("findings").inner_text()
    shoot(page, screenshot, "05-agency-signed-finding-is-an-nc")
    # the record prints (PDF/DOCX: tests/inspections/test_pages_api.py)
    assert page.get_by_test_id("print-record").get_attribute("href").endswith(f"/{inspection.pk}/print/record.pdf")
