"""Training's milestone: the agency's staff were trained in ISO 9001 awareness (required to apply the QMS)."""

from django.utils.translation import gettext_lazy as _

from core.milestones import Milestone, register

from . import selectors

register(Milestone("training", _("ISO training held"), reached_on=selectors.last_iso_awareness,
                   required_to_apply=True, url_name="training:list", order=20))
