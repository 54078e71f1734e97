"""Every change to an agency's legal links and update tasks.

- `link_document` / `unlink`: a document of the agency rests on a register entry (EDIT_DOCUMENTS);
  `link_by_number` finds the entry by number, or adds it to the province's register, then links it.
- `open_due_tasks`: for every register entry in force by a date that affects the agency (a link to it, or a
  TTHC assigned to the agency that it affects), one task per document to revise, due `update_months` after
  it took effect; idempotent, so the daily run, the fan-out after a register change and a link all call it.
  A document effective later opens nothing until the run on or after its date.
- `close_answered_tasks`: documents' `published` signal; an edition issued on or after the entry's effective
  date closes the document's tasks, and a TTHC procedure closes the tasks of the TTHC it covers.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Perm
from core.agency import current_agency, in_agency
from core.changes import change
from core.errors import DomainError
from core.indicators import indicators_changed
from documents.models import Document
from legal import selectors as register
from legal import services as register_services
from legal.models import LegalDocument
from procedures.models import TthcProcedureSpec
from tthc.selectors import entries_for_agency

from .models import LegalLink, UpdateTask


def _entry_of_province(legal_document_id, agency) -> LegalDocument:
    entry = LegalDocument.objects.filter(pk=legal_document_id, province_id=agency.province_id).first()
    if entry is None:
        raise DomainError("legal_link_unknown", _("The legal document is not in your province's register."))
    return entry


def _articles(articles) -> str:
    articles = " ".join(str(articles or "").split())
    if len(articles) > 300:
        raise DomainError("legal_link_too_long", _("The articles cited are longer than 300 characters."))
    return articles


def link_document(document: Document, *, actor, legal_document, articles: str = "") -> LegalLink:
    """`document` rests on the register entry (an id or a LegalDocument); opens its task if already in force."""
    with change(actor, "legal_updates.link_document", perm=Perm.EDIT_DOCUMENTS, document=document.pk):
        agency = current_agency()
        entry = _entry_of_province(getattr(legal_document, "pk", legal_document), agency)
        articles = _articles(articles)
        if LegalLink.objects.filter(document=document, legal_document_id=entry.pk).exists():
            raise DomainError("legal_link_exists", _("This document already rests on %(number)s.") % {
                "number": entry.number})
        link = LegalLink.objects.create(document=document, legal_document_id=entry.pk, articles=articles)
        open_due_tasks(only=entry.pk)
    return link


def link_by_number(document: Document, *, actor, number, articles: str = "", **fields) -> LegalLink:
    """Link to the province's entry with this number, adding it to the register first when it is not there."""
    articles = _articles(articles)
    with change(actor, "legal_updates.link_by_number", perm=Perm.EDIT_DOCUMENTS, document=document.pk):
        entry, _created = register_services.find_or_add(actor=actor, number=number, **fields)
        return link_document(document, actor=actor, legal_document=entry, articles=articles)


def update_link(link: LegalLink, *, actor, articles: str) -> LegalLink:
    with change(actor, "legal_updates.update_link", perm=Perm.EDIT_DOCUMENTS, link=link.pk):
        link.articles = _articles(articles)
        link.save(update_fields=["articles"])
    return link


def unlink(link: LegalLink, *, actor) -> None:
    """The document no longer rests on the entry; its open task for it goes too (a closed one stays)."""
    with change(actor, "legal_updates.unlink", perm=Perm.EDIT_DOCUMENTS, link=link.pk):
        UpdateTask.objects.filter(document_id=link.document_id, legal_document_id=link.legal_document_id,
                                  closed_on__isnull=True).delete()
        link.delete()
        indicators_changed()


# ----------------------------------------------------------------------------------------------- tasks

def _needs_update(document: Document | None, effective_on: date) -> bool:
    """A document in force whose edition predates the legal change (a later edition already folds it in)."""
    if document is None or document.withdrawn or document.effective_revision is None:
        return False
    issued = document.effective_revision.issue_date
    return issued is None or issued < effective_on


def _procedures_by_code(codes: set[str]) -> dict[str, list[Document]]:
    """The agency's TTHC procedures in force whose effective edition covers each code."""
    found: dict[str, list[Document]] = {}
    if not codes:
        return found
    specs = (TthcProcedureSpec.objects.filter(tthc_codes__overlap=sorted(codes),
                                              revision__document__effective_revision=F("revision"),
                                              revision__document__withdrawn=False)
             .select_related("revision__document__effective_revision"))
    for spec in specs:
        for code in set(spec.tthc_codes) & codes:
            found.setdefault(code, []).append(spec.revision.document)
    return found


def _wanted(agency, entries: list[LegalDocument]) -> list[tuple[LegalDocument, Document | None, str]]:
    """(entry, document, TTHC code) for every task the entries call for in this agency."""
    ids = [entry.pk for entry in entries]
    linked: dict[int, list[Document]] = {}
    for link in LegalLink.objects.filter(legal_document_id__in=ids).select_related("document__effective_revision"):
        linked.setdefault(link.legal_document_id, []).append(link.document)
    own_codes = set(entries_for_agency(agency).values_list("code", flat=True))
    codes_by_entry = {pk: codes & own_codes for pk, codes in register.affected_codes(ids).items()}
    procedures = _procedures_by_code(set().union(*codes_by_entry.values()) if codes_by_entry else set())
    wanted = []
    for entry in entries:
        documents = {document.pk: (document, "") for document in linked.get(entry.pk, [])}
        uncovered = []
        for code in sorted(codes_by_entry.get(entry.pk, ())):
            covering = procedures.get(code, [])
            for document in covering:
                documents.setdefault(document.pk, (document, code))
            if not covering:
                uncovered.append(code)
        wanted += [(entry, document, code) for document, code in documents.values()
                   if _needs_update(document, entry.effective_on)]
        wanted += [(entry, None, code) for code in uncovered]
    return wanted


def open_due_tasks(*, on: date | None = None, only: int | None = None) -> list[UpdateTask]:
    """Open the update tasks of every register entry in force by `on` that affects the current agency (only
    entry `only`, when given); returns the tasks opened. Running it again opens nothing new; an open task
    follows a changed effective date or province rule."""
    on = on or timezone.localdate()
    agency = current_agency()
    if agency.province_id is None:
        return []
    entries = register.in_force_by(agency.province_id, on)
    if only is not None:
        entries = entries.filter(pk=only)
    entries = list(entries)
    if not entries:
        return []
    months = register.update_months(agency.province_id)
    existing = {(t.legal_document_id, t.document_id, "" if t.document_id else t.tthc_code): t
                for t in UpdateTask.objects.filter(legal_document_id__in=[e.pk for e in entries])}
    opened = []
    with change(None, "legal_updates.open_due_tasks", on=on.isoformat()):
        for entry, document, code in _wanted(agency, entries):
            due = register.update_due(entry.effective_on, months=months)
            key = (entry.pk, document.pk if document else None, "" if document else code)
            task = existing.get(key)
            if task is None:
                try:  # the daily run and a fan-out may meet: the unique keys settle it, the first one wins
                    with transaction.atomic():
                        task = UpdateTask.objects.create(legal_document_id=entry.pk, document=document,
                                                         tthc_code=code, effective_on=entry.effective_on,
                                                         opened_on=on, due_on=due)
                except IntegrityError:
                    continue
                opened.append(task)
                _tell(task, entry)
            elif task.is_open and (task.effective_on, task.due_on) != (entry.effective_on, due):
                task.effective_on, task.due_on = entry.effective_on, due
                task.save(update_fields=["effective_on", "due_on"])
        if opened:
            indicators_changed()
    return opened


def _tell(task: UpdateTask, entry: LegalDocument) -> None:
    """The document's owner (or else the ISO secretaries) hear of the task once."""
    from accounts.models import Membership
    from accounts.roles import Role
    from notifications.services import notify

    document = task.document
    recipients = [document.owner] if document is not None and document.owner_id and document.owner else []
    if not recipients:
        recipients = [m.user for m in Membership.objects.filter(
            agency=current_agency(), role=Role.ISO_SECRETARY, user__is_active=True).select_related("user")]
    values = {"law": entry.number, "effective": entry.effective_on.strftime("%d/%m/%Y"),
              "due": task.due_on.strftime("%d/%m/%Y")}
    with translation.override(settings.LANGUAGE_CODE):
        if document is not None:
            message = _("%(law)s takes effect on %(effective)s: publish a revised %(code)s “%(title)s” by "
                        "%(due)s.") % {**values, "code": document.code, "title": document.title}
        else:
            message = _("%(law)s takes effect on %(effective)s and affects TTHC %(tthc)s, which has no procedure "
                        "yet: publish one by %(due)s.") % {**values, "tthc": task.tthc_code}
    link = reverse("legal:tasks")
    for user in recipients:
        notify(user, message, link, verb="legal_update", key=f"legal_update:{task.pk}", email=False)


def close_answered_tasks(sender, *, revision, issue_date, **kwargs) -> int:
    """An edition published on or after an entry's effective date answers the document's tasks for it, and a
    TTHC procedure's edition answers the tasks of the TTHC it covers that had no procedure."""
    answered = UpdateTask.objects.filter(closed_on__isnull=True, effective_on__lte=issue_date,
                                         document_id=revision.document_id)
    closed = answered.update(closed_on=issue_date, closed_by=revision)
    spec = TthcProcedureSpec.objects.filter(revision=revision).first()
    if spec is not None and spec.tthc_codes:
        closed += UpdateTask.objects.filter(closed_on__isnull=True, effective_on__lte=issue_date, document=None,
                                            tthc_code__in=spec.tthc_codes).update(closed_on=issue_date,
                                                                                  closed_by=revision)
    return closed


def open_in_province(province_id, *, on: date | None = None, only: int | None = None) -> int:
    """`open_due_tasks` in each current agency of the province, in this process (the demo, tests, the DOST's
    small provinces); the Celery fan-out does the same on workers."""
    from tenants.models import Agency

    opened = 0
    for agency in Agency.objects.agencies().current().filter(province_id=province_id).order_by("pk"):
        with in_agency(agency):
            opened += len(open_due_tasks(on=on, only=only))
    return opened

