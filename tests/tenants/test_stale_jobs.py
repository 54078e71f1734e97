"""Provisioning jobs whose worker died are marked failed by a periodic task, so the admin page stops waiting."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tenants.models import ProvisioningJob
from tenants.services import create_provisioning_job, fail_stale_jobs

CSV = "code;name;level\n000.30.92.H62;UBND xã Hòa Thạnh;xã\n"


def _job(province, state, minutes_ago, language="vi"):
    job = create_provisioning_job(CSV, f"{state}-{minutes_ago}.csv", province)
    # update() skips auto_now: this is how the row looks after `minutes_ago` without progress.
    ProvisioningJob.objects.filter(pk=job.pk).update(
        state=state, language=language, updated_at=timezone.now() - timedelta(minutes=minutes_ago))
    return job


@pytest.mark.django_db
def test_jobs_without_progress_for_30_minutes_are_failed_with_a_reason(province):
    from tenants.bulk import run_job
    from tenants.tasks import fail_stale_provisioning_jobs

    dead_running = _job(province, "running", 45)
    lost_pending = _job(province, "pending", 31, language="en")
    busy = _job(province, "running", 5)
    finished = _job(province, "done", 600)

    assert fail_stale_provisioning_jobs() == 2
    states = dict(ProvisioningJob.objects.values_list("pk", "state"))
    assert states[dead_running.pk] == states[lost_pending.pk] == "failed"
    assert states[busy.pk] == "running" and states[finished.pk] == "done"
    dead_running.refresh_from_db()
    assert dead_running.finished and dead_running.finished_at is not None
    assert len(dead_running.errors) == 1 and "30 phút" in dead_running.errors[0]["message"]  # in the sender's language
    lost_pending.refresh_from_db()
    assert "30 minutes" in lost_pending.errors[0]["message"]
    assert fail_stale_provisioning_jobs() == 0  # already failed: not again

    # The task of the lost job arriving late finds it no longer pending and creates nothing.
    assert run_job(lost_pending).state == "failed" and lost_pending.done == 0


@pytest.mark.django_db
def test_progress_counts_as_life(province):
    job = _job(province, "running", 45)
    job.done = 1
    job.save(update_fields=["done"])  # what the worker does after each row
    job.refresh_from_db()
    assert timezone.now() - job.updated_at < timedelta(minutes=1)
    assert fail_stale_jobs() == 0


def test_the_check_runs_every_ten_minutes():
    from eiso.celery import app
    from tenants import tasks  # noqa: F401  (registers the schedule, as autodiscovery does in beat)

    entry = app.conf.beat_schedule["tenants: fail stale provisioning jobs"]
    assert entry["task"] == "tenants.fail_stale_provisioning_jobs"
    assert entry["schedule"] == timedelta(minutes=10)
