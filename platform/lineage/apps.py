from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LineageConfig(AppConfig):
    name = "lineage"
    verbose_name = _("Mergers, splits and renames")
