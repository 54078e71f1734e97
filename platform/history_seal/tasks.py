"""Nightly: every agency's sealed history verified and its head anchored in the audit trail (fanned out)."""

from celery import shared_task
from celery.schedules import crontab

from core.tasks import fan_out, periodic
from tenants.models import Agency

from .services import check_current_agency


@shared_task(name="history_seal.check_agency", acks_late=True, autoretry_for=(Exception,), retry_backoff=2,
             max_retries=5)
def check_agency() -> bool:
    """Runs in an agency's schema: verify its history, record the result and the head (a retry records again,
    which is harmless: the same head anchored twice)."""
    return check_current_agency().intact


@periodic(crontab(hour=2, minute=15), name="history seal: verify and anchor every agency")
@shared_task(name="history_seal.check_all")
def check_all() -> int:
    """Every agency with a schema, historical ones too (their history is kept, so it is checked)."""
    return fan_out(check_agency, Agency.objects.agencies().values_list("schema_name", flat=True))
