"""The ISO steering committee page: who serves now, the decisions, what each changed; and the secretary's forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core.errors import DomainError
from core.forms import call_service
from core.tabular import file_response
from documents.views_support import can
from web.decorators import agency_perm_required

from . import selectors, services
from .forms import AppointForm, ChangeRoleForm, DecisionForm, RemoveForm


def _page(request, *, decision_form=None, appoint_form=None, status=200):
    editor = can(request, services.PERM)
    context = {
        "members": selectors.current_members(), "history": selectors.history(),
        "established": selectors.committee_established(), "can_edit": editor,
    }
    if editor:
        context.update({
            "decision_form": decision_form or DecisionForm(),
            "appoint_form": appoint_form or AppointForm(people=agency_members(request.tenant)),
            "role_form": ChangeRoleForm(auto_id=False), "remove_form": RemoveForm(auto_id=False),
        })
    return render(request, "committee/page.html", context, status=status)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def committee_page(request):
    return _page(request)


def _submit(request, form, service, done, slot):
    """A form of the page: saved, back to the page with `done`; refused, the page again with the input kept."""
    if form.is_valid():
        result, ok = call_service(form, service, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, done(result))
            return redirect("committee:page")
    return _page(request, **{slot: form})


@login_required
@agency_perm_required(services.PERM)
@require_POST
def decision_create(request):
    return _submit(request, DecisionForm(request.POST), services.record_decision,
                   lambda decision: _("Decision %(number)s recorded.") % {"number": decision.number}, "decision_form")


@login_required
@agency_perm_required(services.PERM)
@require_POST
def member_appoint(request):
    return _submit(request, AppointForm(request.POST, people=agency_members(request.tenant)), services.appoint_member,
                   lambda member: _("%(name)s appointed to the steering committee.") % {"name": member.name},
                   "appoint_form")


def _row_change(request, pk, form_class, action, done):
    """A change from a member's row: refused input is told as a message above the committee."""
    member = get_object_or_404(selectors.current_members(), pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("committee:page")
    try:
        result = action(member, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"name": result.name})
    return redirect("committee:page")


@login_required
@agency_perm_required(services.PERM)
@require_POST
def member_change_role(request, pk):
    return _row_change(request, pk, ChangeRoleForm, services.change_role,
                       _("%(name)s has a new role on the steering committee."))


@login_required
@agency_perm_required(services.PERM)
@require_POST
def member_remove(request, pk):
    return _row_change(request, pk, RemoveForm, services.remove_member, _("%(name)s left the steering committee."))


@login_required
@agency_perm_required(services.PERM)
@require_POST
def decision_attach_file(request, pk):
    decision = get_object_or_404(selectors.decisions(), pk=pk)
    uploaded = request.FILES.get("signed_file")
    if uploaded is None:
        messages.error(request, _("Choose the file of the signed decision."))
        return redirect("committee:page")
    try:
        services.attach_signed_file(decision, actor=request.user, uploaded_file=uploaded)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The signed decision %(number)s is kept.") % {"number": decision.number})
    return redirect("committee:page")


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def decision_file(request, pk):
    from django.http import FileResponse

    decision = get_object_or_404(selectors.decisions(), pk=pk)
    if not decision.signed_file:
        raise Http404
    return FileResponse(decision.signed_file.open("rb"), as_attachment=True, filename=decision.signed_file_name,
                        content_type=decision.signed_file_type or "application/octet-stream")


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def decision_paper(request, pk, fmt):
    """The decision in the Decree 30 layout, to print and sign (DOCX) or to read (PDF)."""
    from .papers import printed

    paper = printed(get_object_or_404(selectors.decisions(), pk=pk), fmt)
    if paper is None:
        raise Http404
    return file_response(*paper)
