"""A database that is away answers 503 with Retry-After, on pages and on the API; other failures stay 500."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def _client(tenant_client, agency, user, monkeypatch, error):
    """Logged in first; then every request finds the session store failing with `error`."""
    client = tenant_client(agency, user)
    client.raise_request_exception = False

    def load(self):
        raise error

    monkeypatch.setattr(SessionStore, "load", load)
    return client


AWAY = OperationalError("server closed the connection unexpectedly")


def test_a_page_says_come_back_in_both_languages(tenant_client, agency_a, user_factory, monkeypatch):
    client = _client(tenant_client, agency_a, user_factory(agency_a, Role.STAFF), monkeypatch, AWAY)
    response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    text = response.content.decode()
    assert "chưa được lưu" in text and "not saved" in text
    assert "OperationalError" not in text and "server closed" not in text  # nothing of the exception


def test_the_api_answers_503_with_its_code(tenant_client, agency_a, user_factory, monkeypatch):
    client = _client(tenant_client, agency_a, user_factory(agency_a, Role.STAFF), monkeypatch, AWAY)
    response = client.post("/api/v1/nonconformities/", {"description": "x"}, content_type="application/json")
    assert response.status_code == 503 and response.json()["code"] == "service_unavailable"
    assert response["Retry-After"] == "30"


def test_any_other_failure_is_still_a_500(tenant_client, agency_a, user_factory, monkeypatch):
    client = _client(tenant_client, agency_a, user_factory(agency_a, Role.STAFF), monkeypatch, RuntimeError("a bug"))
    assert client.get("/").status_code == 500
