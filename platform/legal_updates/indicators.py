"""What the supervisor sees of an agency's legal updates (registered in core.indicators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.indicators import TOTAL_SUM, Indicator, provides

from .models import UpdateTask
from .selectors import overdue_count


@provides(Indicator("legal.overdue_updates", _("legal updates overdue"), alert_above=0, total=TOTAL_SUM,
                    column=_("Legal updates overdue"), on_agency_home=True, order=40), area="legal_updates",
          unused=(UpdateTask,), when_unused={"legal.overdue_updates": 0})
def legal_update_indicators() -> dict:
    return {"legal.overdue_updates": overdue_count()}
