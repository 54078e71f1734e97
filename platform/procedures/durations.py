"""Working time as a TTHC procedure counts it: a number of working days or working hours.

The step-sum rule only compares amounts of working time, so 1 working day = 8 working hours (the civil
service's working day) is all it needs; when a dossier is actually due is a calendar question
(workdays.add_working_days), not this one.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import ngettext

from .models import TimeUnit

HOURS_PER_DAY = Decimal(8)
PRINTED_UNITS = {TimeUnit.WORKING_DAYS: "ngày làm việc", TimeUnit.WORKING_HOURS: "giờ làm việc"}


def as_decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def in_hours(value: Decimal, unit: str) -> Decimal:
    return value * HOURS_PER_DAY if unit == TimeUnit.WORKING_DAYS else value


def canonical(value: Decimal) -> str:
    """4.00 -> "4", 0.50 -> "0.5", 10 -> "10": one spelling per amount, for the signed payload."""
    return format(Decimal(value).normalize(), "f")


def printed(value: Decimal, unit: str) -> str:
    """As the paper says it, whatever the reader's language: "0,5 ngày làm việc"."""
    return f"{canonical(value).replace('.', ',')} {PRINTED_UNITS.get(unit, unit)}"


def shown(value: Decimal, unit: str) -> str:
    """In the reader's language, for pages and messages."""
    number = number_format(Decimal(canonical(value)), use_l10n=True)
    count = 1 if value == 1 else 2
    if unit == TimeUnit.WORKING_DAYS:
        return ngettext("%(n)s working day", "%(n)s working days", count) % {"n": number}
    return ngettext("%(n)s working hour", "%(n)s working hours", count) % {"n": number}


def shown_hours(hours: Decimal) -> str:
    """An amount of hours in whole days when it is whole days, else in hours (exact either way)."""
    if hours % HOURS_PER_DAY == 0:
        return shown(hours / HOURS_PER_DAY, TimeUnit.WORKING_DAYS)
    return shown(hours, TimeUnit.WORKING_HOURS)
