"""Management review pages: the reviews, a review with its inputs by clause item, its minutes and actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core.errors import DomainError
from core.forms import call_service
from documents.views_support import can, file_response
from web.decorators import agency_perm_required

from . import minutes, selectors, services
from .forms import ActionForm, CompleteForm, MinutesForm, OutputsForm, PlanForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _plan_form(request, data=None, *, initial=None):
    return PlanForm(data, initial=initial, people=agency_members(request.tenant),
                    heads=agency_members(request.tenant, Perm.SIGN_FOR_AGENCY))


def _list_page(request, *, plan_form=None, status=200):
    editor = can(request, services.PERM)
    context = {"reviews": selectors.reviews(), "last_held_on": selectors.last_held_on(),
               "held_this_year": selectors.held_in(timezone.localdate().year),
               "overdue": selectors.overdue_actions().count(), "open": selectors.open_actions().count(),
               "can_edit": editor}
    if editor:
        context["plan_form"] = plan_form or _plan_form(request, initial={"planned_on": timezone.localdate()})
    return render(request, "reviews/list.html", context, status=status)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def review_list(request):
    return _list_page(request)


@login_required
@agency_perm_required(services.PERM)
@require_POST
def review_plan(request):
    form = _plan_form(request, request.POST)
    if form.is_valid():
        review, ok = call_service(form, services.plan_review, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Management review planned."))
            return redirect("reviews:detail", review.pk)
    return _list_page(request, plan_form=form)


def _plan_initial(review) -> dict:
    return {"title": review.title, "planned_on": review.planned_on, "period_since": review.period_since,
            "period_until": review.period_until, "place": review.place, "chair": review.chair_id,
            "secretary": review.secretary_id,
            "attendee_users": [row["user"] for row in review.attendees if row.get("user")],
            "other_attendees": "\n".join(row["name"] for row in review.attendees if not row.get("user"))}


def _detail_page(request, review, *, plan_form=None, minutes_form=None, outputs_form=None, action_form=None,
                 status=200):
    editor = can(request, services.PERM)
    rows = selectors.action_rows(review.actions.all())
    context = {"review": review, "items": selectors.inputs_of(review), "rows": rows, "can_edit": editor,
               "can_history": can(request, Perm.VIEW_HISTORY), "complete_form": CompleteForm(auto_id=False),
               "edit_form": ActionForm(auto_id=False, people=agency_members(request.tenant)) if editor else None,
               "completable": {row.action.pk for row in rows if selectors.may_complete(request.user, row.action)}}
    if editor:
        people = agency_members(request.tenant)
        if not review.is_held:
            context["plan_form"] = plan_form or _plan_form(request, initial=_plan_initial(review))
        if review.state == "prepared":
            context["minutes_form"] = minutes_form or MinutesForm(initial={"held_on": review.planned_on})
        if review.is_held:
            context["outputs_form"] = outputs_form or OutputsForm(initial={
                name: getattr(review, name) for name in OutputsForm.base_fields})
        if review.state != "planned":
            context["action_form"] = action_form or ActionForm(people=people)
    return render(request, "reviews/detail.html", context, status=status)


def _review(pk):
    return get_object_or_404(selectors.reviews(), pk=pk)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def review_detail(request, pk):
    return _detail_page(request, _review(pk))


def _submit(request, review, form, service, done, slot):
    if form.is_valid():
        _result, ok = call_service(form, service, review, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, done)
            return redirect("reviews:detail", review.pk)
    return _detail_page(request, review, **{slot: form})


@login_required
@agency_perm_required(services.PERM)
@require_POST
def review_edit(request, pk):
    review = _review(pk)
    return _submit(request, review, _plan_form(request, request.POST), services.update_plan,
                   _("The plan of the review is saved."), "plan_form")


@login_required
@agency_perm_required(services.PERM)
@require_POST
def review_prepare(request, pk):
    review = _review(pk)
    try:
        services.prepare_inputs(review, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The inputs are gathered from every area and kept on the review."))
    return redirect("reviews:detail", review.pk)


@login_required
@agency_perm_required(services.PERM)
@require_POST
def review_hold(request, pk):
    review = _review(pk)
    return _submit(request, review, MinutesForm(request.POST), services.record_minutes,
                   _("The minutes are recorded: the review is held."), "minutes_form")


@login_required
@agency_perm_required(services.PERM)
@require_POST
def review_outputs(request, pk):
    review = _review(pk)
    return _submit(request, review, OutputsForm(request.POST), services.update_outputs,
                   _("The outputs and decisions are saved."), "outputs_form")


@login_required
@agency_perm_required(services.PERM)
@require_POST
def action_add(request, pk):
    review = _review(pk)
    return _submit(request, review, ActionForm(request.POST, people=agency_members(request.tenant)),
                   services.add_action, _("The action is recorded and its owner told."), "action_form")


def _row_change(request, action, form, service, done) -> None:
    """A change from an action's row: refused input or a refused rule is told as a message above the page."""
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return
    try:
        service(action, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


@login_required
@agency_perm_required(services.PERM)
@require_POST
def action_edit(request, pk):
    action = get_object_or_404(selectors.actions(), pk=pk)
    _row_change(request, action, ActionForm(request.POST, people=agency_members(request.tenant)),
                services.update_action, _("The action is changed."))
    return redirect("reviews:detail", action.review_id)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
@require_POST
def action_complete(request, pk):
    action = get_object_or_404(selectors.actions(), pk=pk)
    _row_change(request, action, CompleteForm(request.POST), services.complete_action,
                _("The action's result is recorded."))
    if request.POST.get("next") == "actions":
        return redirect("reviews:actions")
    return redirect("reviews:detail", action.review_id)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def minutes_pdf(request, pk):
    review = _review(pk)
    return file_response(minutes.minutes_pdf(review), filename=minutes.filename(review, "pdf"),
                         content_type="application/pdf")


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def minutes_docx(request, pk):
    review = _review(pk)
    return file_response(minutes.minutes_docx(review), filename=minutes.filename(review, "docx"), content_type=DOCX)


@login_required
@agency_perm_required(Perm.VIEW_HISTORY)
def review_history(request, pk):
    review = _review(pk)
    return render(request, "reviews/history.html", {"review": review, "history": selectors.review_history(review)})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def action_list(request):
    state = request.GET.get("state", "")
    state = state if state in dict(selectors.ActionState.choices) else ""
    mine = request.GET.get("mine") == "1"
    queryset = selectors.my_actions(request.user) if mine else selectors.actions()
    rows = selectors.action_rows(selectors.filter_actions(queryset, state=state).order_by("due_on", "id"))
    return render(request, "reviews/actions.html", {
        "rows": rows, "state": state, "mine": mine, "states": selectors.ActionState.choices,
        "complete_form": CompleteForm(auto_id=False),
        "completable": {row.action.pk for row in rows if selectors.may_complete(request.user, row.action)}})
