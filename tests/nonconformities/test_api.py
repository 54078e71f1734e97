"""Nonconformities over the API: raise (idempotent), report, each step, the closing guard, history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db
def today():
    """Asked each time: a run that crosses midnight in Hà Nội must not compare two different days."""
    return timezone.localdate()


def test_the_api_walks_an_nc_to_closed(api_client, agency_a, people, in_agency_a):
    client = api_client(agency_a, people.secretary)
    body = {"source": "audit", "description": "Không lưu phiếu kiểm soát quá trình", "clause": "7.5.3",
            "source_ref": "audit-finding:7", "grade": "major"}
    created = client.post("/api/v1/nonconformities/", body, format="json")
    assert created.status_code == 201, created.content
    nc = created.json()
    assert nc["number"].startswith(f"NC-{today().year}-") and nc["state"] == "open" and nc["grade_label"]
    again = client.post("/api/v1/nonconformities/", body, format="json")
    assert again.json()["id"] == nc["id"]
    url = f"/api/v1/nonconformities/{nc['id']}/"
    assert client.post(url + "correction/", {"correction": "Bổ sung phiếu"}, format="json").status_code == 200
    assert client.post(url + "root-cause/", {"root_cause": "Chưa phổ biến biểu mẫu"}, format="json").status_code == 200
    action = client.post(url + "actions/", {"description": "Tập huấn biểu mẫu", "owner": people.staff.pk,
                                            "due_on": (today() + timedelta(days=3)).isoformat()}, format="json")
    assert action.status_code == 201, action.content
    closing = client.post(url + "close/", format="json")
    assert closing.status_code == 400 and closing.json()["code"] == "nc_action_open"
    owner = api_client(agency_a, people.staff)
    assert owner.get("/api/v1/nc-actions/?mine=true&open=true").json()["count"] == 1
    done = owner.post(f"/api/v1/nc-actions/{action.json()['id']}/complete/", {"result": "Đã tập huấn"}, format="json")
    assert done.status_code == 200 and done.json()["done_on"] == today().isoformat()
    check = client.post(url + "effectiveness/", {"result": "effective", "note": "Đủ phiếu"}, format="json")
    assert check.status_code == 200 and check.json()["state"] == "effective"
    closed = client.post(url + "close/", format="json")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    events = client.get(url + "history/").json()
    assert "nonconformities.close" in {event["action"] for event in events}


def test_staff_report_but_may_not_raise_or_manage(api_client, agency_a, people, in_agency_a):
    client = api_client(agency_a, people.staff)
    assert client.post("/api/v1/nonconformities/", {"source": "audit", "description": "x"},
                       format="json").status_code == 403
    reported = client.post("/api/v1/nonconformities/report/", {"description": "Biểu mẫu cũ vẫn dùng"}, format="json")
    assert reported.status_code == 201 and reported.json()["source"] == "staff"
    nc = reported.json()["id"]
    assert client.post(f"/api/v1/nonconformities/{nc}/correction/", {"correction": "x"},
                       format="json").status_code == 403
    assert client.get(f"/api/v1/nonconformities/{nc}/history/").status_code == 403
    assert client.get("/api/v1/nonconformities/?source=staff").json()["count"] == 1


def test_not_effective_needs_a_new_action_over_the_api(api_client, agency_a, people, planned):
    nc, action = planned
    api_client(agency_a, people.staff).post(f"/api/v1/nc-actions/{action.pk}/complete/", {"result": "Xong"},
                                            format="json")
    client = api_client(agency_a, people.secretary)
    url = f"/api/v1/nonconformities/{nc.pk}/effectiveness/"
    refused = client.post(url, {"result": "not_effective", "note": "Vẫn trễ"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "nc_invalid_value"
    reopened = client.post(url, {"result": "not_effective", "note": "Vẫn trễ", "new_action": {
        "description": "Cảnh báo hạn trả tự động", "owner": people.staff2.pk,
        "due_on": (today() + timedelta(days=10)).isoformat()}}, format="json")
    assert reopened.status_code == 200 and reopened.json()["state"] == "planned"
    assert len(reopened.json()["actions"]) == 2
    assert client.get("/api/v1/nonconformities/?overdue=true").json()["count"] == 0
