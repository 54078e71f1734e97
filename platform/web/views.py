from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.services import can_enter, has_perm
from core import worklist
from core.indicators import all_indicators
from supervision.models import AgencyStatus
from supervision.selectors import cells, dashboard_indicators, level_choices, province_rollup, totals_shown
from tenants.models import Agency, Province


def landing(request):
    """The province landing page on the bare base domain: every current agency, by province."""
    provinces = []
    for province in Province.objects.all():
        agencies = list(Agency.objects.agencies().current().in_province(province).order_by("level", "name"))
        provinces.append({"province": province, "agencies": agencies})
    return render(request, "web/landing.html", {"provinces": provinces})


class AgencyLoginView(auth_views.LoginView):
    """Logs in on an agency's subdomain; only people with a role there (or supervising it) get in."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        tenant = self.request.tenant
        if tenant.kind == Agency.Kind.AGENCY and not can_enter(user, tenant):
            form.add_error(None, _("This account has no role in %(agency)s.") % {"agency": tenant.name})
            return self.form_invalid(form)
        return super().form_valid(form)


@login_required
def home(request):
    tenant = request.tenant
    if not can_enter(request.user, tenant):
        messages.error(request, _("This account has no role in %(agency)s.") % {"agency": tenant.name})
        return redirect("web:logout")
    if tenant.is_supervisor and has_perm(request.user, tenant, Perm.SUPERVISE):
        return supervisor_dashboard(request)
    status = AgencyStatus.objects.filter(agency=tenant).first()
    tiles = [{"indicator": indicator, "value": status.value(indicator.key) if status else None}
             for indicator in all_indicators() if indicator.on_agency_home]
    # What waits for the person, from every area that registered a panel (core.worklist).
    return render(request, "web/agency_home.html",
                  {"status": status, "tiles": tiles, "work_panels": worklist.collect(request)})


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
