"""Every read of nonconformities and corrective actions: lists, filters, what is overdue, whose actions."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import CorrectiveAction, Nonconformity, State


def by_source_ref(ref: str, source: str | None = None) -> Nonconformity | None:
    """The NC raised for an opaque back-reference (e.g. "audit-finding:12"), if any."""
    if not ref:
        return None
    found = Nonconformity.objects.filter(source_ref=ref)
    if source is not None:
        found = found.filter(source=source)
    return found.order_by("id").first()


def overdue_actions(on: datetime.date | None = None) -> QuerySet[CorrectiveAction]:
    on = on or timezone.localdate()
    return (CorrectiveAction.objects.filter(done_on__isnull=True, due_on__lt=on)
            .exclude(nonconformity__state=State.CLOSED).select_related("nonconformity"))


def overdue_checks(on: datetime.date | None = None) -> QuerySet[Nonconformity]:
    on = on or timezone.localdate()
    return Nonconformity.objects.filter(state=State.IMPLEMENTED, effectiveness_due_on__lt=on)


def _overdue_q(on: datetime.date) -> Q:
    late_action = CorrectiveAction.objects.filter(nonconformity=OuterRef("pk"), done_on__isnull=True, due_on__lt=on)
    return Q(Exists(late_action)) | Q(state=State.IMPLEMENTED, effectiveness_due_on__lt=on)


def nonconformities(*, state: str = "", source: str = "", overdue: bool = False, query: str = "",
                    year: int | None = None) -> QuerySet[Nonconformity]:
    """The agency's NCs, newest first, with the count of open actions."""
    on = timezone.localdate()
    found = Nonconformity.objects.annotate(
        open_actions=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True),
        overdue_actions=Count("actions", filter=Q(actions__done_on__isnull=True, actions__due_on__lt=on),
                              distinct=True))
    if state == "not_closed":
        found = found.exclude(state=State.CLOSED)
    elif state:
        found = found.filter(state=state)
    if source:
        found = found.filter(source=source)
    if year:
        found = found.filter(year=year)
    if overdue:
        found = found.filter(_overdue_q(on)).exclude(state=State.CLOSED)
    if query:
        found = found.filter(Q(number__icontains=query) | Q(description__icontains=query)
                             | Q(process__icontains=query) | Q(clause__icontains=query))
    return found.order_by("-year", "-sequence")


def actions_of(nc: Nonconformity) -> QuerySet[CorrectiveAction]:
    return nc.actions.order_by("due_on", "id")


def my_open_actions(user) -> QuerySet[CorrectiveAction]:
    """The actions `user` owns that are not done yet, the most urgent first."""
    return (CorrectiveAction.objects.filter(owner_id=user.pk, done_on__isnull=True)
            .exclude(nonconformity__state=State.CLOSED).select_related("nonconformity").order_by("due_on", "id"))


def open_counts() -> dict[str, int]:
    on = timezone.localdate()
    open_ncs = Nonconformity.objects.exclude(state=State.CLOSED)
    return {"open": open_ncs.count(), "overdue": open_ncs.filter(_overdue_q(on)).count()}


def opened_between(since: datetime.date, until: datetime.date) -> QuerySet[Nonconformity]:
    return Nonconformity.objects.filter(detected_on__gte=since, detected_on__lte=until)


def closed_between(since: datetime.date, until: datetime.date) -> QuerySet[Nonconformity]:
    return Nonconformity.objects.filter(state=State.CLOSED, closed_on__gte=since, closed_on__lte=until)
