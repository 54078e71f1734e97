"""A document goes from draft to effective edition in a real browser: draft -> review -> approve -> publish.

The secretary creates QT-HT-01 and edits the draft, submits it to a reviewer and an approver; the reviewer
agrees, the approver approves, the secretary publishes and distributes it, and a member of staff finds the
effective edition and confirms reading it. Screenshots of each step go to
test-results/screenshots/documents-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accounts.roles import Role
from tests.browser.helpers import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"documents-{name}.png"), full_page=True)




def test_secretary_drafts_reviewer_and_approver_sign_secretary_publishes_staff_reads(
        browser_page, live_agency_url, agency_a, user_factory):
    page = browser_page
    base = live_agency_url(agency_a)
    secretary = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình",
                             job_title="Chuyên viên Văn phòng")
    reviewer = user_factory(agency_a, Role.APPROVER, full_name="Võ Thị Hạnh", job_title="Phó Giám đốc")
    approver = user_factory(agency_a, Role.APPROVER, full_name="Lê Văn Cường", job_title="Giám đốc")
    staff = user_factory(agency_a, Role.STAFF, full_name="Ngô Văn Em", job_title="Công chức Hộ tịch")

    # 1. The secretary creates the procedure; its first edition is a draft.
    log_in(page, base, secretary)
    page.goto(f"{base}/documents/")
    shot(page, "01-list-empty")
    page.get_by_test_id("new-document").click()
    page.fill("#id_code", "QT-HT-01")
    page.fill("#id_title", "Quy trình kiểm soát thông tin dạng văn bản")
    page.select_option("#id_kind", "system_procedure")
    page.fill("#id_owner_unit", "Văn phòng Sở")
    page.select_option("#id_owner", label="Trần Thị Bình · Chuyên viên Văn phòng")
    editor = page.get_by_test_id("richtext-editor")
    editor.click()
    page.get_by_role("button", name=re.compile("^(Đề mục|Heading)$")).click()
    page.keyboard.type("1. Mục đích")
    page.keyboard.press("Enter")
    page.keyboard.type("Quy định cách soạn thảo, xem xét, phê duyệt và ban hành tài liệu của Sở.")
    page.fill("#id_refs-0-number", "26/2014/TT-BKHCN")
    page.fill("#id_refs-0-title", "Thông tư quy định chi tiết thi hành Quyết định 19/2014/QĐ-TTg")
    page.fill("#id_refs-0-issuer", "Bộ Khoa học và Công nghệ")
    shot(page, "02-create-form")
    page.get_by_test_id("save-document").click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    document_url = page.url
    assert page.get_by_test_id("working-state").inner_text() in ("Dự thảo", "Draft")
    shot(page, "03-created-draft")

    # 2. She edits the draft: the content gains a scope section.
    page.get_by_test_id("edit-document").click()
    editor = page.get_by_test_id("richtext-editor")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name=re.compile("^(Đề mục|Heading)$")).click()
    page.keyboard.type("2. Phạm vi")
    page.keyboard.press("Enter")
    page.keyboard.type("Áp dụng cho mọi tài liệu của Hệ thống quản lý chất lượng tại Sở Tư pháp.")
    page.fill("#id_draft-change_summary", "Ban hành lần đầu")
    shot(page, "04-edit-draft")
    page.get_by_test_id("save-document").click()
    page.wait_for_url(document_url)
    assert "Áp dụng cho mọi tài liệu" in page.get_by_test_id("doc-content").inner_text()

    # 3. She submits it to a reviewer and an approver.
    page.get_by_test_id("submit-for-review").click()
    page.get_by_test_id("reviewers").get_by_label(re.compile("Võ Thị Hạnh")).check()
    page.get_by_test_id("approvers").get_by_label(re.compile("Lê Văn Cường")).check()
    shot(page, "05-submit")
    page.get_by_test_id("send-for-review").click()
    page.wait_for_url(document_url)
    assert page.get_by_test_id("working-state").inner_text() in ("Đang xem xét", "In review")
    shot(page, "06-in-review")
    log_out(page)

    # 4. The reviewer finds it in her tasks and agrees, inline.
    log_in(page, base, reviewer)
    page.get_by_test_id("nav-tasks").click()
    shot(page, "06b-reviewer-tasks")
    page.get_by_test_id("my-tasks").get_by_role("link", name=re.compile("QT-HT-01")).click()
    page.fill("#id_decision_comment", "Nội dung phù hợp, đề nghị trình phê duyệt.")
    shot(page, "07-review-decision")
    page.get_by_test_id("decide-agree").click()
    page.wait_for_selector("[data-testid=decision-form]", state="detached")
    page.wait_for_load_state("networkidle")
    assert "Võ Thị Hạnh" in page.get_by_test_id("signoff-table").inner_text()
    shot(page, "08-reviewed")
    log_out(page)

    # 5. The approver approves: the edition is frozen.
    log_in(page, base, approver)
    page.goto(document_url)
    page.fill("#id_decision_comment", "Đồng ý ban hành.")
    page.get_by_test_id("decide-agree").click()
    page.wait_for_selector("[data-testid=decision-form]", state="detached")
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("working-state").inner_text() in ("Đã phê duyệt", "Approved")
    shot(page, "09-approved")
    log_out(page)

    # 6. The secretary publishes it and distributes it to staff.
    log_in(page, base, secretary)
    page.goto(document_url)
    page.get_by_test_id("publish").click()
    page.wait_for_url(document_url)
    assert page.get_by_test_id("effective-badge").is_visible()
    assert page.get_by_test_id("edition").inner_text() == "1"
    shot(page, "10-published")
    page.get_by_test_id("distribution-link").click()
    page.get_by_test_id("distribute-form").get_by_label(re.compile("Ngô Văn Em")).check()
    page.get_by_test_id("distribute").click()
    page.wait_for_load_state("networkidle")
    assert "Ngô Văn Em" in page.get_by_test_id("unread").inner_text()
    shot(page, "11-distribution")
    page.goto(f"{document_url}history/")
    assert "Trần Thị Bình" in page.get_by_test_id("history").inner_text()
    shot(page, "11b-history")

    # 7. She files a record the procedure requires, by reference to the paper file.
    page.goto(document_url)
    page.locator("#records").get_by_role("link", name=re.compile("^(Lưu hồ sơ|File a record)$")).click()
    page.fill("#id_title", "Sổ theo dõi phân phối tài liệu năm 2026")
    page.fill("#id_field", "Văn phòng")
    page.fill("#id_reference", "Tủ hồ sơ ISO, ngăn 1")
    page.get_by_test_id("save-record").click()
    page.wait_for_url(re.compile(r"/documents/records/\?document=\d+"))
    assert "Sổ theo dõi phân phối tài liệu năm 2026" in page.get_by_test_id("record-table").inner_text()
    shot(page, "12-records")
    log_out(page)

    # 8. Staff see the effective edition and confirm reading it.
    log_in(page, base, staff)
    page.get_by_test_id("nav-documents").click()
    assert "QT-HT-01" in page.get_by_test_id("document-table").inner_text()
    shot(page, "13-staff-list")
    page.get_by_role("link", name="Quy trình kiểm soát thông tin dạng văn bản").click()
    assert page.get_by_test_id("edition").inner_text() == "1"
    assert "Áp dụng cho mọi tài liệu" in page.get_by_test_id("doc-content").inner_text()
    assert page.get_by_test_id("working-revision").count() == 0
    page.get_by_test_id("acknowledge").click()
    page.get_by_test_id("acknowledgement").locator(".done").wait_for()
    shot(page, "14-staff-reads")
