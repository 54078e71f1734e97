"""Log-in throttling on the API token endpoint (agency subdomains and the public domain), and one refusal
for a wrong password and for an account with no role in the agency."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 5
TOKEN = "/api/v1/auth/token/"


def _token(client, username, password, address="203.0.113.7", **extra):
    return client.post(TOKEN, {"username": username, "password": password}, format="json", REMOTE_ADDR=address,
                       **extra)


def test_wrong_password_and_no_role_here_get_the_same_answer(api_client, agency_a, agency_b, user_factory):
    member_of_a = user_factory(agency_a, Role.ISO_SECRETARY)
    wrong = _token(api_client(agency_b), member_of_a.username, "sai", HTTP_ACCEPT_LANGUAGE="en")
    no_role = _token(api_client(agency_b), member_of_a.username, PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    unknown = _token(api_client(agency_b), "khong-ai-co-ten-nay", "sai", HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == no_role.status_code == unknown.status_code == 400
    assert wrong.json() == no_role.json() == unknown.json() == {
        "non_field_errors": ["The username or password is wrong, or this account may not log in here."]}


def test_missing_fields_are_still_named(api_client, agency_a):
    response = api_client(agency_a).post(TOKEN, {"username": "ai-do"}, format="json")
    assert response.status_code == 400 and "password" in response.json()


def test_token_endpoint_locks_out_with_429_code_and_detail(api_client, agency_a, user_factory):
    clerk = user_factory(agency_a, Role.STAFF)
    answers = [_token(api_client(agency_a), clerk.username, "sai") for _ in range(LIMIT)]
    assert [a.status_code for a in answers] == [400] * (LIMIT - 1) + [429]
    locked = _token(api_client(agency_a), clerk.username, PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert locked.status_code == 429
    assert locked.json() == {"code": "locked_out",
                             "detail": "Too many failed log-in attempts. Wait 15 minutes and try again."}
    assert locked["Retry-After"] == "900"
    assert "token" not in locked.json()
    # another address, or another person behind this one, is not locked out
    assert _token(api_client(agency_a), clerk.username, PASSWORD, address="198.51.100.4").status_code == 200
    colleague = user_factory(agency_a, Role.STAFF)
    assert _token(api_client(agency_a), colleague.username, PASSWORD).status_code == 200


def test_failures_on_the_log_in_page_and_the_api_add_up(api_client, tenant_client, agency_a, user_factory):
    clerk = user_factory(agency_a, Role.STAFF)
    for _ in range(LIMIT - 1):
        tenant_client(agency_a).post("/login/", {"username": clerk.username, "password": "sai"},
                                     REMOTE_ADDR="203.0.113.7")
    assert _token(api_client(agency_a), clerk.username, "sai").status_code == 429


def test_no_role_attempts_count_towards_the_lock_out(api_client, agency_a, agency_b, user_factory):
    member_of_a = user_factory(agency_a, Role.ISO_SECRETARY)
    answers = [_token(api_client(agency_b), member_of_a.username, PASSWORD) for _ in range(LIMIT)]
    assert [a.status_code for a in answers] == [400] * (LIMIT - 1) + [429]
    assert answers[-1].json()["code"] == "locked_out"
    assert _token(api_client(agency_a), member_of_a.username, PASSWORD).status_code == 429


def test_public_domain_token_endpoint_is_throttled(user_factory):
    operator = user_factory(superuser=True)
    client = APIClient(HTTP_HOST="localhost")
    answers = [_token(client, operator.username, "sai") for _ in range(LIMIT)]
    assert answers[-1].status_code == 429
    assert answers[-1].json()["code"] == "locked_out"
    assert _token(client, operator.username, PASSWORD).status_code == 429
