"""Planned internal audits not yet reported, by their start date, on the agency dashboard."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.agenda import AgendaItem, AgendaSource, register

from . import selectors


def planned_audits(until: date) -> list[AgendaItem]:
    found = list(selectors.not_done_until(until))
    lead = selectors.names({plan.lead_auditor_id for plan in found})
    return [AgendaItem(title=plan.title, due_on=plan.starts_on, url=reverse("audits:plan", kwargs={"pk": plan.pk}),
                       owner=lead.get(plan.lead_auditor_id, "")) for plan in found]


register(AgendaSource("audits", _("Internal audits"), collect=planned_audits, order=40))
