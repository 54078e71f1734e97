"""The quality policy and objectives pages: the year's objectives beside the policy in force, an objective
with its measurements, and the ISO secretary's forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core.errors import DomainError
from core.forms import call_service
from documents.views_support import can
from web.decorators import agency_perm_required

from . import selectors, services
from .forms import MeasurementForm, ObjectiveForm


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def objective_list(request):
    year = _year(request)
    return render(request, "objectives/list.html", {
        "year": year, "years": selectors.years(), "summary": selectors.summary(year),
        "policy": selectors.quality_policy(), "objectives_document": selectors.objectives_document(),
        "can_edit": can(request, services.PERM)})


def _form_page(request, form, objective=None, status=200):
    return render(request, "objectives/form.html", {"form": form, "objective": objective}, status=status)


@login_required
@agency_perm_required(services.PERM)
def objective_create(request):
    people = agency_members(request.tenant)
    form = ObjectiveForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        objective, ok = call_service(form, services.create_objective, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Objective “%(title)s” set.") % {"title": objective.title})
            return redirect("objectives:detail", objective.pk)
    return _form_page(request, form)


@login_required
@agency_perm_required(services.PERM)
def objective_edit(request, pk):
    objective = get_object_or_404(selectors.objectives(), pk=pk)
    initial = {name: getattr(objective, name) for name in
               ("year", "title", "comparison", "target", "unit", "frequency", "source", "plan")}
    initial["owner"] = objective.owner_id
    form = ObjectiveForm(request.POST or None, people=agency_members(request.tenant), initial=initial)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(form, services.update_objective, objective, actor=request.user,
                                   **form.cleaned_data)
        if ok:
            messages.success(request, _("Objective saved."))
            return redirect("objectives:detail", objective.pk)
    return _form_page(request, form, objective)


def _detail(request, objective, *, measurement_form=None, status=200):
    measured = {m.period: m for m in selectors.measurements_of(objective)}
    started = set(selectors.started_periods(objective))
    periods = [{"number": n, "label": label, "measurement": measured.get(n), "started": n in started,
                "meets": selectors.meets(objective, measured[n].value) if n in measured else None,
                "value": selectors.format_value(objective, measured[n].value) if n in measured else ""}
               for n, label in selectors.period_choices(objective)]
    editor = can(request, services.PERM)
    context = {"objective": objective, "periods": periods, "status": selectors.status(objective),
               "status_labels": selectors.STATUS_LABELS, "badges": selectors.STATUS_BADGES,
               "target": selectors.target_label(objective), "can_edit": editor}
    context["status_label"] = selectors.STATUS_LABELS[context["status"]]
    context["badge"] = selectors.STATUS_BADGES[context["status"]]
    if editor and not objective.computed:
        current = selectors.current_period(objective)
        choices = [(n, label) for n, label in selectors.period_choices(objective) if n in started]
        context["measurement_form"] = measurement_form or MeasurementForm(
            periods=choices, initial={"period": (current - 1 if current and current > 1 else current) or
                                      (choices[-1][0] if choices else None)})
    if can(request, Perm.VIEW_HISTORY):
        context["history"] = selectors.history(objective)
    return render(request, "objectives/detail.html", context, status=status)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def objective_detail(request, pk):
    return _detail(request, get_object_or_404(selectors.objectives(), pk=pk))


@login_required
@agency_perm_required(services.PERM)
@require_POST
def measurement_record(request, pk):
    objective = get_object_or_404(selectors.objectives(), pk=pk)
    form = MeasurementForm(request.POST, periods=selectors.period_choices(objective))
    if form.is_valid():
        _result, ok = call_service(form, services.record_measurement, objective, actor=request.user,
                                   **form.cleaned_data)
        if ok:
            messages.success(request, _("Measurement recorded."))
            return redirect("objectives:detail", objective.pk)
    return _detail(request, objective, measurement_form=form)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def year_report(request):
    """The year's objectives as a Decree-30 report, PDF (default) or DOCX (?format=docx)."""
    from printing.administrative import administrative_docx, administrative_pdf

    from .report import year_report as build

    year = _year(request)
    document = build(year)
    if request.GET.get("format") == "docx":
        return HttpResponse(administrative_docx(document), headers={
            "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Content-Disposition": f'attachment; filename="muc-tieu-chat-luong-{year}.docx"'})
    return HttpResponse(administrative_pdf(document), headers={
        "Content-Type": "application/pdf", "Content-Disposition": f'inline; filename="muc-tieu-chat-luong-{year}.pdf"'})


@login_required
@agency_perm_required(services.PERM)
@require_POST
def objective_refresh(request, pk):
    objective = get_object_or_404(selectors.objectives(), pk=pk)
    try:
        found = services.refresh_computed(objective, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)d periods computed from the dossiers.") % {"count": len(found)})
    return redirect("objectives:detail", objective.pk)
