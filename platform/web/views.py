from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.services import can_enter, has_perm
from supervision.models import AgencyStatus
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
    return render(request, "web/agency_home.html", {"status": status})


def supervisor_dashboard(request):
    """One query over rollup rows, however many agencies the province has."""
    rows = (AgencyStatus.objects.select_related("agency")
            .filter(agency__province_id=request.tenant.province_id, agency__kind=Agency.Kind.AGENCY)
            .exclude(agency__level=Agency.Level.SUPERVISOR)
            .order_by("agency__level", "agency__name"))
    agencies = Agency.objects.agencies().current().filter(province_id=request.tenant.province_id) \
        .exclude(level=Agency.Level.SUPERVISOR)
    return render(request, "web/supervisor_home.html", {"rows": rows, "agency_count": agencies.count()})
