"""State changes of the agency registry that views, commands and the API share."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

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
    from .tasks import run_provisioning_job

    with transaction.atomic():
        job = create_provisioning_job(csv_text, filename, province, user)
        # the worker reads the job row: send only when it can see it
        transaction.on_commit(lambda: run_provisioning_job.delay(job.pk))
    return job
