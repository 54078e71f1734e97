"""The change history of a document for the agency admin: who, when, what changed (documents.history)."""

from __future__ import annotations

from datetime import date, datetime

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Perm
from web.decorators import agency_perm_required

from . import history
from .views_support import visible_document

ACTION_LABELS = {
    "documents.create_document": _("Created the document"),
    "documents.update_document": _("Changed the document's details"),
    "documents.set_legal_references": _("Changed the legal references"),
    "documents.start_revision": _("Started a new revision"),
    "documents.update_draft": _("Edited the draft"),
    "documents.add_attachment": _("Attached a file"),
    "documents.remove_attachment": _("Removed a file"),
    "documents.submit_for_review": _("Submitted for review"),
    "documents.decide": _("Recorded a review or approval decision"),
    "documents.publish": _("Published"),
    "documents.withdraw": _("Withdrew the document"),
    "documents.distribute": _("Distributed the document"),
    "documents.add_record_requirement": _("Added a record to keep"),
    "documents.import_starter_pack": _("Imported the starter document set"),
}
EVENT_LABELS = {"insert": _("created"), "update": _("changed"), "delete": _("deleted")}
# Columns whose model label reads wrongly out of context.
FIELD_LABELS = {("documents.Signoff", "signer_name"): _("Full name"),
                ("documents.Signoff", "signer_title"): _("Job title"),
                ("documents.Signoff", "decision"): pgettext_lazy("sign-off decision", "Decision"),
                ("documents.Signoff", "snapshot_hash"): _("Content hash"),
                ("documents.Signoff", "snapshot_pdf_sha256"): _("Hash of the PDF snapshot"),
                ("documents.Revision", "content_hash"): _("Content hash"),
                ("documents.Revision", "submitted_at"): _("Submitted at"),
                ("documents.Revision", "approved_at"): _("Approved at"),
                ("documents.Revision", "published_at"): _("Published at"),
                ("documents.Revision", "ended_at"): _("Ended at")}
MAX_TEXT = 160


def _field(model_name: str, field_name: str):
    try:
        return apps.get_model(model_name)._meta.get_field(field_name)
    except (LookupError, FieldDoesNotExist):
        return None


def _label(model_name: str, field_name: str) -> str:
    if (model_name, field_name) in FIELD_LABELS:
        return str(FIELD_LABELS[model_name, field_name])
    field = _field(model_name, field_name)
    label = getattr(field, "verbose_name", None) or field_name.replace("_", " ")
    return str(label)[:1].upper() + str(label)[1:]


def _value(model_name: str, field_name: str, value) -> str:
    """A stored value as a reader knows it: choice labels, local dates, shortened long text."""
    if value in (None, ""):
        return "—"
    field = _field(model_name, field_name)
    choices = dict(getattr(field, "flatchoices", None) or [])
    if value in choices:
        return str(choices[value])
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return date.fromisoformat(value).strftime("%d/%m/%Y")
            moment = datetime.fromisoformat(value)
            return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(moment) \
                else moment.strftime("%d/%m/%Y %H:%M")
        except ValueError:
            pass
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


@login_required
@agency_perm_required(Perm.VIEW_HISTORY)
def document_history(request, pk):
    """Every change to the document and what belongs to it, newest first, from immutable events."""
    document = visible_document(request, pk)
    rows = []
    for event in reversed(history.document_history(document)):
        changes = [(_label(event.model, name), _value(event.model, name, pair[0]),
                    _value(event.model, name, pair[1])) for name, pair in event.changes.items()]
        rows.append({"event": event, "action": ACTION_LABELS.get(event.action, event.action),
                     "what": f"{event.object_label} #{event.object_id}",
                     "kind": EVENT_LABELS.get(event.event, event.event), "changes": changes})
    return render(request, "documents/history.html", {"document": document, "rows": rows})
