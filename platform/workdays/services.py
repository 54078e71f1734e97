"""Changes to a province's calendar, made by its DOST (the supervisor tenant of that province)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.roles import Perm
from core.changes import change
from core.errors import DomainError

from .models import CalendarDayKind, ProvinceCalendarDay
from .selectors import national_is_working_day


def _province_of_supervisor(agency):
    if agency is None or not agency.is_supervisor or not agency.province_id:
        raise DomainError("not_the_province_supervisor", _("Only the DOST of the province keeps its calendar."),
                          status_code=403)
    return agency.province


def add_calendar_day(*, actor, agency, day: date, kind: str, name: str, legal_basis: str = "") -> ProvinceCalendarDay:
    """A day off the province grants, or a weekend day worked in exchange (`agency`: the DOST acting)."""
    province = _province_of_supervisor(agency)
    name = " ".join(str(name or "").split())
    if not name:
        raise DomainError("calendar_reason_required", _("Say why the calendar changes that day."))
    if kind not in CalendarDayKind.values:
        kind = CalendarDayKind.DAY_OFF
    if (kind == CalendarDayKind.DAY_OFF) != national_is_working_day(day):
        raise DomainError("calendar_day_pointless", _(
            "%(date)s is already a day off nationally.") % {"date": day.strftime("%d/%m/%Y")}
            if kind == CalendarDayKind.DAY_OFF else _(
            "%(date)s is already a working day nationally.") % {"date": day.strftime("%d/%m/%Y")})
    with change(actor, "workdays.add_calendar_day", perm=Perm.MANAGE_PROVINCE_CATALOGUE, day=day.isoformat()):
        try:
            with transaction.atomic():
                return ProvinceCalendarDay.objects.create(province=province, day=day, kind=kind, name=name[:200],
                                                          legal_basis=" ".join(legal_basis.split())[:200])
        except IntegrityError as exc:
            raise DomainError("calendar_day_taken", _(
                "The province already changed %(date)s; remove that change first.")
                % {"date": day.strftime("%d/%m/%Y")}) from exc


def remove_calendar_day(calendar_day: ProvinceCalendarDay, *, actor, agency) -> None:
    province = _province_of_supervisor(agency)
    with change(actor, "workdays.remove_calendar_day", perm=Perm.MANAGE_PROVINCE_CATALOGUE,
                day=calendar_day.day.isoformat()):
        ProvinceCalendarDay.objects.filter(pk=calendar_day.pk, province=province).delete()
