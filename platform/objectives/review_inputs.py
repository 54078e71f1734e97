"""Clause 9.3.2 c2 of a management review: the extent to which the quality objectives have been met."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core.review_inputs import ReviewInput, register

from . import selectors


def objectives_met(since: date, until: date) -> list[str] | None:
    """Each objective of the years the period touches: its target, latest value and status, as of `until`."""
    lines = []
    for year in range(since.year, until.year + 1):
        found = selectors.summary(year, today=until)
        if not found.total:
            continue
        lines.append(_("%(year)d: %(met)d of %(total)d objectives met or on track, %(risk)d at risk, "
                       "%(missed)d missed, %(none)d not measured.") % {
            "year": year, "met": found.met, "total": found.total, "risk": found.at_risk, "missed": found.missed,
            "none": found.not_measured})
        for row in found.rows:
            objective = row.objective
            latest = (_("%(value)s (%(period)s)") % {"value": selectors.format_value(objective, row.latest.value),
                                                      "period": row.latest_label}) if row.latest else "—"
            lines.append(_("%(title)s — target %(target)s, latest %(latest)s: %(status)s.") % {
                "title": objective.title, "target": selectors.target_label(objective), "latest": latest,
                "status": row.status_label})
    return lines or None


register(ReviewInput("objectives", item="c2", gather=objectives_met, order=10))
