"""The second step after the password, and a person's own second factor: set up an authenticator app
(QR code), ten backup codes shown once, new codes, removal with a fresh code. The rules are in
accounts.second_factor; accounts.middleware sends people here until their session has passed."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import second_factor
from core.errors import DomainError


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


def _codes_page(request, codes, status=200):
    return render(request, "registration/otp_backup_codes.html", {"codes": codes, "next": _next(request)},
                  status=status)


@never_cache
@login_required
def verify(request):
    """Enter the code from the app (or a backup code) after the password."""
    user = request.user
    if second_factor.is_verified(user) or not second_factor.required(user):
        return redirect(_next(request))
    if second_factor.app_device(user) is None:
        return redirect(_step("web:otp_setup", request))
    error, status = None, 200
    if request.method == "POST":
        try:
            second_factor.verify(request, request.POST.get("code", ""))
        except DomainError as exc:
            if exc.code == "locked_out":
                return _locked_out(request)
            error, status = exc.message, exc.status_code
        else:
            return redirect(_next(request))
    return render(request, "registration/otp_verify.html",
                  {"error": error, "next": _next(request), "second_step": True}, status=status)


@never_cache
@login_required
def setup(request):
    """A person's second factor: set it up (QR code, first code), or see it and renew or remove it."""
    user = request.user
    device = second_factor.app_device(user)
    if device is not None:
        if not second_factor.is_verified(user):
            return redirect(_step("web:otp_verify", request))
        return render(request, "registration/otp_manage.html", {
            "device": device, "codes_left": second_factor.backup_codes_left(user),
            "required": second_factor.required(user)})
    if not second_factor.required(user):
        return render(request, "registration/otp_manage.html", {"device": None, "required": False})
    pending = second_factor.start_enrolment(user)
    error, status = None, 200
    if request.method == "POST":
        try:
            codes = second_factor.confirm_enrolment(request, pending, request.POST.get("code", ""))
        except DomainError as exc:
            if exc.code == "locked_out":
                return _locked_out(request)
            error, status = exc.message, exc.status_code
        else:
            return _codes_page(request, codes)
    return render(request, "registration/otp_setup.html", {
        "qr": second_factor.qr_svg(pending), "secret": second_factor.secret_text(pending), "error": error,
        "next": _next(request), "second_step": not second_factor.is_verified(user)}, status=status)


@never_cache
@require_POST
@login_required
def backup_codes(request):
    """Ten new backup codes (the old ones stop working), shown once."""
    if second_factor.app_device(request.user) is None or not second_factor.is_verified(request.user):
        return redirect("web:otp_setup")
    return _codes_page(request, second_factor.new_backup_codes(request))


@require_POST
@login_required
def remove(request):
    """Remove the app and the backup codes, on a fresh code."""
    try:
        second_factor.remove(request, request.POST.get("code", ""))
    except DomainError as exc:
        if exc.code == "locked_out":
            return _locked_out(request)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The authenticator app and the backup codes were removed."))
    return redirect("web:otp_setup")


def _locked_out(request):
    """The same lock-out as for wrong passwords: the session ends, and django-axes' middleware answers with
    the lock-out page (429) for this username and address."""
    logout(request)
    return redirect("web:login")


def _step(name: str, request) -> str:
    return f"{reverse(name)}?next={quote(_next(request))}"
