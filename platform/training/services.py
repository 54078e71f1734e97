"""Every change to training: planning a session, changing it, its attendees, holding it, results, materials.

The ISO secretary (Perm.MANAGE_QMS) keeps training: each function guards its rule with a translated
DomainError (nothing is saved when it says no), saves inside one change (core.changes) so history knows who
did it, and tells the supervisor's figures that they moved.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core.changes import change, require
from core.dates import parse_date
from core.errors import DomainError
from core.indicators import indicators_changed
from core.text import clean_text
from documents.uploads import DOCUMENT_TYPES, RECORD_TYPES, clean_filename, validate_upload

from .models import Attendance, Material, SessionState, TrainingKind, TrainingSession

PERM = Perm.MANAGE_QMS
REMIND_DAYS = 3  # invited people are told of a planned session this many days before
MATERIAL_TYPES = DOCUMENT_TYPES | RECORD_TYPES


def _invalid(message: str) -> DomainError:
    return DomainError("training_invalid_value", message)


def _text(value, limit: int, label: str, *, required: bool = True, lines: bool = False) -> str:
    return clean_text(value, limit, label, code="training_invalid_value", required=required, lines=lines)


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    try:
        value = parse_date(value.strip() if isinstance(value, str) else value)
    except ValueError:
        value = None
    if not isinstance(value, datetime.date):
        raise DomainError("invalid_date", _("The session's date is not a date (YYYY-MM-DD)."))
    return value


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        hours = None
    if hours is None or not hours.is_finite() or not Decimal("0") < hours <= Decimal("500"):
        raise _invalid(_("The hours must be a number above 0 and at most 500."))
    return hours.quantize(Decimal("0.1"))


def _clean(*, topic, kind, date, hours, trainer, trainer_organisation, location, description) -> dict:
    if kind not in TrainingKind.values:
        raise _invalid(_("Choose the kind of training."))
    return {"topic": _text(topic, 300, _("the topic")), "kind": kind, "date": _date(date), "hours": _hours(hours),
            "trainer": _text(trainer, 150, _("the trainer")),
            "trainer_organisation": _text(trainer_organisation, 200, _("the trainer's organisation"), required=False),
            "location": _text(location, 200, _("the location"), required=False),
            "description": _text(description, 5000, _("the content"), required=False, lines=True)}


def _people(agency, users) -> list:
    ids = {getattr(user, "pk", user) for user in users or []}
    found = list(agency_members(agency).filter(pk__in=ids))
    if len(found) != len(ids):
        raise DomainError("training_not_agency_member", _("Someone chosen is not a member of this agency."))
    return found


def _fresh(session: TrainingSession) -> TrainingSession:
    fresh = TrainingSession.objects.select_for_update().filter(pk=session.pk).first()
    if fresh is None:
        raise DomainError("not_found", _("The training session no longer exists."), status_code=404)
    return fresh


def plan_session(*, actor, topic, kind, date, hours, trainer, trainer_organisation="", location="", description="",
                 attendees=()) -> TrainingSession:
    """A planned session, with the members of the agency invited to it."""
    agency = require(actor, PERM)
    data = _clean(topic=topic, kind=kind, date=date, hours=hours, trainer=trainer,
                  trainer_organisation=trainer_organisation, location=location, description=description)
    people = _people(agency, attendees)
    with change(actor, "training.plan_session", kind=data["kind"]):
        session = TrainingSession.objects.create(created_by=actor, **data)
        Attendance.objects.bulk_create([Attendance(session=session, user=p, name=p.display_name) for p in people])
        indicators_changed()
    return session


def update_session(session: TrainingSession, *, actor, **fields) -> TrainingSession:
    """Change the session's topic, date, trainer, …; a held session's date cannot move after today."""
    require(actor, PERM)
    names = ("topic", "kind", "date", "hours", "trainer", "trainer_organisation", "location", "description")
    current = {name: getattr(session, name) for name in names}
    current.update({k: v for k, v in fields.items() if k in names})
    data = _clean(**current)
    with change(actor, "training.update_session", perm=PERM, session=session.pk):
        session = _fresh(session)
        if session.held and data["date"] > timezone.localdate():
            raise DomainError("training_held_in_future", _("A held session's date cannot be after today."))
        for name, value in data.items():
            setattr(session, name, value)
        session.save()
        indicators_changed()
    return session


def add_attendees(session: TrainingSession, *, actor, users) -> list[Attendance]:
    """Invite (or, once held, add) members of the agency; those already on the session are left as they are."""
    agency = require(actor, PERM)
    people = _people(agency, users)
    if not people:
        raise _invalid(_("Choose at least one person."))
    with change(actor, "training.add_attendees", perm=PERM, session=session.pk):
        session = _fresh(session)
        present = set(session.attendances.values_list("user_id", flat=True))
        added = [Attendance.objects.create(session=session, user=p, name=p.display_name)
                 for p in people if p.pk not in present]
        indicators_changed()
    return added


def remove_attendee(attendance: Attendance, *, actor) -> None:
    """Take an invited person off a planned session (once held, record that they did not attend)."""
    with change(actor, "training.remove_attendee", perm=PERM, session=attendance.session_id):
        session = _fresh(attendance.session)
        if session.held:
            raise DomainError("training_already_held", _(
                "The session is held: record that the person did not attend instead."))
        Attendance.objects.filter(pk=attendance.pk).delete()


def record_result(attendance: Attendance, *, actor, attended=True, result="") -> Attendance:
    """Whether the person attended the held session, and their result or certificate."""
    require(actor, PERM)
    result = _text(result, 300, _("the result"), required=False)
    with change(actor, "training.record_result", perm=PERM, session=attendance.session_id):
        session = _fresh(attendance.session)
        if not session.held:
            raise DomainError("training_not_held_yet", _(
                "The session is still planned: record attendance and results once it is held."))
        attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
        attendance.attended, attendance.result = bool(attended), result
        attendance.save(update_fields=["attended", "result"])
        indicators_changed()
    return attendance


def mark_held(session: TrainingSession, *, actor, held_on=None) -> TrainingSession:
    """The session took place (on `held_on`, by default its planned date); every invited person attended
    unless a result says otherwise."""
    require(actor, PERM)
    with change(actor, "training.mark_held", perm=PERM, session=session.pk):
        session = _fresh(session)
        if session.held:
            raise DomainError("training_already_held", _("The session is already recorded as held."))
        day = session.date if held_on in (None, "") else _date(held_on)
        if day > timezone.localdate():
            raise DomainError("training_held_in_future", _("A session cannot be held after today (%(date)s).")
                              % {"date": day.strftime("%d/%m/%Y")})
        if not session.attendances.exists():
            raise DomainError("training_no_attendees", _("Add the people who attended before recording the "
                                                         "session as held."))
        session.state, session.date = SessionState.HELD, day
        session.save(update_fields=["state", "date"])
        indicators_changed()
    return session


def add_material(session: TrainingSession, *, actor, uploaded_file) -> Material:
    """A file of the session (slides, handouts, test): PDF, Word, Excel or an image."""
    require(actor, PERM)
    if uploaded_file is None:
        raise _invalid(_("Choose a file to upload."))
    content_type, sha256, size = validate_upload(uploaded_file, allowed=MATERIAL_TYPES)
    uploaded_file.seek(0)
    name = clean_filename(uploaded_file.name)
    with change(actor, "training.add_material", perm=PERM, session=session.pk):
        session = _fresh(session)
        material = Material(session=session, original_name=name, content_type=content_type, size=size,
                            sha256=sha256, uploaded_by=actor)
        material.file.save(name, uploaded_file, save=False)
        material.save()
    return material



def remind_planned_sessions(today=None) -> int:
    """Tell each person invited to a session planned within REMIND_DAYS, once per session (the notification's
    key), in-app and by e-mail. Returns how many people were told."""
    from datetime import timedelta

    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from accounts.models import User
    from notifications.services import notify

    today = today or timezone.localdate()
    told = 0
    for session in TrainingSession.objects.filter(state=SessionState.PLANNED, date__gte=today,
                                                  date__lte=today + timedelta(days=REMIND_DAYS)):
        with translation.override(settings.LANGUAGE_CODE):
            message = _("Training “%(topic)s” on %(date)s, %(hours)s hours%(place)s.") % {
                "topic": session.topic, "date": session.date.strftime("%d/%m/%Y"), "hours": session.hours,
                "place": f" — {session.location}" if session.location else ""}
        link = reverse("training:detail", args=[session.pk])
        people = User.objects.filter(pk__in=session.attendances.values("user_id"))
        for user in people:
            if notify(user, message, link, verb="training", key=f"training:{session.pk}:{user.pk}") is not None:
                told += 1
    return told
