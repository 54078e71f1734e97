"""The change history of a nonconformity and its corrective actions, with each step named as people say it."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

from core.history import HistoryEvent, present

from .models import Nonconformity

ACTION_LABELS = {
    "nonconformities.raise": _("Raised the nonconformity"),
    "nonconformities.update_details": _("Changed the nonconformity's details"),
    "nonconformities.record_correction": _("Recorded the immediate correction"),
    "nonconformities.record_root_cause": _("Recorded the root cause"),
    "nonconformities.add_action": _("Planned a corrective action"),
    "nonconformities.complete_action": _("Marked a corrective action done"),
    "nonconformities.record_effectiveness": _("Recorded the effectiveness check"),
    "nonconformities.close": _("Closed the nonconformity"),
}


def nc_events(nc: Nonconformity) -> list[HistoryEvent]:
    """Every change to the NC and to its actions, oldest first, from immutable events (action as its code)."""
    events = list(Events.objects.across("nonconformities.NonconformityEvent").tracks(nc))
    events += list(Events.objects.across("nonconformities.CorrectiveActionEvent")
                   .filter(pgh_data__nonconformity_id=nc.pk))
    return present(events)


def nc_history(nc: Nonconformity) -> list[HistoryEvent]:
    """The same, each action named as people say it (the history page)."""
    return [replace(event, action=str(ACTION_LABELS.get(event.action, event.action))) for event in nc_events(nc)]
