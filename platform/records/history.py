"""The change history of a record, for the agency admin."""

from __future__ import annotations

from pghistory.models import Events

from core.history import HistoryEvent, present

from .models import Record


def record_history(record: Record) -> list[HistoryEvent]:
    return present(Events.objects.across("records.RecordEvent").tracks(record))
