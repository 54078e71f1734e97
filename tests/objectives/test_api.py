"""Objectives over the API: list with status, create, measure, summary, policy; refusals as {code, detail}."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def _client(agency, user):
    client = APIClient(HTTP_HOST=host_of(agency))
    client.force_authenticate(user)
    return client


def test_create_measure_and_read_the_summary(agency_a, people):
    client = _client(agency_a, people.secretary)
    response = client.post("/api/v1/objectives/", {"year": 2026, "title": "Hài lòng từ 95%", "target": "95",
                                                   "frequency": "half_yearly", "owner": people.reviewer.pk},
                           format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "not_measured"
    response = client.post(f"/api/v1/objectives/{pk}/measure/", {"period": 2, "value": "93.5"}, format="json")
    assert response.status_code == 200 and response.json()["period_label"]
    listed = client.get("/api/v1/objectives/?year=2026").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["status"] == "missed"  # the second half is the year's last period
    summary = client.get("/api/v1/objectives/summary/?year=2026").json()
    assert summary["total"] == 1 and summary["missed"] == 1 and summary["rows"][0]["latest_value"] == "93.5%"
    assert client.get("/api/v1/objectives/policy/").json() == {"policy": None}


def test_refusals_are_codes_and_staff_may_only_read(agency_a, people):
    staff = _client(agency_a, people.staff)
    assert staff.post("/api/v1/objectives/", {"year": 2026, "title": "X", "target": "1"},
                      format="json").status_code == 403
    assert staff.get("/api/v1/objectives/").status_code == 200
    secretary = _client(agency_a, people.secretary)
    response = secretary.post("/api/v1/objectives/", {"year": 2026, "title": "Hài lòng", "target": "150"},
                              format="json")
    assert response.status_code == 400 and response.json()["code"] == "objective_invalid_value"
    pk = secretary.post("/api/v1/objectives/", {"year": 2026, "title": "Hài lòng", "target": "95"},
                        format="json").json()["id"]
    response = secretary.post(f"/api/v1/objectives/{pk}/refresh/", format="json")
    assert response.status_code == 400 and response.json()["code"] == "objective_not_computed"
    response = secretary.patch(f"/api/v1/objectives/{pk}/", {"target": "97"}, format="json")
    assert response.status_code == 200 and response.json()["target"] == "97.00"
