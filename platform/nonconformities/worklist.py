"""Nonconformities' part of "My tasks": the corrective actions the person owns and has not done yet."""

from __future__ import annotations

from accounts.roles import Perm
from core.worklist import WorkPanel, register

from . import selectors


def collect(request) -> dict | None:
    actions = list(selectors.my_open_actions(request.user)[:20])
    if not actions:
        return None
    return {"actions": actions, "overdue": sum(action.overdue for action in actions)}


register(WorkPanel("nonconformities", template="nonconformities/_my_actions_panel.html", collect=collect,
                   perm=Perm.VIEW_QMS, order=40))
