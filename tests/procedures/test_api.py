"""TTHC procedures over the API: read by edition, saved whole or in part, refusals as {code, detail}."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from .conftest import STEPS, spec_fields

pytestmark = pytest.mark.django_db


def _url(revision) -> str:
    return f"/api/v1/procedure-specs/{revision.pk}/"


def test_retrieve_and_list_by_edition(api_client, agency_a, people, with_procedure):
    client = api_client(agency_a, people.secretary)
    body = client.get(_url(with_procedure)).json()
    assert body["revision"] == with_procedure.pk and body["tthc_codes"] == ["1.001193"]
    assert body["time_limit_hours"] == 8 and body["steps_hours"] == 8 and body["editable"] is True
    assert [s["number"] for s in body["steps"]] == [1, 2, 3, 4]
    listing = client.get("/api/v1/procedure-specs/", {"tthc_code": "1.001193"}).json()
    assert [row["revision"] for row in listing["results"]] == [with_procedure.pk]
    assert client.get("/api/v1/procedure-specs/", {"tthc_code": "9.999"}).json()["results"] == []


def test_staff_see_only_issued_editions(api_client, agency_a, people, with_procedure):
    assert api_client(agency_a, people.staff).get(_url(with_procedure)).status_code == 404


def test_put_saves_the_whole_procedure(api_client, agency_a, people, in_agency_a, tthc_document):
    revision = tthc_document.revisions.get()
    body = spec_fields(steps=[{**STEPS[0], "time_allowed": 4}, {**STEPS[1], "time_allowed": 0.5,
                                                                 "time_unit": "working_days"}])
    response = api_client(agency_a, people.secretary).put(_url(revision), body, format="json")
    assert response.status_code == 200, response.content
    assert [s["time_allowed"] for s in response.json()["steps"]] == [4, 0.5]


def test_put_over_the_time_limit_says_by_how_much_and_saves_nothing(api_client, agency_a, people, with_procedure):
    from procedures.selectors import steps_of

    steps = [dict(s) for s in STEPS] + [{**STEPS[0], "time_allowed": 3}]
    response = api_client(agency_a, people.secretary, ).put(
        _url(with_procedure), spec_fields(steps=steps), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["code"] == "steps_exceed_time_limit" and "3 working hours" in response.json()["detail"]
    with tenant_context(agency_a):
        assert steps_of(with_procedure).count() == 4


def test_patch_changes_part_and_keeps_the_rest(api_client, agency_a, people, with_procedure):
    client = api_client(agency_a, people.secretary)
    response = client.patch(_url(with_procedure), {"fees": "Miễn lệ phí đăng ký khai sinh đúng hạn"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["fees"].startswith("Miễn") and len(response.json()["steps"]) == 4
    response = client.patch(_url(with_procedure), {"tthc_codes": ["1.001193", "bad code"]}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_tthc_code"


def test_frozen_edition_and_other_people_are_refused(api_client, agency_a, people, with_procedure, approve):
    with tenant_context(agency_a):
        approve(with_procedure)
    response = api_client(agency_a, people.secretary).put(_url(with_procedure), spec_fields(), format="json")
    assert response.status_code == 400 and response.json()["code"] == "revision_frozen"
    staff = api_client(agency_a, people.staff).put(_url(with_procedure), spec_fields(), format="json")
    assert staff.status_code == 403


def test_the_openapi_schema_documents_the_endpoint(api_client, agency_a, people):
    schema = api_client(agency_a, people.secretary).get("/api/schema/", {"format": "json"}).json()
    assert {"get", "put", "patch"} <= set(schema["paths"]["/api/v1/procedure-specs/{id}/"])
    assert "steps_exceed_time_limit" in str(schema["components"]["schemas"]["Error"])
