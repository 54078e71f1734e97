"""Management review's own clause 9.3.2 input: the status of the actions of previous reviews (item a)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core.review_inputs import ReviewInput, register

from . import selectors


def previous_actions_status(since: date, until: date) -> list[str] | None:
    rows = [row for row in selectors.action_rows(selectors.previous_actions(until), today=until)
            if row.action.done_on is None or row.action.done_on >= since]  # done earlier: told by an earlier review
    if not rows:
        return None
    done = sum(row.state == selectors.ActionState.DONE for row in rows)
    overdue = sum(row.state == selectors.ActionState.OVERDUE for row in rows)
    lines = [_("%(total)d actions decided by previous reviews: %(done)d done, %(open)d open, of which %(overdue)d "
               "overdue.") % {"total": len(rows), "done": done, "open": len(rows) - done, "overdue": overdue}]
    for row in rows:
        action = row.action
        values = {"text": action.text, "owner": action.owner_name, "due": action.due_on.strftime("%d/%m/%Y"),
                  "held": action.review.held_on.strftime("%d/%m/%Y")}
        if row.state == selectors.ActionState.DONE:
            line = _("Done on %(done)s: %(text)s (%(owner)s, review of %(held)s)") % {
                **values, "done": action.done_on.strftime("%d/%m/%Y")}
            if action.result:
                line += f" — {action.result}"
        elif row.state == selectors.ActionState.OVERDUE:
            line = _("Overdue since %(due)s: %(text)s (%(owner)s, review of %(held)s)") % values
        else:
            line = _("Open, due %(due)s: %(text)s (%(owner)s, review of %(held)s)") % values
        lines.append(line)
    return lines


register(ReviewInput("reviews", item="a", gather=previous_actions_status, order=10))
