"""Vietnamese working days, for TTHC time limits and the rules that count in working days.

A day is a working day when the national calendar says so (weekends and public holidays off, Tết included,
and the Saturdays the government moves work to are on: the `holidays` library), unless the province
changed that day (workdays.models.ProvinceCalendarDay). Every rule that counts working days asks here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.errors import DomainError

from .models import CalendarDayKind, ProvinceCalendarDay

MAX_DAYS = 3650
# The province's changes are read once per call, for a window that surely holds the answer: N working days
# never span more than ~N*7/5 calendar days plus the longest run of holidays (Tết: about 10 days).
_WINDOW_SLACK_DAYS = 60


@lru_cache(maxsize=64)
def _national(year: int):
    import holidays

    return holidays.country_holidays("VN", years=year, language="vi")


def national_is_working_day(day: date) -> bool:
    return _national(day.year).is_working_day(day)


def national_holidays(year: int) -> list[tuple[date, str]]:
    return sorted(_national(year).items())


def province_changes(province, start: date, end: date) -> dict[date, str]:
    """The province's own changes between two dates: {date: kind}."""
    if province is None:
        return {}
    rows = ProvinceCalendarDay.objects.filter(province=province, day__gte=start, day__lte=end)
    return dict(rows.values_list("day", "kind"))


def _working(day: date, changes: dict[date, str]) -> bool:
    kind = changes.get(day)
    if kind is not None:
        return kind == CalendarDayKind.WORKING_DAY
    return national_is_working_day(day)


def is_working_day(day: date, province=None) -> bool:
    return _working(day, province_changes(province, day, day))


def add_working_days(start: date, days: int, province=None) -> date:
    """The date `days` working days after `start` (the day of receipt does not count; 0 gives `start`
    itself, or the next working day when `start` is not one), as TTHC time limits are counted."""
    _check(days)
    changes = province_changes(province, start, start + timedelta(days=days * 2 + _WINDOW_SLACK_DAYS))
    current = start
    if days == 0:
        while not _working(current, changes):
            current += timedelta(days=1)
        return current
    left = days
    while left:
        current += timedelta(days=1)
        if _working(current, changes):
            left -= 1
    return current


def working_days_between(start: date, end: date, province=None) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start): how long something took."""
    if end <= start:
        return 0
    changes = province_changes(province, start, end)
    return sum(1 for offset in range(1, (end - start).days + 1) if _working(start + timedelta(days=offset), changes))


@dataclass(frozen=True)
class CalendarDay:
    day: date
    name: str
    working: bool
    source: str  # "national" | "province"
    change: ProvinceCalendarDay | None = None


def year_calendar(year: int, province=None) -> list[CalendarDay]:
    """Every exception to "Monday to Friday" in a year: national holidays, Saturdays worked nationally, and
    the province's own changes (which win over the national calendar on the same day)."""
    days: dict[date, CalendarDay] = {}
    national = _national(year)
    for day, name in national.items():
        days[day] = CalendarDay(day, name, False, "national")
    for day in sorted(getattr(national, "weekend_workdays", ()) or ()):
        if day.year == year:
            days[day] = CalendarDay(day, _("Weekend day worked (national)"), True, "national")
    if province is not None:
        for change in ProvinceCalendarDay.objects.filter(province=province, day__year=year):
            days[change.day] = CalendarDay(change.day, change.name, change.kind == CalendarDayKind.WORKING_DAY,
                                           "province", change)
    return [days[day] for day in sorted(days)]


def province_days(province) -> QuerySet[ProvinceCalendarDay]:
    return ProvinceCalendarDay.objects.filter(province=province).order_by("-day")


def _check(days: int) -> None:
    if not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise DomainError("invalid_day_count", _("A number of working days must be between 0 and %(max)d.")
                          % {"max": MAX_DAYS})
