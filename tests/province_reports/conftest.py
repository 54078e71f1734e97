"""A small province whose report figures were counted by hand (tests/province_reports/test_figures.py).

Rollup rows are written directly: the reports read the rollup only, never an agency's schema. The base
province's two departments and commune get known values; two agencies are added as rows (a public service unit
kept by the provincial plan, a commune whose row is not computed yet), plus a dissolved agency and another
province's agency that no figure may count.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.roles import Role

STATES = {"so-tu-phap": "announced", "so-y-te": "applied", "xa-long-duc": "building", "syn-psu": "outdated"}
VALUES = {
    "so-tu-phap": {"tthc_assigned": 10, "tthc_coverage": 100, "tthc_missing": 0, "tthc_outdated": 1,
                   "audit_done_this_year": True, "review_done_this_year": True, "objectives_total": 3,
                   "objectives_met": 3, "objectives_at_risk": 0, "nc_open": 2, "nc_overdue": 1,
                   "legal.overdue_updates": 0, "documents_review_overdue": 0},
    "so-y-te": {"tthc_assigned": 8, "tthc_coverage": 75, "tthc_missing": 2, "tthc_outdated": 0,
                "audit_done_this_year": True, "review_done_this_year": False, "objectives_total": 2,
                "objectives_met": 1, "objectives_at_risk": 1, "nc_open": 0, "nc_overdue": 0,
                "legal.overdue_updates": 2, "documents_review_overdue": 1},
    "xa-long-duc": {"tthc_assigned": 5, "tthc_coverage": 40, "tthc_missing": 3, "tthc_outdated": 0,
                    "audit_done_this_year": False, "review_done_this_year": False, "objectives_total": 0,
                    "objectives_met": 0, "objectives_at_risk": 0, "nc_open": 1, "nc_overdue": 0,
                    "legal.overdue_updates": 0, "documents_review_overdue": 0},
    "syn-psu": {"tthc_assigned": 0, "tthc_coverage": 100, "tthc_missing": 0, "tthc_outdated": 0,
                "audit_done_this_year": True, "review_done_this_year": True, "objectives_total": 1,
                "objectives_met": 0, "objectives_at_risk": 0, "nc_open": 0, "nc_overdue": 0,
                "legal.overdue_updates": 0, "documents_review_overdue": 0},
}
SCORES = {"so-tu-phap": 90.0, "so-y-te": 70.0, "xa-long-duc": 35.0, "syn-psu": 80.0}


def _row_only(province, slug, name, level, obligation, **extra):
    from tenants.models import Agency

    return Agency.objects.bulk_create([Agency(
        kind=Agency.Kind.AGENCY, schema_name=slug.replace("-", "_"), slug=slug, name=name,
        code=f"syn.{province.code}.{slug}", level=level, province=province, obligation_basis=obligation,
        valid_from=extra.pop("valid_from", date(2025, 7, 1)), **extra)])[0]


@pytest.fixture
def counted(province):
    """The hand-checked province: slug -> Agency of every agency that has a row."""
    from supervision.models import AgencyStatus
    from tenants.models import Agency, Province

    agencies = {a.slug: a for a in Agency.objects.filter(slug__in=["so-tu-phap", "so-y-te", "xa-long-duc"])}
    agencies["syn-psu"] = _row_only(province, "syn-psu", "Trung tâm Phục vụ hành chính công tỉnh",
                                    "public_service_unit", "provincial_plan")
    agencies["syn-an-hoi"] = _row_only(province, "syn-an-hoi", "UBND phường An Hội", "commune", "encouraged")
    agencies["syn-gone"] = _row_only(province, "syn-gone", "UBND xã Đã Sáp Nhập", "commune", "encouraged",
                                     valid_to=date(2025, 6, 30), valid_from=date(2020, 1, 1), status="historical")
    elsewhere = Province.objects.create(code="87", name="Tỉnh Đồng Tháp", slug="dong-thap")
    agencies["syn-other"] = _row_only(elsewhere, "syn-other", "Sở Tư pháp tỉnh Đồng Tháp", "department", "mandatory")
    now = timezone.now()
    for slug, agency in agencies.items():
        if slug == "syn-an-hoi":
            values, refreshed, score = {}, None, None
        elif slug in ("syn-gone", "syn-other"):
            values, refreshed, score = {**VALUES["so-tu-phap"], "publication_state": "announced"}, now, 100.0
        else:
            values, refreshed, score = {**VALUES[slug], "publication_state": STATES[slug]}, now, SCORES[slug]
        AgencyStatus.objects.update_or_create(agency=agency, defaults={"indicators": values, "refreshed_at": refreshed,
                                                                      "score": score})
    return agencies


@pytest.fixture
def inspector(supervisor, user_factory):
    return user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Phạm Thị Thanh")


@pytest.fixture
def make_run(supervisor, inspector):
    """A report asked for on the DOST's site and built at once (no worker)."""
    from province_reports import services

    def make(kind="november_people_committee", year=None, actor=None, **kwargs):
        with tenant_context(supervisor):
            run = services.request_report(actor=actor or inspector, kind=kind, year=year or timezone.localdate().year,
                                          queue=False, **kwargs)
        return services.build(run.pk)

    return make
