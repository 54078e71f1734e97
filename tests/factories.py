"""Realistic agencies and people for tests."""

from __future__ import annotations

from datetime import date

from django.db import connection

PROVINCE = {"code": "86", "name": "Tỉnh Vĩnh Long", "slug": "vinh-long"}
BASE_AGENCIES = [
    {"slug": "so-khcn", "name": "Sở Khoa học và Công nghệ", "level": "supervisor", "code": "000.00.21.H62"},
    {"slug": "so-tu-phap", "name": "Sở Tư pháp", "level": "department", "code": "000.00.14.H62"},
    {"slug": "so-y-te", "name": "Sở Y tế", "level": "department", "code": "000.00.17.H62"},
    {"slug": "xa-long-duc", "name": "UBND xã Long Đức", "level": "commune", "code": "000.30.31.H62"},
]
PASSWORD = "eiso-test-pass"


def build_base_province():
    from tenants.models import Agency, Province
    from tenants.provisioning import AgencySpec, create_agency, ensure_public_tenant, ensure_template

    ensure_public_tenant()
    ensure_template()
    province, _ = Province.objects.get_or_create(code=PROVINCE["code"], defaults=PROVINCE)
    for spec in BASE_AGENCIES:
        if not Agency.objects.filter(slug=spec["slug"]).exists():
            create_agency(AgencySpec(province=province, valid_from=date(2025, 7, 1), **spec))
    connection.set_schema_to_public()


_counter = {"n": 0}


def make_user(agency=None, role=None, *, username=None, full_name="Nguyễn Văn An", job_title="Chuyên viên",
              superuser=False):
    from accounts.models import Membership, User

    _counter["n"] += 1
    username = username or f"user{_counter['n']}-{role or 'none'}"
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name,
                                    job_title=job_title, is_superuser=superuser, is_staff=superuser)
    if agency is not None and role is not None:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def app_device(user):
    """The person's confirmed authenticator app (django-otp TOTP), made if missing."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return (TOTPDevice.objects.filter(user=user, confirmed=True).first()
            or TOTPDevice.objects.create(user=user, name="app", confirmed=True))


def otp_code(user, device=None) -> str:
    """A code the person's app (or `device`, e.g. one being set up) would show now that the server has not
    accepted yet (django-otp refuses a time step it saw already): the current step, or the next one in its
    tolerance when the current one was used."""
    import time

    from django_otp.oath import hotp

    device = device or app_device(user)
    device.refresh_from_db()
    while True:
        now = (int(time.time()) - device.t0) // device.step + device.drift
        # The current step, not the earliest one allowed: a loaded machine may cross a step boundary between
        # this and the server's check, and the earliest step would then fall out of the tolerance.
        step = max(now, device.last_t + 1)
        if step <= now + device.tolerance:
            return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"
        time.sleep(1)


def pass_second_factor(client, user) -> None:
    """Mark a test client's session (after force_login) as having passed the second factor, as
    accounts.second_factor.verify does, for a person whose roles require it."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts import second_factor

    if not second_factor.required(user):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app_device(user).persistent_id
    session.save()
