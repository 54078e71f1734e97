"""The training pages: sessions planned and held, a session with its attendees and materials, and each
person's training record (their own; everyone's for the ISO secretary)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core.errors import DomainError
from core.forms import call_service
from documents.views_support import can
from web.decorators import agency_perm_required

from . import selectors, services
from .forms import AttendanceChoice, AttendeesForm, HeldForm, MaterialForm, ResultForm, SessionForm
from .models import SessionState


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def session_list(request):
    rows = selectors.sessions()
    return render(request, "training/list.html", {
        "planned": rows.filter(state=SessionState.PLANNED).order_by("date", "id"),
        "held": rows.filter(state=SessionState.HELD), "can_edit": can(request, services.PERM),
        "last_iso": selectors.last_iso_awareness()})


def _form_page(request, form, session=None):
    return render(request, "training/form.html", {"form": form, "session": session})


@login_required
@agency_perm_required(services.PERM)
def session_create(request):
    form = SessionForm(request.POST or None, people=agency_members(request.tenant))
    if request.method == "POST" and form.is_valid():
        session, ok = call_service(form, services.plan_session, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Training session “%(topic)s” planned.") % {"topic": session.topic})
            return redirect("training:detail", session.pk)
    return _form_page(request, form)


@login_required
@agency_perm_required(services.PERM)
def session_edit(request, pk):
    session = get_object_or_404(selectors.sessions(), pk=pk)
    initial = {name: getattr(session, name) for name in
               ("topic", "kind", "date", "hours", "trainer", "trainer_organisation", "location", "description")}
    form = SessionForm(request.POST or None, people=agency_members(request.tenant), with_attendees=False,
                       initial=initial)
    if request.method == "POST" and form.is_valid():
        _result, ok = call_service(form, services.update_session, session, actor=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, _("Training session saved."))
            return redirect("training:detail", session.pk)
    return _form_page(request, form, session)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def session_detail(request, pk):
    session = get_object_or_404(selectors.session_detail(), pk=pk)
    editor = can(request, services.PERM)
    context = {"session": session, "can_edit": editor}
    if editor:
        present = [a.user_id for a in session.attendances.all()]
        context.update({"attendees_form": AttendeesForm(people=agency_members(request.tenant).exclude(pk__in=present)),
                        "held_form": HeldForm(), "material_form": MaterialForm()})
    if can(request, Perm.VIEW_HISTORY):
        context["history"] = selectors.history(session)
    return render(request, "training/detail.html", context)


def _session_post(request, pk, form, action, done):
    """A form of the session page: saved or refused, back to the page with the answer as a message."""
    session = get_object_or_404(selectors.sessions(), pk=pk)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("training:detail", session.pk)
    try:
        action(session, form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("training:detail", session.pk)


def _attendance(session, data):
    attendance = selectors.attendances().filter(session=session, pk=data.pop("attendance")).first()
    if attendance is None:
        raise DomainError("not_found", _("The person is not on this session."), status_code=404)
    return attendance


@login_required
@agency_perm_required(services.PERM)
@require_POST
def attendees_add(request, pk):
    form = AttendeesForm(request.POST, people=agency_members(request.tenant))
    return _session_post(request, pk, form, lambda s, data: services.add_attendees(
        s, actor=request.user, users=list(data["attendees"])), _("Attendees added."))


@login_required
@agency_perm_required(services.PERM)
@require_POST
def attendee_remove(request, pk):
    return _session_post(request, pk, AttendanceChoice(request.POST), lambda s, data: services.remove_attendee(
        _attendance(s, data), actor=request.user), _("The person is no longer on the session."))


@login_required
@agency_perm_required(services.PERM)
@require_POST
def result_record(request, pk):
    return _session_post(request, pk, ResultForm(request.POST), lambda s, data: services.record_result(
        _attendance(s, data), actor=request.user, **data), _("Result recorded."))


@login_required
@agency_perm_required(services.PERM)
@require_POST
def session_held(request, pk):
    return _session_post(request, pk, HeldForm(request.POST), lambda s, data: services.mark_held(
        s, actor=request.user, **data), _("The session is recorded as held."))


@login_required
@agency_perm_required(services.PERM)
@require_POST
def material_upload(request, pk):
    form = MaterialForm(request.POST, request.FILES)
    return _session_post(request, pk, form, lambda s, data: services.add_material(
        s, actor=request.user, uploaded_file=data["file"]), _("Material uploaded."))


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def material_download(request, pk):
    material = get_object_or_404(selectors.materials(), pk=pk)
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=material.original_name,
                        content_type=material.content_type or "application/octet-stream")


def _record_page(request, person_id):
    person = selectors.person_of_record(request.tenant, request.user, person_id)
    if person is None:
        raise Http404
    return render(request, "training/person.html", {
        "person": person, "rows": selectors.person_record(person.pk), "summary": selectors.record_summary(person.pk),
        "own": person.pk == request.user.pk, "can_edit": can(request, services.PERM)})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def my_record(request):
    return _record_page(request, request.user.pk)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def person_record(request, pk):
    return _record_page(request, pk)


@login_required
@agency_perm_required(services.PERM)
def people(request):
    return render(request, "training/people.html", {"rows": selectors.people_overview(request.tenant)})
