"""From an audit finding to a closed corrective action, in a real browser.

The ISO secretary of Sở Tư pháp creates the year's audit programme, plans an audit of Phòng Hộ tịch (she
works in Văn phòng, so she may lead it), issues and starts it, records a minor nonconformity on clause 8.7,
follows the NC it opened through correction, root cause, a corrective action, its effectiveness check and
closing, then sees the NC closed on the audit and issues the report. Screenshots at 1366 and 360 px:
test-results/screenshots/improvement-cycle-*.png.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_from_an_audit_finding_to_a_closed_corrective_action(browser_page, live_agency_url, agency_a,
                                                             user_factory, screenshot):
    from accounts.models import Membership

    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    site = live_agency_url(agency_a)
    secretary = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình", job_title="Chuyên viên Văn phòng")
    officer = user_factory(agency_a, Role.STAFF, full_name="Ngô Văn Em", job_title="Công chức Hộ tịch")
    Membership.objects.filter(user=secretary).update(unit="Văn phòng")
    Membership.objects.filter(user=officer).update(unit="Phòng Hộ tịch")
    today = timezone.localdate()

    # 1. The year's programme, then an audit of Phòng Hộ tịch led by the secretary.
    log_in(page, site, secretary)
    page.goto(f"{site}/audits/")
    page.get_by_test_id("save-programme").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("audit-programme").is_visible()
    page.get_by_test_id("plan-audit").click()
    form = page.get_by_test_id("plan-form")
    form.locator("#id_title").fill("Đánh giá nội bộ Phòng Hộ tịch")
    form.locator("#id_starts_on").fill(today.replace(day=1).isoformat())
    form.locator("#id_ends_on").fill(today.replace(day=2).isoformat())
    form.locator("input[name=units][value='Phòng Hộ tịch']").check()
    form.locator("#id_processes").fill("Giải quyết TTHC lĩnh vực hộ tịch")
    form.locator("summary", has_text=re.compile("Điều khoản")).click()
    for clause in ("7.5", "8.7"):
        form.locator(f"input[name=clauses][value='{clause}']").check()
    form.locator("#id_lead_auditor").select_option(str(secretary.pk))
    form.locator("input[name=auditors]").first.wait_for()
    screenshot(page, "improvement-cycle-01-plan-form")
    page.get_by_test_id("save-plan").click()
    page.wait_for_url(re.compile(r"/audits/plans/\d+/$"))
    plan_url = page.url
    assert page.get_by_test_id("checklist-line").count() == 2

    # 2. Issued, started; a conformity on 7.5 and a minor nonconformity on 8.7.
    page.get_by_test_id("issue-plan").click()
    page.wait_for_url(plan_url)
    page.get_by_test_id("start-audit").click()
    page.wait_for_url(plan_url)
    findings = [("conformity", "Danh mục tài liệu nội bộ được cập nhật, kiểm soát đúng quy định."),
                ("minor", "02/30 hồ sơ khai sinh trả kết quả trễ hạn không có Phiếu xin lỗi và hẹn lại ngày trả.")]
    for number, (grade, evidence) in enumerate(findings):
        line = page.get_by_test_id("checklist-line").nth(number)
        line.get_by_test_id("finding-open").click()
        line.locator("select[name=grade]").select_option(grade)
        line.locator("textarea[name=evidence]").fill(evidence)
        line.locator("button[type=submit]").click()
        page.wait_for_load_state()
    nc_link = page.get_by_test_id("finding-nc")
    assert re.match(r"NC-\d{4}-001", nc_link.inner_text())
    screenshot(page, "improvement-cycle-02-finding-opens-nc")

    # 3. The NC: correction, root cause, a corrective action done, checked effective, closed.
    nc_link.click()
    page.wait_for_url(re.compile(r"/nonconformities/\d+/$"))
    nc_url = page.url
    page.get_by_test_id("nc-correction-form").locator("textarea[name=correction]").fill(
        "Gọi điện xin lỗi hai công dân, trả kết quả ngay trong ngày.")
    page.get_by_test_id("nc-save-correction").click()
    page.wait_for_url(nc_url)
    page.get_by_test_id("nc-root-cause-form").locator("textarea[name=root_cause]").fill(
        "Công chức chưa được hướng dẫn Mẫu phiếu xin lỗi; phần mềm một cửa không cảnh báo hồ sơ sắp trễ hạn.")
    page.get_by_test_id("nc-save-root-cause").click()
    page.wait_for_url(nc_url)
    action = page.get_by_test_id("nc-action-form")
    action.locator("textarea[name=description]").fill("Tập huấn Mẫu phiếu xin lỗi; bật cảnh báo trễ hạn trên phần mềm.")
    action.locator("select[name=owner]").select_option(str(officer.pk))
    action.locator("input[name=due_on]").fill((today + timedelta(days=7)).isoformat())
    page.get_by_test_id("nc-save-action").click()
    page.wait_for_url(nc_url)
    page.get_by_test_id("nc-action").locator("summary").first.click()
    done = page.get_by_test_id("nc-action-done-form")
    done.locator("textarea[name=result]").fill("Đã tập huấn ngày hôm nay; cảnh báo đã bật.")
    page.get_by_test_id("nc-action-done").click()
    page.wait_for_url(nc_url)
    check = page.get_by_test_id("nc-effectiveness-form")
    check.locator("input[name=result][value=effective]").check()
    check.locator("textarea[name=note]").fill("Kiểm tra 20 hồ sơ sau khắc phục: không còn hồ sơ trễ hạn thiếu phiếu.")
    page.get_by_test_id("nc-save-effectiveness").click()
    page.wait_for_url(nc_url)
    page.get_by_test_id("nc-close-button").click()
    page.wait_for_url(nc_url)
    screenshot(page, "improvement-cycle-03-nc-closed")
    assert "state-published" in page.get_by_test_id("nc-state").first.get_attribute("class")  # closed

    # 4. Back on the audit the NC shows closed; the report is issued.
    page.goto(plan_url)
    assert page.get_by_test_id("finding-nc-state").get_attribute("data-state") == "closed"
    page.get_by_test_id("complete-form").locator("textarea[name=conclusion]").fill(
        "HTQLCL tại Phòng Hộ tịch được duy trì phù hợp; điểm không phù hợp đã được khắc phục có hiệu lực.")
    page.get_by_test_id("complete-audit").click()
    page.wait_for_url(plan_url)
    assert page.get_by_test_id("audit-state").get_attribute("class").endswith("audit-state-completed")
    assert page.get_by_test_id("report-pdf").is_visible()
    screenshot(page, "improvement-cycle-04-report-issued")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "improvement-cycle-05-audit-360")
    page.goto(nc_url)
    screenshot(page, "improvement-cycle-06-nc-360")
