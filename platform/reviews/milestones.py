"""Management review as a milestone of an applied QMS: held at least once a year."""

from django.utils.translation import gettext_lazy as _

from core.milestones import Milestone, register

from . import selectors

register(Milestone("management_review", _("Management review held"), reached_on=selectors.last_held_on,
                   yearly=True, url_name="reviews:list", order=60))
