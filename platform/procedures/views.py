"""The page that edits a TTHC procedure's particulars and step table, for the edition being made."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.services import has_perm
from core.forms import call_service
from documents.views_support import visible_document
from web.decorators import agency_perm_required

from . import durations, selectors, services
from .forms import FirstStepsFormSet, ProcedureSpecForm, ProcedureStepFormSet, steps_from
from .models import TimeUnit


def _initial(revision) -> tuple[dict, list[dict]]:
    spec = selectors.spec_of(revision)
    if spec is None:
        return {"time_unit": TimeUnit.WORKING_DAYS}, []
    spec_initial = {name: getattr(spec, name) for name in services.TEXT_FIELDS}
    spec_initial.update(tthc_codes="\n".join(spec.tthc_codes), time_unit=spec.time_unit,
                        time_limit=durations.canonical(spec.time_limit))
    steps = [{"action": s.action, "responsible": s.responsible, "time_unit": s.time_unit, "output": s.output,
              "time_allowed": durations.canonical(s.time_allowed)} for s in selectors.steps_of(revision)]
    return spec_initial, steps


@login_required
@agency_perm_required(Perm.EDIT_DOCUMENTS)
def edit_procedure(request, pk):
    document = visible_document(request, pk)
    revision = selectors.editable_revision(document)
    if not selectors.is_tthc_procedure(document) or revision is None:
        messages.error(request, _("Only the draft of a TTHC procedure (or one sent back for changes) can have its "
                                  "steps edited: start a new edition first."))
        return redirect("documents:detail", pk=document.pk)
    spec_initial, steps_initial = _initial(revision)
    data = request.POST or None
    form = ProcedureSpecForm(data, initial=spec_initial)
    formset = ProcedureStepFormSet if steps_initial else FirstStepsFormSet
    steps = formset(data, initial=steps_initial, prefix="steps")
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        _spec, ok = call_service(form, services.save_procedure, revision, actor=request.user,
                                 steps=steps_from(steps), **form.service_fields())
        if ok:
            messages.success(request, _("The procedure of edition %(edition)s is saved.") % {"edition": revision.edition})
            return redirect("documents:detail", pk=document.pk)
    return render(request, "procedures/edit.html",
                  {"document": document, "revision": revision, "form": form, "steps": steps})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def coverage(request):
    """Which TTHC assigned to this agency have no effective procedure, or one behind the catalogue."""
    result = selectors.tthc_coverage(request.tenant)
    status = request.GET.get("status", "")
    status = status if status in selectors.CoverageStatus.STATES else ""
    return render(request, "procedures/coverage.html", {
        "coverage": result, "rows": result.rows_in(status), "status": status,
        "counts": {state: result.count(state) for state in selectors.CoverageStatus.STATES},
        "can_edit": has_perm(request.user, request.tenant, Perm.EDIT_DOCUMENTS)})
