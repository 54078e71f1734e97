from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documented information")

    def ready(self):
        # Every app's edition_parts.py (documents.editions) and document_panels.py (documents.panels).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("edition_parts", "document_panels")
