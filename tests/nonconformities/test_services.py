"""The lifecycle of a nonconformity and every guard on it: steps in order, who may take them, the closing
rule (no open action, an effective check), not effective reopening with a new action, bad input saving nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.errors import DomainError
from nonconformities import selectors, services
from nonconformities.models import CorrectiveAction, Nonconformity

pytestmark = pytest.mark.django_db

def today():
    """Asked each time: a run that crosses midnight in Hà Nội must not compare two different days."""
    return timezone.localdate()


def _done(action, actor, result="Đã bổ sung cột hạn trả, áp dụng từ tháng 11"):
    return services.complete_action(action, actor=actor, result=result)


def test_the_whole_lifecycle_records_who_and_when(planned, people):
    nc, action = planned
    assert nc.state == "planned" and nc.corrected_by_id == people.secretary.pk
    assert nc.analysed_by_id == people.secretary.pk and nc.planned_on == today()
    assert action.owner_name == "Ngô Văn Em"
    _done(action, people.staff)  # the owner marks their own action done
    nc.refresh_from_db()
    assert nc.state == "implemented" and nc.implemented_on == today()
    assert nc.effectiveness_due_on == today() + timedelta(days=90)
    services.record_effectiveness(nc, actor=people.secretary, result="effective",
                                  note="3 tháng không còn hồ sơ trễ hạn")
    closed = services.close_nonconformity(nc, actor=people.admin)
    assert closed.state == "closed" and closed.closed_by_id == people.admin.pk and closed.closed_on == today()
    assert closed.effectiveness_checked_by_id == people.secretary.pk
    with pytest.raises(DomainError) as again:
        services.record_correction(closed, actor=people.secretary, correction="x")
    assert again.value.code == "nc_closed"


def test_steps_only_in_order(raise_nc, people):
    nc = raise_nc()
    with pytest.raises(DomainError) as early:
        services.record_root_cause(nc, actor=people.secretary, root_cause="Vì sao")
    assert early.value.code == "nc_wrong_state"
    with pytest.raises(DomainError):
        services.add_action(nc, actor=people.secretary, description="A", owner=people.staff, due_on=today())
    with pytest.raises(DomainError):
        services.record_effectiveness(nc, actor=people.secretary, result="effective", note="x")
    assert Nonconformity.objects.get().state == "open" and not CorrectiveAction.objects.exists()


def test_no_close_while_an_action_is_open(planned, people):
    nc, action = planned
    with pytest.raises(DomainError) as refused:
        services.close_nonconformity(nc, actor=people.secretary)
    assert refused.value.code == "nc_action_open"
    assert Nonconformity.objects.get().state == "planned"


def test_no_close_without_an_action_or_an_effectiveness_result(raise_nc, planned, people):
    with pytest.raises(DomainError) as no_actions:
        services.close_nonconformity(raise_nc(), actor=people.secretary)
    assert no_actions.value.code == "nc_no_actions"
    nc, action = planned
    _done(action, people.secretary)
    with pytest.raises(DomainError) as unchecked:
        services.close_nonconformity(nc, actor=people.secretary)
    assert unchecked.value.code == "nc_effectiveness_missing"
    assert Nonconformity.objects.get(pk=nc.pk).state == "implemented"


def test_not_effective_reopens_with_a_new_action_and_cannot_close(planned, people):
    nc, action = planned
    _done(action, people.staff)
    with pytest.raises(DomainError) as needs_action:
        services.record_effectiveness(nc, actor=people.secretary, result="not_effective", note="Vẫn trễ 2 hồ sơ")
    assert needs_action.value.code == "nc_invalid_value"
    assert Nonconformity.objects.get(pk=nc.pk).effectiveness == ""
    nc = services.record_effectiveness(
        nc, actor=people.secretary, result="not_effective", note="Vẫn trễ 2 hồ sơ trong tháng 12",
        new_action={"description": "Cài cảnh báo hạn trả trên phần mềm một cửa", "owner": people.staff2.pk,
                    "due_on": today() + timedelta(days=14)})
    assert nc.state == "planned" and nc.not_effective_count == 1 and nc.effectiveness_due_on is None
    assert nc.actions.filter(done_on__isnull=True).get().owner_id == people.staff2.pk
    with pytest.raises(DomainError) as refused:
        services.close_nonconformity(nc, actor=people.secretary)
    assert refused.value.code == "nc_action_open"
    _done(nc.actions.get(done_on__isnull=True), people.staff2)
    nc.refresh_from_db()
    with pytest.raises(DomainError) as not_effective:
        services.close_nonconformity(nc, actor=people.secretary)
    assert not_effective.value.code == "nc_not_effective"  # the last check said not effective
    services.record_effectiveness(nc, actor=people.secretary, result="effective", note="Không còn trễ")
    assert services.close_nonconformity(nc, actor=people.secretary).state == "closed"


def test_who_may_do_what(planned, people):
    nc, action = planned
    with pytest.raises(PermissionDenied):
        services.record_root_cause(nc, actor=people.staff, root_cause="x")
    with pytest.raises(PermissionDenied):
        services.add_action(nc, actor=people.approver, description="x", owner=people.staff, due_on=today())
    with pytest.raises(DomainError) as not_owner:
        _done(action, people.staff2)  # staff, but not the owner
    assert not_owner.value.code == "nc_not_owner"
    assert CorrectiveAction.objects.get().done_on is None
    _done(action, people.admin)  # a QMS keeper may mark anyone's action done
    with pytest.raises(DomainError) as twice:
        _done(action, people.staff)
    assert twice.value.code in ("nc_action_done", "nc_wrong_state")


def test_an_owner_must_be_a_member_and_dates_must_hold(planned, people, user_factory, agency_b):
    nc, _action = planned
    stranger = user_factory(agency_b, "staff", full_name="Người ngoài")
    for bad in ({"owner": stranger}, {"owner": None}, {"due_on": today() - timedelta(days=1)},
                {"due_on": "mai"}, {"description": ""}):
        values = {"description": "Tập huấn lại quy trình", "owner": people.staff, "due_on": today(), **bad}
        with pytest.raises(DomainError):
            services.add_action(nc, actor=people.secretary, **values)
    assert nc.actions.count() == 1
    with pytest.raises(DomainError) as future:
        services.complete_action(nc.actions.get(), actor=people.staff, result="x", done_on=today() + timedelta(days=2))
    assert future.value.code == "nc_date_order"


def test_correction_cannot_precede_detection(raise_nc, people):
    nc = raise_nc()
    with pytest.raises(DomainError) as refused:
        services.record_correction(nc, actor=people.secretary, correction="x", corrected_on=date(2026, 11, 1))
    assert refused.value.code == "nc_date_order"


def test_an_action_added_after_the_actions_were_done_takes_the_nc_back(planned, people):
    nc, action = planned
    _done(action, people.staff)
    services.add_action(nc, actor=people.secretary, description="Rà soát thêm quy trình chứng thực",
                        owner=people.staff, due_on=today() + timedelta(days=5))
    nc.refresh_from_db()
    assert nc.state == "planned" and nc.effectiveness_due_on is None


def test_the_effectiveness_delay_is_per_nc(planned, people, settings):
    nc, action = planned
    services.update_details(nc, actor=people.secretary, effectiveness_days=30, grade="major")
    _done(action, people.staff)
    nc.refresh_from_db()
    assert nc.effectiveness_due_on == today() + timedelta(days=30) and nc.grade == "major"
    services.update_details(nc, actor=people.secretary, effectiveness_days=60)
    nc.refresh_from_db()
    assert nc.effectiveness_due_on == today() + timedelta(days=60)
    with pytest.raises(DomainError):
        services.update_details(nc, actor=people.secretary, effectiveness_days=0)
    with pytest.raises(DomainError) as unknown:
        services.update_details(nc, actor=people.secretary, state="closed")
    assert unknown.value.code == "unknown_field"
    settings.EISO_NC_EFFECTIVENESS_DAYS = 45
    other = services.raise_nonconformity(actor=people.secretary, source="complaint", description="Phản ánh thái độ")
    assert other.effectiveness_days == 45


def test_selectors_filter_and_flag_overdue(planned, raise_nc, people):
    nc, action = planned
    CorrectiveAction.objects.filter(pk=action.pk).update(due_on=today() - timedelta(days=3))
    other = raise_nc(source="complaint", description="Phản ánh về thái độ tiếp dân")
    assert list(selectors.nonconformities(overdue=True)) == [nc]
    assert list(selectors.nonconformities(source="complaint")) == [other]
    assert set(selectors.nonconformities(state="not_closed")) == {nc, other}
    assert selectors.open_counts() == {"open": 2, "overdue": 1}
    assert list(selectors.my_open_actions(people.staff)) == [action]
    assert not selectors.my_open_actions(people.staff2).exists()
