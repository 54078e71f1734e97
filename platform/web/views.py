from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.login import LOGIN_REFUSED, cooloff_minutes, count_refusal, locked_out_message
from accounts.roles import Perm
from accounts.services import can_enter, has_perm
from core import worklist
from supervision.models import AgencyStatus
from supervision.selectors import cells, dashboard_indicators, level_choices, province_rollup, totals_shown
from tenants.models import Agency, Province

from .dashboard import dashboard


def landing(request):
    """The province landing page on the bare base domain: every current agency, by province."""
    provinces = []
    for province in Province.objects.all():
        agencies = list(Agency.objects.agencies().current().in_province(province).order_by("level", "name"))
        provinces.append({"province": province, "agencies": agencies})
    return render(request, "web/landing.html", {"provinces": provinces})


class AgencyLoginForm(AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": LOGIN_REFUSED}


class AgencyLoginView(auth_views.LoginView):
    """Logs in on an agency's subdomain; only people with a role there (or supervising it) get in."""

    template_name = "registration/login.html"
    authentication_form = AgencyLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        tenant = self.request.tenant
        if tenant.kind == Agency.Kind.AGENCY and not can_enter(user, tenant):
            # The words of a wrong password, and counted like one: a right password for an account of
            # another agency must not be told apart (nor guessed without limit) from this page.
            count_refusal(self.request, user.get_username())
            form.add_error(None, LOGIN_REFUSED)
            return self.form_invalid(form)
        return super().form_valid(form)


def locked_out(request, response=None, credentials=None):
    """django-axes' lock-out answer (AXES_LOCKOUT_CALLABLE) on every log-in door: the log-in page with the
    reason in the page's language, or {code, detail} on the API; 429 with Retry-After either way."""
    message = locked_out_message()
    if request.path.startswith("/api/"):
        answer = JsonResponse({"code": "locked_out", "detail": message}, status=429)
    else:
        answer = render(request, "registration/login.html",
                        {"form": AgencyLoginForm(request), "locked_out": message}, status=429)
    answer["Retry-After"] = str(cooloff_minutes() * 60)
    return answer


@login_required
def home(request):
    tenant = request.tenant
    if not can_enter(request.user, tenant):
        messages.error(request, _("This account has no role in %(agency)s.") % {"agency": tenant.name})
        return redirect("web:logout")
    if tenant.is_supervisor and has_perm(request.user, tenant, Perm.SUPERVISE):
        return supervisor_dashboard(request)
    status = AgencyStatus.objects.filter(agency=tenant).first()
    # What falls due, this year's obligations, tiles and charts (web.dashboard), and what waits for the
    # person from every area that registered a panel (core.worklist).
    return render(request, "web/agency_home.html",
                  {"status": status, **dashboard(request), "work_panels": worklist.collect(request)})


def supervisor_dashboard(request):
    """The DOST's view of its province: rollup rows only, so its cost does not grow with agencies."""
    level = request.GET.get("level") or None
    if level not in Agency.Level.values:
        level = None
    rows, totals = province_rollup(request.tenant.province_id, level)
    columns = dashboard_indicators()
    table = [{"row": row, "cells": cells(row, columns)} for row in rows]
    return render(request, "web/supervisor_home.html",
                  {"rows": rows, "table": table, "columns": columns, "totals": totals,
                   "shown_totals": totals_shown(totals), "levels": level_choices(), "level": level,
                   "span": len(columns) + 3})
