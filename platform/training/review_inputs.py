"""Clause 9.3.2 d of a management review (the adequacy of resources): the training of the period."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core.review_inputs import ReviewInput, register

from . import selectors


def _hours(value) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def training_held(since: date, until: date) -> list[str] | None:
    totals = selectors.totals_between(since, until)
    if not totals.sessions:
        return None
    lines = [_("Training: %(sessions)d sessions held (%(hours)s hours), %(people)d people trained.") % {
        "sessions": totals.sessions, "hours": _hours(totals.hours), "people": totals.people}]
    for session in selectors.held_between(since, until):
        lines.append(_("%(date)s — %(topic)s (%(kind)s, %(hours)s hours, trainer %(trainer)s): %(attended)d of "
                       "%(invited)d attended.") % {
            "date": session.date.strftime("%d/%m/%Y"), "topic": session.topic, "kind": session.get_kind_display(),
            "hours": _hours(session.hours), "trainer": session.trainer, "attended": session.attended_count,
            "invited": session.attendee_count})
    return lines


register(ReviewInput("training", item="d", gather=training_held, order=20))
