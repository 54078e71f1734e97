"""The DOST's "Mergers and renames" pages (list, one event, the form) and an agency's "Predecessors" page,
with links to read each predecessor's QMS on its own site. Thin: reads are selectors, writes services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Perm
from accounts.services import has_perm
from core.forms import call_service
from supervision.views import _province  # the DOST's own site, else 404: the same rule as its dashboard
from web.decorators import agency_perm_required

from . import selectors, services
from .forms import LineageEventForm

# Where a successor's people read a predecessor's QMS, on the predecessor's own site (read-only).
PREDECESSOR_PAGES = [(gettext_lazy("Documents"), "/documents/"), (gettext_lazy("Nonconformities"), "/nonconformities/"),
                     (gettext_lazy("Internal audits"), "/audits/"), (gettext_lazy("Management reviews"), "/reviews/")]


@login_required
@agency_perm_required(Perm.SUPERVISE)
def events(request):
    """Every merger, split, rename and dissolution naming an agency of the province, latest first."""
    province_id = _province(request)
    return render(request, "lineage/events.html", {
        "events": selectors.province_events(province_id),
        "keeper": has_perm(request.user, request.tenant, Perm.MANAGE_PROVINCE_CATALOGUE)})


@login_required
@agency_perm_required(Perm.SUPERVISE)
def event_detail(request, pk):
    event = selectors.province_event(_province(request), pk)
    if event is None:
        raise Http404
    return render(request, "lineage/event.html", {"event": event})


@login_required
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def record(request):
    """The form: kind, date, legal basis, the agencies before and after (or a new one to create)."""
    province_id = _province(request)
    agencies = list(selectors.province_agencies(province_id))
    form = LineageEventForm(request.POST or None, agencies=agencies,
                            initial={"kind": request.GET.get("kind", "merge")})
    if request.method == "POST" and form.is_valid():
        event, ok = call_service(form, services.record_event, request.user, form.cleaned_data["kind"],
                                 **form.service_arguments())
        if ok:
            messages.success(request, _("%(event)s recorded: %(basis)s.") % {"event": event.get_kind_display(),
                                                                              "basis": event.legal_basis})
            return redirect("lineage:event", pk=event.pk)
    return render(request, "lineage/record.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def predecessors(request):
    """The agencies this one carries on from (read their QMS on their sites) and its former names."""
    agency = request.tenant
    links = selectors.predecessors_of(agency)
    return render(request, "lineage/predecessors.html", {
        "links": [{"link": link, "pages": [(label, link.agency.site_url(path)) for label, path in PREDECESSOR_PAGES]}
                  for link in links],
        "renames": selectors.former_names(agency)})
