from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, Value, When
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.login import LOGIN_REFUSED, cooloff_minutes, count_refusal, locked_out_message
from accounts.roles import Perm
from accounts.services import can_enter, has_perm
from core import worklist
from supervision import views as supervision_views
from supervision.models import AgencyStatus
from tenants.models import Agency, Province, current_q

from .dashboard import dashboard

LANDING_PAGE_SIZE = 50
# Who a visitor looks for first: the DOST and the departments, then the units under them, then communes.
_LEVEL_ORDER = Case(*(When(level=level, then=Value(rank)) for rank, level in enumerate([
    Agency.Level.SUPERVISOR, Agency.Level.DEPARTMENT, Agency.Level.PUBLIC_SERVICE_UNIT, Agency.Level.DISTRICT,
    Agency.Level.COMMUNE])), default=Value(9))


def landing(request):
    """The landing page on the bare base domain: the provinces with their number of current agencies, and one
    province's agencies (or a search across all) a page at a time — never every agency of the country at once.
    With a single province it opens on that province."""
    agencies = Agency.objects.agencies().current()
    current = Q(agencies__kind=Agency.Kind.AGENCY) & current_q("agencies__")
    provinces = list(Province.objects.annotate(agency_count=Count("agencies", filter=current)).order_by("name"))
    chosen = next((p for p in provinces if p.code == request.GET.get("province")), None)
    if chosen is None and len(provinces) == 1:
        chosen = provinces[0]
    query = (request.GET.get("q") or "").strip()[:100]
    page = None
    if chosen is not None or query:
        found = agencies.select_related("province")
        if chosen is not None:
            found = found.in_province(chosen)
        if query:
            found = found.filter(Q(name__icontains=query) | Q(code__iexact=query) | Q(slug__icontains=query))
        found = found.order_by(_LEVEL_ORDER, "name", "pk")
        page = Paginator(found, LANDING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/landing.html", {"provinces": provinces, "chosen": chosen, "query": query,
                                                "page": page})


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
        return supervision_views.dashboard(request)
    status = AgencyStatus.objects.filter(agency=tenant).first()
    # What falls due, this year's obligations, tiles and charts (web.dashboard), and what waits for the
    # person from every area that registered a panel (core.worklist).
    return render(request, "web/agency_home.html",
                  {"status": status, **dashboard(request), "work_panels": worklist.collect(request)})

