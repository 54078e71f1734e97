"""What the supervisor sees of an agency's training (registered in core.indicators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.indicators import Indicator, provides

from . import selectors
from .models import TrainingSession


@provides(Indicator("training_sessions_this_year", _("training sessions held this year"),
                    column=_("Training sessions"), order=30),
          unused=(TrainingSession,), when_unused={"training_sessions_this_year": 0})
def training_indicators() -> dict:
    return {"training_sessions_this_year": selectors.sessions_held_in()}
