from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TthcConfig(AppConfig):
    name = "tthc"
    verbose_name = _("TTHC catalogue")
