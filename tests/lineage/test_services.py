"""The DOST records mergers, splits, renames and dissolutions: predecessors end (read-only for everyone),
successors are created through the provisioning path, every event is in the audit trail; bad input changes
nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from audit_trail.models import AuditEvent
from core.errors import DomainError
from lineage import services
from tenants.models import Agency, LineageEvent, Province
from tenants.provisioning import AgencySpec, create_agency
from tests.lineage.conftest import BASIS, REFORM

pytestmark = pytest.mark.django_db


def _registry() -> list:
    return (list(Agency.objects.order_by("pk").values_list("pk", "name", "valid_to", "status"))
            + [LineageEvent.objects.count()])


def test_a_merger_ends_its_predecessors_and_creates_the_successor(merged, pair, supervisor, dost_admin):
    successor = Agency.objects.get(slug="phuong-thanh-duc")
    assert merged.kind == "merge" and merged.legal_basis == BASIS and merged.effective_date == REFORM
    assert list(merged.successors.all()) == [successor]
    assert set(merged.predecessors.all()) == set(pair)
    assert successor.valid_from == REFORM and successor.accepts_changes and successor.province_id == supervisor.province_id
    with connection.cursor() as cursor:  # made by the provisioning path: its own schema
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'phuong_thanh_duc'")
        assert cursor.fetchone()
    for agency in pair:
        agency.refresh_from_db()
        assert (agency.valid_to, agency.status) == (date(2025, 6, 30), "historical")
        assert not agency.accepts_changes
        # Each agency's own chain says it, with who did it; the DOST's too.
        entry = AuditEvent.objects.get(chain=agency.pk, action="lineage.merge")
        assert entry.actor_id == dost_admin.pk and entry.detail["legal_basis"] == BASIS
    assert AuditEvent.objects.filter(chain=supervisor.pk, action="lineage.merge").count() == 1
    assert AuditEvent.objects.filter(chain=successor.pk, action="lineage.merge").count() == 1


def test_a_merger_into_an_existing_agency_and_a_split(pair, commune, as_dost, dost_admin, agency_b):
    event = as_dost(services.record_merger, dost_admin, predecessors=[pair[0].pk, pair[1].pk], successor=agency_b.pk,
                    effective_date="2025-07-01", legal_basis=BASIS)
    assert list(event.successors.all()) == [agency_b]
    big = commune("xa-lon", "UBND xã Lớn")
    existing = commune("xa-ben", "UBND xã Bên", valid_from=date(2020, 1, 1))
    split = as_dost(services.record_split, dost_admin, predecessor=big.pk, successors=[existing.pk],
                    new_successors=[services.NewAgency(name="UBND xã Mới", slug="xa-moi", level="commune")],
                    effective_date=date(2026, 1, 1), legal_basis="Nghị quyết số 12/NQ-HĐND")
    assert {a.slug for a in split.successors.all()} == {"xa-ben", "xa-moi"}
    big.refresh_from_db()
    assert big.valid_to == date(2025, 12, 31) and not big.accepts_changes


def test_a_dissolution_hands_tasks_on_and_a_rename_keeps_the_agency(commune, as_dost, dost_admin, agency_b):
    district = commune("huyen-cang-long", "UBND huyện Càng Long", valid_from=date(1992, 5, 1))
    event = as_dost(services.record_dissolution, dost_admin, agency=district.pk, successors=[agency_b.pk],
                    effective_date=REFORM, legal_basis="Luật Tổ chức chính quyền địa phương 2025; " + BASIS)
    assert event.kind == "dissolve" and list(event.successors.all()) == [agency_b]
    district.refresh_from_db()
    assert district.status == "historical"

    schema = agency_b.schema_name
    rename = as_dost(services.record_rename, dost_admin, agency=agency_b.pk, new_name="UBND xã Long Đức mới",
                     effective_date=timezone.localdate(), legal_basis="Quyết định số 412/QĐ-UBND")
    agency_b.refresh_from_db()
    assert (rename.former_name, rename.new_name) == ("UBND xã Long Đức", "UBND xã Long Đức mới")
    assert agency_b.name == "UBND xã Long Đức mới" and agency_b.schema_name == schema and agency_b.accepts_changes
    assert AuditEvent.objects.filter(chain=agency_b.pk, action="lineage.rename",
                                     detail__former_name="UBND xã Long Đức").exists()


@pytest.fixture
def other_agency(db):
    other = Province.objects.create(code="80", name="Tỉnh Long An", slug="long-an")
    return create_agency(AgencySpec(name="UBND xã Mỹ Yên", level="commune", province=other, slug="xa-my-yen"))


@pytest.mark.parametrize("case", ["other_province", "already_ended", "same_agency", "far_future", "empty_basis",
                                  "one_predecessor", "rename_ahead", "rename_same", "bad_slug", "bad_ids"])
def test_bad_input_is_refused_with_its_code_and_changes_nothing(case, pair, commune, as_dost, dost_admin, agency_b,
                                                                other_agency):
    ended = commune("xa-cu", "UBND xã Cũ", valid_to=date(2024, 12, 31))
    ids = [pair[0].pk, pair[1].pk]
    merge = {"predecessors": ids, "successor": agency_b.pk, "effective_date": REFORM, "legal_basis": BASIS}
    calls = {
        "other_province": (services.record_merger, {**merge, "predecessors": [pair[0].pk, other_agency.pk]},
                           "lineage_other_province"),
        "already_ended": (services.record_merger, {**merge, "predecessors": [pair[0].pk, ended.pk]},
                          "lineage_already_ended"),
        "same_agency": (services.record_merger, {**merge, "successor": pair[0].pk}, "lineage_same_agency"),
        "far_future": (services.record_merger, {**merge, "effective_date": timezone.localdate() + timedelta(days=400)},
                       "lineage_bad_date"),
        "empty_basis": (services.record_merger, {**merge, "legal_basis": "   "}, "lineage_legal_basis"),
        "one_predecessor": (services.record_merger, {**merge, "predecessors": [pair[0].pk]}, "lineage_bad_count"),
        "rename_ahead": (services.record_rename, {"agency": agency_b.pk, "new_name": "UBND xã Mới",
                                                 "effective_date": timezone.localdate() + timedelta(days=3),
                                                 "legal_basis": BASIS}, "lineage_bad_date"),
        "rename_same": (services.record_rename, {"agency": agency_b.pk, "new_name": agency_b.name,
                                                "effective_date": timezone.localdate(), "legal_basis": BASIS}, "lineage_bad_name"),
        "bad_slug": (services.record_merger, {**merge, "successor": None, "new_successor": services.NewAgency(
            name="UBND phường Mới", slug="Phường Mới!", level="commune")}, "lineage_bad_successor"),
        "bad_ids": (services.record_merger, {**merge, "predecessors": ["x", "y"]}, "lineage_other_province"),
    }
    service, arguments, code = calls[case]
    before = _registry()
    with pytest.raises(DomainError) as refused:
        as_dost(service, dost_admin, **arguments)
    assert refused.value.code == code and refused.value.message
    assert _registry() == before
    assert not Agency.objects.filter(slug="phuong-moi").exists()


def test_only_the_dosts_keeper_on_its_own_site_records(pair, as_dost, inspector, dost_admin, agency_a):
    from core.agency import in_agency

    merge = {"predecessors": [a.pk for a in pair], "successor": agency_a.pk, "effective_date": REFORM,
             "legal_basis": BASIS}
    with pytest.raises(PermissionDenied):  # an inspector reads events, records none
        as_dost(services.record_merger, inspector, **merge)
    with in_agency(agency_a), pytest.raises(DomainError) as refused:  # not on an agency's site
        services.record_merger(dost_admin, **merge)
    assert refused.value.code == "lineage_not_keeper" and refused.value.status_code == 403
    assert not LineageEvent.objects.exists()


def test_a_message_is_vietnamese_for_a_vietnamese_user(pair, as_dost, dost_admin, agency_b):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(DomainError) as refused:
        as_dost(services.record_merger, dost_admin, predecessors=[a.pk for a in pair], successor=agency_b.pk,
                effective_date=REFORM, legal_basis="")
    assert "căn cứ pháp lý" in refused.value.message.lower()


def test_an_event_recorded_ahead_ends_its_predecessors_on_the_day(pair, as_dost, dost_admin, agency_b):
    from lineage.services import close_ended_agencies

    ahead = timezone.localdate() + timedelta(days=30)
    as_dost(services.record_merger, dost_admin, predecessors=[a.pk for a in pair], successor=agency_b.pk,
            effective_date=ahead, legal_basis=BASIS)
    before = Agency.objects.get(pk=pair[0].pk)
    assert before.status == "active" and before.accepts_changes and before.valid_to == ahead - timedelta(days=1)
    assert close_ended_agencies() == 0
    assert close_ended_agencies(today=ahead) == 2 and close_ended_agencies(today=ahead) == 0
    assert set(Agency.objects.filter(pk__in=[a.pk for a in pair]).values_list("status", flat=True)) == {"historical"}
    assert AuditEvent.objects.filter(chain=pair[0].pk, action="agencies.changed").exists()
