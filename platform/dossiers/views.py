"""On-time dossiers: the rates by TTHC and month, one TTHC's steps, the late dossiers, and the import."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Perm
from core.changes import allowed
from core.forms import call_service
from web.decorators import agency_perm_required

from . import selectors, services
from .forms import DossierImportForm, RatesFilterForm
from .sources import OPTIONAL, REQUIRED, STEP_FIELDS

PAGE_SIZE = 50
SAMPLE = Path(__file__).resolve().parent / "samples" / "ho-so-mau.csv"


def _filtered(request):
    """The dossiers the person sees, the catalogue's names, the filter form and what it chose."""
    dossiers = selectors.visible_dossiers(request.user)
    names = selectors.catalogue_names(request.tenant)
    codes = selectors.tthc_codes(dossiers)
    form = RatesFilterForm(request.GET or None, years=selectors.years(dossiers),
                           codes=[(code, f"{code} {names.get(code, '')}".strip()) for code in codes])
    return dossiers, names, form, form.filters()


def _bars(rows):
    """Each month's rate as a bar width (0–100) for the inline chart."""
    return [{"row": row, "width": row.rate or 0} for row in rows]


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def dashboard(request):
    dossiers, names, form, chosen = _filtered(request)
    chosen_dossiers = selectors.filter_dossiers(dossiers, **chosen)
    by_month_dossiers = selectors.filter_dossiers(dossiers, tthc=chosen["tthc"], year=chosen["year"])
    return render(request, "dossiers/dashboard.html", {
        "form": form, "chosen": chosen, "totals": selectors.totals(chosen_dossiers),
        "by_tthc": selectors.rates_by_tthc(chosen_dossiers, names=names),
        "by_month": _bars(selectors.rates_by_month(by_month_dossiers)),
        "can_import": allowed(request.user, services.IMPORT_PERM), "has_any": dossiers.exists()})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def tthc_detail(request, tthc_code):
    visible, names, form, chosen = _filtered(request)
    dossiers = selectors.filter_dossiers(visible, tthc=tthc_code)
    if not dossiers.exists():
        raise Http404  # a TTHC the agency has no dossier of has no rates
    period = selectors.in_period(dossiers, chosen["year"], chosen["month"])
    by_tthc = selectors.rates_by_tthc(period, names=names)
    return render(request, "dossiers/tthc.html", {
        "code": tthc_code, "name": by_tthc[0].name if by_tthc else names.get(tthc_code, ""), "form": form,
        "chosen": chosen, "totals": selectors.totals(period), "by_step": selectors.rates_by_step(period),
        "by_month": _bars(selectors.rates_by_month(selectors.in_period(dossiers, chosen["year"]))),
        "late": selectors.late_dossiers(period)[:20]})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def late_list(request):
    dossiers, names, form, chosen = _filtered(request)
    late = selectors.filter_dossiers(dossiers, late=True, **chosen)
    page = Paginator(late, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dossiers/late.html", {"form": form, "page": page, "dossiers": page.object_list,
                                                  "names": names})


@login_required
@agency_perm_required(services.IMPORT_PERM)
def import_page(request):
    form = DossierImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job, ok = call_service(form, services.start_import, actor=request.user, upload=form.cleaned_data["file"])
        if ok:
            messages.success(request, _("The file was received; its dossiers are being checked and imported."))
            return redirect("dossiers:import_detail", pk=job.pk)
    return render(request, "dossiers/import.html", {
        "form": form, "jobs": selectors.visible_imports(request.user)[:10], "required": REQUIRED,
        "optional": OPTIONAL, "step_fields": STEP_FIELDS, "sample_name": SAMPLE.name})


@login_required
@agency_perm_required(services.IMPORT_PERM)
def import_detail(request, pk):
    job = get_object_or_404(selectors.visible_imports(request.user), pk=pk)
    return render(request, "dossiers/import_detail.html", {"job": job})


@login_required
@agency_perm_required(services.IMPORT_PERM)
def sample_file(request):
    return FileResponse(SAMPLE.open("rb"), as_attachment=True, filename=SAMPLE.name, content_type="text/csv")
