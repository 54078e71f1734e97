"""Legal updates' clause 9.3.2 input (item b, changes in external issues): the legal documents affecting the
agency that took effect in the review's period, and its open and overdue update tasks."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core.review_inputs import ReviewInput, register

from . import selectors
from .models import UpdateTask


def legal_changes(since: date, until: date) -> list[str] | None:
    in_period = UpdateTask.objects.filter(effective_on__gte=since, effective_on__lte=until)
    entries = selectors.entries_by_id(in_period.values_list("legal_document_id", flat=True))
    open_tasks = selectors.filter_tasks(UpdateTask.objects.all(), state="open").count()
    overdue = selectors.filter_tasks(UpdateTask.objects.all(), state=selectors.State.OVERDUE, today=until).count()
    if not entries and not open_tasks:
        return None
    lines = [_("Took effect on %(date)s: %(number)s %(title)s") % {
        "date": entry.effective_on.strftime("%d/%m/%Y") if entry.effective_on else "—", "number": entry.number,
        "title": entry.title} for entry in sorted(entries.values(), key=lambda e: (e.effective_on or until, e.number))]
    lines.append(_("Legal update tasks open: %(open)d, of which %(overdue)d overdue.")
                 % {"open": open_tasks, "overdue": overdue})
    return lines


register(ReviewInput("legal_updates", item="b", gather=legal_changes, order=20))
