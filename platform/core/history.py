"""History as people read it: pghistory's events of any area, with who did what and what changed.

Events are written by pghistory's database triggers into append-only tables in the agency's schema, so
no code path can skip or edit them; each carries the context `core.changes.change` set (who, which
action). Each area picks the events that belong to one of its objects and passes them to `present`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pghistory
from django.apps import apps


def tracked(*, exclude=None, **options):
    """Immutable history of every insert, update and delete (pghistory triggers; events are append-only).

    Every area's models use it. Derived columns (search vectors, extracted text, auto timestamps) are
    left out through `exclude`, so a search refresh does not read as somebody's change. `options` go to
    pghistory.track (e.g. meta={"db_table": ...} for a model that moved between apps).
    """
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(),
                           exclude=exclude or [], append_only=True, **options)


# Columns that say nothing to a reader of the history.
_NOISE = {"id", "created_at", "updated_at", "search_vector", "extracted_text"}


@dataclass
class HistoryEvent:
    id: str
    at: datetime
    event: str  # insert / update / delete
    model: str  # e.g. "documents.Revision"
    object_label: str  # the model's translated name, e.g. "phiên bản"
    object_id: str
    user_id: int | None
    user_name: str
    action: str  # the service that made the change, e.g. "documents.publish"
    changes: dict = field(default_factory=dict)  # field -> [before, after] for updates
    data: dict = field(default_factory=dict)  # the row after the change (before it, for a delete)


def present(events) -> list[HistoryEvent]:
    events = sorted(events, key=lambda e: (e.pgh_created_at, e.pgh_model, e.pgh_id))
    result = []
    for event in events:
        context = event.pgh_context or {}
        model = apps.get_model(event.pgh_obj_model)
        data = {k: v for k, v in (event.pgh_data or {}).items() if k not in _NOISE and not k.startswith("pgh_")}
        changes = {}
        if event.pgh_label == "update":
            changes = {k: v for k, v in (event.pgh_diff or {}).items() if k not in _NOISE}
            if not changes:
                continue  # only derived columns moved
        result.append(HistoryEvent(
            id=event.pgh_slug, at=event.pgh_created_at, event=event.pgh_label, model=event.pgh_obj_model,
            object_label=str(model._meta.verbose_name), object_id=str(event.pgh_obj_id or ""),
            user_id=context.get("user"), user_name=context.get("user_name", ""), action=context.get("action", ""),
            changes=changes, data=data))
    return result
