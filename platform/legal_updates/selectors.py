"""Every read of an agency's legal links and update tasks: the states, the lists, the document panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from accounts.services import has_perm
from documents import selectors as documents_selectors
from documents.models import Document
from legal.models import LegalDocument

from .models import LegalLink, UpdateTask


class State:
    DUE = "due"
    OVERDUE = "overdue"
    CLOSED = "closed"

    choices = [(DUE, _("Due")), (OVERDUE, _("Overdue")), (CLOSED, _("Done"))]


def state_of(task: UpdateTask, today: date | None = None) -> str:
    if task.closed_on is not None:
        return State.CLOSED
    return State.OVERDUE if (today or timezone.localdate()) > task.due_on else State.DUE


def visible_tasks(user, agency) -> QuerySet[UpdateTask]:
    if not has_perm(user, agency, Perm.VIEW_QMS):
        return UpdateTask.objects.none()
    tasks = UpdateTask.objects.select_related("document", "closed_by")
    if not documents_selectors.sees_unpublished(user):
        tasks = tasks.exclude(document__isnull=False, document__effective_revision__isnull=True)
    return tasks


def filter_tasks(tasks: QuerySet[UpdateTask], *, state: str = "", today: date | None = None) -> QuerySet[UpdateTask]:
    today = today or timezone.localdate()
    if state == State.DUE:
        return tasks.filter(closed_on__isnull=True, due_on__gte=today)
    if state == State.OVERDUE:
        return tasks.filter(closed_on__isnull=True, due_on__lt=today)
    if state == State.CLOSED:
        return tasks.filter(closed_on__isnull=False)
    if state == "open":
        return tasks.filter(closed_on__isnull=True)
    return tasks


def overdue_count(today: date | None = None) -> int:
    return filter_tasks(UpdateTask.objects.all(), state=State.OVERDUE, today=today).count()


def entries_by_id(ids) -> dict[int, LegalDocument]:
    return {entry.pk: entry for entry in LegalDocument.objects.filter(pk__in=set(ids))}


@dataclass
class TaskRow:
    task: UpdateTask
    entry: LegalDocument | None
    state: str

    @property
    def days_late(self) -> int:
        return max(0, (timezone.localdate() - self.task.due_on).days) if self.state == State.OVERDUE else 0


def task_rows(tasks, today: date | None = None) -> list[TaskRow]:
    tasks = list(tasks)
    entries = entries_by_id(t.legal_document_id for t in tasks)
    return [TaskRow(t, entries.get(t.legal_document_id), state_of(t, today)) for t in tasks]


@dataclass
class LinkRow:
    link: LegalLink
    entry: LegalDocument | None


def links_of(document: Document) -> list[LinkRow]:
    links = list(LegalLink.objects.filter(document=document))
    entries = entries_by_id(link.legal_document_id for link in links)
    rows = [LinkRow(link, entries.get(link.legal_document_id)) for link in links]
    return sorted(rows, key=lambda row: row.entry.number if row.entry else "")


def linked_documents(legal_document_id, user) -> QuerySet[Document]:
    """The agency's documents `user` may open that rest on the entry."""
    return documents_selectors.visible_documents(user).filter(legal_links__legal_document_id=legal_document_id)


def visible_links(user, agency) -> QuerySet[LegalLink]:
    if not has_perm(user, agency, Perm.VIEW_QMS):
        return LegalLink.objects.none()
    return LegalLink.objects.filter(document__in=documents_selectors.visible_documents(user).values("pk"))
