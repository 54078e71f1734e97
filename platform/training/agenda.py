"""The agency dashboard's agenda: planned training sessions (and those whose date passed unrecorded)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.agenda import AgendaItem, AgendaSource, register

from . import selectors


def planned_sessions(until: date) -> list[AgendaItem]:
    return [AgendaItem(title=_("Training: %(topic)s") % {"topic": session.topic}, due_on=session.date,
                       url=reverse("training:detail", args=[session.pk]), owner=session.trainer)
            for session in selectors.planned_until(until)]


register(AgendaSource("training", gettext_lazy("Planned training"), collect=planned_sessions))
