"""State changes of the agency registry that views, commands and the API share."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Province, ProvisioningJob


def create_provisioning_job(csv_text: str, filename: str, province: Province | None, user=None) -> ProvisioningJob:
    """Record a CSV import; nothing is checked or created until the job runs."""
    return ProvisioningJob.objects.create(
        csv_text=csv_text, filename=(filename or "")[:255], province=province,
        created_by=user if user is not None and user.is_authenticated else None,
        language=translation.get_language() or "",
    )


def start_provisioning_job(csv_text: str, filename: str, province: Province | None, user=None) -> ProvisioningJob:
    """Record a CSV import and hand it to a Celery worker once the job row is committed."""
    from core.changes import after_commit

    from .tasks import run_provisioning_job

    with transaction.atomic():
        job = create_provisioning_job(csv_text, filename, province, user)
        # The worker reads the job row: send only when it can see it. With Redis down the send is logged,
        # the request still answers with the saved job, and resend_pending_jobs sends it once Redis is back.
        after_commit(lambda: run_provisioning_job.delay(job.pk))
    return job


RESEND_AFTER = timedelta(minutes=1)


def pending_jobs_to_resend(*, now=None) -> list[int]:
    """Jobs pending or running with no progress for a minute, not yet given up as stale: their message was
    lost (Redis down when sent, or flushed) or their worker died between two rows (a running job saves its
    progress after every row, a second apart). Sending one again is safe: run_job takes the next row from
    the job's cursor under the row's lock, and leaves a finished job alone."""
    now = now or timezone.now()
    return list(ProvisioningJob.objects.filter(state__in=[ProvisioningJob.State.PENDING, ProvisioningJob.State.RUNNING],
                                               updated_at__lt=now - RESEND_AFTER,
                                               updated_at__gte=now - STALE_AFTER)
                .order_by("pk").values_list("pk", flat=True))


STALE_AFTER = timedelta(minutes=30)


def fail_stale_jobs(*, stale_after: timedelta = STALE_AFTER) -> int:
    """Mark FAILED the jobs pending or running with no progress for `stale_after`: their worker died (or the
    task was never delivered), and the admin page would otherwise show them running forever. A worker that
    picks such a job up later finds it no longer pending and leaves it alone. Returns how many were failed."""
    from .bulk import error

    minutes = int(stale_after.total_seconds() // 60)
    failed = 0
    with transaction.atomic():
        stale = (ProvisioningJob.objects.select_for_update(skip_locked=True)
                 .filter(state__in=[ProvisioningJob.State.PENDING, ProvisioningJob.State.RUNNING],
                         updated_at__lt=timezone.now() - stale_after))
        for job in stale:
            with translation.override(job.language or settings.LANGUAGE_CODE):
                message = _("The job stopped: nothing happened for %(minutes)d minutes, its worker is no longer "
                            "running. Agencies already created are kept; send the remaining rows again.") % {
                                "minutes": minutes}
            job.errors = [*job.errors, error(0, None, message)]
            job.state, job.finished_at = ProvisioningJob.State.FAILED, timezone.now()
            job.save(update_fields=["errors", "state", "finished_at"])
            failed += 1
    return failed
