"""Audit results (clause 9.3.2 c6) for a management review: the audits reported in the period, findings
by grade."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core.review_inputs import ReviewInput, register

from . import selectors
from .models import Grade


def audit_results(since: date, until: date) -> list[str] | None:
    audits = list(selectors.completed_between(since, until))
    if not audits:
        return None
    lines = []
    for plan in audits:
        counts = selectors.grade_counts([plan.pk])
        graded = ", ".join(f"{label.lower()}: {counts[grade]}" for grade, label in Grade.choices)
        lines.append(_("%(title)s (report of %(date)s) — %(graded)s.")
                     % {"title": plan.title, "date": plan.completed_on.strftime("%d/%m/%Y"), "graded": graded})
    if len(audits) > 1:
        counts = selectors.grade_counts([plan.pk for plan in audits])
        lines.append(_("In all, %(count)d audits: %(graded)s.") % {
            "count": len(audits),
            "graded": ", ".join(f"{label.lower()}: {counts[grade]}" for grade, label in Grade.choices)})
    return lines


register(ReviewInput("audits", item="c6", gather=audit_results, order=40))
