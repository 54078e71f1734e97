"""Celery work of the dossier import; it runs in the agency schema the job was queued in."""

from __future__ import annotations

from celery import shared_task


# acks_late + reject_on_worker_lost: a worker that dies mid-import leaves the message to be delivered again.
@shared_task(name="dossiers.run_dossier_import", acks_late=True, reject_on_worker_lost=True)
def run_dossier_import(job_id: int) -> dict:
    """Check and apply one import; the job row carries its progress, counts and errors.

    Safe to run again (a redelivered or retried task): a finished job is left alone, and applying the same
    records twice writes nothing the second time (dossiers.services)."""
    from .services import run_import

    job = run_import(job_id)
    return {"job": job.pk, "status": job.status, "rows": job.rows_total, "created": job.created_count,
            "updated": job.updated_count, "unchanged": job.unchanged_count}
