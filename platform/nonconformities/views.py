"""Nonconformity pages: the register with its filters, raising or reporting one, its whole lifecycle on one
page with the form of the step it is at, and its change history. Thin: each form calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core.errors import DomainError
from core.forms import call_service
from core.tabular import file_response
from documents.views_support import can
from printing.administrative import administrative_docx, administrative_pdf
from web.decorators import agency_perm_required

from . import history, selectors, services
from .forms import (
    ActionForm,
    CompleteForm,
    CorrectionForm,
    DetailsForm,
    EffectivenessForm,
    FilterForm,
    RaiseForm,
    ReportForm,
    RootCauseForm,
)
from .models import Effectiveness, Nonconformity, State
from .paper import nc_report

PAGE_SIZE = 25
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def nc_list(request):
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.nonconformities(state=filters.get("state", ""), source=filters.get("source", ""),
                                      overdue=bool(filters.get("overdue")), query=filters.get("q", ""))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "nonconformities/list.html", {
        "form": form, "page": page, "ncs": page.object_list, "counts": selectors.open_counts(),
        "can_manage": can(request, services.PERM)})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def nc_create(request):
    """The ISO secretary raises an NC from any source; any other member of staff reports one they found."""
    manager = can(request, services.PERM)
    form_class = RaiseForm if manager else ReportForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if manager:
            nc, ok = call_service(form, services.raise_nonconformity, actor=request.user, **data)
        else:
            nc, ok = call_service(form, services.report_nonconformity, actor=request.user, **data)
        if ok:
            messages.success(request, _("Nonconformity %(number)s recorded.") % {"number": nc.number})
            return redirect("nonconformities:detail", nc.pk)
    return render(request, "nonconformities/form.html", {"form": form, "manager": manager})


def _people(request):
    return agency_members(request.tenant)


def _detail(request, nc: Nonconformity, status: int = 200, **forms):
    manager = can(request, services.PERM)
    actions = list(selectors.actions_of(nc))
    context = {"nc": nc, "actions": actions, "can_manage": manager, "can_history": can(request, Perm.VIEW_HISTORY),
               "steps": selectors.lifecycle(nc), "open_actions": sum(not a.is_done for a in actions),
               "complete_form": forms.get("complete_form") or CompleteForm(auto_id=False),
               "complete_for": forms.get("complete_for"),
               "may_complete": {a.pk for a in actions if not a.is_done and nc.state == State.PLANNED
                                and (manager or a.owner_id == request.user.pk)}}
    if manager and not nc.is_closed:
        people = _people(request)
        context.update({
            "correction_form": forms.get("correction_form") or CorrectionForm(),
            "root_cause_form": forms.get("root_cause_form") or RootCauseForm(initial={"root_cause": nc.root_cause}),
            "action_form": forms.get("action_form") or ActionForm(people=people),
            "effectiveness_form": forms.get("effectiveness_form") or EffectivenessForm(people=people),
            "details_form": forms.get("details_form") or DetailsForm(initial={
                "grade": nc.grade, "effectiveness_days": nc.effectiveness_days}),
        })
    return render(request, "nonconformities/detail.html", context, status=status)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def nc_detail(request, pk):
    return _detail(request, get_object_or_404(Nonconformity, pk=pk))


def _step(request, pk, form, service, done, slot, **kwargs):
    """One step's form: saved, back to the NC with `done`; refused, the NC again with the input kept."""
    nc = get_object_or_404(Nonconformity, pk=pk)
    if form.is_valid():
        data = form.service_kwargs() if hasattr(form, "service_kwargs") else form.cleaned_data
        _result, ok = call_service(form, service, nc, actor=request.user, **data, **kwargs)
        if ok:
            messages.success(request, done % {"number": nc.number})
            return redirect("nonconformities:detail", nc.pk)
    return _detail(request, nc, status=400, **{slot: form})


@login_required
@agency_perm_required(services.PERM)
@require_POST
def nc_correction(request, pk):
    return _step(request, pk, CorrectionForm(request.POST), services.record_correction,
                 _("Immediate correction of %(number)s recorded."), "correction_form")


@login_required
@agency_perm_required(services.PERM)
@require_POST
def nc_root_cause(request, pk):
    return _step(request, pk, RootCauseForm(request.POST), services.record_root_cause,
                 _("Root cause of %(number)s recorded."), "root_cause_form")


@login_required
@agency_perm_required(services.PERM)
@require_POST
def nc_add_action(request, pk):
    return _step(request, pk, ActionForm(request.POST, people=_people(request)), services.add_action,
                 _("Corrective action added to %(number)s; its owner is told."), "action_form")


@login_required
@agency_perm_required(services.PERM)
@require_POST
def nc_effectiveness(request, pk):
    form = EffectivenessForm(request.POST, people=_people(request))
    done = (_("Effectiveness of %(number)s recorded: effective.")
            if request.POST.get("result") == Effectiveness.EFFECTIVE
            else _("%(number)s was found not effective: it is back to its actions, with the new one."))
    return _step(request, pk, form, services.record_effectiveness, done, "effectiveness_form")


@login_required
@agency_perm_required(services.PERM)
@require_POST
def nc_details(request, pk):
    return _step(request, pk, DetailsForm(request.POST), services.update_details,
                 _("Details of %(number)s saved."), "details_form")


@login_required
@agency_perm_required(services.PERM)
@require_POST
def nc_close(request, pk):
    nc = get_object_or_404(Nonconformity, pk=pk)
    try:
        services.close_nonconformity(nc, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(number)s closed.") % {"number": nc.number})
    return redirect("nonconformities:detail", nc.pk)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
@require_POST
def action_done(request, pk):
    """The owner of an action (or the ISO secretary) marks it done with its result."""
    action = get_object_or_404(selectors.actions(), pk=pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        _result, ok = call_service(form, services.complete_action, action, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Action marked done."))
            return redirect("nonconformities:detail", action.nonconformity_id)
    return _detail(request, action.nonconformity, status=400, complete_form=form, complete_for=action.pk)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def nc_print_pdf(request, pk):
    nc = get_object_or_404(Nonconformity, pk=pk)
    return file_response(administrative_pdf(nc_report(nc)), f"{nc.number}.pdf", "application/pdf", inline=True)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def nc_print_docx(request, pk):
    nc = get_object_or_404(Nonconformity, pk=pk)
    return file_response(administrative_docx(nc_report(nc)), f"{nc.number}.docx", DOCX)


@login_required
@agency_perm_required(Perm.VIEW_HISTORY)
def nc_history(request, pk):
    nc = get_object_or_404(Nonconformity, pk=pk)
    return render(request, "nonconformities/history.html", {"nc": nc, "history": history.nc_history(nc)})


