"""Pages of context and risks: the context (issues, interested parties), the register with its filters, a
risk's page (assessments, procedures, history), the heat map and the matrix settings. Thin: each checks the
permission, reads through selectors, and calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
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
from .forms import IssueForm, MatrixForm, PartyForm, ReassessForm, RiskFilterForm, RiskForm
from .models import AssessmentBasis, ContextIssue, InterestedParty, Level, RiskKind

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _context_page(request, *, issue_form=None, party_form=None, status=200):
    editor = can(request, services.PERM)
    issues = list(selectors.issues())
    context = {"internal": [i for i in issues if i.side == "internal"],
               "external": [i for i in issues if i.side == "external"],
               "parties": selectors.parties(), "can_edit": editor, "can_history": can(request, Perm.VIEW_HISTORY)}
    if editor:
        context.update(issue_form=issue_form or IssueForm(prefix="issue"),
                       party_form=party_form or PartyForm(prefix="party"))
    return render(request, "risks/context.html", context, status=status)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def context_page(request):
    return _context_page(request)


def _add(request, form, service, done, slot):
    """A form of the context page: saved, back to the page; refused, the page again with the input kept."""
    if form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "relevant"}
        _made, ok = call_service(form, service, actor=request.user, **data)
        if ok:
            messages.success(request, done)
            return redirect("risks:context")
    return _context_page(request, **{slot: form})


@login_required
@agency_perm_required(services.PERM)
@require_POST
def issue_create(request):
    return _add(request, IssueForm(request.POST, prefix="issue"), services.record_issue,
                _("The context issue is noted."), "issue_form")


@login_required
@agency_perm_required(services.PERM)
@require_POST
def party_create(request):
    return _add(request, PartyForm(request.POST, prefix="party"), services.record_party,
                _("The interested party is added."), "party_form")


def _edit(request, obj, form_class, service, title, fields):
    initial = {name: getattr(obj, name) for name in fields}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(form, service, obj, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Saved."))
            return redirect("risks:context")
    return render(request, "risks/form.html", {"form": form, "title": title, "back": "risks:context"},
                  status=400 if form.errors else 200)


@login_required
@agency_perm_required(services.PERM)
def issue_edit(request, pk):
    issue = get_object_or_404(ContextIssue, pk=pk)
    return _edit(request, issue, IssueForm, services.update_issue, _("Change a context issue"),
                 ("side", "category", "description", "effect", "noted_on", "relevant"))


@login_required
@agency_perm_required(services.PERM)
def party_edit(request, pk):
    party = get_object_or_404(InterestedParty, pk=pk)
    return _edit(request, party, PartyForm, services.update_party, _("Change an interested party"),
                 ("name", "needs", "monitoring", "relevant"))


@login_required
@agency_perm_required(Perm.VIEW_HISTORY)
def context_history(request):
    return render(request, "risks/history.html", {"history": selectors.context_history(),
                                                  "can_edit": can(request, services.PERM)})


# --- the register -------------------------------------------------------------------------------------------

@login_required
@agency_perm_required(Perm.VIEW_QMS)
def risk_list(request):
    filters = selectors.RiskFilters.from_query(request.GET)
    page = Paginator(selectors.filtered(filters).select_related("owner"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "risks/list.html", {
        "form": RiskFilterForm(request.GET or None), "filters": filters, "page": page, "risks": page.object_list,
        "grid": selectors.matrix(), "can_edit": can(request, services.PERM),
        "residual": filters.basis == AssessmentBasis.RESIDUAL, "today": timezone.localdate()})


def _risk_form(request, data=None, initial=None):
    return RiskForm(data, initial=initial, grid=selectors.matrix(), people=agency_members(request.tenant),
                    documents=selectors.linkable_documents())


@login_required
@agency_perm_required(services.PERM)
def risk_create(request):
    initial = {"kind": request.GET.get("kind") or RiskKind.RISK}
    if request.GET.get("document", "").isdigit():
        initial["documents"] = [int(request.GET["document"])]
    form = _risk_form(request, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        risk, ok = call_service(form, services.record_risk, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("“%(title)s” is in the register.") % {"title": risk.title})
            return redirect("risks:detail", pk=risk.pk)
    return render(request, "risks/risk_form.html", {"form": form, "title": _("New risk or opportunity")},
                  status=400 if form.errors else 200)


@login_required
@agency_perm_required(services.PERM)
def risk_edit(request, pk):
    risk = get_object_or_404(selectors.risks(), pk=pk)
    initial = {name: getattr(risk, name) for name in services.RISK_FIELDS if name not in ("documents", "owner")}
    initial.update(documents=risk.document_ids, owner=risk.owner_id)
    form = _risk_form(request, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        _risk, ok = call_service(form, services.update_risk, risk, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Saved."))
            return redirect("risks:detail", pk=risk.pk)
    return render(request, "risks/risk_form.html", {"form": form, "risk": risk, "title": _("Change the risk")},
                  status=400 if form.errors else 200)


def _detail(request, risk, *, reassess_form=None, status=200):
    grid = selectors.matrix()
    editor = can(request, services.PERM)
    context = {"risk": risk, "grid": grid, "documents": selectors.documents_of(risk),
               "likelihood_label": grid.likelihood_label(risk.likelihood),
               "impact_label": grid.impact_label(risk.impact),
               "assessments": [(a, grid.level_of(a.score)) for a in selectors.assessments(risk)],
               "can_edit": editor, "can_history": can(request, Perm.VIEW_HISTORY), "today": timezone.localdate()}
    if editor:
        context["reassess_form"] = reassess_form or ReassessForm(grid=grid)
    if context["can_history"]:
        context["history"] = selectors.risk_history(risk)
    return render(request, "risks/detail.html", context, status=status)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def risk_detail(request, pk):
    return _detail(request, get_object_or_404(selectors.risks().select_related("owner"), pk=pk))


@login_required
@agency_perm_required(services.PERM)
@require_POST
def risk_reassess(request, pk):
    risk = get_object_or_404(selectors.risks().select_related("owner"), pk=pk)
    form = ReassessForm(request.POST, grid=selectors.matrix())
    if form.is_valid():
        _risk, ok = call_service(form, services.reassess, risk, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("The residual assessment is recorded."))
            return redirect("risks:detail", pk=risk.pk)
    return _detail(request, risk, reassess_form=form, status=400)


def _status_change(request, pk, service, done):
    risk = get_object_or_404(selectors.risks(), pk=pk)
    try:
        service(risk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("risks:detail", pk=risk.pk)


@login_required
@agency_perm_required(services.PERM)
@require_POST
def risk_close(request, pk):
    return _status_change(request, pk, services.close_risk, _("The risk is closed."))


@login_required
@agency_perm_required(services.PERM)
@require_POST
def risk_reopen(request, pk):
    return _status_change(request, pk, services.reopen_risk, _("The risk is open again."))


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def register_print(request, fmt):
    """The context and the open register as a Decree-30 report, PDF or DOCX."""
    from printing.administrative import administrative_docx, administrative_pdf

    from .report import register_report

    document = register_report()
    if fmt == "docx":
        body, content_type = administrative_docx(document), DOCX
    else:
        body, content_type = administrative_pdf(document), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="so-dang-ky-rui-ro.{fmt}"'
    return response


# --- heat map and matrix --------------------------------------------------------------------------------------

@login_required
@agency_perm_required(Perm.VIEW_QMS)
def heat_map(request):
    basis = request.GET.get("basis") or AssessmentBasis.INHERENT
    kind = request.GET.get("kind") or RiskKind.RISK
    return render(request, "risks/heatmap.html", {
        "map": selectors.heat_map(basis, kind), "bases": AssessmentBasis.choices, "kinds": RiskKind.choices,
        "levels": Level.choices, "can_edit": can(request, services.PERM)})


@login_required
@agency_perm_required(services.PERM)
def matrix_settings(request):
    grid = selectors.matrix()
    initial = {"size": grid.size, "medium_from": grid.medium_from, "high_from": grid.high_from,
               "likelihood_labels": "\n".join(grid.likelihood_labels), "impact_labels": "\n".join(grid.impact_labels)}
    form = MatrixForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _row, ok = call_service(form, services.set_matrix, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("The risk matrix is saved; the register is re-levelled by it."))
            return redirect("risks:heatmap")
    return render(request, "risks/matrix.html", {"form": form, "grid": grid, "defaults": selectors.DEFAULT_THRESHOLDS},
                  status=400 if form.errors else 200)
