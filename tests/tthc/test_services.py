"""The catalogue's rules: who may change it, what an entry must be, and what each agency sees."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from accounts.roles import Role
from core.errors import DomainError
from tthc import selectors, services
from tthc.models import TthcEntry

from .conftest import entry_values

pytestmark = pytest.mark.django_db


def test_the_dost_creates_an_entry_assigned_to_its_level(at_dost, keeper, province):
    entry = services.create_entry(actor=keeper, **entry_values())
    assert entry.province == province and entry.assigned_levels == ["commune"]
    assert entry.status == TthcEntry.Status.ACTIVE


@pytest.mark.parametrize(("overrides", "code"), [
    ({"time_limit": 0}, "invalid_time_limit"), ({"time_limit": "ba"}, "invalid_time_limit"),
    ({"time_unit": "weeks"}, "invalid_time_unit"), ({"level": "galaxy"}, "invalid_level"),
    ({"code": " "}, "code_required"), ({"name": ""}, "name_required"),
])
def test_bad_values_are_refused(at_dost, keeper, overrides, code):
    with pytest.raises(DomainError) as refused:
        services.create_entry(actor=keeper, **entry_values(**overrides))
    assert refused.value.code == code
    assert not TthcEntry.objects.exists()


def test_a_code_is_unique_per_province_not_across_provinces(other_province, at_dost, keeper):
    services.create_entry(actor=keeper, **entry_values())
    with pytest.raises(DomainError) as refused:
        services.create_entry(actor=keeper, **entry_values(name="Khác"))
    assert refused.value.code == "code_taken"
    with tenant_context(other_province.dost):
        services.create_entry(actor=other_province.admin, **entry_values())
    assert TthcEntry.objects.filter(code="1.001193").count() == 2


def test_only_the_dost_of_the_same_province_changes_an_entry(other_province, at_dost, keeper, agency_a,
                                                             user_factory):
    entry = services.create_entry(actor=keeper, **entry_values())
    with tenant_context(other_province.dost), pytest.raises(DomainError) as refused:
        services.update_entry(entry, actor=other_province.admin, name="Đổi tên")
    assert refused.value.code == "not_province_keeper" and refused.value.status_code == 403
    inspector = user_factory(at_dost, Role.SUPERVISOR_INSPECTOR)
    with pytest.raises(PermissionDenied):
        services.update_entry(entry, actor=inspector, name="Đổi tên")
    admin_a = user_factory(agency_a, Role.AGENCY_ADMIN)
    with tenant_context(agency_a), pytest.raises(PermissionDenied):
        services.withdraw_entry(entry, actor=admin_a)
    entry.refresh_from_db()
    assert entry.name == "Đăng ký khai sinh"


def test_an_unchanged_update_writes_no_history(at_dost, keeper):
    entry = services.create_entry(actor=keeper, **entry_values())
    assert len(selectors.entry_history(entry)) == 1
    services.update_entry(entry, actor=keeper, name="Đăng ký khai sinh", time_limit="1")
    assert len(selectors.entry_history(entry)) == 1
    services.update_entry(entry, actor=keeper, time_limit=3)
    history = selectors.entry_history(entry)
    assert len(history) == 2
    assert history[-1].changes["time_limit"] == [1, 3] and history[-1].user_name == "Phạm Thị Hoa"
    assert history[-1].action == "tthc.update_entry"


def test_visibility_by_level_by_name_not_withdrawn_not_other_province(other_province, at_dost, keeper, agency_a,
                                                                      agency_b, user_factory):
    commune = services.create_entry(actor=keeper, **entry_values())
    department = services.create_entry(actor=keeper, **entry_values(code="2.000206", name="Cấp phiếu lý lịch tư pháp",
                                                                     level="department"))
    named = services.create_entry(actor=keeper, assigned_levels=[], agencies=[agency_a],
                                  **entry_values(code="1.000001", name="Riêng Sở Tư pháp", level="commune"))
    withdrawn = services.create_entry(actor=keeper, **entry_values(code="1.000002", level="department"))
    services.withdraw_entry(withdrawn, actor=keeper)
    with tenant_context(other_province.dost):
        services.create_entry(actor=other_province.admin, **entry_values(code="9.999999", level="department"))
    assert set(selectors.entries_for_agency(agency_a)) == {department, named}
    assert set(selectors.entries_for_agency(agency_b)) == {commune}
    staff_a = user_factory(agency_a, Role.STAFF)
    assert set(selectors.visible_entries(staff_a, agency_a)) == {department, named}
    assert not selectors.visible_entries(staff_a, agency_b).exists()  # no role in B
    assert set(selectors.visible_entries(keeper, at_dost)) == {commune, department, named, withdrawn}


def test_a_historical_agency_sees_nothing(at_dost, keeper, agency_b):
    services.create_entry(actor=keeper, **entry_values())
    agency_b.valid_to = date(2025, 6, 30)
    assert not selectors.entries_for_agency(agency_b).exists()


def test_assigning_an_agency_of_another_province_is_refused(other_province, at_dost, keeper):
    with pytest.raises(DomainError) as refused:
        services.create_entry(actor=keeper, agencies=[other_province.dost], **entry_values())
    assert refused.value.code == "invalid_agency"


def test_a_decision_of_another_province_is_refused(other_province, at_dost, keeper):
    with tenant_context(other_province.dost):
        foreign = services.record_decision(actor=other_province.admin, number="5/QĐ-UBND", signed_on="2026-01-05")
    with pytest.raises(DomainError) as refused:
        services.create_entry(actor=keeper, decision=foreign, **entry_values())
    assert refused.value.code == "not_province_keeper"


def test_decision_numbers_are_unique_per_province(at_dost, keeper):
    services.record_decision(actor=keeper, number="1234/QĐ-UBND", signed_on=date(2026, 3, 2))
    with pytest.raises(DomainError) as refused:
        services.record_decision(actor=keeper, number="1234/qđ-ubnd", signed_on=date(2026, 3, 2))
    assert refused.value.code == "decision_taken"


def test_assignments_by_name_are_in_the_entry_history(at_dost, keeper, agency_a, agency_b):
    entry = services.create_entry(actor=keeper, agencies=[agency_a], **entry_values())
    services.update_entry(entry, actor=keeper, agencies=[agency_b])
    kinds = [(event.model, event.event) for event in selectors.entry_history(entry)]
    assert kinds.count(("tthc.EntryAssignment", "insert")) == 2
    assert ("tthc.EntryAssignment", "delete") in kinds
    services.update_entry(entry, actor=keeper, agencies=[agency_b])  # unchanged: no new rows
    assert len(selectors.entry_history(entry)) == len(kinds)
