"""Dossiers' clause 9.3.2 input (item c3, process performance): the on-time rate of the dossiers resolved in
the review's period, the late ones, and the TTHC with the worst rates."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.agency import current_agency
from core.review_inputs import ReviewInput, register

from . import selectors
from .models import Dossier

WORST_SHOWN = 3


def on_time_in_period(since: date, until: date) -> list[str] | None:
    zone = timezone.get_default_timezone()
    start, end = datetime.combine(since, time(0), zone), datetime.combine(until + timedelta(days=1), time(0), zone)
    dossiers = Dossier.objects.filter(Q(resolved_at__gte=start, resolved_at__lt=end)
                                      | Q(resolved_at__isnull=True, received_at__lt=end))
    total = selectors.totals(dossiers, now=end)
    if not total.total:
        return None
    values = {"resolved": total.resolved, "on_time": total.on_time, "late": total.late,
              "rate": "—" if total.rate is None else f"{total.rate:.1f}".replace(".", ","),
              "open": total.open, "open_overdue": total.open_overdue}
    lines = [_("One-stop dossiers resolved in the period: %(resolved)d, on time %(on_time)d, late %(late)d "
               "(on-time rate %(rate)s %%).") % values,
             _("Still open at the end of the period: %(open)d, of which %(open_overdue)d past their due time.")
             % values]
    rated = [row for row in selectors.rates_by_tthc(dossiers, now=end, names=selectors.catalogue_names(
        current_agency())) if row.resolved and row.late]
    for row in sorted(rated, key=lambda r: (r.rate, -r.late))[:WORST_SHOWN]:
        lines.append(_("Lowest on-time rate: %(code)s %(name)s — %(rate)s %% (%(late)d of %(resolved)d late).") % {
            "code": row.key, "name": row.name, "rate": f"{row.rate:.1f}".replace(".", ","), "late": row.late,
            "resolved": row.resolved})
    return lines


register(ReviewInput("dossiers", item="c3", gather=on_time_in_period, order=30))
