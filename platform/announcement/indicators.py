"""What the supervisor (the DOST) sees of an agency's announcement: the publication state and its date."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.indicators import DATE, TEXT, Indicator, provides

from . import selectors


@provides(Indicator("publication_state", _("publication state of the QMS"), kind=TEXT,
                    column=_("Publication state"), order=5),
          Indicator("announced_on", _("date of the latest announcement"), kind=DATE, column=_("Announced on"),
                    order=6),
          order=900)  # the group runs after the areas whose data (milestones, documents) it reads
def announcement_indicators() -> dict:
    state = selectors.publication_state()
    announced = state.announcement.signed_on.isoformat() if state.announcement else None
    return {"publication_state": state.state, "announced_on": announced}
