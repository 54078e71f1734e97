"""Ids that are not ids (found by fuzzing the OpenAPI: `GET /api/v1/documents/null,null/history/` answered
500): every detail route of every viewset answers 404 to them, never a server error."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from api.urls import router

pytestmark = pytest.mark.django_db

BAD_IDS = ["null,null", "1.5", "-1", "%20", "99999999999999999999999", "1e3"]


def test_the_fuzzers_case_answers_404(agency_a, user_factory, api_client):
    client = api_client(agency_a, user_factory(agency_a, Role.ISO_SECRETARY))
    assert client.get("/api/v1/documents/null,null/history/").status_code == 404


@pytest.mark.parametrize("bad", BAD_IDS)
def test_every_detail_route_refuses_a_malformed_id_with_404(agency_a, user_factory, api_client, bad):
    client = api_client(agency_a, user_factory(agency_a, Role.ISO_SECRETARY))
    failures = []
    for prefix, viewset, _basename in router.registry:
        if getattr(viewset, "lookup_field", "pk") != "pk":
            continue  # looked up by a code or a slug: any text is a possible key
        answer = client.get(f"/api/v1/{prefix}/{bad}/")
        if answer.status_code >= 500 or answer.status_code == 200:
            failures.append(f"{prefix}/{bad}/ → {answer.status_code}")
    assert not failures, failures


def test_a_missing_download_is_refused_in_json(agency_a, user_factory, api_client):
    """Found by tests/api/test_fuzz.py: the download's byte renderer wrote the 404 as b'detail'."""
    client = api_client(agency_a, user_factory(agency_a, Role.ISO_SECRETARY))
    answer = client.get("/api/v1/records/987654321/download/")
    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("application/json")
    assert "detail" in answer.json()


@pytest.mark.parametrize("query", ["year=-2.9e16", "year=2025&month=1e-238", "year=2025&month=13", "year=10000"])
def test_dossier_period_filters_refuse_what_is_no_period(agency_a, user_factory, api_client, query):
    """Found by tests/api/test_fuzz.py: a year of -2.9e16 reached date() and answered 500."""
    client = api_client(agency_a, user_factory(agency_a, Role.ISO_SECRETARY))
    assert client.get(f"/api/v1/dossiers/?{query}").status_code == 400
    assert client.get(f"/api/v1/dossiers/rates/?{query}").status_code < 500
