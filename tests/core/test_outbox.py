"""core.outbox: what a change asks of Celery survives Redis being down, is sent once Redis is back, and a
hundred asks for the same refresh during an outage are one message."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from kombu.exceptions import OperationalError

from accounts.roles import Role
from core import outbox
from core.models import PendingTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(monkeypatch):
    """The Celery app's sending, down or up at the test's word; what went out is recorded with its schema."""
    from eiso.celery import app

    state = {"down": True, "sent": []}

    def send_task(name, args=None, kwargs=None, **options):
        if state["down"]:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        state["sent"].append((name, list(args or []), connection.schema_name))

    monkeypatch.setattr(app, "send_task", send_task)
    return state


def _raise_nc(agency, actor, n):
    from nonconformities.services import raise_nonconformity

    with tenant_context(agency):
        return raise_nonconformity(actor=actor, source="staff", description=f"Hồ sơ số {n} trả chậm 2 ngày",
                                   source_ref=f"outbox-{n}")


def test_changes_made_while_redis_is_down_stand_and_their_refresh_waits_once(
        agency_a, user_factory, broker, django_capture_on_commit_callbacks):
    from nonconformities.models import Nonconformity

    keeper = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Mai")
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            _raise_nc(agency_a, keeper, n)
    with tenant_context(agency_a):
        assert Nonconformity.objects.filter(source_ref__startswith="outbox-").count() == 3  # the changes stand
    kept = PendingTask.objects.get()  # three asks for the same refresh: one message
    assert (kept.task, kept.schema_name, kept.args) == ("supervision.refresh_agency_status", agency_a.schema_name, [])

    assert outbox.resend_pending() == 0  # still down: kept, counted
    kept.refresh_from_db()
    assert kept.attempts == 1 and outbox.waiting() == 1

    broker["down"] = False
    assert outbox.resend_pending() == 1
    assert broker["sent"] == [("supervision.refresh_agency_status", [], agency_a.schema_name)]  # in its schema
    assert outbox.waiting() == 0 and outbox.resend_pending() == 0  # sent once


def test_a_report_asked_for_while_redis_is_down_is_built_once_it_is_back(supervisor, user_factory, broker,
                                                                          django_capture_on_commit_callbacks):
    from django.utils import timezone

    from province_reports.models import ReportKind
    from province_reports.services import request_report

    maker = user_factory(supervisor, Role.SUPERVISOR_ADMIN, full_name="Lê Thị Thu")
    with django_capture_on_commit_callbacks(execute=True), tenant_context(supervisor):
        run = request_report(actor=maker, kind=ReportKind.NOVEMBER, year=timezone.localdate().year)
    assert PendingTask.objects.get().args == [run.pk]
    broker["down"] = False
    outbox.resend_pending()
    assert broker["sent"] == [("province_reports.build_report", [run.pk], "public")]  # built from the public rollup


def test_the_sweep_runs_every_minute():
    from datetime import timedelta

    from eiso.celery import app

    entry = app.conf.beat_schedule["core: send tasks kept while Redis was down"]
    assert entry["task"] == "core.resend_pending_tasks" and entry["schedule"] == timedelta(minutes=1)
