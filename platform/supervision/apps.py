from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from tenants.signals import agency_created

        from . import errors  # noqa: F401
        from .services import on_agency_created

        agency_created.connect(on_agency_created, dispatch_uid="supervision_status_with_agency")
