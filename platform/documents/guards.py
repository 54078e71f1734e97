"""Helpers the document services share: whose agency this is, permissions, history context, side effects."""

from __future__ import annotations

import calendar
import logging
from contextlib import contextmanager
from datetime import date

import pghistory
from django.db import connection, transaction

from accounts.services import has_perm, require_perm
from tenants.models import Agency

log = logging.getLogger(__name__)


def current_agency() -> Agency:
    """The agency whose schema the connection is on (a request's tenant, or a schema_context in tasks)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Agency):
        return tenant
    return Agency.objects.get(schema_name=connection.schema_name)


def require(actor, perm: str) -> Agency:
    agency = current_agency()
    require_perm(actor, agency, perm)
    return agency


def allowed(user, perm: str) -> bool:
    return has_perm(user, current_agency(), perm)


@contextmanager
def change(actor, action: str, **metadata):
    """One state change: a transaction, and history events stamped with who did what.

    pghistory stores this metadata once per transaction (its Context row) and links every event
    written by the triggers meanwhile, so the history page can say "Nguyễn Văn An published ...".
    """
    who = {"user": actor.pk, "user_name": actor.display_name} if actor is not None else {}
    with transaction.atomic(), pghistory.context(action=action, **who, **metadata):
        yield


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def refresh_search(document) -> None:
    """Rebuild the document's search vector (documents.search) after a change to what is searchable."""
    from .models import Document
    from .search import refresh_document_search

    refresh_document_search(Document.objects.select_related("effective_revision").get(pk=document.pk))


def queue_rollup() -> None:
    """The supervisor's rollup row counts effective documents: refresh it once this commits."""
    from supervision.tasks import refresh_agency_status

    def send():
        try:
            refresh_agency_status.delay()
        except Exception:  # noqa: BLE001 - a broker outage must not fail a publication; the nightly run catches up
            log.warning("could not queue the rollup refresh", exc_info=True)

    transaction.on_commit(send)
