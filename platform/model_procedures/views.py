"""The model procedure pages. On the DOST's site: the province's models (create, write the draft edition
with its steps, publish, see who adopted). On an agency's site: the library of its province's published
models (adopted or not, a newer edition available), a model with its text, steps and flow diagram, adopting,
the side-by-side difference and taking the changes into a new draft. Each view checks the permission, asks
the selectors, calls one service."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.services import has_perm
from core.errors import DomainError
from core.forms import call_service
from procedures import durations
from procedures.document_panels import shown_flow
from procedures.forms import ProcedureStepFormSet, steps_from
from procedures.models import TimeUnit
from web.decorators import agency_perm_required

from . import diff, selectors, services
from .forms import AdoptForm, DraftForm, LibraryFilterForm, ModelForm


def _models(request):
    return selectors.visible_models(request.user, request.tenant)


def _model(request, pk):
    return get_object_or_404(_models(request), pk=pk)


def _keeper_only(request):
    """The writing pages exist only on the DOST's site (the services refuse elsewhere too)."""
    if not selectors.can_keep(request.user, request.tenant):
        raise Http404


def _shown_steps(edition) -> list[tuple[SimpleNamespace, str]]:
    steps = [SimpleNamespace(number=s["number"], action=s["action"], responsible=s["responsible"],
                             time_allowed=durations.as_decimal(s["time_allowed"]), time_unit=s["time_unit"],
                             output=s.get("output", "")) for s in (edition.steps if edition else [])]
    return [(step, durations.shown(step.time_allowed, step.time_unit)) for step in steps]


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def model_list(request):
    agency = request.tenant
    models = _models(request)
    form = LibraryFilterForm(request.GET or None, fields=selectors.fields_of(models))
    if form.is_valid():
        models = selectors.filter_models(models, **form.filters())
    return render(request, "model_procedures/list.html", {
        "form": form, "rows": selectors.library(models.order_by("field", "code"), agency),
        "province_wide": selectors.sees_whole_province(request.user, agency),
        "can_keep": selectors.can_keep(request.user, agency)})


@login_required
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def model_create(request):
    _keeper_only(request)
    form = ModelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        model, ok = call_service(form, services.create_model, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Model procedure %(code)s created: write its first edition.") % {
                "code": model.code})
            return redirect("model_procedures:draft", model.pk)
    return render(request, "model_procedures/create.html", {"form": form})


@login_required
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def model_edit(request, pk):
    _keeper_only(request)
    model = _model(request, pk)
    form = ModelForm(request.POST or None, initial={name: getattr(model, name) for name in ModelForm.base_fields})
    form.fields["code"].disabled = True  # agencies know the model by its code
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ("title", "level", "field")}
        _model_saved, ok = call_service(form, services.update_model, model, actor=request.user, **values)
        if ok:
            messages.success(request, _("Model procedure %(code)s saved.") % {"code": model.code})
            return redirect("model_procedures:detail", model.pk)
    return render(request, "model_procedures/create.html", {"form": form, "model": model})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def model_detail(request, pk):
    agency, user = request.tenant, request.user
    model = _model(request, pk)
    latest = selectors.latest_published(model)
    can_keep = selectors.can_keep(user, agency)
    adoption = selectors.adoption_of(model, agency) if selectors.may_adopt_here(agency) else None
    can_adopt = (adoption is None and latest is not None and selectors.may_adopt_here(agency)
                 and has_perm(user, agency, Perm.EDIT_DOCUMENTS))
    return render(request, "model_procedures/detail.html", {
        "model": model, "latest": latest, "steps": _shown_steps(latest),
        "flow_svg": shown_flow([step for step, _time in _shown_steps(latest)]),
        "time_limit": durations.shown(latest.time_limit, latest.time_unit) if latest else "",
        "editions": selectors.visible_editions(user, agency).filter(model=model).order_by("-number"),
        "draft": selectors.draft_of(model) if can_keep else None, "can_keep": can_keep,
        "adoptions": selectors.adoptions_of(model) if selectors.sees_whole_province(user, agency) else None,
        "adoption": adoption, "behind": adoption is not None and latest is not None
        and latest.number > adoption.taken_edition,
        "can_adopt": can_adopt, "adopt_form": AdoptForm(initial={"code": services.default_code(model),
                                                                 "title": model.title})})


def _draft_initial(edition) -> tuple[dict, list[dict]]:
    if edition is None or edition.time_limit is None:
        initial = {"time_unit": TimeUnit.WORKING_DAYS}
    else:
        initial = {name: getattr(edition, name) for name in services.rules.TEXT_FIELDS}
        initial.update(tthc_codes="\n".join(edition.tthc_codes), time_unit=edition.time_unit,
                       time_limit=durations.canonical(edition.time_limit))
    if edition is not None:
        initial.update(content=edition.content, change_note=edition.change_note)
    steps = [{key: step.get(key, "") for key in ("action", "responsible", "time_allowed", "time_unit", "output")}
             for step in (edition.steps if edition else [])]
    return initial, steps


@login_required
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def draft_edit(request, pk):
    _keeper_only(request)
    model = _model(request, pk)
    draft = selectors.draft_of(model)
    if draft is None:
        return render(request, "model_procedures/draft.html", {"model": model, "draft": None})
    initial, steps_initial = _draft_initial(draft)
    data = request.POST or None
    form = DraftForm(data, initial=initial)
    steps = ProcedureStepFormSet(data, initial=steps_initial, prefix="steps")
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        _draft, ok = call_service(form, services.save_draft, model, actor=request.user, steps=steps_from(steps),
                                  **form.cleaned_data)
        if ok:
            messages.success(request, _("Edition %(number)d of the model is saved (still a draft).") % {
                "number": draft.number})
            return redirect("model_procedures:detail", model.pk)
    return render(request, "model_procedures/draft.html", {"model": model, "draft": draft, "form": form,
                                                            "steps": steps})


def _post_action(request, pk, action, success, target="model_procedures:detail"):
    model = _model(request, pk)
    try:
        result = action(model, actor=request.user)
        messages.success(request, success(result))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(target, model.pk)


@login_required
@require_POST
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def edition_start(request, pk):
    _keeper_only(request)
    return _post_action(request, pk, services.start_edition, lambda edition: _(
        "Edition %(number)d started as a draft from the latest published one.") % {"number": edition.number},
        target="model_procedures:draft")


@login_required
@require_POST
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def edition_publish(request, pk):
    _keeper_only(request)
    return _post_action(request, pk, services.publish_edition, lambda edition: _(
        "Edition %(number)d published: the agencies that adopted the model are being told.") % {
        "number": edition.number})


@login_required
@require_POST
@agency_perm_required(Perm.EDIT_DOCUMENTS)
def adopt(request, pk):
    model = _model(request, pk)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give our procedure a code and a title."))
        return redirect("model_procedures:detail", model.pk)
    try:
        adoption = services.adopt(model, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("model_procedures:detail", model.pk)
    messages.success(request, _("Model adopted: this is our own draft now; adapt it, then send it for review."))
    return redirect("documents:detail", adoption.document_id)


def _adoption(request, model):
    adoption = selectors.adoption_of(model, request.tenant) if selectors.may_adopt_here(request.tenant) else None
    if adoption is None:
        raise Http404
    return adoption


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def model_diff(request, pk):
    model = _model(request, pk)
    adoption = _adoption(request, model)
    latest = selectors.latest_published(model)
    try:
        document = services.adopted_document(adoption)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("model_procedures:detail", model.pk)
    return render(request, "model_procedures/diff.html", {
        "model": model, "adoption": adoption, "document": document, "difference": diff.difference(document, latest),
        "behind": latest.number > adoption.taken_edition,
        "can_take": has_perm(request.user, request.tenant, Perm.EDIT_DOCUMENTS)})


@login_required
@require_POST
@agency_perm_required(Perm.EDIT_DOCUMENTS)
def take_changes(request, pk):
    model = _model(request, pk)
    adoption = _adoption(request, model)
    try:
        revision = services.take_changes(model, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("model_procedures:diff", model.pk)
    messages.success(request, _("The model's changes are in draft edition %(edition)s of our procedure: check "
                                "them, adapt them, then send the edition for review.") % {"edition": revision.edition})
    return redirect("documents:detail", adoption.document_id)
