"""What the supervisor sees of an agency's risk register (registered in core.indicators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, provides

from . import selectors
from .models import Risk


@provides(Indicator("risks_high_open", _("high risks not closed"), alert_above=0, column=_("High risks"), order=14),
          Indicator("risk_reviews_overdue", _("risk reviews overdue"), alert_above=0, on_dashboard=False, order=15),
          unused=(Risk,), when_unused={"risks_high_open": 0, "risk_reviews_overdue": 0})
def risk_indicators() -> dict:
    grid = selectors.matrix()  # read once for both counts
    return {"risks_high_open": selectors.high_open(grid).count(),
            "risk_reviews_overdue": selectors.reviews_overdue(grid=grid).count()}
