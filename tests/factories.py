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
