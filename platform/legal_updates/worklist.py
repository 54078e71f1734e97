"""Legal updates' part of "My tasks": the open update tasks of the agency, overdue first."""

from __future__ import annotations

from accounts.roles import Perm
from core.worklist import WorkPanel, register

from . import selectors


def collect(request) -> dict | None:
    tasks = selectors.filter_tasks(selectors.visible_tasks(request.user, request.tenant), state="open")
    rows = selectors.task_rows(tasks[:20])
    if not rows:
        return None
    return {"rows": rows, "overdue": sum(row.state == selectors.State.OVERDUE for row in rows)}


register(WorkPanel("legal_updates", template="legal_updates/_tasks_panel.html", collect=collect,
                   perm=Perm.EDIT_DOCUMENTS, order=30))
