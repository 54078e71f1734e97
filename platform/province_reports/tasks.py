"""Celery work of the province reports: a run built from the rollup, with its progress on the run's row."""

from __future__ import annotations

from celery import shared_task


# acks_late + reject_on_worker_lost: a worker that dies mid-build leaves the message to be delivered again, and
# the run (still "running") is built again from the start, its figures and files replaced (services.build).
@shared_task(name="province_reports.build_report", acks_late=True, reject_on_worker_lost=True)
def build_report(run_id: int) -> dict:
    from .services import build

    run = build(run_id)
    return {"run": run.pk, "status": run.status, "figures": run.figures.count()}
