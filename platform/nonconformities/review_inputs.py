"""Clause 9.3.2 c4 of a management review: the nonconformities and corrective actions of the period."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.review_inputs import ReviewInput, register

from . import selectors
from .models import Effectiveness, Grade


def gather(since, until) -> list[str] | None:
    opened = selectors.opened_between(since, until)
    closed = selectors.closed_between(since, until)
    overdue = selectors.overdue_actions(min(until, timezone.localdate()) if until else None)
    if not opened.exists() and not closed.exists() and not overdue.exists():
        return None
    majors = opened.filter(grade=Grade.MAJOR).count()
    lines = [_("Nonconformities opened in the period: %(count)d (%(major)d major).")
             % {"count": opened.count(), "major": majors}]
    by_source = selectors.count_by_source(opened)
    if by_source:
        lines.append(_("By source: %(sources)s.") % {"sources": "; ".join(f"{label}: {n}" for label, n in by_source)})
    lines.append(_("Nonconformities closed in the period: %(count)d.") % {"count": closed.count()})
    not_effective = opened.filter(not_effective_count__gt=0).count() + closed.filter(
        not_effective_count__gt=0).exclude(pk__in=opened.values("pk")).count()
    if not_effective:
        lines.append(_("Nonconformities whose actions were once found not effective: %(count)d.")
                     % {"count": not_effective})
    still_open = selectors.nonconformities(state="not_closed").count()
    lines.append(_("Nonconformities still open: %(count)d.") % {"count": still_open})
    for action in overdue[:10]:
        lines.append(_("Overdue action of %(number)s (%(owner)s, due %(due)s): %(action)s")
                     % {"number": action.nonconformity.number, "owner": action.owner_name,
                        "due": action.due_on.strftime("%d/%m/%Y"), "action": action.description[:150]})
    if overdue.count() > 10:
        lines.append(_("…and %(count)d more overdue actions.") % {"count": overdue.count() - 10})
    if not overdue.exists():
        lines.append(_("No corrective action is overdue."))
    effective = closed.filter(effectiveness=Effectiveness.EFFECTIVE).count()
    if effective:
        lines.append(_("Closed after an effective check: %(count)d.") % {"count": effective})
    return lines


register(ReviewInput("nonconformities", item="c4", gather=gather, order=40))
