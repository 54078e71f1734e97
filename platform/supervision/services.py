"""Computing an agency's rollup row from inside its own schema, from the registered indicators."""

from __future__ import annotations

from django.utils import timezone

from core.agency import current_agency
from core.indicators import compute_all

from .models import AgencyStatus


def refresh_current_agency_status() -> AgencyStatus:
    """Recompute the rollup for the agency whose schema the connection is on."""
    agency = current_agency()
    status, _created = AgencyStatus.objects.update_or_create(
        agency=agency, defaults={"indicators": compute_all(), "refreshed_at": timezone.now()})
    return status
