"""Procedures' clause 9.3.2 input (item c3, conformity of the services): how many of the TTHC assigned to the
agency an effective procedure carries now, and which lack one or fell behind the catalogue."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core.agency import current_agency
from core.review_inputs import ReviewInput, register

from . import selectors

LISTED = 5


def coverage_now(since: date, until: date) -> list[str] | None:
    coverage = selectors.tthc_coverage(current_agency())
    if not coverage.assigned:
        return None
    lines = [_("TTHC assigned to the agency carried by an effective procedure: %(with)d of %(assigned)d "
               "(%(percent)d %%).") % {"with": coverage.with_procedure, "assigned": coverage.assigned,
                                       "percent": coverage.percent}]
    for status, text in ((selectors.CoverageStatus.MISSING, _("Without a procedure (%(count)d): %(codes)s")),
                         (selectors.CoverageStatus.OUTDATED, _("Procedure behind the catalogue (%(count)d): "
                                                               "%(codes)s"))):
        rows = coverage.rows_in(status)
        if rows:
            codes = ", ".join(row.entry.code for row in rows[:LISTED]) + (" …" if len(rows) > LISTED else "")
            lines.append(text % {"count": len(rows), "codes": codes})
    return lines


register(ReviewInput("procedures", item="c3", gather=coverage_now, order=31))
