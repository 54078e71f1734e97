"""The DOST sending notices to its province's agencies; agencies of every level, field and basis; another
province with its own DOST."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role


def make_agency(province, slug, name, level, **fields):
    from tenants.models import Agency
    from tenants.provisioning import AgencySpec, create_agency

    agency = create_agency(AgencySpec(name=name, level=level, province=province, slug=slug,
                                      valid_from=date(2025, 7, 1)))
    if fields:
        Agency.objects.filter(pk=agency.pk).update(**fields)
        agency.refresh_from_db()
    return agency


@pytest.fixture
def world(province, supervisor, agency_a, agency_b, user_factory):
    """The base province's DOST, Sở Tư pháp (department, mandatory, "Tư pháp"), Sở Y tế (department, "Y tế"),
    UBND xã Long Đức (commune, encouraged), with the people who are told of a notice."""
    from tenants.models import Agency

    Agency.objects.filter(pk=agency_a.pk).update(field="Tư pháp")
    health = Agency.objects.get(slug="so-y-te")
    Agency.objects.filter(pk=health.pk).update(field="Y tế")
    return SimpleNamespace(
        province=province, dost=supervisor, justice=Agency.objects.get(pk=agency_a.pk),
        health=Agency.objects.get(pk=health.pk), commune=agency_b,
        sender=user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Trần Văn Kiểm"),
        keeper=user_factory(supervisor, Role.SUPERVISOR_ADMIN, full_name="Phạm Thị Hoa"),
        secretary=user_factory(agency_b, Role.ISO_SECRETARY, full_name="Thư ký xã"),
        head=user_factory(agency_b, Role.APPROVER, full_name="Chủ tịch xã"),
        admin=user_factory(agency_b, Role.AGENCY_ADMIN, full_name="Quản trị xã"),
        staff=user_factory(agency_b, Role.STAFF, full_name="Công chức xã"),
        justice_secretary=user_factory(agency_a, Role.ISO_SECRETARY, full_name="Thư ký Sở Tư pháp"),
    )


@pytest.fixture
def other(db, user_factory):
    """Another province with its DOST, a commune and an inspector."""
    from tenants.models import Province

    province = Province.objects.create(code="80", name="Tỉnh Long An", slug="long-an")
    dost = make_agency(province, "so-khcn-long-an", "Sở Khoa học và Công nghệ tỉnh Long An", "supervisor")
    commune = make_agency(province, "xa-tan-an", "UBND xã Tân An", "commune")
    return SimpleNamespace(province=province, dost=dost, commune=commune,
                           sender=user_factory(dost, Role.SUPERVISOR_INSPECTOR, full_name="Thanh tra Long An"))


def send(world, *, title="Quy trình mẫu mới", audience="all", values=(), user=None, **fields):
    from notices import services

    with tenant_context(world.dost):
        notice = services.create_notice(actor=user or world.sender, title=title, audience=audience,
                                        audience_values=list(values), **fields)
        return services.send(notice, actor=user or world.sender)


def deliver(notice):
    """What the Celery chunks do, run here."""
    from notices import services

    return services.tell(notice.pk, services.undelivered(notice.pk))
