"""Celery tasks of the agency registry. They run in the public schema, where the registry lives."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.db import connection

from core.tasks import periodic

from .bulk import CHUNK_SECONDS, run_job
from .models import ProvisioningJob
from .services import fail_stale_jobs, pending_jobs_to_resend


@shared_task(name="tenants.run_provisioning_job")
def run_provisioning_job(job_id: int) -> dict:
    """Check and run one CSV import for about half a minute, then send itself again for the rest; the job
    row carries its progress and errors, and where the next task goes on."""
    connection.set_schema_to_public()
    job = run_job(ProvisioningJob.objects.get(pk=job_id), budget_seconds=CHUNK_SECONDS)
    if job.state == ProvisioningJob.State.RUNNING:
        run_provisioning_job.delay(job.pk)
    return {"job": job.pk, "state": job.state, "done": job.done, "total": job.total}


@periodic(timedelta(minutes=10), name="tenants: fail stale provisioning jobs")
@shared_task(name="tenants.fail_stale_provisioning_jobs")
def fail_stale_provisioning_jobs() -> int:
    """Jobs whose worker died stop showing as running on the admin page (tenants.services.fail_stale_jobs)."""
    connection.set_schema_to_public()
    return fail_stale_jobs()


@periodic(timedelta(minutes=1), name="tenants: resend pending provisioning jobs")
@shared_task(name="tenants.resend_pending_jobs")
def resend_pending_jobs() -> int:
    """Nothing queued is silently dropped: a job whose message never reached a worker is sent again."""
    connection.set_schema_to_public()
    jobs = pending_jobs_to_resend()
    for job_id in jobs:
        run_provisioning_job.delay(job_id)
    return len(jobs)


@shared_task(name="tenants.run_backup_job", acks_late=True, reject_on_worker_lost=True)
def run_backup_job(job_id: int) -> dict:
    """One agency's export or import (tenants/backup.py); the job row carries its progress and outcome."""
    from .backup import run_job as run_backup

    connection.set_schema_to_public()
    job = run_backup(job_id)
    return {"job": job_id, "state": job.state if job else None}


@periodic(timedelta(minutes=2), name="tenants: resend lost or orphaned backup jobs")
@shared_task(name="tenants.resend_backup_jobs")
def resend_backup_jobs() -> int:
    """A backup job whose message was lost, or whose worker died mid-way, is sent again (tenants.backup)."""
    from .backup import jobs_to_resend

    connection.set_schema_to_public()
    jobs = jobs_to_resend()
    for job_id in jobs:
        run_backup_job.delay(job_id)
    return len(jobs)
