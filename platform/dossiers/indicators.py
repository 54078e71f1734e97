"""What the supervisor sees of an agency's one-stop dossiers (registered in core.indicators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.indicators import RATIO, Indicator, provides

from .selectors import on_time_rate


@provides(Indicator("dossiers.on_time_rate", _("dossiers resolved on time this year (%)"), kind=RATIO,
                    column=_("On time (%)"), order=40))
def dossier_indicators() -> dict:
    return {"dossiers.on_time_rate": on_time_rate()}
