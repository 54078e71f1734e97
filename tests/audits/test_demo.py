"""The demo's audits: a 2026 programme, one audit reported with an NC raised, one planned for December."""

from __future__ import annotations

import pytest

from audits.models import AuditPlan, AuditState, Finding

pytestmark = pytest.mark.django_db


def test_the_demo_builds_the_programme_once(in_agency_a, people, units):
    from demo.audits import ensure
    from nonconformities.models import Nonconformity

    mine = {"thuky": people.secretary, "lanhdao": people.approver, "canbo": people.staff, "admin": people.admin}
    assert ensure(in_agency_a, mine, 0) > 0
    assert sorted(AuditPlan.objects.values_list("state", flat=True)) == [AuditState.COMPLETED, AuditState.ISSUED]
    minor = Finding.objects.get(grade="minor")
    assert Nonconformity.objects.get(pk=minor.nonconformity_id).source_ref == f"audit-finding:{minor.pk}"
    december = AuditPlan.objects.get(state=AuditState.ISSUED)
    assert december.starts_on.month == 12 and december.units == ["Văn phòng"]
    assert ensure(in_agency_a, mine, 0) == 0
