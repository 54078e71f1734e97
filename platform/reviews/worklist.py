"""Management review's part of "My tasks": the open review actions the person owns, overdue first."""

from __future__ import annotations

from accounts.roles import Perm
from core.worklist import WorkPanel, register

from . import selectors


def collect(request) -> dict | None:
    rows = selectors.action_rows(selectors.my_open_actions(request.user)[:20])
    if not rows:
        return None
    return {"rows": rows, "overdue": sum(row.state == selectors.ActionState.OVERDUE for row in rows)}


register(WorkPanel("reviews", template="reviews/_tasks_panel.html", collect=collect, perm=Perm.VIEW_QMS, order=60))
