"""documents' own parts of an edition: header metadata, the text, and attached files (see editions.py)."""

from __future__ import annotations

from .editions import EditionPart, register
from .models import Attachment


def _document(revision) -> dict:
    document = revision.document
    return {"code": document.code, "title": document.title, "kind": document.kind}


def _revision(revision) -> dict:
    return {"edition": revision.edition, "content": revision.content,
            "change_summary": revision.change_summary, "change_reason": revision.change_reason}


def _attachments(revision) -> list[dict]:
    return sorted(
        ({"name": a.original_name, "sha256": a.sha256, "size": a.size, "content_type": a.content_type}
         for a in revision.attachments.all()),
        key=lambda a: (a["sha256"], a["name"]),
    )


def _copy_attachments(base, new) -> None:
    for attachment in base.attachments.all():
        # The stored file is shared: files are never changed or deleted, only rows point to them.
        Attachment.objects.create(
            revision=new, file=attachment.file.name, original_name=attachment.original_name,
            content_type=attachment.content_type, size=attachment.size, sha256=attachment.sha256,
            extracted_text=attachment.extracted_text, uploaded_by=attachment.uploaded_by)


# The text itself is copied when the revision row is created (services_revisions.start_revision).
register(EditionPart("document", signed=_document, order=1))
register(EditionPart("revision", signed=_revision, order=2))
register(EditionPart("attachments", signed=_attachments, copy=_copy_attachments, order=3))
