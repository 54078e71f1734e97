"""Every read rule of TTHC procedures: which edition's data a person sees, and that data."""

from __future__ import annotations

from django.db.models import QuerySet

from documents import selectors as documents_selectors
from documents.models import Document, DocumentKind, Revision

from .models import ProcedureStep, TthcProcedureSpec


def is_tthc_procedure(document: Document) -> bool:
    return document.kind == DocumentKind.TTHC_PROCEDURE


def visible_specs(user) -> QuerySet[TthcProcedureSpec]:
    """Specs of the editions `user` may open (staff: issued editions only)."""
    return TthcProcedureSpec.objects.filter(
        revision__in=documents_selectors.visible_revisions(user).values("pk")).select_related("revision__document")


def shown_revision(user, document: Document) -> Revision | None:
    """The edition the document page talks about: the one being made for people who see drafts, else the
    edition in force."""
    return documents_selectors.working_revision(user, document) or document.effective_revision


def editable_revision(document: Document) -> Revision | None:
    """The edition whose procedure can still be changed (a draft, or one sent back for changes)."""
    revision = documents_selectors.open_revision(document)
    return revision if revision is not None and revision.is_editable else None


def spec_of(revision: Revision | None) -> TthcProcedureSpec | None:
    if revision is None:
        return None
    return TthcProcedureSpec.objects.filter(revision=revision).first()


def steps_of(revision: Revision | None) -> QuerySet[ProcedureStep]:
    if revision is None:
        return ProcedureStep.objects.none()
    return ProcedureStep.objects.filter(revision=revision).order_by("number")
