"""Keeps a person whose roles require the second factor on the second step until the session passed it
(accounts.second_factor): every page sends them to enter a code, or to set up the app if they have none;
the API refuses their session. API tokens are not sessions: the token door asked for the code already."""

from __future__ import annotations

from urllib.parse import quote

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from . import second_factor

# What a half-logged-in person may still reach: the second step itself, log-out, the language switch,
# static files and the health check.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/healthz", "/media/")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self._refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def _refusal(self, request):
        path = request.path
        if path.startswith(_OPEN_PREFIXES):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or second_factor.is_verified(user):
            return None
        if not second_factor.required_in_session(request):
            return None
        try:
            steps = {reverse("web:otp_verify"), reverse("web:otp_setup"), reverse("web:logout")}
        except NoReverseMatch:  # a site without the web pages (a test's own URLs): nowhere to send them
            steps = set()
        if path in steps:
            return None
        if path.startswith("/api/") or not steps:
            return JsonResponse({"code": "otp_required", "detail": _(
                "This session has not passed the second factor: enter your code on the website first.")},
                status=403)
        step = "web:otp_verify" if second_factor.app_device(user) is not None else "web:otp_setup"
        return redirect(f"{reverse(step)}?next={quote(request.get_full_path())}")
