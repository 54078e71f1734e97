"""What the risk register brings to a management review (core.review_inputs, clause 9.3.2 b and e)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.review_inputs import ReviewInput, register

from . import selectors
from .models import Level


def _level(grid, score) -> str:
    return str(Level(grid.level_of(score)).label)


def context_changes(since, until) -> list[str] | None:
    """(b) Issues of the context noted or changed in the period."""
    lines = []
    for issue in selectors.issues_changed(since, until).order_by("side", "noted_on", "id"):
        state = _("noted") if since <= issue.noted_on <= until else _("changed")
        if not issue.relevant:
            state = _("no longer relevant")
        lines.append(_("%(side)s issue (%(category)s), %(state)s: %(text)s") % {
            "side": issue.get_side_display(), "category": issue.get_category_display(), "state": state,
            "text": " ".join(issue.description.split())})
    return lines or None


def risk_actions(since, until) -> list[str] | None:
    """(e) Risks treated in the period (inherent → residual level) and the high risks still open."""
    grid = selectors.matrix()
    lines = []
    for assessment in selectors.treated_between(since, until).order_by("assessed_on", "id"):
        first = selectors.first_assessment(assessment.risk_id)
        inherent = first.score if first is not None else assessment.risk.score
        lines.append(_("“%(title)s” treated on %(date)s: %(before)s (%(inherent)d) → %(after)s (%(residual)d)") % {
            "title": assessment.risk.title, "date": assessment.assessed_on.strftime("%d/%m/%Y"),
            "before": _level(grid, inherent), "inherent": inherent, "after": _level(grid, assessment.score),
            "residual": assessment.score})
    high = list(selectors.high_open().values_list("title", flat=True))
    if high:
        lines.append(_("High risks still open (%(count)d): %(titles)s") % {"count": len(high),
                                                                            "titles": "; ".join(high)})
    return lines or None


register(ReviewInput("risks_context", item="b", gather=context_changes, order=10))
register(ReviewInput("risks_treated", item="e", gather=risk_actions, order=10))
