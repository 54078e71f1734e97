"""Working days for the 5-working-day rule, through one function so the real calendar is swapped in here.

TEMPORARY: `workdays.selectors.add_working_days` (weekends, public holidays including Tết, the province's
own days off) is being written in main. Until it is merged this counts weekends only; swap the body of
`add_working_days` for `from workdays.selectors import add_working_days` when it lands.
"""

from __future__ import annotations

from datetime import date, timedelta


def add_working_days(start: date, days: int, province) -> date:
    """The date `days` working days after `start` (TEMPORARY: skips Saturdays and Sundays only)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current
