"""Documents' clause 9.3.2 input (item c5, monitoring of documented information): the documents overdue for
their periodic review, and the editions published in the review's period."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core.review_inputs import ReviewInput, register

from . import selectors
from .models import ISSUED_STATES, Revision

LISTED = 8


def documents_in_period(since: date, until: date) -> list[str] | None:
    overdue = list(selectors.documents_due_for_review(on=until).filter(review_due__lt=until))
    editions = list(Revision.objects.filter(state__in=ISSUED_STATES, issue_date__gte=since, issue_date__lte=until)
                    .select_related("document").order_by("issue_date", "id"))
    if not overdue and not editions:
        return None
    lines = [_("Editions published in the period: %(count)d.") % {"count": len(editions)}]
    lines += [_("%(code)s edition %(edition)s “%(title)s”, issued %(date)s") % {
        "code": r.document.code, "edition": r.edition, "title": r.document.title,
        "date": r.issue_date.strftime("%d/%m/%Y")} for r in editions[:LISTED]]
    lines.append(_("Documents overdue for their periodic review: %(count)d.") % {"count": len(overdue)})
    lines += [_("%(code)s “%(title)s”, review due %(date)s") % {
        "code": d.code, "title": d.title, "date": d.review_due.strftime("%d/%m/%Y")} for d in overdue[:LISTED]]
    return lines


register(ReviewInput("documents", item="c5", gather=documents_in_period, order=50))
