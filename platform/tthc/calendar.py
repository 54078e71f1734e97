"""Working days for the 5-working-day rule, through one name so the catalogue never counts days itself.

The province's calendar (workdays: weekends, public holidays including Tết from the `holidays` library, and
the province's own days off) answers; it replaced the weekends-only stand-in this module held until workdays
reached main.
"""

from __future__ import annotations

from workdays.selectors import add_working_days

__all__ = ["add_working_days"]
