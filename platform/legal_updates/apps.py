from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalUpdatesConfig(AppConfig):
    name = "legal_updates"
    verbose_name = _("Legal updates")

    def ready(self):
        # Publishing an edition closes the update tasks it answers (documents sends, imports nothing of ours).
        from documents.signals import published

        from .services import close_answered_tasks

        published.connect(close_answered_tasks, dispatch_uid="legal_updates.close_answered_tasks")
