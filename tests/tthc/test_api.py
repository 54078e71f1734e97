"""The catalogue through the API: what each side reads, who may write, the import's answers."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from tthc.models import TthcEntry

from .conftest import HEADER, ROWS, csv_upload, entry_values

pytestmark = pytest.mark.django_db

@pytest.fixture
def dost_api(api_client, supervisor, keeper):
    return api_client(supervisor, keeper)


def test_the_dost_imports_then_creates_and_changes_entries(dost_api):
    response = dost_api.post("/api/v1/tthc/entries/import/", {"file": csv_upload(*ROWS)}, format="multipart")
    assert response.status_code == 200, response.content
    assert sorted(response.json()["created"]) == ["1.001193", "2.000488"]
    assert response.json()["decisions_created"] == ["345/QĐ-UBND"]
    body = {k: v for k, v in entry_values(code="1.000894", name="Đăng ký kết hôn").items()}
    response = dost_api.post("/api/v1/tthc/entries/", {**body, "agencies": ["xa-long-duc"]}, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["agencies"] == ["xa-long-duc"] and created["assigned_levels"] == []
    response = dost_api.patch(f"/api/v1/tthc/entries/{created['id']}/", {"time_limit": 3}, format="json")
    assert response.status_code == 200 and response.json()["time_limit"] == 3
    response = dost_api.patch(f"/api/v1/tthc/entries/{created['id']}/", {"time_limit": 0}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_time_limit"
    assert dost_api.post(f"/api/v1/tthc/entries/{created['id']}/withdraw/").json()["status"] == "withdrawn"
    history = dost_api.get(f"/api/v1/tthc/entries/{created['id']}/history/").json()
    assert [event["action"] for event in history][:1] == ["tthc.create_entry"]
    decisions = dost_api.get("/api/v1/tthc/decisions/").json()["results"]
    assert decisions[0]["number"] == "345/QĐ-UBND" and decisions[0]["deadline"] == "2026-03-12"
    assert decisions[0]["deadline_status"] == "overdue"  # entered today, long after March 2026
    assert dost_api.get("/api/v1/tthc/entries/?status=withdrawn").json()["count"] == 1
    assert dost_api.get("/api/v1/tthc/entries/?q=khai sinh").json()["count"] == 1


def test_a_bad_file_answers_400_with_line_errors_and_applies_nothing(dost_api):
    bad = csv_upload(ROWS[0], "2.000488,Cấp Phiếu,Lý lịch tư pháp,department,mười,,,,,,,,")
    response = dost_api.post("/api/v1/tthc/entries/import/", {"file": bad}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_rejected"
    assert body["errors"] == [{"line": 3, "field": "time_limit", "message": body["errors"][0]["message"]}]
    assert not TthcEntry.objects.exists()


def test_agencies_read_what_is_assigned_to_them_and_write_nothing(dost_api, api_client, agency_a, agency_b,
                                                                   user_factory):
    dost_api.post("/api/v1/tthc/entries/import/", {"file": csv_upload(*ROWS)}, format="multipart")
    staff_b = user_factory(agency_b, Role.STAFF)
    codes = [e["code"] for e in api_client(agency_b, staff_b).get("/api/v1/tthc/entries/").json()["results"]]
    assert codes == ["1.001193"]
    admin_a = user_factory(agency_a, Role.AGENCY_ADMIN)
    client_a = api_client(agency_a, admin_a)
    codes = [e["code"] for e in client_a.get("/api/v1/tthc/entries/").json()["results"]]
    assert codes == ["2.000488"]
    assert client_a.post("/api/v1/tthc/entries/", entry_values(), format="json").status_code == 403
    assert client_a.get("/api/v1/tthc/decisions/").status_code == 403
    commune_entry = TthcEntry.objects.get(code="1.001193")
    assert client_a.get(f"/api/v1/tthc/entries/{commune_entry.pk}/").status_code == 404


def test_the_dost_admin_cannot_edit_from_an_agency_site(api_client, agency_a, keeper):
    response = api_client(agency_a, keeper).post("/api/v1/tthc/entries/", entry_values(), format="json")
    assert response.status_code == 403 and response.json()["code"] == "not_province_keeper"
    response = api_client(agency_a, keeper).post("/api/v1/tthc/entries/import/",
                                                 {"file": csv_upload(*ROWS, header=HEADER)}, format="multipart")
    assert response.status_code == 403
    assert not TthcEntry.objects.exists()


def test_the_import_is_in_the_openapi_schema(api_client, supervisor, keeper):
    schema = api_client(supervisor, keeper).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/tthc/entries/import/" in text and "not_province_keeper" in text
