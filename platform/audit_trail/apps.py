from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditTrailConfig(AppConfig):
    name = "audit_trail"
    verbose_name = _("Audit trail")

    def ready(self):
        from . import receivers  # noqa: F401 - log-ins, roles, users and agencies are recorded by signal
