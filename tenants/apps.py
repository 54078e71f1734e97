from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Agency registry")

    def ready(self):
        from . import functions, signals  # noqa: F401

        # Once per migrate run (sender: this app), after every migration of the run: nothing a migration
        # installs in an agency schema stays there under a shared name (tenants/functions.py).
        post_migrate.connect(functions.normalise_after_migrate, sender=self, dispatch_uid="eiso_shared_functions")
