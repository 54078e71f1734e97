"""Training over the API: plan, hold, results, materials, records; refusals as {code, detail}."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.conftest import host_of
from tests.documents.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def _client(agency, user):
    client = APIClient(HTTP_HOST=host_of(agency))
    client.force_authenticate(user)
    return client


def test_plan_hold_result_material_and_record(agency_a, people):
    client = _client(agency_a, people.secretary)
    response = client.post("/api/v1/training/sessions/", {
        "topic": "Nhận thức ISO 9001", "kind": "iso_awareness", "date": "2026-03-10", "hours": "8",
        "trainer": "ThS. Nguyễn Văn Hùng", "attendees": [people.staff.pk]}, format="json")
    assert response.status_code == 201, response.content
    session = response.json()
    assert session["state"] == "planned" and len(session["attendances"]) == 1
    pk, attendance = session["id"], session["attendances"][0]["id"]
    response = client.post(f"/api/v1/training/sessions/{pk}/result/", {"attendance": attendance, "result": "Đạt"},
                           format="json")
    assert response.status_code == 400 and response.json()["code"] == "training_not_held_yet"
    assert client.post(f"/api/v1/training/sessions/{pk}/held/", {}, format="json").json()["state"] == "held"
    response = client.post(f"/api/v1/training/sessions/{pk}/result/", {"attendance": attendance, "result": "Đạt"},
                           format="json")
    assert response.status_code == 200 and response.json()["result"] == "Đạt"
    response = client.post(f"/api/v1/training/sessions/{pk}/materials/",
                           {"file": upload("bai-giang.pdf", pdf_bytes(), "application/pdf")}, format="multipart")
    assert response.status_code == 201, response.content
    download = client.get(f"/api/v1/training/materials/{response.json()['id']}/download/")
    assert download.status_code == 200
    staff = _client(agency_a, people.staff)
    record = staff.get("/api/v1/training/records/me/").json()
    assert record["sessions"] == 1 and record["rows"][0]["result"] == "Đạt"
    assert staff.get(f"/api/v1/training/records/{people.staff.pk}/").status_code == 200
    assert staff.get(f"/api/v1/training/records/{people.staff2.pk}/").status_code == 404
    assert client.get(f"/api/v1/training/records/{people.staff.pk}/").status_code == 200
    assert staff.post("/api/v1/training/sessions/", {}, format="json").status_code == 403
