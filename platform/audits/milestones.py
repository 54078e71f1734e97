"""Internal audit as a milestone of applying the QMS: reached when an audit's report is issued, every year."""

from django.utils.translation import gettext_lazy as _

from core.milestones import Milestone, register

from . import selectors

register(Milestone("internal_audit", _("Internal audit completed"), reached_on=selectors.last_completed_on,
                   yearly=True, url_name="audits:list", order=40))
