"""Context and risks' part of "My tasks": the risks a person owns whose review is due within a month or
overdue, earliest first."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.roles import Perm
from core.worklist import WorkPanel, register

from . import selectors


def collect(request) -> dict | None:
    today = timezone.localdate()
    mine = list(selectors.reviews_due(today + timedelta(days=selectors.REVIEW_SOON_DAYS))
                .filter(owner_id=request.user.pk)[:20])
    if not mine:
        return None
    return {"risks": mine, "today": today, "overdue": sum(risk.review_on < today for risk in mine)}


register(WorkPanel("risks", template="risks/_tasks_panel.html", collect=collect, perm=Perm.VIEW_QMS, order=40))
