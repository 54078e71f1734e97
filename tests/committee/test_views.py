"""The committee page: staff read the committee and its history; the ISO secretary records and appoints."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from committee.models import CommitteeDecision, CommitteeMember

pytestmark = pytest.mark.django_db


def test_staff_see_the_committee_without_the_forms(tenant_client, agency_a, people, established):
    body = tenant_client(agency_a, people.staff).get("/committee/").content.decode()
    assert "Ban chỉ đạo ISO" in body and 'data-testid="nav-committee"' in body
    assert body.index("Lê Văn Cường") < body.index("Trần Thị Bình") < body.index("Nguyễn Thị Lan")
    assert "Trưởng ban" in body and "Thư ký" in body and "125/QĐ-STP" in body
    assert 'data-testid="committee-established"' in body
    assert 'data-testid="decision-form"' not in body and 'data-testid="change-role-form"' not in body


def test_the_secretary_records_a_decision_and_appoints(tenant_client, agency_a, people, established):
    client = tenant_client(agency_a, people.secretary)
    assert 'data-testid="appoint-form"' in client.get("/committee/").content.decode()
    response = client.post("/committee/decisions/new/", {
        "number": "210/QĐ-STP", "signed_on": "2026-01-05", "signer": "Lê Văn Cường",
        "title": "Quyết định kiện toàn Ban chỉ đạo ISO", "kind": "changes"})
    assert response.status_code == 302
    with tenant_context(agency_a):
        change = CommitteeDecision.objects.get(number="210/QĐ-STP")
    response = client.post("/committee/members/new/", {
        "decision": change.pk, "role": "deputy", "user": people.approver2.pk, "position": "Phó Giám đốc Sở"})
    assert response.status_code == 302
    page = client.get("/committee/").content.decode()
    assert "Đặng Thu Hà" in page and "Phó Trưởng ban" in page


def test_a_second_head_is_refused_on_the_page_and_the_input_stays(tenant_client, agency_a, people, established):
    decision = established[0]
    response = tenant_client(agency_a, people.secretary).post("/committee/members/new/", {
        "decision": decision.pk, "role": "head", "name": "Phạm Văn Tư", "position": "Phó Giám đốc"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trưởng ban hiện tại phải rời Ban trước" in body and 'value="Phạm Văn Tư"' in body
    with tenant_context(agency_a):
        assert CommitteeMember.objects.count() == 3


def test_removing_from_the_row_keeps_the_member_in_the_history(tenant_client, agency_a, people, established):
    decision, _head, _secretary, member = established
    client = tenant_client(agency_a, people.secretary)
    response = client.post(f"/committee/members/{member.pk}/remove/", {"decision": decision.pk, "left_on": "2025-06-01"})
    assert response.status_code == 302
    page = client.get("/committee/").content.decode()
    assert page.count('data-testid="committee-member"') == 2
    assert "− Nguyễn Thị Lan" in page and "01/06/2025" in page


def test_staff_may_not_post_changes(tenant_client, agency_a, people, established):
    member = established[3]
    client = tenant_client(agency_a, people.staff)
    assert client.post(f"/committee/members/{member.pk}/remove/", {"decision": established[0].pk}).status_code == 403
    with tenant_context(agency_a):
        assert CommitteeMember.objects.get(pk=member.pk).left_on is None


def test_a_refused_row_change_is_told_and_changes_nothing(tenant_client, agency_a, people, established):
    decision, head, secretary, _member = established
    client = tenant_client(agency_a, people.secretary)
    response = client.post(f"/committee/members/{secretary.pk}/role/", {"decision": decision.pk, "role": "head"},
                           follow=True)
    assert "Trưởng ban hiện tại phải rời Ban trước" in response.content.decode()
    response = client.post(f"/committee/members/{head.pk}/remove/", {"decision": decision.pk, "left_on": "2025-01-01"},
                           follow=True)
    assert "không thể rời Ban trước ngày tham gia" in response.content.decode()
    with tenant_context(agency_a):
        assert CommitteeMember.objects.filter(left_on=None).count() == 3 and CommitteeMember.objects.count() == 3


def test_the_page_keeps_the_signed_decision_and_prints_its_form(agency_a, tenant_client, people, established):
    from tests.documents.conftest import pdf_bytes, upload

    decision = established[0]
    secretary = tenant_client(agency_a, people.secretary)
    page = secretary.post(f"/committee/decisions/{decision.pk}/file/upload/",
                          {"signed_file": upload("QĐ 125 đã ký.pdf", pdf_bytes())}, follow=True)
    assert "QĐ 125 đã ký.pdf" in page.content.decode()
    staff = tenant_client(agency_a, people.staff)
    assert staff.post(f"/committee/decisions/{decision.pk}/file/upload/",
                      {"signed_file": upload("x.pdf", pdf_bytes())}).status_code == 403
    download = staff.get(f"/committee/decisions/{decision.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    docx = staff.get(f"/committee/decisions/{decision.pk}/decision.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert "attachment" in docx["Content-Disposition"]
