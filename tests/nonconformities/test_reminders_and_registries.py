"""The daily reminder (once per item and day), the agenda, the review input c4, the indicators, the worklist
panel and the demo's nonconformities."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core import agenda, review_inputs
from core.indicators import indicator
from nonconformities import services
from nonconformities.indicators import nonconformity_indicators
from nonconformities.models import CorrectiveAction, Nonconformity
from nonconformities.reminders import send_overdue_reminders
from nonconformities.review_inputs import gather
from notifications.models import Notification

pytestmark = pytest.mark.django_db
def today():
    """Asked each time: a run that crosses midnight in Hà Nội must not compare two different days."""
    return timezone.localdate()


def _make_overdue(action, days=3):
    CorrectiveAction.objects.filter(pk=action.pk).update(due_on=today() - timedelta(days=days))


def test_overdue_actions_are_told_to_their_owner_once_a_day(planned, people):
    nc, action = planned
    _make_overdue(action)
    assert send_overdue_reminders(today()) == 1
    assert send_overdue_reminders(today()) == 0  # a retry, or a second beat the same day
    told = Notification.objects.get(recipient=people.staff, key__contains=":overdue:")
    assert nc.number in told.message and "Quá hạn 3 ngày" in told.message
    assert CorrectiveAction.objects.get().reminded_on == today()
    assert send_overdue_reminders(today() + timedelta(days=1)) == 1  # the next day, again
    services.complete_action(action, actor=people.staff, result="Xong")
    assert send_overdue_reminders(today() + timedelta(days=2)) == 0


def test_the_owner_is_told_of_a_new_action_after_commit(planned, people, django_capture_on_commit_callbacks):
    nc, _action = planned
    with django_capture_on_commit_callbacks(execute=True):
        action = services.add_action(nc, actor=people.secretary, description="Niêm yết lịch tiếp dân",
                                     owner=people.staff2, due_on=today() + timedelta(days=5))
    told = Notification.objects.get(recipient=people.staff2, key=f"nc-action:{action.pk}:assigned")
    assert nc.number in told.message and told.link == f"/nonconformities/{nc.pk}/"


def test_an_overdue_effectiveness_check_is_told_to_the_qms_keepers(planned, people):
    nc, action = planned
    services.complete_action(action, actor=people.staff, result="Xong")
    Nonconformity.objects.filter(pk=nc.pk).update(effectiveness_due_on=today() - timedelta(days=1))
    sent = send_overdue_reminders(today())
    keepers = {people.secretary.pk, people.reviewer.pk, people.admin.pk}  # ISO secretaries and the agency admin
    told = set(Notification.objects.filter(key__startswith=f"nc-check:{nc.pk}:").values_list("recipient_id",
                                                                                              flat=True))
    assert told == keepers and sent == len(keepers)
    assert send_overdue_reminders(today()) == 0


def test_agenda_indicators_and_review_input(planned, raise_nc, people):
    nc, action = planned
    _make_overdue(action)
    items = [due for due in agenda.due_until(today() + timedelta(days=30)) if due.source.key == "nonconformities"]
    assert [due.item.due_on for due in items] == [today() - timedelta(days=3)]
    assert items[0].overdue(today()) and items[0].item.owner == "Ngô Văn Em"
    values = nonconformity_indicators()
    assert values == {"nc_open": 1, "nc_overdue": 1}
    assert indicator("nc_overdue").alerts(values["nc_overdue"])
    gathered = {entry["item"]: entry for entry in review_inputs.gather(today() - timedelta(days=365), today())}
    lines = [line for source in gathered["c4"]["sources"] if source["source"] == "nonconformities"
             for line in source["lines"]]
    assert any(nc.number in line and "quá hạn" in line.lower() for line in lines), lines
    assert any("phát sinh trong kỳ: 1" in line for line in lines), lines
    assert gather(date(2020, 1, 1), date(2020, 12, 31)) is None  # nothing opened, closed or overdue then


def test_my_actions_panel(tenant_client, agency_a, people, planned):
    body = tenant_client(agency_a, people.staff).get("/").content.decode()
    assert 'data-testid="nc-my-actions"' in body
    assert 'data-testid="nc-my-actions"' not in tenant_client(agency_a, people.staff2).get("/").content.decode()


def test_the_demo_makes_ncs_in_every_state_once(in_agency_a, people):
    from demo.nonconformities import ensure

    mine = {"admin": people.admin, "thuky": people.secretary, "lanhdao": people.approver, "canbo": people.staff}
    assert ensure(in_agency_a, mine, 0) == 4
    assert ensure(in_agency_a, mine, 0) == 0
    states = set(Nonconformity.objects.values_list("state", flat=True))
    assert states == {"closed", "planned", "implemented", "open"}
    closed = Nonconformity.objects.get(state="closed")
    assert closed.effectiveness == "effective" and closed.number == "NC-2026-001"
    assert CorrectiveAction.objects.filter(done_on=None, due_on__lt=today()).exists()


def test_the_qms_keepers_hear_of_an_nc_raised_from_outside(in_agency_a, people, supervisor, user_factory,
                                                           django_capture_on_commit_callbacks):
    from accounts.roles import Role

    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Hoàng Văn Thanh")
    with django_capture_on_commit_callbacks(execute=True):
        nc = services.raise_nonconformity(actor=inspector, source="inspection", perm=None,
                                          description="Chưa công khai quy trình tại Bộ phận Một cửa",
                                          source_ref="inspection-finding:9")
    told = set(Notification.objects.filter(key=f"nc:{nc.pk}:raised").values_list("recipient_id", flat=True))
    assert told == {people.secretary.pk, people.reviewer.pk, people.admin.pk}
    assert "Kiểm tra của Sở KH&CN" in Notification.objects.filter(key=f"nc:{nc.pk}:raised").first().message


def test_the_daily_task_is_on_the_beat_and_runs_in_the_agency(planned, people):
    from eiso.celery import app
    from nonconformities import tasks

    entry = app.conf.beat_schedule["nonconformities: daily overdue reminders"]
    assert entry["task"] == tasks.fan_out_overdue_reminders.name
    _nc, action = planned
    _make_overdue(action, days=1)
    assert tasks.send_overdue_reminders_here.run(today().isoformat()) == 1
    assert tasks.send_overdue_reminders_here.run(today().isoformat()) == 0
