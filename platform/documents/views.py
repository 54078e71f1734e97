"""Pages to find, read and write documents. Views are thin: every change goes through documents.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.roles import Perm
from core.errors import DomainError
from core.tabular import Column
from web.decorators import agency_perm_required

from . import legal_basis, selectors, services
from . import panels as document_panels
from .forms import (
    AttachmentForm,
    DecisionForm,
    DocumentFilterForm,
    DocumentForm,
    DraftForm,
    LegalReferenceFormSet,
    PublishForm,
    StartRevisionForm,
    WithdrawForm,
    legal_reference_initial,
    legal_references_from,
)
from .models import Document, RevisionState
from .views_support import call_service, can, export, open_revision, visible_document, visible_revisions

PAGE_SIZE = 50


def filtered_documents(request):
    """The documents the list shows for the request's filters (also exactly what its exports contain)."""
    base = selectors.visible_documents(request.user)
    form = DocumentFilterForm(request.GET or None, units=selectors.owner_units(base))
    documents = base
    if form.is_valid():
        documents = selectors.filter_documents(request.user, base, form.filters())
    # Staff see issued editions only: no badges of editions still being made.
    return form, selectors.with_open_revisions(request.user, documents)


def state_label(document) -> str:
    if document.withdrawn:
        return str(RevisionState.WITHDRAWN.label)
    labels = [str(RevisionState.PUBLISHED.label)] if document.effective_revision_id else []
    labels += [f"{r.get_state_display()} ({_('edition')} {r.edition})" for r in document.open_revisions]
    return "; ".join(labels)


DOCUMENT_COLUMNS = [
    Column(pgettext_lazy("document code", "Code"), "code"),
    Column(gettext_lazy("Title"), "title"),
    Column(gettext_lazy("Kind"), "get_kind_display"),
    Column(gettext_lazy("Owner unit"), "owner_unit"),
    Column(gettext_lazy("Edition"), "effective_revision.edition"),
    Column(gettext_lazy("Issue date"), "effective_revision.issue_date"),
    Column(gettext_lazy("State"), state_label),
    Column(gettext_lazy("Review due"), "review_due"),
]


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def document_list(request):
    form, documents = filtered_documents(request)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "documents": page.object_list,
               "can_edit": can(request, Perm.EDIT_DOCUMENTS), "tasks": selectors.my_tasks(request.user)}
    if request.htmx and not request.htmx.boosted:
        return render(request, "documents/_document_results.html", context)
    return render(request, "documents/list.html", context)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def document_export(request, fmt):
    _form, documents = filtered_documents(request)
    return export(fmt, documents, DOCUMENT_COLUMNS, basename=_("documents"), title=_("Documents"))


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def tasks(request):
    return render(request, "documents/tasks.html", {"tasks": selectors.my_tasks(request.user)})


def detail_context(request, document, revision, *, panels: dict[str, dict] | None = None) -> dict:
    """Everything the document page shows about `revision` (the effective edition, or the one opened)."""
    working = selectors.working_revision(request.user, document)
    my_signoff = None
    waiting_on = []
    if working is not None and working.state == RevisionState.IN_REVIEW:
        waiting_on = list(selectors.pending_signers(working).select_related("user"))
        my_signoff = next((s for s in waiting_on if s.user_id == request.user.pk), None)
    effective = document.effective_revision
    effective_id = document.effective_revision_id
    distributed = document.distributed_to.filter(pk=request.user.pk).exists()
    acknowledged = None
    if effective is not None and distributed:
        acknowledged = effective.acknowledgements.filter(user=request.user).first()
    return {
        "document": document, "revision": revision, "working": working, "my_signoff": my_signoff,
        "waiting_on": waiting_on, "current_step": selectors.current_step(working) if working else None,
        "revisions": visible_revisions(request, document).select_related("created_by"),
        "signoffs": list(revision.signoffs.select_related("user").order_by("round", "id")) if revision else [],
        "attachments": revision.attachments.all() if revision else [],
        "forms": selectors.visible_documents(request.user).filter(procedure=document).order_by("code"),
        "legal_references": legal_basis.citations(document),
        "is_effective": revision is not None and revision.pk == effective_id,
        # Reading an earlier edition, or the draft while another edition is in force: say so.
        "reading_other_edition": revision is not None and revision.pk != effective_id and (
            effective_id is not None or working is None or revision.pk != working.pk),
        "distributed": distributed, "acknowledged": acknowledged,
        "decision_form": DecisionForm(), "publish_form": PublishForm(), "withdraw_form": WithdrawForm(),
        "start_form": StartRevisionForm(),
        "can_edit": can(request, Perm.EDIT_DOCUMENTS), "can_publish": can(request, Perm.PUBLISH_DOCUMENTS),
        "can_history": can(request, Perm.VIEW_HISTORY), "can_file": can(request, Perm.FILE_RECORDS),
        # What other areas show about this document (records it requires, ...): documents.panels.
        "document_panels": document_panels.collect(request, document, panels),
    }


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def document_detail(request, pk):
    document = visible_document(request, pk)
    revision = document.effective_revision or visible_revisions(request, document).first()
    return render(request, "documents/detail.html", detail_context(request, document, revision))


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def revision_detail(request, pk, edition):
    document = visible_document(request, pk)
    revision = visible_revisions(request, document).filter(edition=edition).first()
    if revision is None:
        raise Http404
    return render(request, "documents/detail.html", detail_context(request, document, revision))


@login_required
@agency_perm_required(Perm.EDIT_DOCUMENTS)
def document_create(request):
    # A link may suggest the kind and title (coverage's "write a procedure for this TTHC"); nothing else.
    suggested = {name: request.GET[name][:300] for name in ("kind", "title") if request.GET.get(name)}
    form = DocumentForm(request.POST or None, agency=request.tenant, initial=suggested)
    references = LegalReferenceFormSet(request.POST or None, prefix="refs")
    if request.method == "POST" and form.is_valid() and references.is_valid():
        document, ok = call_service(form, services.create_document, actor=request.user,
                                    content=form.cleaned_data["content"],
                                    legal_references=legal_references_from(references), **form.service_fields())
        if ok:
            messages.success(request, _("Document %(code)s created as a draft (edition 1).") % {"code": document.code})
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/document_form.html", {"form": form, "references": references})


@login_required
@agency_perm_required(Perm.EDIT_DOCUMENTS)
def document_edit(request, pk):
    """Metadata and legal references always; the content of the open draft while it can still change."""
    document = visible_document(request, pk)
    draft = open_revision(document)
    if draft is not None and not draft.is_editable:
        draft = None
    data = request.POST or None
    # The form works on its own copy: a refused save must not leave typed values on the page's document.
    form = DocumentForm(data, instance=Document.objects.get(pk=document.pk), agency=request.tenant,
                        with_content=False)
    references = LegalReferenceFormSet(data, prefix="refs", initial=legal_reference_initial(document))
    draft_form = DraftForm(data, instance=draft, prefix="draft") if draft else None
    if request.method == "POST" and form.is_valid() and references.is_valid() \
            and (draft_form is None or draft_form.is_valid()):
        try:
            with transaction.atomic():  # metadata, references and draft are saved together or not at all
                services.update_document(document, actor=request.user, **form.service_fields())
                services.set_legal_references(document, actor=request.user,
                                              references=legal_references_from(references))
                if draft_form is not None:
                    services.update_draft(draft, actor=request.user, **draft_form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Changes to %(code)s saved.") % {"code": form.cleaned_data["code"]})
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/document_form.html",
                  {"form": form, "references": references, "draft_form": draft_form, "draft": draft,
                   "document": document, "attachment_form": AttachmentForm(),
                   "attachments": draft.attachments.all() if draft else []})


@login_required
@agency_perm_required(Perm.EDIT_DOCUMENTS)
def starter_pack(request):
    if request.method != "POST":
        return render(request, "documents/starter.html", {})
    from .starter import import_starter_pack

    try:
        result = import_starter_pack(actor=request.user, level=request.tenant.level)
    except DomainError as error:
        messages.error(request, error.message)
        return render(request, "documents/starter.html", {})
    return render(request, "documents/starter.html", {"result": result})
