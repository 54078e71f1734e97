from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HistorySealConfig(AppConfig):
    name = "history_seal"
    verbose_name = _("Sealed history")

    def ready(self):
        from tenants.functions import after_migrate_in_schema

        from . import install

        # Once per migrate run in a schema (sender: this app): every history event table of the schema,
        # including one a later migration adds, gets the sealing trigger; existing events are sealed.
        post_migrate.connect(after_migrate_in_schema(install.install), sender=self, weak=False,
                             dispatch_uid="eiso_history_seal")
