"""The publication state over each of its cases, derived from the data; the head's confirmation and the
announcement's guards; re-announcement when the scope changes (a new TTHC, a merger)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tenants.utils import tenant_context

from announcement import selectors, services
from announcement.indicators import announcement_indicators
from announcement.models import Announcement, Confirmation
from core.errors import DomainError
from core.milestones import Milestone

from .conftest import confirm_and_announce

pytestmark = pytest.mark.django_db


def test_nothing_in_force_is_not_built(in_agency_a, make_document):
    make_document("QT-HT-01")  # a draft is not the system
    state = selectors.publication_state()
    assert state.state == selectors.NOT_BUILT
    assert len(state.reasons) == 3  # nothing in force; neither milestone reached
    assert not state.announceable


def test_the_indicator_of_an_agency_with_nothing_in_force_reads_no_milestones(in_agency_a,
                                                                              django_assert_max_num_queries):
    # Most of a country's agencies have nothing in force: the nightly recompute asks each of them, so the
    # milestones (seven queries) are read only when the state depends on them.
    with django_assert_max_num_queries(6):  # documents in force, announcement, confirmation (+ search path)
        assert announcement_indicators() == {"publication_state": "not_built", "announced_on": None}


def test_documents_without_the_committee_are_building(core_documents):
    state = selectors.publication_state()
    assert state.state == selectors.BUILDING
    assert [p.milestone.key for p in state.missing] == ["committee_established"]
    assert [p.milestone.key for p in state.progress if p.reached] == ["documents_in_force"]


def test_a_missing_core_document_keeps_it_building(in_agency_a, publish_new, established):
    publish_new("CSCL-01", kind="quality_policy", title="Chính sách chất lượng")
    publish_new("QT-HT-01", kind="system_procedure", title="Quy trình kiểm soát tài liệu")
    state = selectors.publication_state()
    assert state.state == selectors.BUILDING  # no quality objectives in force
    assert [p.milestone.key for p in state.missing] == ["documents_in_force"]


def test_a_registered_milestone_not_reached_keeps_it_building(applied, only_our_milestones):
    assert selectors.publication_state().state == selectors.APPLIED
    only_our_milestones["audit"] = Milestone("audit", "Internal audit", reached_on=lambda: None)
    only_our_milestones["optional"] = Milestone("optional", "Optional", reached_on=lambda: None,
                                                required_to_apply=False)
    state = selectors.publication_state()
    assert state.state == selectors.BUILDING and [p.milestone.key for p in state.missing] == ["audit"]


def test_all_milestones_reached_and_no_announcement_is_applied(applied, people):
    state = selectors.publication_state()
    assert state.state == selectors.APPLIED and state.announceable and state.confirmation is None
    services.confirm(actor=people.approver, confirmed_on=timezone.localdate(), head_name="Lê Văn Cường")
    state = selectors.publication_state()
    assert state.state == selectors.APPLIED and state.confirmation is not None  # confirmed, not announced


def test_confirmation_is_refused_unless_applied(core_documents, people):
    with pytest.raises(DomainError) as refused:
        services.confirm(actor=people.approver, confirmed_on=timezone.localdate(), head_name="Lê Văn Cường")
    assert refused.value.code == "announcement_not_applied"
    assert not Confirmation.objects.exists()


def test_only_the_head_confirms_and_announces(applied, people):
    for actor in (people.staff, people.secretary, people.admin):
        with pytest.raises(PermissionDenied):
            services.confirm(actor=actor, confirmed_on=timezone.localdate(), head_name="X")
        with pytest.raises(PermissionDenied):
            services.announce(actor=actor, number="1/QĐ", signed_on=timezone.localdate(), signer_name="X",
                              signer_title="Y")
    assert not Confirmation.objects.exists()


def test_the_announcement_needs_a_confirmation_and_sane_dates(applied, people):
    today = timezone.localdate()
    with pytest.raises(DomainError) as refused:
        services.announce(actor=people.approver, number="15/QĐ-STP", signed_on=today, signer_name="Lê Văn Cường",
                          signer_title="Giám đốc")
    assert refused.value.code == "announcement_not_confirmed"
    services.confirm(actor=people.approver, confirmed_on=today, head_name="Lê Văn Cường")
    with pytest.raises(DomainError) as early:
        services.announce(actor=people.approver, number="15/QĐ-STP", signed_on=today - timedelta(days=1),
                          signer_name="Lê Văn Cường", signer_title="Giám đốc")
    assert early.value.code == "announcement_date_order"
    with pytest.raises(DomainError) as future:
        services.confirm(actor=people.approver, confirmed_on=today + timedelta(days=1), head_name="Lê Văn Cường")
    assert future.value.code == "announcement_date_order"
    with pytest.raises(DomainError) as blank:
        services.announce(actor=people.approver, number="  ", signed_on=today, signer_name="A", signer_title="B")
    assert blank.value.code == "announcement_invalid_value"
    assert not Announcement.objects.exists()


def test_announced_with_the_scope_frozen_and_the_supervisor_told(applied, people, supervisor, user_factory,
                                                                 django_capture_on_commit_callbacks):
    from accounts.roles import Role
    from notifications.models import Notification

    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Hoàng Văn Nam")
    with django_capture_on_commit_callbacks(execute=True):
        announcement = confirm_and_announce(people)
    assert announcement.tthc_codes == ["2.000488"]
    assert announcement.scope_procedures == [{"id": applied.procedure.pk, "code": "QT-TTHC-01",
                                              "title": applied.procedure.title, "tthc": ["2.000488"]}]
    state = selectors.publication_state()
    assert state.state == selectors.ANNOUNCED and not state.announceable and state.confirmation is None
    assert announcement_indicators() == {"publication_state": "announced",
                                         "announced_on": announcement.signed_on.isoformat()}
    with pytest.raises(DomainError) as again:  # nothing changed: nothing to announce again
        services.confirm(actor=people.approver, confirmed_on=timezone.localdate(), head_name="Lê Văn Cường")
    assert again.value.code == "announcement_not_applied"
    with tenant_context(supervisor):
        told = Notification.objects.get(recipient=inspector)
        assert "15/QĐ-STP" in told.message and told.link.endswith("/cong-khai/")


def test_a_newly_assigned_tthc_outdates_the_announcement_and_tells_once(applied, assign, people,
                                                                       django_capture_on_commit_callbacks):
    from notifications.models import Notification

    announcement = confirm_and_announce(people)
    assign("2.000505", "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước")
    state = selectors.publication_state()
    assert state.state == selectors.OUTDATED and state.announceable
    assert [row["code"] for row in state.new_tthc] == ["2.000505"]
    assert any("2.000505" in reason for reason in state.reasons)
    assert announcement_indicators()["publication_state"] == "outdated"

    assert services.check_outdated() == 6  # who keeps the QMS (2 ISO secretaries, the admin) and the 3 signers
    told = set(Notification.objects.filter(verb="announcement").values_list("recipient_id", flat=True))
    assert told == {p.pk for p in (people.secretary, people.reviewer, people.admin, people.approver,
                                   people.reviewer2, people.approver2)}  # not the staff
    assert services.check_outdated() == 0  # idempotent: the same change is told once

    # Re-announced with the new scope: announced again, the older announcement kept.
    confirm_and_announce(people, number="40/QĐ-STP", signed_on=timezone.localdate())
    state = selectors.publication_state()
    assert state.state == selectors.ANNOUNCED and state.announcement.tthc_codes == ["2.000488", "2.000505"]
    assert Announcement.objects.count() == 2 and Announcement.objects.filter(pk=announcement.pk).exists()
    assert services.check_outdated() == 0


def test_a_merger_after_the_announcement_outdates_it(applied, people, agency_a, agency_b):
    from tenants.models import LineageEvent

    announcement = confirm_and_announce(people, signed_on=timezone.localdate() - timedelta(days=10))
    earlier = LineageEvent.objects.create(kind=LineageEvent.Kind.MERGE, effective_date=date(2025, 7, 1),
                                          legal_basis="Nghị quyết số 1687/NQ-UBTVQH15")
    earlier.successors.add(agency_a)
    assert selectors.publication_state().state == selectors.ANNOUNCED  # a merger before it changes nothing
    merger = LineageEvent.objects.create(kind=LineageEvent.Kind.MERGE, effective_date=announcement.signed_on
                                         + timedelta(days=1), legal_basis="Nghị quyết số 12/NQ-HĐND")
    merger.predecessors.add(agency_b)
    merger.successors.add(agency_a)
    state = selectors.publication_state()
    assert state.state == selectors.OUTDATED and state.lineage == [merger] and not state.new_tthc


def test_the_printed_decision_is_the_national_form(applied, people):
    from announcement import printed

    announcement = confirm_and_announce(people)
    document = printed.decision_document(announcement)
    assert document.doc_type == "QUYẾT ĐỊNH" and "TCVN ISO 9001:2015" in document.subject
    assert document.number == "15/QĐ-STP" and document.signatures[0].name == "Lê Văn Cường"
    assert document.sections[-1].tables[0].rows == [["2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân",
                                                     "QT-TTHC-01"]]
    assert printed.decision_docx(announcement)[:2] == b"PK"


def test_the_daily_check_runs_in_every_agency_but_the_dost(agency_a, supervisor, monkeypatch):
    from announcement import tasks
    from eiso.celery import app

    entry = app.conf.beat_schedule["announcement: daily re-announcement check"]
    assert entry["task"] == "announcement.fan_out_daily"
    sent = {}
    monkeypatch.setattr(tasks, "fan_out", lambda task, schemas: sent.update(task=task, schemas=list(schemas)))
    tasks.fan_out_daily()
    assert sent["task"] is tasks.check_outdated_here
    assert agency_a.schema_name in sent["schemas"] and supervisor.schema_name not in sent["schemas"]


def test_the_task_tells_of_an_outdated_announcement(applied, assign, people):
    from announcement.tasks import check_outdated_here

    confirm_and_announce(people)
    assert check_outdated_here() == 0  # announced and unchanged
    assign("2.000505", "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước")
    assert check_outdated_here() == 6 and check_outdated_here() == 0
