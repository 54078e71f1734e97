"""What the supervisor sees of an agency's management review (registered in core.indicators)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.indicators import BOOLEAN, Indicator, provides

from . import selectors
from .models import Review, ReviewAction


@provides(Indicator("review_done_this_year", _("Management review held this year"), kind=BOOLEAN,
                    column=_("Management review"), order=60),
          Indicator("review_actions_overdue", _("overdue management review actions"), alert_above=0,
                    column=_("Review actions overdue"), order=61),
          unused=(Review, ReviewAction), when_unused={"review_done_this_year": False, "review_actions_overdue": 0})
def review_indicators() -> dict:
    return {"review_done_this_year": selectors.held_in(timezone.localdate().year),
            "review_actions_overdue": selectors.overdue_actions().count()}
