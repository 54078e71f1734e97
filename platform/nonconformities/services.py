"""Every change to a nonconformity and its corrective actions, one function per step.

Managing NCs needs Perm.MANAGE_QMS in the current agency; any member of staff (Perm.VIEW_QMS) may report one
(`report_nonconformity`), and an action's owner may mark their own action done. Each function guards its
rule with a translated DomainError (nothing is saved when it says no) and saves inside one change
(core.changes), so the history knows who did what.

`raise_nonconformity` is the one entry other areas call (internal audit findings, the DOST's inspections):
idempotent on `source_ref`, and with `perm=None` for a caller who is not a member of the agency (the DOST's
inspection service, inside core.agency.in_agency).
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core.agency import current_agency
from core.changes import after_commit, allowed, change, require
from core.dates import parse_date
from core.errors import DomainError
from core.indicators import indicators_changed

from .models import (
    CorrectiveAction,
    Effectiveness,
    Grade,
    Nonconformity,
    Source,
    State,
)

PERM = Perm.MANAGE_QMS
MAX_EFFECTIVENESS_DAYS = 730


def _text(value, limit: int | None, label: str, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DomainError("nc_invalid_value", _("Fill in %(field)s.") % {"field": label})
    if limit is not None and len(text) > limit:
        raise DomainError("nc_invalid_value", _("%(field)s is longer than %(limit)d characters.")
                          % {"field": label, "limit": limit})
    return text


def _date(value, label: str, *, default_today: bool = True, future: bool = False) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if value in (None, "") and default_today:
        return timezone.localdate()
    try:
        value = parse_date(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        value = None
    if not isinstance(value, datetime.date):
        raise DomainError("invalid_date", _("%(field)s is not a date (YYYY-MM-DD).") % {"field": label})
    if not future and value > timezone.localdate():
        raise DomainError("nc_date_order", _("%(field)s cannot be in the future.") % {"field": label})
    return value


def _fresh(nc: Nonconformity, *states: str) -> Nonconformity:
    """The NC re-read under a lock, refused unless it is at one of `states`."""
    fresh = Nonconformity.objects.select_for_update().filter(pk=getattr(nc, "pk", nc)).first()
    if fresh is None:
        raise DomainError("not_found", _("The nonconformity no longer exists."), status_code=404)
    if fresh.state == State.CLOSED:
        raise DomainError("nc_closed", _("%(number)s is closed and can no longer change.")
                          % {"number": fresh.number})
    if states and fresh.state not in states:
        raise DomainError("nc_wrong_state", _("%(number)s is at “%(state)s”: this step needs it at “%(needed)s”.")
                          % {"number": fresh.number, "state": fresh.get_state_display(),
                             "needed": " / ".join(str(State(s).label) for s in states)})
    return fresh


def _lock_numbers() -> None:
    """Serialise raising NCs in this agency until the transaction ends (numbers and source_ref stay unique)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.nonconformity_number'))")


def _next_number(year: int) -> tuple[int, str]:
    """The next NC number of `year` in this agency (under `_lock_numbers`)."""
    last = Nonconformity.objects.filter(year=year).order_by("-sequence").values_list("sequence", flat=True).first()
    sequence = (last or 0) + 1
    return sequence, f"NC-{year}-{sequence:03d}"


def raise_nonconformity(*, actor, source: str, description: str, grade: str = "minor", clause: str = "",
                        requirement: str = "", source_ref: str = "", detected_on: datetime.date | None = None,
                        process: str = "", document_id: int | None = None,
                        perm: str | None = Perm.MANAGE_QMS) -> Nonconformity:
    """Open an NC in the current agency. Raising again with the same (source, source_ref) returns the NC the
    first call made, unchanged."""
    if source not in Source.values:
        raise DomainError("nc_invalid_value", _("Choose where the nonconformity comes from: internal audit, "
                                                "inspection, complaint, staff or process data."))
    if grade not in Grade.values:
        raise DomainError("nc_invalid_value", _("The grade of a nonconformity is minor or major."))
    description = _text(description, 4000, _("what is not conforming"))
    clause = _text(clause, 32, _("the ISO 9001 clause"), required=False)
    requirement = _text(requirement, 4000, _("the requirement not met"), required=False)
    process = _text(process, 200, _("the process or unit"), required=False)
    source_ref = _text(source_ref, 120, _("the source reference"), required=False)
    detected_on = _date(detected_on, _("The detection date"))
    with change(actor, "nonconformities.raise", perm=perm, source=source, source_ref=source_ref):
        document = None
        if document_id not in (None, ""):
            from documents.models import Document

            document = Document.objects.filter(pk=document_id).first()
            if document is None:
                raise DomainError("nc_invalid_value", _("The procedure chosen does not exist in this agency."))
        _lock_numbers()
        if source_ref:
            existing = Nonconformity.objects.filter(source=source, source_ref=source_ref).first()
            if existing is not None:
                return existing
        sequence, number = _next_number(detected_on.year)
        nc = Nonconformity.objects.create(
            number=number, year=detected_on.year, sequence=sequence, source=source, source_ref=source_ref,
            grade=grade, description=description, clause=clause, requirement=requirement, process=process,
            document=document, detected_on=detected_on, raised_by=actor)
        indicators_changed()
        after_commit(lambda: _tell_keepers(nc.pk))
    return nc


def report_nonconformity(*, actor, description: str, detected_on=None, process: str = "", clause: str = "",
                         document_id: int | None = None) -> Nonconformity:
    """A member of staff reports an NC they found (source "staff"); the ISO secretary takes it from there."""
    return raise_nonconformity(actor=actor, source=Source.STAFF, description=description, detected_on=detected_on,
                               process=process, clause=clause, document_id=document_id, perm=Perm.VIEW_QMS)


def update_details(nc: Nonconformity, *, actor, **fields) -> Nonconformity:
    """Correct the description, grade, clause, requirement, process or the effectiveness delay of an open NC."""
    allowed_fields = {"description", "grade", "clause", "requirement", "process", "effectiveness_days"}
    unknown = set(fields) - allowed_fields
    if unknown:
        raise DomainError("unknown_field", _("These fields cannot be changed here: %(fields)s.")
                          % {"fields": ", ".join(sorted(unknown))})
    with change(actor, "nonconformities.update_details", perm=PERM, nc=nc.pk):
        nc = _fresh(nc)
        if "description" in fields:
            nc.description = _text(fields["description"], 4000, _("what is not conforming"))
        if "grade" in fields:
            if fields["grade"] not in Grade.values:
                raise DomainError("nc_invalid_value", _("The grade of a nonconformity is minor or major."))
            nc.grade = fields["grade"]
        for name, limit, label in (("clause", 32, _("the ISO 9001 clause")),
                                   ("requirement", 4000, _("the requirement not met")),
                                   ("process", 200, _("the process or unit"))):
            if name in fields:
                setattr(nc, name, _text(fields[name], limit, label, required=False))
        if "effectiveness_days" in fields:
            nc.effectiveness_days = _days(fields["effectiveness_days"])
            if nc.implemented_on is not None and nc.state == State.IMPLEMENTED:
                nc.effectiveness_due_on = nc.implemented_on + datetime.timedelta(days=nc.effectiveness_days)
        nc.save()
        indicators_changed()
    return nc


def _days(value) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = -1
    if not 1 <= days <= MAX_EFFECTIVENESS_DAYS:
        raise DomainError("nc_invalid_value", _("The effectiveness check comes 1 to %(max)d days after the last "
                                                "action is done.") % {"max": MAX_EFFECTIVENESS_DAYS})
    return days


def record_correction(nc: Nonconformity, *, actor, correction: str, corrected_on=None) -> Nonconformity:
    """The immediate correction (khắc phục tức thời): what was done at once to contain the NC."""
    correction = _text(correction, 4000, _("the immediate correction"))
    with change(actor, "nonconformities.record_correction", perm=PERM, nc=nc.pk):
        nc = _fresh(nc, State.OPEN)
        corrected_on = _date(corrected_on, _("The correction date"))
        if corrected_on < nc.detected_on:
            raise DomainError("nc_date_order", _("The correction cannot come before the NC was detected (%(date)s).")
                              % {"date": nc.detected_on.strftime("%d/%m/%Y")})
        nc.correction, nc.corrected_on, nc.corrected_by, nc.state = correction, corrected_on, actor, State.CORRECTED
        nc.save()
        indicators_changed()
    return nc


def record_root_cause(nc: Nonconformity, *, actor, root_cause: str, analysed_on=None) -> Nonconformity:
    """The cause analysis (e.g. five whys), made on `analysed_on` (today by default). May be revised until
    actions are planned."""
    root_cause = _text(root_cause, 8000, _("the root cause"))
    with change(actor, "nonconformities.record_root_cause", perm=PERM, nc=nc.pk):
        nc = _fresh(nc, State.CORRECTED, State.ANALYSED)
        analysed_on = _date(analysed_on, _("The analysis date"))
        if nc.corrected_on and analysed_on < nc.corrected_on:
            raise DomainError("nc_date_order", _("The analysis cannot come before the correction (%(date)s).")
                              % {"date": nc.corrected_on.strftime("%d/%m/%Y")})
        nc.root_cause, nc.analysed_on, nc.analysed_by, nc.state = root_cause, analysed_on, actor, State.ANALYSED
        nc.save()
        indicators_changed()
    return nc


def _owner(agency, owner):
    owner_id = getattr(owner, "pk", owner)
    user = agency_members(agency).filter(pk=owner_id).first() if owner_id not in (None, "") else None
    if user is None:
        raise DomainError("nc_not_agency_member", _("The owner of an action must be a member of this agency."))
    return user


def _new_action(nc: Nonconformity, *, actor, agency, description, owner, due_on, planned_on) -> CorrectiveAction:
    description = _text(description, 4000, _("the corrective action"))
    user = _owner(agency, owner)
    due_on = _date(due_on, _("The due date"), default_today=False, future=True)
    if due_on < planned_on:
        raise DomainError("nc_date_order", _("The due date cannot come before the action is planned (%(date)s).")
                          % {"date": planned_on.strftime("%d/%m/%Y")})
    action = CorrectiveAction.objects.create(nonconformity=nc, description=description, owner=user,
                                             owner_name=user.display_name[:150], due_on=due_on, created_by=actor)
    after_commit(lambda: _tell_owner(action.pk))
    return action


def add_action(nc: Nonconformity, *, actor, description: str, owner, due_on, planned_on=None) -> CorrectiveAction:
    """Plan a corrective action with its owner and due date (planned on `planned_on`, today by default). The
    first one moves the NC to "actions planned"; one added after the actions were done takes it back there."""
    with change(actor, "nonconformities.add_action", perm=PERM, nc=nc.pk):
        agency = current_agency()
        nc = _fresh(nc, State.ANALYSED, State.PLANNED, State.IMPLEMENTED)
        planned_on = _date(planned_on, _("The planning date"))
        if nc.analysed_on and planned_on < nc.analysed_on:
            raise DomainError("nc_date_order", _("Actions cannot be planned before the cause was analysed "
                                                 "(%(date)s).") % {"date": nc.analysed_on.strftime("%d/%m/%Y")})
        action = _new_action(nc, actor=actor, agency=agency, description=description, owner=owner, due_on=due_on,
                             planned_on=planned_on)
        if nc.state != State.PLANNED:
            if nc.state == State.ANALYSED:
                nc.planned_on, nc.planned_by = planned_on, actor
            nc.state, nc.implemented_on, nc.effectiveness_due_on = State.PLANNED, None, None
            nc.save()
        indicators_changed()
    return action


def complete_action(action: CorrectiveAction, *, actor, result: str, done_on=None) -> CorrectiveAction:
    """Mark an action done with its result (its owner, or the ISO secretary). When it is the last open one,
    the actions are done and the effectiveness check falls due `effectiveness_days` later."""
    result = _text(result, 4000, _("the result of the action"))
    with change(actor, "nonconformities.complete_action", corrective_action=action.pk):
        action = CorrectiveAction.objects.select_for_update().filter(pk=action.pk).first()
        if action is None:
            raise DomainError("not_found", _("The corrective action no longer exists."), status_code=404)
        if action.owner_id == actor.pk:
            require(actor, Perm.VIEW_QMS)  # an owner who has left the agency may no longer
        elif not allowed(actor, PERM):
            raise DomainError("nc_not_owner", _("Only the action's owner or the ISO secretary may mark it done."))
        nc = _fresh(action.nonconformity_id, State.PLANNED)
        if action.done_on is not None:
            raise DomainError("nc_action_done", _("This action was already marked done on %(date)s.")
                              % {"date": action.done_on.strftime("%d/%m/%Y")})
        done_on = _date(done_on, _("The date the action was done"))
        if nc.planned_on and done_on < nc.planned_on:
            raise DomainError("nc_date_order", _("An action cannot be done before it was planned (%(date)s).")
                              % {"date": nc.planned_on.strftime("%d/%m/%Y")})
        action.done_on, action.done_by, action.result = done_on, actor, result
        action.save()
        if not nc.actions.filter(done_on__isnull=True).exists():
            last = max(nc.actions.values_list("done_on", flat=True))
            nc.state, nc.implemented_on = State.IMPLEMENTED, last
            nc.effectiveness_due_on = last + datetime.timedelta(days=nc.effectiveness_days)
            nc.save()
        indicators_changed()
    return action


def record_effectiveness(nc: Nonconformity, *, actor, result: str, note: str, checked_on=None,
                         new_action: dict | None = None) -> Nonconformity:
    """The effectiveness check of the actions. "effective" lets the NC close; "not effective" reopens it to
    "actions planned" with `new_action` ({description, owner, due_on}), which is required then."""
    if result not in Effectiveness.values:
        raise DomainError("nc_invalid_value", _("The effectiveness result is “effective” or “not effective”."))
    note = _text(note, 4000, _("the evidence of effectiveness"))
    with change(actor, "nonconformities.record_effectiveness", perm=PERM, nc=nc.pk, result=result):
        nc = _fresh(nc, State.IMPLEMENTED)
        checked_on = _date(checked_on, _("The check date"))
        if nc.implemented_on and checked_on < nc.implemented_on:
            raise DomainError("nc_date_order", _("The check cannot come before the actions were done (%(date)s).")
                              % {"date": nc.implemented_on.strftime("%d/%m/%Y")})
        nc.effectiveness, nc.effectiveness_note = result, note
        nc.effectiveness_checked_on, nc.effectiveness_checked_by = checked_on, actor
        if result == Effectiveness.EFFECTIVE:
            nc.state = State.EFFECTIVE
        else:
            if not new_action:
                raise DomainError("nc_invalid_value", _("Actions found not effective need a new corrective action: "
                                                        "describe it, choose its owner and due date."))
            _new_action(nc, actor=actor, agency=current_agency(), planned_on=checked_on, **{
                k: new_action.get(k) for k in ("description", "owner", "due_on")})
            nc.state, nc.implemented_on, nc.effectiveness_due_on = State.PLANNED, None, None
            nc.not_effective_count += 1
        nc.save()
        indicators_changed()
    return nc


def close_nonconformity(nc: Nonconformity, *, actor) -> Nonconformity:
    """Close the NC: never while an action is open, nor without an effectiveness check found effective."""
    with change(actor, "nonconformities.close", perm=PERM, nc=nc.pk):
        nc = _fresh(nc)
        if not nc.actions.exists():
            raise DomainError("nc_no_actions", _("%(number)s has no corrective action yet: it cannot close.")
                              % {"number": nc.number})
        still_open = nc.actions.filter(done_on__isnull=True).count()
        if still_open:
            raise DomainError("nc_action_open", _("%(number)s cannot close: %(count)d corrective action(s) still "
                                                  "open.") % {"number": nc.number, "count": still_open})
        if not nc.effectiveness:
            raise DomainError("nc_effectiveness_missing", _("%(number)s cannot close before the effectiveness of "
                                                            "its actions is checked.") % {"number": nc.number})
        if nc.effectiveness != Effectiveness.EFFECTIVE or nc.state != State.EFFECTIVE:
            raise DomainError("nc_not_effective", _("%(number)s cannot close: its actions were found not "
                                                    "effective.") % {"number": nc.number})
        nc.state, nc.closed_on, nc.closed_by = State.CLOSED, timezone.localdate(), actor
        nc.save()
        indicators_changed()
    return nc


def _tell_owner(action_id: int) -> None:
    from .reminders import tell_owner_of_new_action

    tell_owner_of_new_action(action_id)


def _tell_keepers(nc_id: int) -> None:
    from .reminders import tell_keepers_of_new_nc

    tell_keepers_of_new_nc(nc_id)
