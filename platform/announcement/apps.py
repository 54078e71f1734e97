from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementConfig(AppConfig):
    name = "announcement"
    verbose_name = _("Announcement of conformity")
