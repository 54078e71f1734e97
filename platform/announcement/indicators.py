"""What the supervisor (the DOST) sees of an agency's announcement: the publication state and its date."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.indicators import DATE, TEXT, Indicator, provides
from documents.models import Document

from . import selectors
from .models import Announcement


def publication_reasons() -> list[str]:
    return [str(reason) for reason in selectors.publication_state().reasons]


@provides(Indicator("publication_state", _("publication state of the QMS"), kind=TEXT,
                    column=_("Publication state"), order=5, choices=tuple(selectors.STATE_LABELS.items())),
          Indicator("announced_on", _("date of the latest announcement"), kind=DATE, column=_("Announced on"),
                    order=6),
          order=900, explain=publication_reasons,  # after the areas whose data (milestones, documents) it reads
          # no document ever (so none in force) and no announcement: not built, never announced
          unused=(Document, Announcement), when_unused={"publication_state": selectors.NOT_BUILT, "announced_on": None})
def announcement_indicators() -> dict:
    state = selectors.publication_state()
    announced = state.announcement.signed_on.isoformat() if state.announcement else None
    return {"publication_state": state.state, "announced_on": announced}
