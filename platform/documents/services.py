"""Every change to documented information happens here (or in the modules this one re-exports).

Each function checks the actor's permission in the current agency (the schema the connection is on),
guards the domain's rule with a clear translated error (core.errors.DomainError), saves inside one
transaction with row locks where two people could race, and leaves history to pghistory's triggers
(stamped with who and what through core.changes.change). Views, API endpoints, the starter pack and tasks
all call these functions and never save these models themselves.

Here: documents' own metadata. The revision workflow is in services_revisions.py; distribution
and acknowledgements in services_records.py; both are re-exported below. What a person may see,
what is due and what lists show is in selectors.py.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.selectors import is_member
from core.agency import current_agency
from core.changes import change, require
from core.dates import add_months
from core.errors import DomainError

from . import legal_basis
from .indexing import refresh_search
from .models import (
    EDITABLE_STATES,
    FROZEN_STATES,
    OPEN_STATES,
    Document,
    DocumentKind,
    Revision,
    Signoff,
)
from .richtext import sanitize
from .services_records import (  # noqa: F401  (part of this module's contract)
    acknowledge,
    distribute,
)
from .services_revisions import (  # noqa: F401  (part of this module's contract)
    add_attachment,
    decide,
    publish,
    remove_attachment,
    start_revision,
    submit_for_review,
    update_draft,
    withdraw,
)

# Re-exported for callers that import the whole workflow from here.
__all__ = ["acknowledge", "add_attachment", "create_document", "decide", "distribute",
           "publish", "remove_attachment", "set_legal_references", "start_revision",
           "submit_for_review", "update_document", "update_draft", "withdraw"]

# Printed in the document's header and covered by the signatures: changed only with a new revision.
SIGNED_METADATA = {"code", "title", "kind"}
UPDATABLE_FIELDS = {"code", "title", "kind", "owner_unit", "owner", "procedure", "review_interval_months",
                    "review_due"}


# ------------------------------------------------------------------------------------------- documents

def create_document(*, actor, code, title, kind, owner_unit="", owner=None, procedure=None,
                    review_interval_months=12, content="", legal_references=()) -> Document:
    """A new document with its first edition as a draft, drafted by `actor`."""
    require(actor, Perm.EDIT_DOCUMENTS)
    values = _clean_metadata({"code": code, "title": title, "kind": kind, "owner_unit": owner_unit,
                              "owner": owner, "procedure": procedure,
                              "review_interval_months": review_interval_months})
    with change(actor, "documents.create_document", code=values["code"]):
        _check_code_free(values["code"])
        try:
            with transaction.atomic():
                document = Document.objects.create(**values)
        except IntegrityError as exc:  # someone else took the code between our check and the insert
            raise _duplicate_code(values["code"]) from exc
        revision = Revision.objects.create(document=document, edition=1, content=sanitize(content),
                                           created_by=actor)
        Signoff.objects.create(revision=revision, step=Signoff.Step.DRAFTED, user=actor)
        _replace_legal_references(document, legal_references, actor=actor)
        refresh_search(document)
    return document


def update_document(document: Document, *, actor, **fields) -> Document:
    """Change a document's metadata. Code, title and kind are part of what was signed: they change
    only while an edition is being drafted (or before any edition was approved)."""
    require(actor, Perm.EDIT_DOCUMENTS)
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise DomainError("unknown_field", _("These fields cannot be changed here: %(fields)s.") % {
            "fields": ", ".join(sorted(unknown))})
    values = _clean_metadata(fields, partial=True, document=document)
    with change(actor, "documents.update_document", document=document.pk):
        document = Document.objects.select_for_update().get(pk=document.pk)
        changed = {name: value for name, value in values.items() if getattr(document, name) != value}
        if not changed:
            return document
        if SIGNED_METADATA & set(changed) and not _signed_metadata_editable(document):
            raise DomainError("metadata_frozen", _(
                "The code, title and kind are part of the approved edition. Start a new revision to "
                "change them."))
        if "code" in changed:
            _check_code_free(changed["code"], exclude=document.pk)
        for name, value in changed.items():
            setattr(document, name, value)
        if "review_interval_months" in changed and "review_due" not in changed:
            effective = document.effective_revision
            if effective is not None and effective.issue_date:
                document.review_due = add_months(effective.issue_date, document.review_interval_months)
                changed["review_due"] = document.review_due
        try:
            with transaction.atomic():
                document.save(update_fields=[*changed, "updated_at"])
        except IntegrityError as exc:
            raise _duplicate_code(document.code) from exc
        refresh_search(document)
    return document


def set_legal_references(document: Document, *, actor, references: list[dict]) -> None:
    """Replace the document's legal references (the legal texts it rests on) with `references`; they are
    kept in the province's legal register (documents.legal_basis)."""
    require(actor, Perm.EDIT_DOCUMENTS)
    references = legal_basis.clean(references)
    with change(actor, "documents.set_legal_references", document=document.pk):
        document = Document.objects.select_for_update().get(pk=document.pk)
        _replace_legal_references(document, references, actor=actor)


# ------------------------------------------------------------------------------------------- internals

def _duplicate_code(code: str) -> DomainError:
    return DomainError("duplicate_code", _("A document with code %(code)s already exists in this agency.")
                       % {"code": code})


def _check_code_free(code: str, exclude=None) -> None:
    taken = Document.objects.filter(code__iexact=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise _duplicate_code(code)


def _signed_metadata_editable(document: Document) -> bool:
    being_made = document.revisions.filter(state__in=OPEN_STATES).first()
    if being_made is not None:
        return being_made.state in EDITABLE_STATES
    return not document.revisions.filter(state__in=FROZEN_STATES).exists()


def _clean_metadata(fields: dict, *, partial=False, document=None) -> dict:
    values = dict(fields)
    for name in ("code", "title", "owner_unit"):
        if name in values:
            values[name] = " ".join(str(values[name] or "").split())
    if "code" in values and not values["code"]:
        raise DomainError("code_required", _("Give the document a code, e.g. QT-HT-01."))
    if "code" in values and len(values["code"]) > 32:
        raise DomainError("code_too_long", _("A document code has at most 32 characters."))
    if "title" in values and not values["title"]:
        raise DomainError("title_required", _("Give the document a title."))
    if "kind" in values and values["kind"] not in DocumentKind.values:
        raise DomainError("invalid_kind", _("Unknown kind of document."))
    if "review_interval_months" in values:
        try:
            values["review_interval_months"] = int(values["review_interval_months"])
        except (TypeError, ValueError):
            values["review_interval_months"] = 0
        if not 1 <= values["review_interval_months"] <= 120:
            raise DomainError("invalid_review_interval", _("Review every 1 to 120 months."))
    owner_id = getattr(values.get("owner"), "pk", values.get("owner"))
    if owner_id is not None and (document is None or document.owner_id != owner_id) \
            and not is_member(owner_id, current_agency()):
        # The owner gets the review reminders: a person of another agency must not be named (or learn titles).
        raise DomainError("owner_not_a_member", _("The person in charge must be a member of this agency."))
    if values.get("procedure") is not None:
        procedure = values["procedure"]
        if not isinstance(procedure, Document):
            procedure = Document.objects.filter(pk=procedure).first()
        if procedure is None or (document is not None and procedure.pk == document.pk):
            raise DomainError("invalid_procedure", _("Choose another document as the procedure this belongs to."))
        values["procedure"] = procedure
    return values


def _replace_legal_references(document: Document, references, *, actor) -> None:
    legal_basis.replace(document, actor=actor, references=legal_basis.clean(references))
