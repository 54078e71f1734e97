"""What the public page (/cong-khai/) may show of documents: effective procedures, their forms, their files.

Only editions in force of documents not withdrawn; never a draft, never a name: code, title, edition, issue
date and the files attached to the edition in force. The public download serves exactly these files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, QuerySet

from documents.models import Attachment, Document, DocumentKind, RevisionState

PROCEDURE_KINDS = (DocumentKind.TTHC_PROCEDURE, DocumentKind.SYSTEM_PROCEDURE, DocumentKind.INTERNAL_PROCEDURE)
FORM_KINDS = (DocumentKind.FORM, DocumentKind.GUIDANCE)


def in_force() -> QuerySet[Document]:
    return Document.objects.filter(withdrawn=False, effective_revision__isnull=False,
                                   effective_revision__state=RevisionState.PUBLISHED)


def public_attachments() -> QuerySet[Attachment]:
    """Files of the edition in force of an effective procedure or of a form belonging to one."""
    return Attachment.objects.filter(
        revision__state=RevisionState.PUBLISHED, revision__document__effective_revision=F("revision"),
        revision__document__withdrawn=False,
        revision__document__kind__in=PROCEDURE_KINDS + FORM_KINDS)


@dataclass
class PublicDocument:
    code: str
    title: str
    edition: int
    issued_on: object
    files: list[dict] = field(default_factory=list)  # {"id", "name", "size"}
    forms: list[PublicDocument] = field(default_factory=list)


def _files_by_revision(revision_ids) -> dict[int, list[dict]]:
    files: dict[int, list[dict]] = {}
    for attachment in public_attachments().filter(revision_id__in=list(revision_ids)).order_by("original_name", "id"):
        files.setdefault(attachment.revision_id, []).append(
            {"id": attachment.pk, "name": attachment.original_name, "size": attachment.size})
    return files


def effective_procedures() -> list[PublicDocument]:
    """Effective procedures by code, each with its effective forms and guidance, and their files."""
    procedures = list(in_force().filter(kind__in=PROCEDURE_KINDS).select_related("effective_revision")
                      .order_by("kind", "code"))
    forms = list(in_force().filter(kind__in=FORM_KINDS, procedure__in=[p.pk for p in procedures])
                 .select_related("effective_revision").order_by("code"))
    files = _files_by_revision([d.effective_revision_id for d in procedures + forms])

    def shown(document: Document) -> PublicDocument:
        revision = document.effective_revision
        issued = revision.issue_date or (revision.published_at.date() if revision.published_at else None)
        return PublicDocument(document.code, document.title, revision.edition, issued,
                              files.get(revision.pk, []))

    rows = {p.pk: shown(p) for p in procedures}
    for form in forms:
        rows[form.procedure_id].forms.append(shown(form))
    return list(rows.values())
