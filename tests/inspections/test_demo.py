"""The demo's inspections (platform/demo/inspections.py) on the base province, with the demo's account names:
the 2026 plan approved and covering every mandatory agency, findings landed as NCs, one corrective report
accepted and one overdue; run twice, it adds nothing."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_demo_plan_covers_the_mandatory_agencies_with_findings_and_an_overdue_report(people, province):
    from demo.inspections import ensure
    from inspections import selectors
    from inspections.models import Inspection, InspectionPlan
    from nonconformities.models import Nonconformity

    agencies = {a.slug: a for a in vars(people.agencies).values()}
    make_user(people.agencies.so_khcn, Role.SUPERVISOR_ADMIN, username="so-khcn.admin")
    make_user(people.agencies.so_khcn, Role.SUPERVISOR_INSPECTOR, username="so-khcn.thanhtra", full_name="Đỗ Minh Quân")
    for slug in ("so-tu-phap", "so-y-te"):
        make_user(agencies[slug], Role.ISO_SECRETARY, username=f"{slug}.thuky")
        make_user(agencies[slug], Role.APPROVER, username=f"{slug}.lanhdao")
    assert ensure(province, agencies) == 2
    plan = InspectionPlan.objects.get(province=province, year=2026)
    assert plan.status == "approved" and selectors.plan_shares(plan).met
    closed = Inspection.objects.get(agency=people.agencies.so_tu_phap)
    overdue = Inspection.objects.get(agency=people.agencies.so_y_te)
    assert closed.status == "closed" and closed.findings.count() == 2
    assert overdue.status == "recorded" and selectors.corrective_overdue(overdue)
    with tenant_context(people.agencies.so_tu_phap):
        assert Nonconformity.objects.filter(source="inspection").count() == 2
    assert selectors.agency_figures(people.agencies.so_y_te.pk)["inspection_corrective_overdue"] == 1
    assert overdue.corrective_reminders == 1 and overdue.corrective_reminded_on is not None
    notice = selectors.plan_notice(plan)
    assert set(notice.receipts.values_list("agency__slug", flat=True)) == {"so-tu-phap", "so-y-te"}
    assert notice.receipts.filter(told_at__isnull=False).count() == 2 and notice.acknowledged >= 1
    assert ensure(province, agencies) == 0
