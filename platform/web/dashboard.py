"""The agency's own dashboard (its home page): what falls due this month and what is overdue, this year's
obligations, the indicator tiles and the charts, each gathered from the registries the areas fill
(core.agenda, core.milestones, core.indicators, core.charts); this module imports no area."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from accounts.services import has_perm
from core import agenda, charts, milestones
from core.indicators import groups


@dataclass(frozen=True)
class Obligation:
    """A milestone as this year's dashboard shows it: done (this year, for yearly ones), or still to do."""

    progress: milestones.Progress
    year: int

    @property
    def done(self) -> bool:
        if self.progress.milestone.yearly:
            return self.progress.reached_in(self.year)
        return self.progress.reached

    @property
    def status(self) -> str:  # the badge classes of eiso.css
        return "met" if self.done else ("overdue" if self.progress.milestone.required_to_apply else "due")


def month_end(today: date) -> date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


def home_tiles() -> list[dict]:
    """The indicators an area put on the agency's home, computed now by the same functions as the
    supervisor's rollup (only the groups that have a tile): the agency sees its own figures at once, where
    the rollup row may still be on its way."""
    tiles = []
    for group in groups:
        shown = [indicator for indicator in group.indicators if indicator.on_agency_home]
        if not shown:
            continue
        values = group.compute()
        tiles += [{"indicator": indicator, "text": indicator.shown(values.get(indicator.key)),
                   "alert": indicator.alerts(values.get(indicator.key))} for indicator in shown]
    return sorted(tiles, key=lambda tile: (tile["indicator"].order, tile["indicator"].key))


def dashboard(request) -> dict:
    """The template context of the agency dashboard for the person asking."""
    user, tenant = request.user, request.tenant
    today = timezone.localdate()

    def may(perm):
        return has_perm(user, tenant, perm)

    due = agenda.due_until(month_end(today), may=may)
    drawn = charts.collect(may=may)
    return {
        "today": today,
        "overdue": [item for item in due if item.overdue(today)],
        "due_this_month": [item for item in due if not item.overdue(today)],
        "obligations": [Obligation(progress, today.year) for progress in milestones.progress()],
        "tiles": home_tiles(),
        "charts": [{"chart": chart, "data": data.as_json(), "rows": data.rows(), "id": f"chart-{index}"}
                   for index, (chart, data) in enumerate(drawn)],
    }
