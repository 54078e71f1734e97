from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from tenants.signals import agency_created

        from . import errors  # noqa: F401
        from .services import on_agency_created

        agency_created.connect(on_agency_created, dispatch_uid="supervision_status_with_agency")
        # After every migrate in an agency schema: the tables the indicators may skip get their use trigger
        # and row (a table a migration adds or recreates included), before the template is dumped.
        from tenants.functions import after_migrate_in_schema

        from . import table_use

        post_migrate.connect(after_migrate_in_schema(table_use.install), sender=self, weak=False,
                             dispatch_uid="eiso_table_use")
