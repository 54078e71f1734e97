"""Every read of training: sessions, who may open whose training record, what was held in a period.

- everyone who reads the agency's QMS sees its sessions, their attendees and materials;
- a person's training record (every held session they attended) is theirs to see, and the ISO secretary's
  (Perm.MANAGE_QMS) for everyone; to anyone else it does not exist (404, not 403: it names a person);
- the "ISO training held" milestone is reached on the date of the last held ISO awareness session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accounts.roles import Perm
from core.changes import allowed

from .models import Attendance, Material, SessionState, TrainingKind, TrainingSession


def sessions() -> QuerySet[TrainingSession]:
    return TrainingSession.objects.annotate(
        attendee_count=Count("attendances", distinct=True),
        attended_count=Count("attendances", filter=Q(attendances__attended=True), distinct=True)
    ).order_by("-date", "-id")


def session_detail() -> QuerySet[TrainingSession]:
    return sessions().prefetch_related(Prefetch("attendances", queryset=Attendance.objects.order_by("name", "id")),
                                       "materials")


def materials() -> QuerySet[Material]:
    return Material.objects.select_related("session")


def attendances() -> QuerySet[Attendance]:
    return Attendance.objects.select_related("session")


def held_between(since: date, until: date) -> QuerySet[TrainingSession]:
    return sessions().filter(state=SessionState.HELD, date__gte=since, date__lte=until).order_by("date", "id")


def planned_until(until: date) -> QuerySet[TrainingSession]:
    """Planned sessions on or before `until` (those whose date has passed unrecorded included)."""
    return sessions().filter(state=SessionState.PLANNED, date__lte=until).order_by("date", "id")


def sessions_held_in(year: int | None = None) -> int:
    year = year or timezone.localdate().year
    return TrainingSession.objects.filter(state=SessionState.HELD, date__year=year).count()


def last_iso_awareness() -> date | None:
    """When the agency's staff were last trained in ISO 9001 awareness (the milestone's date)."""
    session = (TrainingSession.objects.filter(state=SessionState.HELD, kind=TrainingKind.ISO_AWARENESS)
               .order_by("-date").first())
    return session.date if session else None


@dataclass(frozen=True)
class PeriodTotals:
    sessions: int
    hours: Decimal
    people: int


def totals_between(since: date, until: date) -> PeriodTotals:
    """Sessions held, their hours, and distinct people who attended at least one, in [since, until]."""
    held = TrainingSession.objects.filter(state=SessionState.HELD, date__gte=since, date__lte=until)
    people = (Attendance.objects.filter(session__in=held, attended=True).values("user_id").distinct().count())
    return PeriodTotals(held.count(), held.aggregate(total=Sum("hours"))["total"] or Decimal("0"), people)


# --------------------------------------------------------------------------------------- training records

def may_see_record(viewer, person_id: int) -> bool:
    return getattr(viewer, "pk", None) == person_id or allowed(viewer, Perm.MANAGE_QMS)


def record_people(agency, viewer):
    """Whose records `viewer` may open: everyone in the agency for the ISO secretary, else only themselves."""
    from accounts.selectors import members

    people = members(agency)
    return people if allowed(viewer, Perm.MANAGE_QMS) else people.filter(pk=viewer.pk)


def person_of_record(agency, viewer, person_id: int):
    """The person whose record is asked for, if they belong to the agency (or trained here) and `viewer` may
    see it; else None."""
    from accounts.models import User
    from accounts.selectors import members

    if not may_see_record(viewer, person_id):
        return None
    person = members(agency).filter(pk=person_id).first()
    if person is None and Attendance.objects.filter(user_id=person_id).exists():
        person = User.objects.filter(pk=person_id).first()  # a former member: their record stays
    return person


def person_record(person_id: int) -> QuerySet[Attendance]:
    """Every held session the person attended (or was recorded absent from), newest first."""
    return (attendances().filter(user_id=person_id, session__state=SessionState.HELD)
            .order_by("-session__date", "-session_id"))


def record_summary(person_id: int) -> dict:
    rows = person_record(person_id).filter(attended=True)
    return {"sessions": rows.count(), "hours": rows.aggregate(total=Sum("session__hours"))["total"] or Decimal("0"),
            "iso_awareness": rows.filter(session__kind=TrainingKind.ISO_AWARENESS).order_by("-session__date")
            .values_list("session__date", flat=True).first()}


def people_overview(agency) -> list[dict]:
    """Each member of the agency with the sessions and hours of training attended (the secretary's list)."""
    from accounts.selectors import members

    totals = {row["user_id"]: row for row in Attendance.objects.filter(attended=True, session__state=SessionState.HELD)
              .values("user_id").annotate(sessions=Count("session_id"), hours=Sum("session__hours"))}
    return [{"person": person, "sessions": totals.get(person.pk, {}).get("sessions", 0),
             "hours": totals.get(person.pk, {}).get("hours") or Decimal("0")} for person in members(agency)]


def history(session: TrainingSession) -> list:
    """Who recorded what about the session, its attendees and materials, when (core.history.present)."""
    from pghistory.models import Events

    from core.history import present

    events = list(Events.objects.across("training.TrainingSessionEvent").tracks(session))
    for row in list(session.attendances.all()) + list(session.materials.all()):
        label = "training.AttendanceEvent" if isinstance(row, Attendance) else "training.MaterialEvent"
        events += list(Events.objects.across(label).tracks(row))
    return present(events)
