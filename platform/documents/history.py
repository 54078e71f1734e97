"""The change history of a document (with its revisions, sign-offs, files, legal references and required
records) or of a record, for the agency admin.

Events are written by pghistory's database triggers into append-only tables in the agency's schema, so
no code path can skip or edit them; each carries the context the services set (who, which action).
Deleted rows keep their events, so a removed attachment or a discarded draft still shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from pghistory.models import Events

from .models import Document, Record, Revision

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


def document_history(document: Document) -> list[HistoryEvent]:
    """Every event of the document and of what belongs to it, oldest first."""
    own = (Events.objects.across("documents.DocumentEvent", "documents.LegalReferenceEvent",
                                 "documents.RevisionEvent", "documents.RecordRequirementEvent")
           .references(document))
    # A form points at its procedure: its own events belong to its own history, not this one's.
    events = [e for e in own if e.pgh_model != "documents.DocumentEvent" or e.pgh_obj_id == str(document.pk)]
    revision_ids = {int(e.pgh_obj_id) for e in events if e.pgh_model == "documents.RevisionEvent"}
    if revision_ids:
        # Revision(pk=...) stands for revisions that may since have been deleted (discarded drafts).
        events += list(Events.objects.across("documents.SignoffEvent", "documents.AttachmentEvent")
                       .references([Revision(pk=pk) for pk in sorted(revision_ids)]))
    return _present(events)


def record_history(record: Record) -> list[HistoryEvent]:
    return _present(Events.objects.across("documents.RecordEvent").tracks(record))


def _present(events) -> list[HistoryEvent]:
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
