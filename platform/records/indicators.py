"""What the supervisor sees of an agency's records (registered in core.indicators)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, provides

from .models import Record


@provides(Indicator("records_this_year", _("records filed this year"), on_dashboard=False, order=15),
          unused=(Record,), when_unused={"records_this_year": 0})
def record_indicators() -> dict:
    return {"records_this_year": Record.objects.filter(year=timezone.localdate().year).count()}
