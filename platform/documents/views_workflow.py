"""Pages that move a revision along: new revision, submit, decide, publish, withdraw, distribute, read.

Each view checks the permission, collects the input and calls one service; the service decides.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts.roles import Perm
from core.errors import DomainError
from core.tabular import Column
from web.decorators import agency_perm_required

from . import selectors, services
from .forms import DecisionForm, DistributeForm, PublishForm, StartRevisionForm, SubmitForm, WithdrawForm
from .models import Revision
from .views import detail_context
from .views_support import call_service, export, open_revision, visible_document


def _detail_with(request, document, **forms):
    """The document page again, with the form that failed bound to what the user typed."""
    context = detail_context(request, document, document.effective_revision or open_revision(document))
    context.update(forms)
    return render(request, "documents/detail.html", context)


@login_required
@agency_perm_required(Perm.EDIT_DOCUMENTS)
@require_POST
def start_revision(request, pk):
    document = visible_document(request, pk)
    form = StartRevisionForm(request.POST)
    if form.is_valid():
        revision, ok = call_service(form, services.start_revision, document, actor=request.user,
                                    **form.cleaned_data)
        if ok:
            messages.success(request, _("Edition %(edition)s started as a draft.") % {"edition": revision.edition})
            return redirect("documents:edit", pk=document.pk)
    return _detail_with(request, document, start_form=form, show_start_form=True)


@login_required
@agency_perm_required(Perm.EDIT_DOCUMENTS)
def submit_for_review(request, pk):
    document = visible_document(request, pk)
    revision = open_revision(document)
    if revision is None or not revision.is_editable:
        messages.error(request, _("There is no draft of this document to submit."))
        return redirect("documents:detail", pk=document.pk)
    form = SubmitForm(request.POST or None, agency=request.tenant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _revision, ok = call_service(form, services.submit_for_review, revision, actor=request.user,
                                     reviewers=list(data["reviewers"]), approvers=list(data["approvers"]),
                                     review_policy=data["review_policy"], approval_policy=data["approval_policy"])
        if ok:
            messages.success(request, _("Edition %(edition)s sent for review and approval.")
                             % {"edition": revision.edition})
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/submit.html", {"document": document, "revision": revision, "form": form})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
@require_POST
def decide(request, pk):
    """A reviewer or approver agrees or asks for changes, inline on the document page (htmx)."""
    revision = get_object_or_404(Revision.objects.select_related("document"), pk=pk)
    document = visible_document(request, revision.document_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        _revision, ok = call_service(form, services.decide, revision, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Your decision on %(code)s edition %(edition)s is recorded.")
                             % {"code": document.code, "edition": revision.edition})
            if request.htmx:
                return HttpResponseClientRefresh()
            return redirect("documents:detail", pk=document.pk)
    if request.htmx:
        return render(request, "documents/_decision_form.html", {"working": revision, "decision_form": form})
    return _detail_with(request, document, decision_form=form)


@login_required
@agency_perm_required(Perm.PUBLISH_DOCUMENTS)
@require_POST
def publish(request, pk):
    revision = get_object_or_404(Revision.objects.select_related("document"), pk=pk)
    document = visible_document(request, revision.document_id)
    form = PublishForm(request.POST)
    if form.is_valid():
        _revision, ok = call_service(form, services.publish, revision, actor=request.user,
                                     issue_date=form.cleaned_data["issue_date"])
        if ok:
            messages.success(request, _("%(code)s edition %(edition)s is now effective.")
                             % {"code": document.code, "edition": revision.edition})
            return redirect("documents:detail", pk=document.pk)
    return _detail_with(request, document, publish_form=form)


@login_required
@agency_perm_required(Perm.PUBLISH_DOCUMENTS)
@require_POST
def withdraw(request, pk):
    document = visible_document(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        _document, ok = call_service(form, services.withdraw, document, actor=request.user,
                                     reason=form.cleaned_data["reason"])
        if ok:
            messages.success(request, _("%(code)s has been withdrawn.") % {"code": document.code})
            return redirect("documents:detail", pk=document.pk)
    return _detail_with(request, document, withdraw_form=form, show_withdraw_form=True)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
@require_POST
def acknowledge(request, pk):
    """'Tôi đã đọc': the reader confirms the effective edition (htmx swaps the box in place)."""
    document = visible_document(request, pk)
    error = None
    acknowledgement = None
    if document.effective_revision is None:
        error = _("This document has no effective edition to read.")
    else:
        try:
            acknowledgement = services.acknowledge(document.effective_revision, user=request.user)
        except DomainError as exc:
            error = exc.message
    if request.htmx:
        return render(request, "documents/_acknowledgement.html",
                      {"document": document, "distributed": True, "acknowledged": acknowledgement,
                       "ack_error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Thank you: your reading of %(code)s is recorded.") % {"code": document.code})
    return redirect("documents:detail", pk=document.pk)


def _unread(document):
    return selectors.unread_users(document).order_by("full_name", "username")


@login_required
@agency_perm_required(Perm.PUBLISH_DOCUMENTS)
def distribution(request, pk):
    """Who the document is handed to, and who has not yet read its effective edition."""
    document = visible_document(request, pk)
    distributed = list(document.distributed_to.order_by("full_name", "username"))
    form = DistributeForm(request.POST or None, agency=request.tenant, exclude=distributed)
    if request.method == "POST" and form.is_valid():
        _none, ok = call_service(form, services.distribute, document, actor=request.user,
                                 users=list(form.cleaned_data["users"]))
        if ok:
            messages.success(request, _("Distribution of %(code)s saved.") % {"code": document.code})
            return redirect("documents:distribution", pk=document.pk)
    unread = list(_unread(document)) if document.effective_revision_id else []
    acknowledgements = []
    if document.effective_revision_id:
        acknowledgements = list(document.effective_revision.acknowledgements.select_related("user")
                                .order_by("acknowledged_at"))
    return render(request, "documents/distribution.html",
                  {"document": document, "form": form, "distributed": distributed, "unread": unread,
                   "acknowledgements": acknowledgements})


UNREAD_COLUMNS = [
    Column(gettext_lazy("Full name"), "display_name"),
    Column(gettext_lazy("Username"), "username"),
    Column(gettext_lazy("Job title"), "job_title"),
    Column(gettext_lazy("E-mail"), "email"),
]


@login_required
@agency_perm_required(Perm.PUBLISH_DOCUMENTS)
def unread_export(request, pk, fmt):
    """Who has not read the effective edition, as the distribution page shows it."""
    document = visible_document(request, pk)
    unread = _unread(document) if document.effective_revision_id else []
    return export(fmt, unread, UNREAD_COLUMNS, basename=f"{document.code}-{_('unread')}", title=_("Not yet read"))
