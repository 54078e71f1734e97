"""What the supervisor sees of an agency's ISO steering committee (registered in core.indicators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.indicators import BOOLEAN, Indicator, provides

from . import selectors
from .models import CommitteeDecision, CommitteeMember


@provides(Indicator("committee_established", _("ISO steering committee established"), kind=BOOLEAN,
                    column=_("Steering committee"), order=12),
          Indicator("committee_members", _("members of the ISO steering committee"), on_dashboard=False, order=13),
          unused=(CommitteeDecision, CommitteeMember),
          when_unused={"committee_established": False, "committee_members": 0})
def committee_indicators() -> dict:
    return {"committee_established": selectors.committee_established(),
            "committee_members": selectors.current_members().count()}
