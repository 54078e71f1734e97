"""The announcement page (publication state, reasons, milestones, history of announcements), the head's
confirmation and announcement forms, the printed decision and its signed file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from core.forms import call_service
from documents.views_support import can, file_response
from web.decorators import agency_perm_required

from . import printed, selectors, services
from .forms import AnnounceForm, ConfirmForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _page(request, *, confirm_form=None, announce_form=None, status=200):
    state = selectors.publication_state(request.tenant)
    signer = can(request, services.PERM)
    context = {"state": state, "announcements": selectors.announcements(),
               "confirmations": selectors.confirmations(), "can_sign": signer,
               "scope": selectors.current_scope(request.tenant) if signer and state.announceable else None,
               "history": selectors.history() if can(request, Perm.VIEW_HISTORY) else None}
    if signer:
        name = request.user.display_name
        title = getattr(request.user, "job_title", "") or ""
        context["confirm_form"] = confirm_form or ConfirmForm(initial={"head_name": name, "head_title": title})
        context["announce_form"] = announce_form or AnnounceForm(initial={"signer_name": name, "signer_title": title})
    return render(request, "announcement/page.html", context, status=status)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def announcement_page(request):
    return _page(request)


@login_required
@agency_perm_required(services.PERM)
@require_POST
def confirm(request):
    form = ConfirmForm(request.POST)
    if form.is_valid():
        _result, ok = call_service(form, services.confirm, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("The system's effectiveness is confirmed."))
            return redirect("announcement:list")
    return _page(request, confirm_form=form, status=400)


@login_required
@agency_perm_required(services.PERM)
@require_POST
def announce(request):
    form = AnnounceForm(request.POST, request.FILES)
    if form.is_valid():
        result, ok = call_service(form, services.announce, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Announcement %(number)s recorded and sent to the DOST.")
                             % {"number": result.number})
            return redirect("announcement:list")
    return _page(request, announce_form=form, status=400)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def print_pdf(request, pk):
    announcement = get_object_or_404(selectors.announcements(), pk=pk)
    return file_response(printed.decision_pdf(announcement), filename=f"quyet-dinh-cong-bo-{pk}.pdf",
                         content_type="application/pdf", inline=True)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def print_docx(request, pk):
    announcement = get_object_or_404(selectors.announcements(), pk=pk)
    return file_response(printed.decision_docx(announcement), filename=f"quyet-dinh-cong-bo-{pk}.docx",
                         content_type=DOCX)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def signed_file(request, pk):
    announcement = get_object_or_404(selectors.announcements(), pk=pk)
    if not announcement.file:
        raise Http404
    return FileResponse(announcement.file.open("rb"), as_attachment=True, filename=announcement.original_name,
                        content_type=announcement.content_type or "application/octet-stream")
