"""The notice pages, at /notices/ on every site. On the DOST's site: the province's notices with their
acknowledgement counts, writing and sending one, a notice's page with who acknowledged and who has not
(filters, CSV/XLSX export), reminding, withdrawing a draft. On an agency's site: its inbox (not acknowledged
first), a notice and acknowledging it. Each view checks the permission, asks the selectors, calls one
service."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from core import tabular
from core.errors import DomainError
from core.forms import call_service
from web.decorators import agency_perm_required

from . import selectors, services
from .forms import AcknowledgeForm, InboxFilterForm, NoticeFilterForm, NoticeForm, ReceiptFilterForm
from .models import Notice


def _page(request, rows):
    """One page of `rows` (?page=N; the filters stay in the links: documents/_pagination.html): the inbox,
    the DOST's notices, one notice's receipts."""
    return Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))


def acknowledger_required(view):
    """The agency's admin or ISO secretary (MANAGE_QMS), or its head (SIGN_FOR_AGENCY). The isolation matrix
    reads MANAGE_QMS: whoever lacks it and is not the head is refused."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.may_acknowledge(request.user, request.tenant):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.agency_perm = Perm.MANAGE_QMS
    return wrapped


def _sender_only(request):
    """The writing pages exist only on the DOST's site (the services refuse elsewhere too)."""
    if not selectors.can_send(request.user, request.tenant):
        raise Http404


def _notice(request, pk) -> Notice:
    return get_object_or_404(selectors.province_notices(request.user, request.tenant), pk=pk)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def notice_list(request):
    agency = request.tenant
    if selectors.sees_province(request.user, agency):
        form = NoticeFilterForm(request.GET or None)
        notices = selectors.province_notices(request.user, agency)
        if form.is_valid():
            notices = selectors.filter_notices(notices, **form.filters())
        page = _page(request, selectors.with_counts(notices))
        return render(request, "notices/list.html", {
            "form": form, "page": page, "notices": page.object_list,
            "can_send": selectors.can_send(request.user, agency)})
    if not selectors.receives_here(agency):
        raise Http404
    form = InboxFilterForm(request.GET or None)
    receipts = selectors.inbox(request.user, agency)
    if form.is_valid():
        receipts = selectors.filter_inbox(receipts, **form.filters())
    page = _page(request, receipts)
    return render(request, "notices/inbox.html", {
        "form": form, "page": page, "receipts": page.object_list, "today": timezone.localdate(),
        "waiting": selectors.waiting(agency).count()})


def _notice_form_page(request, notice=None):
    _sender_only(request)
    province_id = request.tenant.province_id
    initial = NoticeForm.initial_of(notice) if notice else {
        name: request.GET[name] for name in ("kind", "title", "link", "body") if request.GET.get(name)}
    if notice is None and request.GET.get("level"):
        initial.update(audience=Notice.Audience.LEVELS, levels=request.GET.getlist("level"))
    form = NoticeForm(request.POST or None, request.FILES or None, initial=initial, province_id=province_id)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("attachment")
        if notice is None:
            saved, ok = call_service(form, services.create_notice, actor=request.user, upload=upload,
                                     **form.values())
        else:
            saved, ok = call_service(form, services.update_notice, notice, actor=request.user, upload=upload,
                                     **form.values())
        if ok:
            messages.success(request, _("The notice is saved as a draft: check it, then send it."))
            return redirect("notices:detail", saved.pk)
    return render(request, "notices/form.html", {"form": form, "notice": notice})


@login_required
@agency_perm_required(Perm.SEND_NOTICES)
def notice_create(request):
    return _notice_form_page(request)


@login_required
@agency_perm_required(Perm.SEND_NOTICES)
def notice_edit(request, pk):
    _sender_only(request)
    notice = _notice(request, pk)
    if not notice.is_draft:
        messages.error(request, _("A sent or withdrawn notice does not change."))
        return redirect("notices:detail", notice.pk)
    return _notice_form_page(request, notice)


def _receipt_page(request, pk):
    agency = request.tenant
    receipt = selectors.receipt_for(agency, pk) if selectors.receives_here(agency) else None
    if receipt is None:
        raise Http404
    receipt = services.mark_read(receipt, actor=request.user)
    return render(request, "notices/received.html", {
        "receipt": receipt, "notice": receipt.notice, "overdue": selectors.overdue(receipt),
        "concerns": selectors.concerning(receipt.notice, agency),
        "may_acknowledge": selectors.may_acknowledge(request.user, agency) and not receipt.acknowledged,
        "form": AcknowledgeForm()})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def notice_detail(request, pk):
    agency = request.tenant
    if not selectors.sees_province(request.user, agency):
        return _receipt_page(request, pk)
    notice = _notice(request, pk)
    form = ReceiptFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    page = _page(request, selectors.receipts_of(notice, **filters))
    return render(request, "notices/detail.html", {
        "notice": notice, "form": form, "page": page, "receipts": page.object_list, "shown": page.paginator.count,
        "progress": selectors.progress(notice), "audience": selectors.audience_text(notice),
        "can_send": selectors.can_send(request.user, agency),
        "to_remind": selectors.to_remind(notice).count() if notice.status == Notice.Status.SENT else 0,
        "today": timezone.localdate()})


def _post(request, pk, action, success):
    _sender_only(request)
    notice = _notice(request, pk)
    try:
        result = action(notice, actor=request.user)
        messages.success(request, success(result))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("notices:detail", notice.pk)


@login_required
@require_POST
@agency_perm_required(Perm.SEND_NOTICES)
def notice_send(request, pk):
    return _post(request, pk, services.send, lambda notice: _(
        "The notice is sent to %(n)d agencies; their people are being told.") % {"n": notice.receipts.count()})


@login_required
@require_POST
@agency_perm_required(Perm.SEND_NOTICES)
def notice_withdraw(request, pk):
    return _post(request, pk, services.withdraw, lambda notice: _("The draft is withdrawn: it will not be sent."))


@login_required
@require_POST
@agency_perm_required(Perm.SEND_NOTICES)
def notice_remind(request, pk):
    return _post(request, pk, services.remind, lambda count: _(
        "%(n)d agencies that have not acknowledged are reminded (each at most once a day).") % {"n": count})


EXPORT_COLUMNS = [
    tabular.Column(gettext_lazy("Agency"), "agency.name"), tabular.Column(gettext_lazy("Code"), "agency.code"),
    tabular.Column(gettext_lazy("Level"), lambda r: r.agency.get_level_display()),
    tabular.Column(gettext_lazy("First read at"), lambda r: timezone.localtime(r.read_at) if r.read_at else None),
    tabular.Column(gettext_lazy("Acknowledged at"),
                   lambda r: timezone.localtime(r.acknowledged_at) if r.acknowledged_at else None),
    tabular.Column(gettext_lazy("Acknowledged by"), "acknowledged_by_name"), tabular.Column(gettext_lazy("Reply"), "reply"),
    tabular.Column(gettext_lazy("Reminders"), "reminders"),
]


@login_required
@agency_perm_required(Perm.SUPERVISE)
def receipts_export(request, pk, fmt):
    notice = _notice(request, pk)
    if fmt not in tabular.FORMATS:
        raise Http404
    form = ReceiptFilterForm(request.GET or None)
    receipts = selectors.receipts_of(notice, **(form.filters() if form.is_valid() else {}))
    return tabular.export_response(receipts, EXPORT_COLUMNS, fmt=fmt, basename=_("notice-%(pk)d") % {"pk": notice.pk})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def attachment(request, pk):
    agency = request.tenant
    if selectors.sees_province(request.user, agency):
        notice = _notice(request, pk)
    else:
        receipt = selectors.receipt_for(agency, pk) if selectors.receives_here(agency) else None
        if receipt is None:
            raise Http404
        notice = receipt.notice
    if not notice.attachment:
        raise Http404
    try:
        handle = notice.attachment.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=notice.attachment_name or "dinh-kem")


@login_required
@require_POST
@acknowledger_required
def acknowledge(request, pk):
    agency = request.tenant
    receipt = selectors.receipt_for(agency, pk)
    if receipt is None:
        raise Http404
    form = AcknowledgeForm(request.POST)
    reply = form.cleaned_data["reply"] if form.is_valid() else ""
    try:
        services.acknowledge(receipt, actor=request.user, reply=reply)
        messages.success(request, _("Acknowledged: the DOST sees that we received the notice."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("notices:detail", pk)
