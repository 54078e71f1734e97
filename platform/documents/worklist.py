"""Documents' part of "My tasks" on the agency home page (registered in core.worklist)."""

from __future__ import annotations

from accounts.roles import Perm
from core.worklist import WorkPanel, register

from .selectors import my_tasks


def collect(request) -> dict:
    return {"tasks": my_tasks(request.user)}


register(WorkPanel("documents", template="documents/_tasks_panel.html", collect=collect, perm=Perm.VIEW_QMS,
                   order=10))
