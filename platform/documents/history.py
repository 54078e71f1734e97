"""The change history of a document (with its revisions, sign-offs, files, and what other areas keep about
it, e.g. its required records and the legal documents it rests on), for the agency admin.

What belongs to a document's history is decided here; how an event reads is core.history's. Deleted
rows keep their events, so a removed attachment or a discarded draft still shows.
"""

from __future__ import annotations

from pghistory.models import Events

from core.history import HistoryEvent, present

from .models import Document, Revision
from .panels import extra_edition_history_models, extra_history_models


def document_history(document: Document) -> list[HistoryEvent]:
    """Every event of the document and of what belongs to it, oldest first."""
    own = (Events.objects.across("documents.DocumentEvent",
                                 "documents.RevisionEvent", *extra_history_models())
           .references(document))
    # A form points at its procedure: its own events belong to its own history, not this one's.
    events = [e for e in own if e.pgh_model != "documents.DocumentEvent" or e.pgh_obj_id == str(document.pk)]
    revision_ids = {int(e.pgh_obj_id) for e in events if e.pgh_model == "documents.RevisionEvent"}
    if revision_ids:
        # Revision(pk=...) stands for revisions that may since have been deleted (discarded drafts).
        events += list(Events.objects.across("documents.SignoffEvent", "documents.AttachmentEvent",
                                             *extra_edition_history_models())
                       .references([Revision(pk=pk) for pk in sorted(revision_ids)]))
    return present(events)



__all__ = ["HistoryEvent", "document_history"]
