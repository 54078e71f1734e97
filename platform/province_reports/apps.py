from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvinceReportsConfig(AppConfig):
    name = "province_reports"
    verbose_name = _("Province reports")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import figures  # noqa: F401 - the rollup's figures

        # other areas' figures (inspections: inspected, findings, corrective reports overdue)
        autodiscover_modules("report_figures")
