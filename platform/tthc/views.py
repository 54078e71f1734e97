"""The catalogue's pages. On the DOST's site: the province's catalogue (filters, entry with its history,
create and edit, import with line errors and a summary, decisions and their deadlines). On an agency's site:
"TTHC của cơ quan", what is assigned to it. Each view checks the permission, asks the selectors, calls one
service."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.services import has_perm
from core.errors import DomainError
from core.forms import call_service
from web.decorators import agency_perm_required

from . import selectors, services
from .forms import DecisionForm, EntryFilterForm, EntryForm, ImportForm
from .imports import COLUMNS, SAMPLE
from .models import PublicationDecision

PAGE_SIZE = 50


def _entries(request):
    return selectors.visible_entries(request.user, request.tenant)


def _decisions(request):
    return selectors.visible_decisions(request.user, request.tenant)


def _keeper_only(request):
    """The editing pages exist only on the DOST's site (the services refuse elsewhere too)."""
    if not selectors.can_keep(request.user, request.tenant):
        raise Http404


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def entry_list(request):
    entries = _entries(request)
    form = EntryFilterForm(request.GET or None, fields=selectors.fields_of(entries), decisions=_decisions(request))
    if form.is_valid():
        entries = selectors.filter_entries(entries, **form.filters())
    page = Paginator(entries.order_by("code"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tthc/list.html", {
        "form": form, "page": page, "entries": page.object_list,
        "province_wide": selectors.sees_whole_province(request.user, request.tenant),
        "can_keep": selectors.can_keep(request.user, request.tenant)})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def entry_detail(request, pk):
    entry = get_object_or_404(_entries(request), pk=pk)
    history = selectors.entry_history(entry) if has_perm(request.user, request.tenant, Perm.VIEW_HISTORY) else None
    return render(request, "tthc/detail.html", {
        "entry": entry, "agencies": selectors.assigned_agencies(entry), "history": history,
        "can_keep": selectors.can_keep(request.user, request.tenant)})


def _entry_form(request, data=None, **kwargs):
    return EntryForm(data, decisions=_decisions(request),
                     agencies=services.current_agencies(request.tenant.province_id).order_by("level", "name"),
                     **kwargs)


def _service_values(form) -> dict:
    values = dict(form.cleaned_data)
    values["agencies"] = list(values["agencies"])
    return values


@login_required
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def entry_create(request):
    _keeper_only(request)
    form = _entry_form(request, request.POST or None, initial={"time_unit": "working_days"})
    if request.method == "POST" and form.is_valid():
        values = _service_values(form)
        if not values["assigned_levels"] and not values["agencies"]:
            values["assigned_levels"] = None  # nothing chosen: its own level
        entry, ok = call_service(form, services.create_entry, actor=request.user, **values)
        if ok:
            messages.success(request, _("TTHC %(code)s added to the catalogue.") % {"code": entry.code})
            return redirect("tthc:detail", entry.pk)
    return render(request, "tthc/form.html", {"form": form, "entry": None})


@login_required
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def entry_edit(request, pk):
    _keeper_only(request)
    entry = get_object_or_404(_entries(request), pk=pk)
    form = _entry_form(request, request.POST or None, initial=EntryForm.initial_for(entry))
    if request.method == "POST" and form.is_valid():
        _entry, ok = call_service(form, services.update_entry, entry, actor=request.user, **_service_values(form))
        if ok:
            messages.success(request, _("TTHC %(code)s saved.") % {"code": entry.code})
            return redirect("tthc:detail", entry.pk)
    return render(request, "tthc/form.html", {"form": form, "entry": entry})


@login_required
@require_POST
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def entry_withdraw(request, pk):
    _keeper_only(request)
    entry = get_object_or_404(_entries(request), pk=pk)
    try:
        services.withdraw_entry(entry, actor=request.user)
        messages.success(request, _("TTHC %(code)s withdrawn.") % {"code": entry.code})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("tthc:detail", entry.pk)


@login_required
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def catalogue_import(request):
    _keeper_only(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result, errors = None, None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_catalogue(actor=request.user, upload=form.cleaned_data["file"],
                                               replace=form.cleaned_data["replace"])
        except services.ImportRejected as rejected:
            errors = rejected.errors
            form.add_error(None, rejected.message)
    return render(request, "tthc/import.html", {"form": form, "result": result, "errors": errors,
                                                "columns": COLUMNS, "sample_name": Path(SAMPLE).name})


@login_required
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def sample_file(request):
    _keeper_only(request)
    path = Path(__file__).resolve().parent / "samples" / Path(SAMPLE).name
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type="text/csv")


@login_required
@agency_perm_required(Perm.SUPERVISE)
def decision_list(request):
    status = request.GET.get("status", "")
    rows = selectors.decisions_with_deadlines(_decisions(request), status=status)
    return render(request, "tthc/decisions.html", {
        "rows": rows, "status": status, "form": DecisionForm(),
        "can_keep": selectors.can_keep(request.user, request.tenant)})


@login_required
@require_POST
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def decision_create(request):
    _keeper_only(request)
    form = DecisionForm(request.POST, instance=PublicationDecision(province_id=request.tenant.province_id))
    if form.is_valid():
        decision, ok = call_service(form, services.record_decision, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Decision %(number)s recorded.") % {"number": decision.number})
            return redirect("tthc:decisions")
    rows = selectors.decisions_with_deadlines(_decisions(request))
    return render(request, "tthc/decisions.html", {"rows": rows, "status": "", "form": form, "can_keep": True},
                  status=400)
