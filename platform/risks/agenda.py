"""Risk and opportunity reviews on the agency's agenda (core.agenda): open ones due by a date."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from core.agenda import AgendaItem, AgendaSource, register

from . import selectors


def reviews_due(until):
    return [AgendaItem(title=str(_("Review: %(title)s") % {"title": risk.title}), due_on=risk.review_on,
                       url=reverse("risks:detail", args=[risk.pk]), owner=risk.owner.display_name)
            for risk in selectors.reviews_due(until).select_related("owner")]


register(AgendaSource("risks", _("Risk reviews"), collect=reviews_due, perm=Perm.VIEW_QMS, order=20))
