"""The training pages: staff read sessions and their own record; the secretary plans, holds, records results
and uploads materials; a material is served only through the agency's permission-checked view."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tests.documents.conftest import pdf_bytes, upload
from training.models import Attendance, TrainingSession

pytestmark = pytest.mark.django_db


def test_staff_read_sessions_and_only_their_own_record(tenant_client, agency_a, people, awareness):
    from training import services

    with tenant_context(agency_a):
        services.mark_held(awareness, actor=people.secretary)
        services.add_material(awareness, actor=people.secretary, uploaded_file=upload(
            "bai-giang.pdf", pdf_bytes(), "application/pdf"))
    client = tenant_client(agency_a, people.staff)
    body = client.get("/training/").content.decode()
    assert "Nhận thức chung về TCVN ISO 9001:2015" in body and 'data-testid="plan-session"' not in body
    assert 'data-testid="iso-training-held"' in body
    detail = client.get(f"/training/{awareness.pk}/").content.decode()
    assert "bai-giang.pdf" in detail and 'data-testid="result-form"' not in detail
    with tenant_context(agency_a):
        material = awareness.materials.get()
    response = client.get(f"/training/materials/{material.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    mine = client.get("/training/me/").content.decode()
    assert "Nhận thức chung về TCVN ISO 9001:2015" in mine
    assert client.get(f"/training/people/{people.staff.pk}/").status_code == 200
    assert client.get(f"/training/people/{people.staff2.pk}/").status_code == 404
    assert client.get("/training/people/").status_code == 403
    assert client.get("/training/new/").status_code == 403


def test_the_secretary_plans_holds_and_records_results(tenant_client, agency_a, people):
    client = tenant_client(agency_a, people.secretary)
    response = client.post("/training/new/", {
        "topic": "Chuyên gia đánh giá nội bộ", "kind": "internal_auditor", "date": "2026-04-14", "hours": "16",
        "trainer": "TS. Lê Thị Thanh Mai", "trainer_organisation": "Chi cục TĐC",
        "attendees": [people.staff.pk, people.staff2.pk]})
    assert response.status_code == 302
    with tenant_context(agency_a):
        session = TrainingSession.objects.get()
        row = session.attendances.get(user_id=people.staff.pk)
    assert client.post(f"/training/{session.pk}/held/", {"held_on": "2026-04-15"}).status_code == 302
    client.post(f"/training/{session.pk}/results/", {"attendance": row.pk, "attended": "on",
                                                      "result": "Đạt; Giấy chứng nhận số 112/2026"})
    with tenant_context(agency_a):
        row = Attendance.objects.get(pk=row.pk)
        assert row.attended and row.result == "Đạt; Giấy chứng nhận số 112/2026"
        assert TrainingSession.objects.get().date.isoformat() == "2026-04-15"
    page = client.get(f"/training/people/{people.staff.pk}/").content.decode()
    assert "Chuyên gia đánh giá nội bộ" in page and "112/2026" in page
    overview = client.get("/training/people/").content.decode()
    assert "Ngô Văn Em" in overview


def test_a_refused_change_is_told_and_saves_nothing(tenant_client, agency_a, people, awareness):
    client = tenant_client(agency_a, people.secretary)
    with tenant_context(agency_a):
        row = awareness.attendances.first()
    response = client.post(f"/training/{awareness.pk}/results/", {"attendance": row.pk, "result": "Đạt"},
                           follow=True)
    assert "chưa tổ chức: chỉ ghi nhận tham dự và kết quả sau khi đã tổ chức" in response.content.decode()
    with tenant_context(agency_a):
        assert Attendance.objects.get(pk=row.pk).result == ""


def test_the_session_history_shows_to_those_who_may_see_it(tenant_client, agency_a, people, awareness):
    page = tenant_client(agency_a, people.approver).get(f"/training/{awareness.pk}/").content.decode()
    assert 'data-testid="history"' in page and "training.plan_session" in page
    assert 'data-testid="history"' not in tenant_client(agency_a, people.staff).get(
        f"/training/{awareness.pk}/").content.decode()
