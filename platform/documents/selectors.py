"""Every read rule of documented information: who sees which document, edition, file and record, what
counts as due, what a list shows for its filters, and what waits for a person.

Views, API endpoints, exports, tasks and templates ask here and hold no rule of their own; state changes
are in services.py. Everything runs in the agency whose schema the connection is on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.roles import Perm
from core.changes import allowed

from .models import (
    ISSUED_STATES,
    OPEN_STATES,
    Acknowledgement,
    Attachment,
    Distribution,
    Document,
    Revision,
    RevisionState,
    Signoff,
)

DUE_SOON_DAYS = 30  # "due soon" on lists and in my tasks
TASK_LIST_LIMIT = 50

Step = Signoff.Step
Decision = Signoff.Decision


# ---------------------------------------------------------------------------------------------- who sees

def sees_unpublished(user) -> bool:
    """People who make, check or supervise documents see drafts; everyone else only issued editions."""
    return any(allowed(user, perm) for perm in (
        Perm.EDIT_DOCUMENTS, Perm.REVIEW_DOCUMENTS, Perm.APPROVE_DOCUMENTS, Perm.PUBLISH_DOCUMENTS,
        Perm.SUPERVISE))


def visible_documents(user, *, include_withdrawn: bool = False) -> QuerySet[Document]:
    """Documents `user` may see: staff get the effective ones (and, if asked, withdrawn ones that were
    once issued, to open earlier editions); editors, reviewers, approvers and supervisors get all."""
    if not allowed(user, Perm.VIEW_QMS):
        return Document.objects.none()
    documents = Document.objects.select_related("effective_revision")
    if sees_unpublished(user):
        return documents
    if include_withdrawn:
        return documents.filter(revisions__state__in=ISSUED_STATES).distinct()
    return documents.filter(effective_revision__isnull=False, withdrawn=False)


def visible_revisions(user, document: Document | None = None) -> QuerySet[Revision]:
    """Editions `user` may open (of `document`, or of every document they may see): all of them for people
    who make or check documents, issued editions for everyone else."""
    if not allowed(user, Perm.VIEW_QMS):
        return Revision.objects.none()
    if document is not None:
        revisions = document.revisions.all()
    else:
        revisions = Revision.objects.filter(
            document__in=visible_documents(user, include_withdrawn=True).values("pk"))
    if sees_unpublished(user):
        return revisions
    return revisions.filter(state__in=ISSUED_STATES)


def visible_attachments(user) -> QuerySet[Attachment]:
    return Attachment.objects.filter(revision__in=visible_revisions(user).values("pk"))


def open_revision(document: Document) -> Revision | None:
    """The edition being made (draft, in review, changes requested or approved), if any."""
    return document.revisions.filter(state__in=OPEN_STATES).first()


def working_revision(user, document: Document) -> Revision | None:
    """The edition being made, for people who may see it."""
    return open_revision(document) if sees_unpublished(user) else None


# ------------------------------------------------------------------------------------------ workflow

def current_step(revision: Revision) -> str | None:
    """Which step a revision in review waits on: review while reviewers are pending, then approval."""
    if revision.state != RevisionState.IN_REVIEW:
        return None
    pending = revision.signoffs.filter(round=revision.round, decision=Decision.PENDING)
    return Step.REVIEW if pending.filter(step=Step.REVIEW).exists() else Step.APPROVAL


def pending_signers(revision: Revision):
    """Sign-offs still awaited at the current step."""
    step = current_step(revision)
    if step is None:
        return revision.signoffs.none()
    return revision.signoffs.filter(round=revision.round, step=step, decision=Decision.PENDING)


def unread_users(document: Document):
    """Staff the document was distributed to who have not acknowledged its effective edition."""
    User = get_user_model()
    if not document.effective_revision_id:
        return User.objects.none()
    distributed = Distribution.objects.filter(document_id=document.pk).values("user_id")
    read = Acknowledgement.objects.filter(revision_id=document.effective_revision_id).values("user_id")
    return User.objects.filter(pk__in=distributed).exclude(pk__in=read).order_by("full_name", "username")


# ------------------------------------------------------------------------------------------------ due

def documents_due_for_review(*, on: date | None = None, queryset: QuerySet[Document] | None = None
                             ) -> QuerySet[Document]:
    """Effective documents due for review on `on` (default today), annotated with `review_overdue`, oldest
    first. A legal change is an update task of its own (legal_updates), not a review."""
    on = on or timezone.localdate()
    queryset = Document.objects.all() if queryset is None else queryset
    return (queryset.filter(withdrawn=False, effective_revision__isnull=False)
            .annotate(review_overdue=Q(review_due__lte=on))
            .filter(review_due__lte=on)
            .order_by("review_due", "code"))


def documents_due_soon(*, on: date | None = None, queryset: QuerySet[Document] | None = None,
                       within_days: int = DUE_SOON_DAYS) -> QuerySet[Document]:
    """Effective documents whose periodic review falls in the next `within_days` days."""
    queryset = Document.objects.all() if queryset is None else queryset
    return queryset.filter(due_soon_q(on, within_days)).order_by("review_due")


def due_soon_q(on: date | None = None, within_days: int = DUE_SOON_DAYS) -> Q:
    on = on or timezone.localdate()
    return Q(withdrawn=False, effective_revision__isnull=False, review_due__gt=on,
             review_due__lte=on + timedelta(days=within_days))


def review_overdue_q(on: date | None = None) -> Q:
    """Effective documents whose review date has passed (the supervisor's "overdue reviews")."""
    return Q(effective_revision__isnull=False, review_due__lt=on or timezone.localdate())


def is_review_overdue(document: Document, on: date | None = None) -> bool:
    """review_overdue_q for one document already in hand."""
    return bool(document.effective_revision_id and document.review_due
                and document.review_due < (on or timezone.localdate()))


# ------------------------------------------------------------------------------------------------ lists

@dataclass(frozen=True)
class DocumentFilters:
    """What a document list can be narrowed by; the page's form and the API's query both fill one."""

    q: str = ""
    kind: str = ""
    state: str = ""
    owner_unit: str = ""
    due: str = ""  # "overdue" (due for review, legal changes included) | "soon"
    effective: bool | None = None
    review_overdue: bool | None = None
    procedure: int | None = None
    owner: int | None = None


def filter_documents(user, documents: QuerySet[Document], filters: DocumentFilters) -> QuerySet[Document]:
    """`documents` narrowed by `filters`, as the person may see them (staff cannot look for editions
    still being made: asking for such a state gives nothing)."""
    from .search import search_documents

    if filters.q.strip():
        documents = search_documents(filters.q, queryset=documents)
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.state:
        if filters.state not in ISSUED_STATES and not sees_unpublished(user):
            return documents.none()
        documents = documents.filter(pk__in=Revision.objects.filter(state=filters.state).values("document_id"))
    if filters.owner_unit:
        documents = documents.filter(owner_unit=filters.owner_unit)
    if filters.procedure is not None:
        documents = documents.filter(procedure_id=filters.procedure)
    if filters.owner is not None:
        documents = documents.filter(owner_id=filters.owner)
    if filters.effective is not None:
        documents = documents.filter(effective_revision__isnull=not filters.effective)
    if filters.review_overdue is not None:
        overdue = review_overdue_q()
        documents = documents.filter(overdue) if filters.review_overdue else documents.exclude(overdue)
    if filters.due == "overdue":
        documents = documents.filter(pk__in=documents_due_for_review().values("pk"))
    elif filters.due == "soon":
        documents = documents.filter(due_soon_q())
    return documents


def owner_units(documents: QuerySet[Document]) -> list[str]:
    return sorted(set(documents.exclude(owner_unit="").values_list("owner_unit", flat=True)))


def with_open_revisions(user, documents: QuerySet[Document]) -> QuerySet[Document]:
    """Documents with `open_revisions` (the editions being made) prefetched, for badges on a list: empty
    for staff, who see issued editions only."""
    open_revisions = Revision.objects.filter(state__in=OPEN_STATES) if sees_unpublished(user) \
        else Revision.objects.none()
    return documents.select_related("effective_revision", "owner").prefetch_related(
        Prefetch("revisions", to_attr="open_revisions",
                 queryset=open_revisions.only("id", "document_id", "edition", "state")))


def with_open_revision_columns(user, documents: QuerySet[Document]) -> QuerySet[Document]:
    """The same fact as three columns (`open_revision_id/edition/state`) for the API's flat list rows,
    with `is_review_overdue` (review_overdue_q) computed by the database for the whole page."""
    documents = (documents.select_related("effective_revision__created_by")
                 .annotate(is_review_overdue=review_overdue_q()))
    if not sees_unpublished(user):
        return documents
    open_revisions = Revision.objects.filter(document=OuterRef("pk"), state__in=OPEN_STATES)
    return documents.annotate(
        open_revision_id=Subquery(open_revisions.values("pk")[:1]),
        open_revision_edition=Subquery(open_revisions.values("edition")[:1]),
        open_revision_state=Subquery(open_revisions.values("state")[:1]))


# ------------------------------------------------------------------------------------------- my tasks

def my_tasks(user) -> dict:
    """Revisions waiting for this person's sign-off at their current step, drafts sent back to them,
    approved editions waiting to be published and documents due for their periodic review."""
    candidates = (Signoff.objects.filter(user=user, decision=Decision.PENDING,
                                         revision__state=RevisionState.IN_REVIEW, round=F("revision__round"))
                  .exclude(step=Step.DRAFTED).select_related("revision__document"))
    pending = [s for s in candidates if current_step(s.revision) == s.step]
    due, soon, approved = [], [], []
    today = timezone.localdate()
    if allowed(user, Perm.EDIT_DOCUMENTS):
        due = list(documents_due_for_review(on=today)[:TASK_LIST_LIMIT])
        soon = list(documents_due_soon(on=today)[:TASK_LIST_LIMIT])
    if allowed(user, Perm.PUBLISH_DOCUMENTS):
        approved = list(Revision.objects.filter(state=RevisionState.APPROVED).select_related("document"))
    changes = list(Revision.objects.filter(state=RevisionState.CHANGES_REQUESTED, created_by=user)
                   .select_related("document"))
    return {"pending": pending, "due": due, "soon": soon, "review_count": len(due) + len(soon),
            "approved": approved, "changes": changes, "today": today}


def has_tasks(tasks: dict) -> bool:
    return any(tasks[key] for key in ("pending", "approved", "changes", "due", "soon"))
