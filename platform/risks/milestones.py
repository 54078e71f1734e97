"""The context and the risks determined (clauses 4.1, 4.2, 6.1): shown among the agency's milestones; not one
of those that decide whether the system counts as applied (QĐ 19 lists the committee, documents, training,
audit and review)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.milestones import Milestone, register

from . import selectors

register(Milestone("risks_determined", _("Context, interested parties and risks determined"),
                   reached_on=selectors.determined_on, required_to_apply=False, url_name="risks:list", order=25))
