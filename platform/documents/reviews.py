"""Periodic review (ISO 9001:2015 7.5.2/7.5.3): which effective documents are due, and why.

A document is due for review when its review date has passed, or when a legal document it rests on took
effect after its current edition was issued (the seeds: legal changes must be folded into the QMS within
three months). `documents_due_for_review` is what the UI lists; `reminders_due` is what the daily task
sends (documents/tasks.py), including the ones whose review date is only approaching.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from core.dates import add_months

from .models import Document, LegalReference
from .selectors import documents_due_for_review  # noqa: F401  (the list the reminders follow)

LEGAL_UPDATE_MONTHS = 3


def reminder_days() -> int:
    return int(getattr(settings, "EISO_REVIEW_REMINDER_DAYS", 14))


@dataclass(frozen=True)
class Reminder:
    document: Document
    phase: str  # "review_soon" | "review_overdue" | "legal_change"
    due: date  # the review date, or for a legal change the date the update is due (3 months on)
    days: int  # days left (soon) or days late (overdue, legal change past its due date)
    reference: LegalReference | None = None

    @property
    def key(self) -> str:
        """One reminder per document, phase and due date: reruns of the task never repeat it."""
        subject = f"ref{self.reference.pk}" if self.reference is not None else self.due.isoformat()
        return f"{self.phase}:{self.document.pk}:{subject}"


def reminders_due(*, on: date | None = None, within_days: int | None = None) -> list[Reminder]:
    on = on or timezone.localdate()
    within_days = reminder_days() if within_days is None else within_days
    effective = Document.objects.filter(withdrawn=False, effective_revision__isnull=False).select_related(
        "owner", "effective_revision")
    reminders = []
    for document in effective.filter(review_due__lte=on + timedelta(days=within_days)):
        days = (document.review_due - on).days
        phase = "review_overdue" if days <= 0 else "review_soon"
        reminders.append(Reminder(document, phase, document.review_due, abs(days)))
    newer = (LegalReference.objects.filter(document__in=effective, effective_on__isnull=False,
                                           effective_on__gt=F("document__effective_revision__issue_date"))
             .select_related("document", "document__owner", "document__effective_revision"))
    for reference in newer:
        due = add_months(reference.effective_on, LEGAL_UPDATE_MONTHS)
        reminders.append(Reminder(reference.document, "legal_change", due, (on - due).days, reference))
    return reminders
