"""Periodic review (ISO 9001:2015 7.5.2/7.5.3): which effective documents are due, and why.

A document is due for review when its review date has passed. `documents_due_for_review` is what the UI
lists; `reminders_due` is what the daily task sends (documents/tasks.py), including the ones whose review
date is only approaching. A legal change that a document must fold in within three months is a legal
update task (legal_updates), opened and reminded there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Document
from .selectors import documents_due_for_review  # noqa: F401  (the list the reminders follow)


def reminder_days() -> int:
    return int(getattr(settings, "EISO_REVIEW_REMINDER_DAYS", 14))


@dataclass(frozen=True)
class Reminder:
    document: Document
    phase: str  # "review_soon" | "review_overdue"
    due: date  # the review date
    days: int  # days left (soon) or days late (overdue)

    @property
    def key(self) -> str:
        """One reminder per document, phase and due date: reruns of the task never repeat it."""
        return f"{self.phase}:{self.document.pk}:{self.due.isoformat()}"


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
    return reminders
