"""The report pages, on the DOST's site: the runs and a new one, a run with its progress (polled) and its
figures (each a link to its agencies), the downloads, the Word templates. Each view checks the permission, asks
the selectors, calls one service. On an agency's site they do not exist (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from core.errors import DomainError
from core.forms import call_service
from core.tabular import XLSX_TYPE, file_response
from web.decorators import agency_perm_required

from . import output, selectors, services
from .forms import RequestForm, TemplateForm
from .models import ReportKind


def _province(request) -> int:
    province_id = selectors.province_of(request.user, request.tenant)
    if province_id is None:
        raise Http404
    return province_id


def _run(request, pk):
    _province(request)
    return get_object_or_404(selectors.visible_runs(request.user, request.tenant), pk=pk)


@login_required
@agency_perm_required(Perm.SUPERVISE)
def run_list(request):
    _province(request)
    can_make = selectors.can_make(request.user, request.tenant)
    return render(request, "province_reports/list.html", {
        "runs": selectors.visible_runs(request.user, request.tenant)[:100], "can_make": can_make,
        "form": RequestForm() if can_make else None})


@login_required
@agency_perm_required(Perm.MAKE_PROVINCE_REPORTS)
def run_create(request):
    _province(request)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run, ok = call_service(form, services.request_report, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("The report is being made: this page shows how far it got."))
            return redirect("province_reports:detail", run.pk)
    return render(request, "province_reports/list.html", {
        "runs": selectors.visible_runs(request.user, request.tenant)[:100], "can_make": True, "form": form})


@login_required
@agency_perm_required(Perm.SUPERVISE)
def run_detail(request, pk):
    run = _run(request, pk)
    return render(request, "province_reports/detail.html", {
        "run": run, "sections": selectors.sections_of(run) if run.status == run.Status.DONE else []})


@login_required
@agency_perm_required(Perm.SUPERVISE)
def run_progress(request, pk):
    """The progress box, polled by htmx while the run is not finished; once it is, the page reloads."""
    run = _run(request, pk)
    response = render(request, "province_reports/_progress.html", {"run": run})
    if run.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


def _download(run, field, suffix, content_type):
    if run.status != run.Status.DONE or not field:
        raise Http404
    with field.open("rb") as handle:
        return file_response(handle.read(), f"{run.basename}.{suffix}", content_type)


@login_required
@agency_perm_required(Perm.SUPERVISE)
def run_docx(request, pk):
    run = _run(request, pk)
    return _download(run, run.docx, "docx", services.DOCX_TYPE)


@login_required
@agency_perm_required(Perm.SUPERVISE)
def run_xlsx(request, pk):
    run = _run(request, pk)
    return _download(run, run.xlsx, "xlsx", XLSX_TYPE)


@login_required
@agency_perm_required(Perm.SUPERVISE)
def figure_detail(request, pk):
    _province(request)
    figure = get_object_or_404(selectors.visible_figures(request.user, request.tenant), pk=pk)
    return render(request, "province_reports/figure.html", {
        "figure": figure, "run": figure.run, "agencies": selectors.figure_agencies(figure)})


def _kind(report_kind: str) -> str:
    if report_kind not in ReportKind.values:
        raise Http404
    return report_kind


@login_required
@agency_perm_required(Perm.MAKE_PROVINCE_REPORTS)
def template_list(request):
    province_id = _province(request)
    custom = {t.kind: t for t in selectors.visible_templates(request.user, request.tenant)}
    return render(request, "province_reports/templates.html", {
        "kinds": [{"value": value, "label": label, "template": custom.get(value), "form": TemplateForm()}
                  for value, label in ReportKind.choices],
        "context_keys": output.CONTEXT_KEYS, "province_id": province_id})


@login_required
@agency_perm_required(Perm.MAKE_PROVINCE_REPORTS)
def template_download(request, report_kind):
    province_id = _province(request)
    data, name = services.template_bytes(province_id, _kind(report_kind))
    return file_response(data, name, services.DOCX_TYPE)


@login_required
@require_POST
@agency_perm_required(Perm.MAKE_PROVINCE_REPORTS)
def template_upload(request, report_kind):
    _province(request)
    kind = _kind(report_kind)
    form = TemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a Word file (.docx) to send."))
    else:
        try:
            services.upload_template(actor=request.user, kind=kind, upload=form.cleaned_data["file"])
            messages.success(request, _("The template is in use for the next reports."))
        except DomainError as error:
            messages.error(request, error.message)
    return redirect("province_reports:templates")


@login_required
@require_POST
@agency_perm_required(Perm.MAKE_PROVINCE_REPORTS)
def template_reset(request, report_kind):
    _province(request)
    try:
        services.reset_template(actor=request.user, kind=_kind(report_kind))
        messages.success(request, _("eISO's default template is in use again."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("province_reports:templates")
