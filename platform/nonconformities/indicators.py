"""What the supervisor sees of an agency's nonconformities (registered in core.indicators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.indicators import TOTAL_SUM, Indicator, provides

from . import selectors
from .models import Nonconformity


@provides(Indicator("nc_open", _("nonconformities not closed"), column=_("Open NCs"), on_agency_home=True,
                    order=42),
          Indicator("nc_overdue", _("nonconformities with an overdue action or effectiveness check"), alert_above=0,
                    total=TOTAL_SUM, column=_("Overdue NCs"), on_agency_home=True, order=43),
          unused=(Nonconformity,), when_unused={"nc_open": 0, "nc_overdue": 0})
def nonconformity_indicators() -> dict:
    counts = selectors.open_counts()
    return {"nc_open": counts["open"], "nc_overdue": counts["overdue"]}
