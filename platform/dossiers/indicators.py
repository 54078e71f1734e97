"""What the supervisor sees of an agency's one-stop dossiers (registered in core.indicators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.indicators import RATIO, Indicator, provides

from .models import Dossier
from .selectors import on_time_rate


@provides(Indicator("dossiers.on_time_rate", _("dossiers resolved on time this year (%)"), kind=RATIO,
                    column=_("On time (%)"), order=40),
          unused=(Dossier,), when_unused={"dossiers.on_time_rate": None})
def dossier_indicators() -> dict:
    return {"dossiers.on_time_rate": on_time_rate()}
