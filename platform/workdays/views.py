"""The province's working-day calendar: every agency reads it, its DOST changes it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.services import has_perm
from core.forms import call_service
from web.decorators import agency_perm_required

from . import selectors, services
from .forms import CalendarDayForm, DeadlineForm


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    return min(max(year, today.year - 5), today.year + 5)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def calendar(request, form=None):
    province = request.tenant.province
    year = _year(request)
    deadline_form = DeadlineForm(request.GET if "days" in request.GET else None)
    deadline = None
    if deadline_form.is_bound and deadline_form.is_valid():
        data = deadline_form.cleaned_data
        deadline = selectors.add_working_days(data["start"], data["days"], province)
    can_change = request.tenant.is_supervisor and has_perm(request.user, request.tenant,
                                                           Perm.MANAGE_PROVINCE_CATALOGUE)
    return render(request, "workdays/calendar.html", {
        "year": year, "years": [year - 1, year + 1], "days": selectors.year_calendar(year, province),
        "province": province, "form": form or CalendarDayForm(), "can_change": can_change,
        "deadline_form": deadline_form, "deadline": deadline})


@login_required
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
@require_POST
def add_day(request):
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        day, ok = call_service(form, services.add_calendar_day, actor=request.user, agency=request.tenant,
                               **form.cleaned_data)
        if ok:
            messages.success(request, _("%(date)s added to the province's calendar.")
                             % {"date": day.day.strftime("%d/%m/%Y")})
            return redirect(f"{reverse('workdays:calendar')}?year={day.day.year}")
    return calendar(request, form=form)


@login_required
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
@require_POST
def remove_day(request, pk):
    day = get_object_or_404(selectors.province_days(request.tenant.province), pk=pk)
    services.remove_calendar_day(day, actor=request.user, agency=request.tenant)
    messages.success(request, _("%(date)s removed from the province's calendar.") % {"date": day.day.strftime("%d/%m/%Y")})
    return redirect(f"{reverse('workdays:calendar')}?year={day.day.year}")
