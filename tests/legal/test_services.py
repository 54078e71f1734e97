"""Writing the province's legal register: who may, what is refused (nothing saved), what is kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from accounts.roles import Role
from core.errors import DomainError
from legal import selectors, services
from legal.models import LegalDocument, RegisterSettings

from .conftest import entry_values

pytestmark = pytest.mark.django_db


def _events() -> int:
    return LegalDocument.pgh_event_model.objects.count()


def test_the_dost_keeps_an_entry_with_the_tthc_it_affects_and_its_history(at_dost, keeper, shared_tthc):
    entry = services.create_legal_document(actor=keeper, affects=[shared_tthc], **entry_values())
    assert (entry.province_id, entry.added_by_agency, entry.kind) == (at_dost.province_id, None, "circular")
    assert list(selectors.affected_entries(entry)) == [shared_tthc]
    services.update_legal_document(entry, actor=keeper, title="Thông tư 26/2014/TT-BKHCN", affects=[])
    entry.refresh_from_db()
    assert entry.title == "Thông tư 26/2014/TT-BKHCN" and not selectors.affected_entries(entry).exists()
    history = selectors.legal_history(entry)
    assert [e.action for e in history][:2] == ["legal.create_legal_document", "legal.create_legal_document"]
    assert {"legal.update_legal_document"} <= {e.action for e in history}
    assert all(e.user_name == keeper.display_name for e in history)


def test_an_agency_adds_its_own_entries_and_edits_only_those(agencies, secretaries, keeper, shared_tthc):
    with tenant_context(agencies.so_tu_phap):
        own = services.create_legal_document(actor=secretaries.so_tu_phap, affects=[shared_tthc],
                                             **entry_values(number="123/2015/NĐ-CP", kind="decree"))
        assert own.added_by_agency == agencies.so_tu_phap
        services.update_legal_document(own, actor=secretaries.so_tu_phap, issuer="Chính phủ")
    with tenant_context(agencies.so_khcn):
        dosts = services.create_legal_document(actor=keeper, **entry_values())
        services.update_legal_document(own, actor=keeper, title="Nghị định về hộ tịch")  # the DOST edits any
    with tenant_context(agencies.so_y_te):
        before = _events()
        for entry in (own, dosts):
            with pytest.raises(DomainError) as refused:
                services.update_legal_document(entry, actor=secretaries.so_y_te, title="Sửa trộm")
            assert refused.value.code == "legal_not_keeper" and refused.value.status_code == 403
        assert _events() == before
    own.refresh_from_db()
    assert (own.issuer, own.title) == ("Chính phủ", "Nghị định về hộ tịch")


def test_staff_and_the_dost_inspector_may_not_write(agencies, user_factory):
    staff = user_factory(agencies.so_tu_phap, Role.STAFF)
    inspector = user_factory(agencies.so_khcn, Role.SUPERVISOR_INSPECTOR)
    for agency, user in ((agencies.so_tu_phap, staff), (agencies.so_khcn, inspector)):
        with tenant_context(agency), pytest.raises(PermissionDenied):
            services.create_legal_document(actor=user, **entry_values())
    assert not LegalDocument.objects.exists()


@pytest.mark.parametrize(("code", "values"), [
    ("legal_number_required", {"number": "  "}),
    ("legal_invalid_value", {"kind": "memo"}),
    ("legal_invalid_value", {"url": "vbpl.vn/khong-co-giao-thuc"}),
    ("legal_invalid_value", {"title": "T" * 501}),
    ("legal_invalid_value", {"signed_on": date(2015, 1, 1), "effective_on": date(2014, 12, 1)}),
    ("invalid_date", {"effective_on": "01/12/2014"}),
    ("unknown_field", {"province": 7}),
])
def test_bad_input_is_refused_and_nothing_is_saved(at_dost, keeper, code, values):
    before = _events()  # the demo's module leaves the history of its own (deleted) entries behind
    with pytest.raises(DomainError) as refused:
        services.create_legal_document(actor=keeper, **entry_values(**values))
    assert refused.value.code == code and str(refused.value.message)
    assert not LegalDocument.objects.exists() and _events() == before


def test_a_number_is_once_per_province_whatever_its_case(other_province, at_dost, keeper):
    services.create_legal_document(actor=keeper, **entry_values())
    with pytest.raises(DomainError) as refused:
        services.create_legal_document(actor=keeper, **entry_values(number="26/2014/tt-bkhcn"))
    assert refused.value.code == "legal_number_taken"
    assert LegalDocument.objects.count() == 1
    with tenant_context(other_province.dost):  # another province keeps its own copy
        services.create_legal_document(actor=other_province.admin, **entry_values())
    assert LegalDocument.objects.count() == 2


def test_find_or_add_reuses_the_province_entry(agencies, secretaries, keeper):
    with tenant_context(agencies.so_khcn):
        dosts = services.create_legal_document(actor=keeper, **entry_values())
    with tenant_context(agencies.so_y_te):
        found, created = services.find_or_add(actor=secretaries.so_y_te, number="26/2014/tt-BKHCN ")
        added, added_new = services.find_or_add(actor=secretaries.so_y_te, number="19/2014/QĐ-TTg",
                                                kind=services.guess_kind("19/2014/QĐ-TTg"))
    assert (found, created) == (dosts, False)
    assert added_new and (added.kind, added.added_by_agency) == ("decision", agencies.so_y_te)


def test_tthc_named_must_be_the_provinces_and_for_an_agency_its_own(agencies, secretaries, keeper, shared_tthc,
                                                                    other_province, province):
    from tthc.models import TthcEntry

    foreign = TthcEntry.objects.create(province=other_province.province, code="1.001193", name="Đăng ký khai sinh",
                                       level="commune", time_limit=1, assigned_levels=["commune"])
    unassigned = TthcEntry.objects.create(province=province, code="2.000488", name="Cấp Phiếu lý lịch tư pháp",
                                          level="department", time_limit=10, assigned_levels=[])
    with tenant_context(agencies.so_khcn), pytest.raises(DomainError) as refused:
        services.create_legal_document(actor=keeper, affects=[foreign], **entry_values())
    assert refused.value.code == "legal_foreign_entry"
    with tenant_context(agencies.so_y_te), pytest.raises(DomainError) as refused:
        services.create_legal_document(actor=secretaries.so_y_te, affects=[unassigned], **entry_values())
    assert refused.value.code == "legal_foreign_entry"
    assert not LegalDocument.objects.exists()


def test_the_other_provinces_dost_cannot_touch_our_entries(other_province, at_dost, keeper):
    entry = services.create_legal_document(actor=keeper, **entry_values())
    with tenant_context(other_province.dost), pytest.raises(DomainError) as refused:
        services.update_legal_document(entry, actor=other_province.admin, title="Sửa trộm")
    assert refused.value.code == "legal_not_keeper"


def test_the_update_rule_is_the_dosts_from_1_to_24_months(agencies, keeper, secretaries):
    assert selectors.update_months(agencies.so_khcn.province_id) == 3
    with tenant_context(agencies.so_khcn):
        for months in (0, 25, "ba"):
            with pytest.raises(DomainError) as refused:
                services.set_update_months(actor=keeper, months=months)
            assert refused.value.code == "legal_invalid_months"
        assert not RegisterSettings.objects.exists()
        services.set_update_months(actor=keeper, months=6)
    with tenant_context(agencies.so_tu_phap), pytest.raises(DomainError) as refused:
        services.set_update_months(actor=secretaries.so_tu_phap, months=1)
    assert refused.value.code == "legal_not_keeper"
    assert selectors.update_months(agencies.so_khcn.province_id) == 6
    assert selectors.update_due(date(2026, 1, 31), agencies.so_khcn.province_id) == date(2026, 7, 31)


def test_an_entry_in_force_sends_the_fan_out_once_committed(at_dost, keeper, django_capture_on_commit_callbacks,
                                                           monkeypatch):
    from eiso.celery import app

    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, args=None, **kw: sent.append((name, args)))
    with django_capture_on_commit_callbacks(execute=True):
        later = services.create_legal_document(actor=keeper, **entry_values(number="1/2099/TT-BKHCN",
                                                                             signed_on=None,
                                                                             effective_on=date(2099, 1, 1)))
    assert sent == []  # takes effect later: the daily run opens its tasks then
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.create_legal_document(actor=keeper, **entry_values())
    assert sent == [("legal_updates.fan_out_entry", [entry.pk])]
    assert later.pk != entry.pk
