"""The DOST of the base province inspecting Sở Tư pháp and Sở Y tế (its two mandatory agencies) and UBND xã
Long Đức; a second province whose DOST must see none of it."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role
from tests.tthc.conftest import other_province  # noqa: F401


@pytest.fixture
def people(user_factory):
    from tenants.models import Agency

    agencies = SimpleNamespace(**{slug.replace("-", "_"): Agency.objects.get(slug=slug)
                                  for slug in ("so-khcn", "so-tu-phap", "so-y-te", "xa-long-duc")})
    return SimpleNamespace(
        agencies=agencies,
        admin=user_factory(agencies.so_khcn, Role.SUPERVISOR_ADMIN, full_name="Phạm Thị Hoa"),
        lead=user_factory(agencies.so_khcn, Role.SUPERVISOR_INSPECTOR, full_name="Đỗ Minh Quân"),
        secretary=user_factory(agencies.so_tu_phap, Role.ISO_SECRETARY, full_name="Trần Thị Bình"),
        head=user_factory(agencies.so_tu_phap, Role.APPROVER, full_name="Lê Văn Cường"))


@pytest.fixture
def at_dost(people):
    with tenant_context(people.agencies.so_khcn):
        yield people.agencies.so_khcn


def approved_plan(people, year=2026):
    """A plan with Sở Tư pháp on site and Sở Y tế by dossier, approved (run on the DOST's site)."""
    from inspections import services

    plan = services.create_plan(actor=people.admin, year=year)
    on_site = services.add_inspection(plan, actor=people.admin, agency=people.agencies.so_tu_phap, form="on_site",
                                      expected_time="Quý II/2026", budget="15.000.000")
    dossier = services.add_inspection(plan, actor=people.admin, agency=people.agencies.so_y_te, form="dossier")
    services.submit_plan(plan, actor=people.admin, on=date(2026, 2, 1))
    services.approve_plan(plan, actor=people.admin, number="245/QĐ-UBND", approved_on=date(2026, 2, 20))
    return plan, on_site, dossier


def decided(people, inspection):
    from inspections import services

    return services.issue_decision(inspection, actor=people.admin, number="35/QĐ-SKHCN", signed_on=date(2026, 5, 4),
                                   visit_on=date(2026, 5, 20),
                                   team=[{"name": "Đỗ Minh Quân", "role": "lead", "user": people.lead,
                                          "position": "Trưởng phòng TĐC"},
                                         {"name": "Vũ Thị Lan", "role": "member", "position": "Chuyên viên"}])
