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


def open_actions_due(until: datetime.date) -> QuerySet[CorrectiveAction]:
    return (CorrectiveAction.objects.filter(done_on__isnull=True, due_on__lte=until)
            .exclude(nonconformity__state=State.CLOSED).select_related("nonconformity").order_by("due_on", "id"))


def checks_due(until: datetime.date) -> QuerySet[Nonconformity]:
    return Nonconformity.objects.filter(state=State.IMPLEMENTED, effectiveness_due_on__lte=until).order_by(
        "effectiveness_due_on")


def count_by_source(found: QuerySet[Nonconformity]) -> list[tuple[str, int]]:
    from .models import Source

    counts = dict(found.order_by().values("source").annotate(n=Count("id")).values_list("source", "n"))
    return [(str(label), counts[value]) for value, label in Source.choices if counts.get(value)]


def actions() -> QuerySet[CorrectiveAction]:
    return CorrectiveAction.objects.select_related("nonconformity")


def lifecycle(nc: Nonconformity) -> list[dict]:
    """The steps of the NC's life, each with whether it is done, current or to come, and who took it when."""
    from .models import STATE_ORDER

    taken = {State.OPEN: (nc.raised_by, nc.detected_on), State.CORRECTED: (nc.corrected_by, nc.corrected_on),
             State.ANALYSED: (nc.analysed_by, nc.analysed_on), State.PLANNED: (nc.planned_by, nc.planned_on),
             State.IMPLEMENTED: (None, nc.implemented_on),
             State.EFFECTIVE: (nc.effectiveness_checked_by, nc.effectiveness_checked_on),
             State.CLOSED: (nc.closed_by, nc.closed_on)}
    current = STATE_ORDER.index(nc.state)
    steps = []
    for index, state in enumerate(STATE_ORDER):
        who, when = taken[state]
        status = "done" if index <= current else ("next" if index == current + 1 else "todo")
        steps.append({"state": state, "label": State(state).label, "status": status,
                      "who": who.display_name if who is not None and status == "done" else "",
                      "when": when if status == "done" else None})
    return steps
