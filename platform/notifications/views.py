"""A person's notifications in this agency: the list, and marking them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from web.decorators import agency_perm_required

from . import selectors, services
from .models import Notification


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def inbox(request):
    only_unread = request.GET.get("unread") == "1"
    notifications = selectors.inbox(request.user, only_unread=only_unread)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "only_unread": only_unread, "unread": selectors.unread_count(request.user)})


@require_POST
@login_required
@agency_perm_required(Perm.VIEW_QMS)
def mark_read(request, pk: int):
    try:
        notification = services.mark_read(Notification.objects.get(pk=pk), user=request.user)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    if request.POST.get("open") and notification.link and url_has_allowed_host_and_scheme(
            notification.link, allowed_hosts={request.get_host()}):
        return redirect(notification.link)
    return redirect(_back(request))


@require_POST
@login_required
@agency_perm_required(Perm.VIEW_QMS)
def mark_all_read(request):
    services.mark_all_read(user=request.user)
    return redirect(_back(request))


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "notifications:list"
