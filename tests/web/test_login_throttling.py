"""Log-in throttling on the agency log-in pages and the platform admin (django-axes), and one refusal
message whether the password was wrong or the account has no role in the agency."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from accounts.roles import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 5  # AXES_FAILURE_LIMIT's default in eiso/settings/base.py
REFUSED_VI = "Tên đăng nhập hoặc mật khẩu không đúng"
LOCKED_VI = "Đăng nhập sai quá nhiều lần"


def _alert(response) -> str:
    match = re.search(r'<div class="error" role="alert">(.*?)</div>', response.content.decode(), re.S)
    assert match, response.content.decode()[:2000]
    return match.group(1).strip()


def _log_in(client, username, password, address="203.0.113.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username, times, address="203.0.113.7"):
    return [_log_in(client, username, "sai-mat-khau", address) for _ in range(times)]


def test_wrong_password_and_no_role_here_get_the_same_vietnamese_message(tenant_client, agency_a, agency_b,
                                                                         user_factory):
    member_of_a = user_factory(agency_a, Role.ISO_SECRETARY)
    wrong_password = _log_in(tenant_client(agency_b), member_of_a.username, "sai-mat-khau")
    no_role_here = _log_in(tenant_client(agency_b), member_of_a.username, PASSWORD)
    unknown = _log_in(tenant_client(agency_b), "khong-ai-co-ten-nay", "sai-mat-khau")
    assert wrong_password.status_code == no_role_here.status_code == unknown.status_code == 200
    assert _alert(wrong_password) == _alert(no_role_here) == _alert(unknown)
    assert REFUSED_VI in _alert(no_role_here)
    # nothing tells the account exists or where it belongs
    assert agency_a.name not in no_role_here.content.decode()
    assert "_auth_user_id" not in tenant_client(agency_b).session


def test_repeated_failures_lock_that_username_from_that_address_only(tenant_client, agency_a, user_factory):
    clerk = user_factory(agency_a, Role.STAFF)
    colleague = user_factory(agency_a, Role.STAFF)
    client = tenant_client(agency_a)
    answers = _fail(client, clerk.username, LIMIT)
    assert [a.status_code for a in answers[:-1]] == [200] * (LIMIT - 1)
    assert answers[-1].status_code == 429 and LOCKED_VI in _alert(answers[-1])
    # the right password no longer opens anything from that address during the cool-off
    locked = _log_in(client, clerk.username, PASSWORD)
    assert locked.status_code == 429 and "15 phút" in _alert(locked)
    assert locked["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    # a colleague behind the same (commune NAT) address still logs in, and so does the clerk elsewhere
    assert _log_in(tenant_client(agency_a), colleague.username, PASSWORD).status_code == 302
    assert _log_in(tenant_client(agency_a), clerk.username, PASSWORD, address="198.51.100.4").status_code == 302


def test_the_lock_out_ends_after_the_cool_off(tenant_client, agency_a, user_factory):
    from axes.models import AccessAttempt
    from django.db.models import F

    clerk = user_factory(agency_a, Role.STAFF)
    _fail(tenant_client(agency_a), clerk.username, LIMIT)
    assert _log_in(tenant_client(agency_a), clerk.username, PASSWORD).status_code == 429
    attempt = AccessAttempt.objects.get(username=clerk.username)
    assert attempt.ip_address == "203.0.113.7" and attempt.failures_since_start == LIMIT
    assert "sai-mat-khau" not in attempt.post_data and PASSWORD not in attempt.post_data  # masked
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert _log_in(tenant_client(agency_a), clerk.username, PASSWORD).status_code == 302


def test_a_successful_log_in_starts_the_count_again(tenant_client, agency_a, user_factory):
    clerk = user_factory(agency_a, Role.STAFF)
    _fail(tenant_client(agency_a), clerk.username, LIMIT - 1)
    assert _log_in(tenant_client(agency_a), clerk.username, PASSWORD).status_code == 302
    answers = _fail(tenant_client(agency_a), clerk.username, LIMIT - 1)
    assert {a.status_code for a in answers} == {200}
    assert _log_in(tenant_client(agency_a), clerk.username, PASSWORD).status_code == 302


def test_right_passwords_on_agencies_without_a_role_count_as_failures_everywhere(tenant_client, agency_a,
                                                                               agency_b, user_factory):
    """Users are global: trying one account on every agency's subdomain adds up to one lock-out."""
    member_of_a = user_factory(agency_a, Role.ISO_SECRETARY)
    answers = [_log_in(tenant_client(agency_b), member_of_a.username, PASSWORD) for _ in range(LIMIT)]
    assert answers[-1].status_code == 429
    assert _log_in(tenant_client(agency_a), member_of_a.username, PASSWORD).status_code == 429


def test_the_platform_admin_log_in_is_throttled_too(user_factory):
    operator = user_factory(superuser=True)
    client = Client(HTTP_HOST="localhost")

    def attempt(password):
        return client.post("/admin/login/?next=/admin/", {"username": operator.username, "password": password},
                           REMOTE_ADDR="203.0.113.7")

    answers = [attempt("sai-mat-khau") for _ in range(LIMIT)]
    assert [a.status_code for a in answers[:-1]] == [200] * (LIMIT - 1)
    assert answers[-1].status_code == 429
    locked = attempt(PASSWORD)
    assert locked.status_code == 429 and LOCKED_VI in _alert(locked)
    assert "_auth_user_id" not in client.session


def test_limit_and_cool_off_follow_the_settings(settings, tenant_client, agency_a, user_factory):
    from datetime import timedelta as minutes

    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = minutes(minutes=30)
    clerk = user_factory(agency_a, Role.STAFF)
    answers = _fail(tenant_client(agency_a), clerk.username, 2)
    assert [a.status_code for a in answers] == [200, 429]
    assert "30 phút" in _alert(answers[-1])


def test_behind_trusted_proxies_the_forwarded_client_address_is_locked(settings, tenant_client, agency_a,
                                                                       user_factory):
    """Only the entry our own proxy wrote counts: a forged left part of X-Forwarded-For does not reset it."""
    settings.EISO_TRUSTED_PROXY_COUNT = 1
    clerk = user_factory(agency_a, Role.STAFF)
    client = tenant_client(agency_a)
    for n in range(LIMIT):
        client.post("/login/", {"username": clerk.username, "password": "sai"}, REMOTE_ADDR="10.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7")
    forged = client.post("/login/", {"username": clerk.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1",
                         HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")
    assert forged.status_code == 429
    other_client = client.post("/login/", {"username": clerk.username, "password": PASSWORD},
                               REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert other_client.status_code == 302


def test_without_trusted_proxies_x_forwarded_for_is_ignored(tenant_client, agency_a, user_factory):
    clerk = user_factory(agency_a, Role.STAFF)
    client = tenant_client(agency_a)
    for n in range(LIMIT):
        client.post("/login/", {"username": clerk.username, "password": "sai"}, REMOTE_ADDR="203.0.113.7",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert _log_in(client, clerk.username, PASSWORD).status_code == 429
