"""What the supervisor sees of an agency's quality objectives (registered in core.indicators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, provides

from . import selectors
from .models import Objective


@provides(Indicator("objectives_met", _("quality objectives met or on track this year"),
                    column=_("Objectives met"), order=20),
          Indicator("objectives_total", _("quality objectives this year"), on_dashboard=False, order=21),
          Indicator("objectives_at_risk", _("quality objectives at risk or missed this year"), alert_above=0,
                    column=_("Objectives at risk"), order=22),
          unused=(Objective,), when_unused={"objectives_met": 0, "objectives_total": 0, "objectives_at_risk": 0})
def objective_indicators() -> dict:
    found = selectors.summary()
    return {"objectives_met": found.met, "objectives_total": found.total,
            "objectives_at_risk": found.at_risk + found.missed}
