"""The steering committee's milestone toward an applied QMS (core.milestones)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from core.milestones import Milestone, register

from . import selectors
from .models import CommitteeDecision, DecisionKind


def committee_established_on() -> date | None:
    """The day of the first decision establishing the committee, while it has a head."""
    if not selectors.committee_established():
        return None
    first = CommitteeDecision.objects.filter(kind=DecisionKind.ESTABLISHES).order_by("signed_on").first()
    return first.signed_on if first else None


register(Milestone("committee_established", _("ISO steering committee established"),
                   reached_on=committee_established_on, url_name="committee:page", order=10))
