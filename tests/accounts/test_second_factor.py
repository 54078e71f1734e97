"""The second factor after the password (django-otp) for operators, supervisors and heads or deputies:
forced set-up, codes from the app, single-use backup codes, throttling and lock-out, removal, the API token
door, the platform admin, and the switch that lifts the requirement."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken
from accounts.roles import Role
from audit_trail.models import AuditEvent
from tests.conftest import host_of
from tests.factories import PASSWORD, app_device, otp_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _second_factor_passed():
    """Overrides tests/conftest.py's: here sessions pass the second factor only by entering codes."""


@pytest.fixture
def no_otp_delay(settings):
    """django-otp's delay between wrong codes (1, 2, 4 … s) off, for tests that enter several."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _logged_in(agency, user, address="203.0.113.9"):
    client = Client(HTTP_HOST=host_of(agency), REMOTE_ADDR=address)
    answer = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert answer.status_code == 302, answer.content.decode()[:500]
    return client


def _wrong(user) -> str:
    """A six-digit code the person's app does not show now."""
    return "000000" if otp_code(user) != "000000" else "111111"


def _head_at_the_second_step(agency, user_factory):
    head = user_factory(agency, Role.APPROVER)
    app_device(head)
    return head, _logged_in(agency, head)


def _enter(client, code, path="/login/code/", next_url="/"):
    return client.post(path, {"code": code, "next": next_url})


def _alert(response) -> str:
    match = re.search(r'<div class="error" role="alert">(.*?)</div>', response.content.decode(), re.S)
    assert match, response.content.decode()[:1500]
    return match.group(1).strip()


def _actions(user) -> list[str]:
    return list(AuditEvent.objects.filter(target=user.username).order_by("id").values_list("action", flat=True))


def test_a_head_without_an_app_is_sent_to_set_one_up_and_can_do_nothing_else(agency_a, user_factory):
    head = user_factory(agency_a, Role.APPROVER)
    client = _logged_in(agency_a, head)
    for path in ("/", "/documents/", "/notifications/"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith("/account/second-factor/?next=")
    assert client.get("/api/v1/me/").status_code == 403  # the half-open session opens no API either
    assert client.get("/api/v1/me/").json()["code"] == "otp_required"

    page = client.get("/account/second-factor/")
    assert page.status_code == 200 and "<svg" in page.content.decode()  # the QR code, inline: no script
    pending = TOTPDevice.objects.get(user=head, confirmed=False)
    assert client.get("/account/second-factor/").context["secret"] == page.context["secret"]  # same key on reload

    codes_page = _enter(client, otp_code(head, pending), path="/account/second-factor/")
    assert codes_page.status_code == 200
    codes = codes_page.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(StaticToken.objects.filter(device__user=head).values_list("token", flat=True)) == set(codes)
    assert client.get("/").status_code == 200
    assert "auth.otp_enrolled" in _actions(head)


def test_with_an_app_a_wrong_code_is_refused_and_the_right_one_lets_the_head_in(agency_a, user_factory):
    head, client = _head_at_the_second_step(agency_a, user_factory)
    assert client.get("/")["Location"] == "/login/code/?next=/"
    wrong = _enter(client, _wrong(head))
    assert wrong.status_code == 401
    assert _alert(wrong) == "Mã không đúng, đã được dùng, hoặc đã hết hạn."
    assert client.get("/").status_code == 302
    # counted like a wrong password (django-axes) and kept in the audit trail
    assert AccessAttempt.objects.get(username=head.username).failures_since_start == 1
    assert "auth.otp_failed" in _actions(head)

    TOTPDevice.objects.filter(user=head).update(throttling_failure_timestamp=None)  # past django-otp's delay
    right = _enter(client, otp_code(head), next_url="/documents/")
    assert right.status_code == 302 and right["Location"] == "/documents/"
    assert client.get("/").status_code == 200
    assert "auth.otp_verified" in _actions(head)


def test_a_wrong_code_slows_down_the_next_try_even_with_the_right_code(agency_a, user_factory):
    head, client = _head_at_the_second_step(agency_a, user_factory)
    assert _enter(client, _wrong(head)).status_code == 401
    throttled = _enter(client, otp_code(head))
    assert throttled.status_code == 429 and "Nhập sai mã quá nhiều lần" in _alert(throttled)
    assert client.get("/").status_code == 302


def test_a_backup_code_works_once_only(agency_a, user_factory):
    head = user_factory(agency_a, Role.APPROVER)
    enrolling = _logged_in(agency_a, head)
    enrolling.get("/account/second-factor/")
    codes = _enter(enrolling, otp_code(head, TOTPDevice.objects.get(user=head)),
                   path="/account/second-factor/").context["codes"]

    first = _logged_in(agency_a, head)
    assert _enter(first, codes[0].upper()).status_code == 302  # typed in capitals: still the code
    assert first.get("/").status_code == 200
    again = _logged_in(agency_a, head)
    assert _enter(again, codes[0]).status_code == 401
    assert StaticToken.objects.filter(device__user=head).count() == 9


def test_new_backup_codes_replace_the_old_ones(agency_a, user_factory):
    head, client = _head_at_the_second_step(agency_a, user_factory)
    _enter(client, otp_code(head))
    old = client.post("/account/second-factor/backup-codes/").context["codes"]
    new = client.post("/account/second-factor/backup-codes/").context["codes"]
    assert set(StaticToken.objects.filter(device__user=head).values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)
    assert "auth.otp_backup_codes_renewed" in _actions(head)


def test_removing_the_app_needs_a_fresh_code_then_the_head_must_set_up_again(agency_a, user_factory):
    head, client = _head_at_the_second_step(agency_a, user_factory)
    _enter(client, otp_code(head))
    TOTPDevice.objects.filter(user=head).update(throttling_failure_timestamp=None)
    client.post("/account/second-factor/remove/", {"code": "99999999"})  # wrong: nothing removed
    assert TOTPDevice.objects.filter(user=head).exists()
    TOTPDevice.objects.filter(user=head).update(throttling_failure_timestamp=None)
    client.post("/account/second-factor/remove/", {"code": otp_code(head)})
    assert not TOTPDevice.objects.filter(user=head, confirmed=True).exists()
    assert client.get("/")["Location"].startswith("/account/second-factor/")
    assert "auth.otp_removed" in _actions(head)


def test_the_password_alone_cannot_set_up_a_second_app(agency_a, user_factory):
    head, client = _head_at_the_second_step(agency_a, user_factory)
    answer = client.get("/account/second-factor/")
    assert answer.status_code == 302 and answer["Location"].startswith("/login/code/")
    client.post("/account/second-factor/", {"code": "123456"})
    assert TOTPDevice.objects.filter(user=head).count() == 1
    assert client.post("/account/second-factor/backup-codes/").status_code == 302
    assert not StaticToken.objects.filter(device__user=head).exists()


def test_wrong_codes_lock_the_account_out_like_wrong_passwords(agency_a, user_factory, no_otp_delay):
    head, client = _head_at_the_second_step(agency_a, user_factory)
    answers = [_enter(client, _wrong(head)) for _ in range(5)]
    assert [a.status_code for a in answers[:4]] == [401] * 4
    assert answers[-1].status_code == 429 and "Đăng nhập sai quá nhiều lần" in answers[-1].content.decode()
    assert "_auth_user_id" not in client.session  # logged out
    relogin = client.post("/login/", {"username": head.username, "password": PASSWORD})
    assert relogin.status_code == 429  # the password door is locked for this username and address too


def test_staff_are_not_asked(agency_a, user_factory):
    clerk = user_factory(agency_a, Role.STAFF)
    client = _logged_in(agency_a, clerk)
    assert client.get("/").status_code == 200
    page = client.get("/account/second-factor/")
    assert page.status_code == 200 and "<svg" not in page.content.decode()
    assert not TOTPDevice.objects.filter(user=clerk).exists()


@pytest.mark.parametrize("role", [Role.SUPERVISOR_INSPECTOR, Role.SUPERVISOR_ADMIN])
def test_supervisors_are_asked_in_the_agencies_they_read(supervisor, agency_a, user_factory, role):
    inspector = user_factory(supervisor, role)
    assert _logged_in(supervisor, inspector).get("/").status_code == 302
    assert _logged_in(agency_a, inspector).get("/").status_code == 302


def test_a_head_elsewhere_is_asked_here_too(agency_a, agency_b, user_factory):
    person = user_factory(agency_b, Role.APPROVER)
    from accounts.models import Membership

    Membership.objects.create(user=person, agency=agency_a, role=Role.STAFF)
    assert _logged_in(agency_a, person).get("/").status_code == 302


def test_with_the_requirement_lifted_there_is_no_second_step(agency_a, user_factory, settings):
    settings.EISO_2FA_REQUIRED = False
    head, client = _head_at_the_second_step(agency_a, user_factory)
    assert client.get("/").status_code == 200
    answer = Client(HTTP_HOST=host_of(agency_a)).post(
        "/api/v1/auth/token/", {"username": head.username, "password": PASSWORD})
    assert answer.status_code == 200


def test_the_platform_admin_needs_a_verified_session_for_operators(db, user_factory):
    operator = user_factory(superuser=True)
    client = Client(HTTP_HOST="localhost")  # the bare base domain: the public schema
    assert client.post("/admin/login/", {"username": operator.username, "password": PASSWORD}).status_code == 302
    answer = client.get("/admin/")
    assert answer.status_code == 302 and answer["Location"] == "/account/second-factor/?next=/admin/"
    client.get("/account/second-factor/")
    _enter(client, otp_code(operator, TOTPDevice.objects.get(user=operator)), path="/account/second-factor/",
           next_url="/admin/")
    assert client.get("/admin/").status_code == 200


# --- the API's token door -------------------------------------------------------------------------------

def _token(agency, user, **extra):
    client = Client(HTTP_HOST=host_of(agency), HTTP_ACCEPT_LANGUAGE="vi")
    return client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD, **extra})


def test_the_token_endpoint_asks_heads_for_a_code(agency_a, user_factory):
    head = user_factory(agency_a, Role.APPROVER)
    not_set_up = _token(agency_a, head)
    assert not_set_up.status_code == 403 and not_set_up.json()["code"] == "otp_not_enrolled"
    app_device(head)
    missing = _token(agency_a, head)
    assert missing.status_code == 401 and missing.json()["code"] == "otp_required"
    assert "“otp”" in missing.json()["detail"] and "xác thực" in missing.json()["detail"]
    wrong = _token(agency_a, head, otp=_wrong(head))
    assert wrong.status_code == 401 and wrong.json()["code"] == "otp_invalid"
    assert not ApiToken.objects.filter(user=head).exists()
    TOTPDevice.objects.filter(user=head).update(throttling_failure_timestamp=None)
    right = _token(agency_a, head, otp=otp_code(head))
    assert right.status_code == 200 and right.json()["token"]
    english = Client(HTTP_HOST=host_of(agency_a), HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/v1/auth/token/", {"username": head.username, "password": PASSWORD})
    assert english.json()["detail"].startswith("This account needs a second factor")


def test_the_token_endpoint_does_not_ask_staff(agency_a, user_factory):
    clerk = user_factory(agency_a, Role.STAFF)
    assert _token(agency_a, clerk).status_code == 200


def test_tokens_issued_before_keep_working(agency_a, user_factory):
    head = user_factory(agency_a, Role.APPROVER)
    _instance, token = ApiToken.objects.create(head, agency=agency_a)
    client = Client(HTTP_HOST=host_of(agency_a), HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/me/").status_code == 200
