from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelProceduresConfig(AppConfig):
    name = "model_procedures"
    verbose_name = _("Model procedures")
