"""The steering committee's clause 9.3.2 input (item d, adequacy of resources): who leads the system now."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core.review_inputs import ReviewInput, register

from . import selectors


def committee_now(since: date, until: date) -> list[str] | None:
    members = selectors.current_members().count()
    if not members:
        return None
    head = selectors.current_head()
    return [_("The ISO steering committee has %(count)d members; headed by %(head)s.")
            % {"count": members, "head": head.name if head else "—"}]


register(ReviewInput("committee", item="d", gather=committee_now, order=40))
