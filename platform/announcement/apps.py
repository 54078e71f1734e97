from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementConfig(AppConfig):
    name = "announcement"
    verbose_name = _("Announcement of conformity")

    def ready(self):
        # A newly effective edition changes the procedures and forms the public page lists.
        from documents.signals import published

        published.connect(_public_page_changed, dispatch_uid="announcement.public_page_changed")


def _public_page_changed(sender, **kwargs):
    from core.public_page import changed

    changed()
