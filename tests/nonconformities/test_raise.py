"""The one entry other areas call: raise_nonconformity, numbered per year and idempotent on source_ref."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import Role
from core.errors import DomainError
from nonconformities import selectors, services
from nonconformities.models import Nonconformity

pytestmark = pytest.mark.django_db


def test_numbers_run_per_year(raise_nc):
    first, second = raise_nc(), raise_nc(source_ref="")
    older = raise_nc(detected_on=date(2025, 12, 30))
    assert [first.number, second.number, older.number] == ["NC-2026-001", "NC-2026-002", "NC-2025-001"]
    assert first.state == "open" and first.grade == "minor"


def test_raising_twice_for_the_same_source_ref_returns_the_first(raise_nc):
    first = raise_nc(source_ref="audit-finding:12")
    again = raise_nc(source_ref="audit-finding:12", description="retry")
    assert again.pk == first.pk and again.description == first.description
    assert Nonconformity.objects.count() == 1
    other_source = raise_nc(source="inspection", source_ref="audit-finding:12")
    assert other_source.pk != first.pk
    assert selectors.by_source_ref("audit-finding:12", source="audit") == first
    assert selectors.by_source_ref("nothing:1") is None


@pytest.mark.parametrize("bad", [{"source": "rumour"}, {"grade": "observation"}, {"description": "  "},
                                 {"detected_on": "03/11/2026"}, {"detected_on": date(2099, 1, 1)},
                                 {"clause": "x" * 40}, {"document_id": 999999}])
def test_bad_input_raises_nothing(raise_nc, bad):
    with pytest.raises(DomainError):
        raise_nc(**bad)
    assert not Nonconformity.objects.exists()


def test_only_the_qms_keepers_raise_but_perm_none_lets_an_outsider_in(raise_nc, people, supervisor, user_factory):
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Hoàng Văn Thanh")
    with pytest.raises(PermissionDenied):
        raise_nc(actor=inspector, source="inspection")
    with pytest.raises(PermissionDenied):
        raise_nc(actor=people.staff)
    with pytest.raises(PermissionDenied):
        raise_nc(actor=people.approver)
    nc = raise_nc(actor=inspector, source="inspection", source_ref="inspection-finding:3", perm=None)
    assert nc.raised_by_id == inspector.pk and nc.source == "inspection"


def test_staff_report_an_nc_from_staff(in_agency_a, people):
    nc = services.report_nonconformity(actor=people.staff, description="Máy scan ở bộ phận một cửa hỏng 3 ngày")
    assert nc.source == "staff" and nc.detected_on == timezone.localdate() and nc.raised_by_id == people.staff.pk
