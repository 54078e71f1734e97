"""Internal audit pages: the year's programme, a plan's form, a plan with its checklist and findings, the
report in PDF or DOCX. Thin: check the permission, collect input, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core.errors import DomainError
from core.forms import call_service
from core.tabular import file_response
from documents.views_support import can
from web.decorators import agency_perm_required

from . import report, selectors, services
from .forms import CompleteForm, FindingForm, PlanForm, ProgrammeForm
from .models import AuditState

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or selectors.current_year())
    except ValueError:
        return selectors.current_year()


def _programme_page(request, *, programme_form=None, status=200):
    year = _year(request)
    programme = selectors.programmes().filter(year=year).first()
    plans = list(selectors.plans().filter(programme=programme)) if programme else []
    leads = selectors.names({plan.lead_auditor_id for plan in plans})
    context = {"year": year, "programme": programme, "programmes": selectors.programmes(),
               "plans": [(plan, leads.get(plan.lead_auditor_id, "—")) for plan in plans],
               "can_edit": can(request, services.PERM)}
    if context["can_edit"]:
        context["programme_form"] = programme_form or ProgrammeForm(initial={"year": year})
    return render(request, "audits/programme.html", context, status=status)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def programme_page(request):
    return _programme_page(request)


@login_required
@agency_perm_required(services.PERM)
@require_POST
def programme_create(request):
    form = ProgrammeForm(request.POST)
    if form.is_valid():
        programme, ok = call_service(form, services.create_programme, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Programme %(title)s created.") % {"title": programme.title})
            return redirect(f"{reverse('audits:list')}?year={programme.year}")
    return _programme_page(request, programme_form=form)


@login_required
@agency_perm_required(services.PERM)
def plan_create(request):
    people = agency_members(request.tenant)
    if request.method == "POST":
        form = PlanForm(request.POST, agency=request.tenant, people=people)
        if form.is_valid():
            plan, ok = call_service(form, services.plan_audit, actor=request.user, **form.service_arguments())
            if ok:
                messages.success(request, _("Audit “%(title)s” planned; its checklist is ready.") % {"title": plan.title})
                return redirect("audits:plan", pk=plan.pk)
    else:
        form = PlanForm(agency=request.tenant, people=people, initial={"programme": request.GET.get("programme")})
    return render(request, "audits/plan_form.html", {"form": form, "has_programme": selectors.programmes().exists()})


def _plan_page(request, plan, *, complete_form=None, status=200):
    lines = selectors.checklist(plan)
    ids = [f.nonconformity_id for line in lines for f in line.findings.all()]
    editor = can(request, services.PERM)
    context = {"plan": plan, "lines": lines, "team": selectors.team(plan), "nc_states": selectors.nonconformity_states(ids),
               "counts": selectors.grade_counts([plan.pk]), "can_edit": editor, "states": AuditState,
               "open_lines": sum(1 for line in lines if not line.findings.all())}
    if editor:
        context["finding_form"] = FindingForm(auto_id=False)
        context["complete_form"] = complete_form or CompleteForm()
    return render(request, "audits/plan.html", context, status=status)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def plan_page(request, pk):
    return _plan_page(request, get_object_or_404(selectors.plans(), pk=pk))


def _step(request, pk, service, done):
    plan = get_object_or_404(selectors.plans(), pk=pk)
    try:
        plan = service(plan, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"title": plan.title})
    return redirect("audits:plan", pk=pk)


@login_required
@agency_perm_required(services.PERM)
@require_POST
def plan_issue(request, pk):
    return _step(request, pk, services.issue_plan, _("Plan “%(title)s” issued; its auditors are told."))


@login_required
@agency_perm_required(services.PERM)
@require_POST
def plan_start(request, pk):
    return _step(request, pk, services.start_audit, _("Audit “%(title)s” started: record the findings."))


@login_required
@agency_perm_required(services.PERM)
@require_POST
def plan_complete(request, pk):
    plan = get_object_or_404(selectors.plans(), pk=pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        plan, ok = call_service(form, services.complete_audit, plan, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Report of “%(title)s” issued.") % {"title": plan.title})
            return redirect("audits:plan", pk=pk)
    return _plan_page(request, plan, complete_form=form)


@login_required
@agency_perm_required(services.PERM)
@require_POST
def finding_create(request, pk):
    line = get_object_or_404(selectors.lines(), pk=pk)
    form = FindingForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("audits:plan", pk=line.plan_id)
    try:
        finding = services.record_finding(line, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Finding recorded: %(grade)s.") % {"grade": finding.get_grade_display()})
    return redirect(f"{reverse('audits:plan', kwargs={'pk': line.plan_id})}#line-{line.pk}")


def _report(pk, fmt: str):
    plan = get_object_or_404(selectors.plans(), pk=pk)
    name = f"bao-cao-danh-gia-noi-bo-{plan.pk}.{fmt}"
    if fmt == "pdf":
        return file_response(report.report_pdf(plan), name, "application/pdf")
    return file_response(report.report_docx(plan), name, DOCX)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def report_pdf(request, pk):
    return _report(pk, "pdf")


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def report_docx(request, pk):
    return _report(pk, "docx")
