"""The register over the API: matrix, context, risks, re-assessment, heat map, history; staff only read."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from risks.models import Risk

pytestmark = pytest.mark.django_db


def test_the_api_keeps_the_register(api_client, agency_a, people, procedure, late_dossiers):
    client = api_client(agency_a, people.secretary)
    created = client.post("/api/v1/risks/register/", {
        "kind": "risk", "title": "Mất dữ liệu do sự cố máy chủ", "documents": [procedure.pk], "likelihood": 3,
        "impact": 5, "treatment": "reduce", "owner": people.secretary.pk, "review_on": "2027-01-15"}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["score"], body["level"], body["documents"], body["status"]) == (15, "high", [procedure.pk], "open")
    refused = client.post("/api/v1/risks/register/", {
        "kind": "opportunity", "title": "Số hóa", "likelihood": 3, "impact": 3, "treatment": "reduce",
        "owner": people.secretary.pk, "review_on": "2027-01-15"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "risks_wrong_treatment"
    treated = client.post(f"/api/v1/risks/register/{body['id']}/reassess/", {"likelihood": 1, "impact": 5},
                          format="json")
    assert treated.status_code == 200 and treated.json()["residual_level"] == "medium"
    assert treated.json()["status"] == "treated"
    listed = client.get("/api/v1/risks/register/?level=high").json()
    assert {row["title"] for row in listed["results"]} == {"Hồ sơ trễ hạn do thiếu nhân sự một cửa",
                                                            "Mất dữ liệu do sự cố máy chủ"}
    assert client.get("/api/v1/risks/register/?level=high&basis=residual").json()["count"] == 1
    heat = client.get("/api/v1/risks/register/heatmap/?basis=inherent").json()
    assert len(heat) == 25 and {(c["likelihood"], c["impact"]) for c in heat if c["count"]} == {(4, 4), (3, 5)}
    matrix = client.post("/api/v1/risks/matrix/", {"size": 5, "medium_from": 8, "high_from": 16}, format="json")
    assert matrix.status_code == 200 and matrix.json()["high_from"] == 16
    assert client.get(f"/api/v1/risks/register/{body['id']}/").json()["level"] == "medium"  # re-levelled
    closed = client.post(f"/api/v1/risks/register/{late_dossiers.pk}/close/")
    assert closed.json()["status"] == "closed"
    events = client.get(f"/api/v1/risks/register/{body['id']}/history/").json()
    assert [e["action"] for e in events][:1] == ["risks.record_risk"]
    with tenant_context(agency_a):
        assert Risk.objects.count() == 2


def test_the_context_over_the_api(api_client, agency_a, people):
    client = api_client(agency_a, people.secretary)
    issue = client.post("/api/v1/risks/issues/", {"side": "external", "category": "legal",
                                                  "description": "Luật Hộ tịch sửa đổi"}, format="json")
    assert issue.status_code == 201, issue.content
    changed = client.patch(f"/api/v1/risks/issues/{issue.json()['id']}/", {"relevant": False}, format="json")
    assert changed.status_code == 200 and changed.json()["relevant"] is False
    party = client.post("/api/v1/risks/parties/", {"name": "Người dân", "needs": "Đúng hạn"}, format="json")
    assert party.status_code == 201
    assert client.get("/api/v1/risks/issues/?relevant=false").json()["count"] == 1
    assert client.get("/api/v1/risks/matrix/").json()["size"] == 5


def test_staff_read_but_may_not_write(api_client, agency_a, people, late_dossiers):
    client = api_client(agency_a, people.staff)
    assert client.get("/api/v1/risks/register/").json()["count"] == 1
    assert client.post(f"/api/v1/risks/register/{late_dossiers.pk}/close/").status_code == 403
    assert client.post("/api/v1/risks/matrix/", {"size": 3, "medium_from": 3, "high_from": 6},
                       format="json").status_code == 403
    assert client.get(f"/api/v1/risks/register/{late_dossiers.pk}/history/").status_code == 403
