from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvinceReportsConfig(AppConfig):
    name = "province_reports"
    verbose_name = _("Province reports")
