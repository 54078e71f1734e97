"""A CSV import is cut into short tasks that resume from the job's cursor: none holds a worker for long, and
a retried, duplicated or resent task neither skips nor repeats a row."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tenants.bulk import run_job
from tenants.models import Agency, ProvisioningJob
from tenants.services import create_provisioning_job, pending_jobs_to_resend

CSV = ("code;name;level;parent_code\n"
       "000.00.97.H62;Sở Xây dựng;sở;\n"
       "000.00.96.H62;Trung tâm Quy hoạch xây dựng;đvsn;000.00.97.H62\n"
       "000.30.97.H62;UBND xã Hòa Ninh;xã;\n")
SLUGS = ["so-xay-dung", "trung-tam-quy-hoach-xay-dung", "xa-hoa-ninh"]


@pytest.mark.django_db
def test_each_short_run_creates_the_next_row_and_the_job_ends_exactly_once(province):
    job = create_provisioning_job(CSV, "chunks.csv", province)
    states = []
    for _ in range(3):
        job = run_job(job, budget_seconds=0)  # a task whose time is up after one row
        states.append((job.state, job.cursor, job.done))
    assert states == [("running", 1, 1), ("running", 2, 2), ("done", 3, 3)]
    assert job.created_slugs == SLUGS and job.errors == []
    # the parent of row 2 was created by an earlier task of the same job
    assert Agency.objects.get(slug=SLUGS[1]).parent.slug == SLUGS[0]
    # a late duplicate of the last task finds the job finished and creates nothing
    again = run_job(job, budget_seconds=0)
    assert (again.state, again.done, Agency.objects.filter(slug__in=SLUGS).count()) == ("done", 3, 3)


@pytest.mark.django_db
def test_slugs_are_chosen_once_when_the_file_is_checked(province):
    """A task resuming later must not re-plan: an agency made in between (here: the row's own, by an earlier
    task) would otherwise move the row to another slug or reject the file."""
    job = run_job(create_provisioning_job(CSV, "chunks.csv", province), budget_seconds=0)
    assert [row["slug"] for row in job.planned] == SLUGS
    job = run_job(job)
    assert job.state == "done" and job.created_slugs == SLUGS


@pytest.mark.django_db
def test_a_bad_row_found_at_creation_is_reported_and_the_rest_go_on(province):
    job = run_job(create_provisioning_job(CSV, "chunks.csv", province), budget_seconds=0)
    Agency.objects.filter(slug=SLUGS[0]).update(code="000.00.95.H62")  # the parent's code changed meanwhile
    job = run_job(job)
    assert job.state == "failed" and job.done == 2 and job.cursor == 3
    assert [problem["line"] for problem in job.errors] == [3] and "000.00.97.H62" in job.errors[0]["message"]


@pytest.mark.django_db
def test_a_running_job_that_stopped_moving_is_sent_again(province):
    stalled = run_job(create_provisioning_job(CSV, "chunks.csv", province), budget_seconds=0)
    moving = run_job(create_provisioning_job(CSV.replace("97.H62", "87.H62").replace("96.H62", "86.H62")
                                             .replace("Hòa Ninh", "Hòa Lộc").replace("Xây dựng", "Giao thông")
                                             .replace("xây dựng", "giao thông"), "b.csv", province),
                     budget_seconds=0)
    ProvisioningJob.objects.filter(pk=stalled.pk).update(updated_at=timezone.now() - timedelta(minutes=2))
    assert moving.state == "running"
    assert pending_jobs_to_resend() == [stalled.pk]
    resumed = run_job(stalled)
    assert resumed.state == "done" and resumed.created_slugs == SLUGS


@pytest.mark.django_db
def test_the_task_sends_itself_again_until_the_job_is_done(province, monkeypatch):
    from tenants import tasks

    job = create_provisioning_job(CSV, "chunks.csv", province)
    sent = []
    monkeypatch.setattr(tasks, "CHUNK_SECONDS", 0)
    monkeypatch.setattr(tasks.run_provisioning_job, "delay", lambda job_id: sent.append(job_id))
    while True:
        result = tasks.run_provisioning_job(job.pk)
        if not sent or sent[-1] != job.pk or result["state"] != "running":
            break
        sent.clear()
    assert result == {"job": job.pk, "state": "done", "done": 3, "total": 3}
