"""Every change to management review: planning, preparing the inputs, recording the minutes, the actions.

The ISO secretary keeps the reviews (Perm.MANAGE_QMS); the chair is the agency's head or a deputy (a member
holding Perm.SIGN_FOR_AGENCY). Preparing the inputs asks every area (core.review_inputs.gather) and freezes
what they said on the review, in the language the minutes are printed in; it may be done again until the
review is held, never after. An action's owner (or the secretary) records its result; owners are told when an
action is given to them and reminded by the daily task (tasks.py) when it falls due.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core import review_inputs, values
from core.changes import change, require
from core.errors import DomainError
from core.indicators import indicators_changed

from . import selectors
from .models import ActionKind, Review, ReviewAction, ReviewState

PERM = Perm.MANAGE_QMS


def _text(value, limit: int, label: str, *, required: bool = True) -> str:
    return values.line(value, limit, label, code="review_invalid_value", required=required)


def _long_text(value, limit: int = 5000) -> str:
    text = "\n".join(line.rstrip() for line in str(value or "").strip().splitlines())
    if len(text) > limit:
        raise DomainError("review_invalid_value", _("A text of the minutes is longer than %(limit)d characters.")
                          % {"limit": limit})
    return text


def _date(value, label: str, *, past: bool = False) -> datetime.date:
    return values.a_date(value, label, code="review_period_order", past=past)


def _member(agency, user, *, perm: str | None = None):
    found = agency_members(agency, perm).filter(pk=getattr(user, "pk", user)).first() if user else None
    if found is None and perm is not None and agency_members(agency).filter(pk=getattr(user, "pk", user)).exists():
        raise DomainError("review_chair_not_head", _(
            "The chair must be the agency's head or a deputy (a member who signs for the agency)."))
    if found is None:
        raise DomainError("review_not_agency_member", _("The person chosen is not a member of this agency."))
    return found


def _attendees(agency, users, others) -> list[dict]:
    people = [_member(agency, user) for user in (users or [])]
    rows = [{"user": person.pk, "name": person.display_name, "position": person.job_title or ""}
            for person in people]
    lines = others.splitlines() if isinstance(others, str) else list(others or [])
    for line in lines:
        name = _text(line, 200, _("an attendee's name"), required=False)
        if name and name not in {row["name"] for row in rows}:
            rows.append({"user": None, "name": name, "position": ""})
    return rows


def _plan_values(agency, *, title, planned_on, period_since, period_until, chair, secretary, place,
                 attendee_users, other_attendees, excluding=None) -> dict:
    planned_on = _date(planned_on, _("The meeting date"))
    default_since, default_until = selectors.default_period(planned_on, excluding=excluding)
    since = default_since if period_since in (None, "") else _date(period_since, _("The start of the period"))
    until = default_until if period_until in (None, "") else _date(period_until, _("The end of the period"))
    if since > until:
        raise DomainError("review_period_order", _("The period covered ends (%(until)s) before it begins "
                                                   "(%(since)s).") % {"since": since.strftime("%d/%m/%Y"),
                                                                      "until": until.strftime("%d/%m/%Y")})
    chair = _member(agency, chair, perm=Perm.SIGN_FOR_AGENCY)
    secretary = _member(agency, secretary)
    title = _text(title, 300, _("the meeting title"), required=False) or \
        _("Management review of the quality management system, %(year)s") % {"year": planned_on.year}
    return {"title": title, "planned_on": planned_on, "period_since": since, "period_until": until,
            "place": _text(place, 200, _("the meeting place"), required=False),
            "chair": chair, "chair_name": chair.display_name, "chair_title": (chair.job_title or "")[:200],
            "secretary": secretary, "secretary_name": secretary.display_name,
            "attendees": _attendees(agency, attendee_users, other_attendees)}


def _fresh(review: Review) -> Review:
    fresh = Review.objects.select_for_update().filter(pk=review.pk).first()
    if fresh is None:
        raise DomainError("not_found", _("The management review no longer exists."), status_code=404)
    return fresh


def _not_held(review: Review) -> Review:
    if review.state == ReviewState.HELD:
        raise DomainError("review_held", _("The review was held on %(date)s: its plan and inputs are frozen.")
                          % {"date": review.held_on.strftime("%d/%m/%Y")})
    return review


def plan_review(*, actor, planned_on, chair, secretary, title="", period_since=None, period_until=None, place="",
                attendee_users=(), other_attendees="") -> Review:
    """Plan a management review: the period it covers (by default since the previous one), when, who."""
    agency = require(actor, PERM)
    values = _plan_values(agency, title=title, planned_on=planned_on, period_since=period_since,
                          period_until=period_until, chair=chair, secretary=secretary, place=place,
                          attendee_users=attendee_users, other_attendees=other_attendees)
    with change(actor, "reviews.plan_review"):
        review = Review.objects.create(recorded_by=actor, **values)
    return review


def update_plan(review: Review, *, actor, planned_on, chair, secretary, title="", period_since=None,
                period_until=None, place="", attendee_users=(), other_attendees="") -> Review:
    """Change the plan of a review not held yet (prepared inputs stay until prepared again)."""
    agency = require(actor, PERM)
    values = _plan_values(agency, title=title, planned_on=planned_on, period_since=period_since,
                          period_until=period_until, chair=chair, secretary=secretary, place=place,
                          attendee_users=attendee_users, other_attendees=other_attendees, excluding=review)
    with change(actor, "reviews.update_plan", review=review.pk):
        review = _not_held(_fresh(review))
        for name, value in values.items():
            setattr(review, name, value)
        review.save()
    return review


def gathered_inputs(since: datetime.date, until: datetime.date) -> list[dict]:
    """What every area reports for the period, in the language the minutes are printed in."""
    with translation.override(settings.LANGUAGE_CODE):
        return review_inputs.gather(since, until)


def prepare_inputs(review: Review, *, actor) -> Review:
    """Gather the clause 9.3.2 inputs for the review's period and freeze them on it (again, until it is held)."""
    with change(actor, "reviews.prepare_inputs", perm=PERM, review=review.pk):
        review = _not_held(_fresh(review))
        review.inputs = gathered_inputs(review.period_since, review.period_until)
        review.inputs_prepared_at = timezone.now()
        review.state = ReviewState.PREPARED
        review.save(update_fields=["inputs", "inputs_prepared_at", "state"])
    return review


def record_minutes(review: Review, *, actor, held_on, summary="", improvements="", qms_changes="",
                   resource_needs="", decisions="") -> Review:
    """The review was held: its outputs (9.3.3) and decisions. Its inputs are frozen from now on."""
    held_on = _date(held_on, _("The meeting date"), past=True)
    with change(actor, "reviews.record_minutes", perm=PERM, review=review.pk):
        review = _not_held(_fresh(review))
        if review.state != ReviewState.PREPARED or review.inputs is None:
            raise DomainError("review_inputs_not_prepared", _(
                "Prepare the review's inputs first: the minutes record what the meeting reviewed."))
        if held_on < review.period_since:
            raise DomainError("review_period_order", _("The meeting cannot be held before the period it reviews "
                                                       "begins (%(date)s).")
                              % {"date": review.period_since.strftime("%d/%m/%Y")})
        review.held_on = held_on
        review.summary, review.decisions = _long_text(summary), _long_text(decisions)
        review.improvements, review.qms_changes = _long_text(improvements), _long_text(qms_changes)
        review.resource_needs = _long_text(resource_needs)
        review.state = ReviewState.HELD
        review.save()
        indicators_changed()
    return review


def update_outputs(review: Review, *, actor, summary="", improvements="", qms_changes="", resource_needs="",
                   decisions="") -> Review:
    """Correct the outputs and decisions of held minutes (their inputs stay frozen)."""
    with change(actor, "reviews.update_outputs", perm=PERM, review=review.pk):
        review = _fresh(review)
        if review.state != ReviewState.HELD:
            raise DomainError("review_inputs_not_prepared", _("Record the minutes first."))
        review.summary, review.decisions = _long_text(summary), _long_text(decisions)
        review.improvements, review.qms_changes = _long_text(improvements), _long_text(qms_changes)
        review.resource_needs = _long_text(resource_needs)
        review.save()
    return review


# ------------------------------------------------------------------------------------------------ actions

def _action_values(agency, *, text, owner, due_on, kind) -> dict:
    if kind not in ActionKind.values:
        raise DomainError("review_invalid_value", _("Say which output of the review the action answers."))
    owner = _member(agency, owner)
    return {"text": _text(text, 500, _("the action")), "owner": owner, "owner_name": owner.display_name,
            "due_on": _date(due_on, _("The due date")), "kind": kind}


def _tell_owner(action: ReviewAction) -> None:
    from notifications.services import notify

    with translation.override(settings.LANGUAGE_CODE):
        message = _("Management review action for you: %(text)s (due %(due)s).") % {
            "text": action.text, "due": action.due_on.strftime("%d/%m/%Y")}
    notify(action.owner, message, reverse("reviews:detail", args=[action.review_id]), verb="review_action",
           key=f"review_action:{action.pk}:{action.owner_id}")


def add_action(review: Review, *, actor, text, owner, due_on, kind=ActionKind.IMPROVEMENT) -> ReviewAction:
    """An action the review decided; its owner is told."""
    agency = require(actor, PERM)
    values = _action_values(agency, text=text, owner=owner, due_on=due_on, kind=kind)
    with change(actor, "reviews.add_action", review=review.pk):
        review = _fresh(review)
        if review.state == ReviewState.PLANNED:
            raise DomainError("review_inputs_not_prepared", _(
                "Prepare the review's inputs before recording the actions it decides."))
        if values["due_on"] < (review.held_on or review.planned_on):
            raise DomainError("review_period_order", _("An action cannot be due before the meeting."))
        action = ReviewAction.objects.create(review=review, **values)
        _tell_owner(action)
        indicators_changed()
    return action


def update_action(action: ReviewAction, *, actor, text, owner, due_on, kind=ActionKind.IMPROVEMENT) -> ReviewAction:
    """Change an open action (a new owner is told)."""
    agency = require(actor, PERM)
    values = _action_values(agency, text=text, owner=owner, due_on=due_on, kind=kind)
    with change(actor, "reviews.update_action", review_action=action.pk):
        action = _open(action)
        for name, value in values.items():
            setattr(action, name, value)
        action.save()
        _tell_owner(action)
        indicators_changed()
    return action


def _open(action: ReviewAction) -> ReviewAction:
    fresh = ReviewAction.objects.select_for_update().filter(pk=action.pk).first()
    if fresh is None:
        raise DomainError("not_found", _("The action no longer exists."), status_code=404)
    if fresh.done_on is not None:
        raise DomainError("review_action_done", _("The action was done on %(date)s.")
                          % {"date": fresh.done_on.strftime("%d/%m/%Y")})
    return fresh


def complete_action(action: ReviewAction, *, actor, done_on, result) -> ReviewAction:
    """The action is done: when and what came of it (its owner or the ISO secretary says so)."""
    done_on = _date(done_on, _("The date it was done"), past=True)
    result = _text(result, 2000, _("the result"))
    with change(actor, "reviews.complete_action", perm=Perm.VIEW_QMS, review_action=action.pk):
        action = _open(action)
        if not selectors.may_complete(actor, action):
            raise DomainError("review_not_action_owner", _(
                "Only the action's owner or the ISO secretary records its result."), status_code=403)
        if action.review.held_on is not None and done_on < action.review.held_on:
            raise DomainError("review_period_order", _("An action cannot be done before the meeting that decided it."))
        action.done_on, action.result = done_on, result
        action.save(update_fields=["done_on", "result"])
        indicators_changed()
    return action


def remind_owners(today: datetime.date | None = None) -> int:
    """Tell each open action's owner once when it falls due soon and once when it is overdue (idempotent:
    a notice's key names the action and which reminder it is). Returns the notices created."""
    from notifications.services import notify

    today = today or timezone.localdate()
    sent = 0
    for action in selectors.actions_to_remind(today).select_related("review"):
        overdue = action.due_on < today
        values = {"text": action.text, "due": action.due_on.strftime("%d/%m/%Y")}
        with translation.override(settings.LANGUAGE_CODE):
            message = (_("Overdue management review action: %(text)s (was due %(due)s).") if overdue
                       else _("Management review action due soon: %(text)s (due %(due)s).")) % values
        key = f"review_action_{'overdue' if overdue else 'due'}:{action.pk}:{action.due_on:%Y%m%d}"
        if notify(action.owner, message, reverse("reviews:detail", args=[action.review_id]),
                  verb="review_action", key=key) is not None:
            sent += 1
    return sent
