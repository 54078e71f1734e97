"""The legal register's pages, on every site of the province: the register with its filters, an entry (the
TTHC it affects, the agency's documents resting on it, its history), adding and editing (the DOST any entry,
an agency its own), the province's update rule (DOST), and the agency's update tasks, due or overdue.
Each view checks the permission, asks the selectors, calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.services import has_perm
from core.forms import call_service
from legal import selectors as register
from legal import services as register_services
from tthc.models import TthcEntry
from tthc.selectors import entries_for_agency
from web.decorators import agency_perm_required

from . import selectors
from .forms import LegalDocumentForm, MonthsForm, RegisterFilterForm, TaskFilterForm

PAGE_SIZE = 50


def _register(request):
    return register.visible_register(request.user, request.tenant)


def _choosable_entries(request):
    """The TTHC an entry may name: the province's (DOST), or those assigned to the agency."""
    if register.can_keep(request.user, request.tenant):
        return TthcEntry.objects.filter(province_id=request.tenant.province_id)
    return entries_for_agency(request.tenant)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def register_list(request):
    entries = _register(request)
    form = RegisterFilterForm(request.GET or None)
    if form.is_valid():
        entries = register.filter_register(entries, **form.filters())
    page = Paginator(entries.distinct(), PAGE_SIZE).get_page(request.GET.get("page"))
    tasks = selectors.visible_tasks(request.user, request.tenant)
    return render(request, "legal/list.html", {
        "form": form, "page": page, "entries": page.object_list,
        "can_add": register.can_add(request.user, request.tenant),
        "can_keep": register.can_keep(request.user, request.tenant),
        "months": register.update_months(request.tenant.province_id), "months_form": MonthsForm(),
        "open_tasks": selectors.filter_tasks(tasks, state="open").count(),
        "overdue_tasks": selectors.filter_tasks(tasks, state=selectors.State.OVERDUE).count()})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def entry_detail(request, pk):
    entry = get_object_or_404(_register(request), pk=pk)
    history = register.legal_history(entry) if has_perm(request.user, request.tenant, Perm.VIEW_HISTORY) else None
    tasks = selectors.visible_tasks(request.user, request.tenant).filter(legal_document_id=entry.pk)
    return render(request, "legal/detail.html", {
        "entry": entry, "affected": register.affected_entries(entry),
        "documents": selectors.linked_documents(entry.pk, request.user).order_by("code"),
        "tasks": selectors.task_rows(tasks), "history": history,
        "due": register.update_due(entry.effective_on, entry.province_id) if entry.effective_on else None,
        "can_edit": register.can_edit(request.user, request.tenant, entry)})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def entry_file(request, pk):
    entry = get_object_or_404(_register(request), pk=pk)
    if not entry.file:
        raise Http404
    return FileResponse(entry.file.open("rb"), as_attachment=True, filename=entry.file_name or "van-ban")


@login_required
@agency_perm_required(Perm.ADD_LEGAL_DOCUMENTS)
def entry_create(request):
    if not register.can_add(request.user, request.tenant):
        raise Http404
    form = LegalDocumentForm(request.POST or None, request.FILES or None, entries=_choosable_entries(request),
                             initial={"kind": "other", "status": "in_force"})
    if request.method == "POST" and form.is_valid():
        entry, ok = call_service(form, register_services.create_legal_document, actor=request.user,
                                 **form.service_values())
        if ok:
            messages.success(request, _("%(number)s added to the legal register.") % {"number": entry.number})
            return redirect("legal:detail", entry.pk)
    return render(request, "legal/form.html", {"form": form, "entry": None})


@login_required
@agency_perm_required(Perm.ADD_LEGAL_DOCUMENTS)
def entry_edit(request, pk):
    entry = get_object_or_404(_register(request), pk=pk)
    if not register.can_edit(request.user, request.tenant, entry):
        raise Http404
    form = LegalDocumentForm(request.POST or None, request.FILES or None, entries=_choosable_entries(request),
                             initial=LegalDocumentForm.initial_for(entry))
    if request.method == "POST" and form.is_valid():
        _entry, ok = call_service(form, register_services.update_legal_document, entry, actor=request.user,
                                  **form.service_values())
        if ok:
            messages.success(request, _("%(number)s saved.") % {"number": entry.number})
            return redirect("legal:detail", entry.pk)
    return render(request, "legal/form.html", {"form": form, "entry": entry})


@login_required
@require_POST
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def update_rule(request):
    if not register.can_keep(request.user, request.tenant):
        raise Http404
    form = MonthsForm(request.POST)
    if form.is_valid():
        _settings, ok = call_service(form, register_services.set_update_months, actor=request.user,
                                     months=form.cleaned_data["months"])
        if ok:
            messages.success(request, _("Agencies now have %(months)d months to update their procedures.") % {
                "months": form.cleaned_data["months"]})
            return redirect("legal:list")
    for error in form.errors.get("__all__", []) + form.errors.get("months", []):
        messages.error(request, error)
    return redirect("legal:list")


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def task_list(request):
    tasks = selectors.visible_tasks(request.user, request.tenant)
    form = TaskFilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    tasks = selectors.filter_tasks(tasks, state=state).order_by("closed_on", "due_on", "pk")
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "legal/tasks.html", {
        "form": form, "page": page, "rows": selectors.task_rows(page.object_list),
        "months": register.update_months(request.tenant.province_id)})
