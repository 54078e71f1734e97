"""The agency dashboard's chart of on-time dossiers (core.charts): the last twelve months with data."""

from django.utils.translation import gettext_lazy as _

from core.charts import LINE, Chart, ChartData, Series, register

from . import selectors
from .models import Dossier


def on_time_by_month() -> ChartData | None:
    months = selectors.rates_by_month(Dossier.objects.all())[-12:]
    if not months:
        return None
    return ChartData(labels=[month.key.strftime("%m/%Y") for month in months],
                     series=[Series(str(_("On time (%)")), [month.rate for month in months], "#1b6e3a")])


register(Chart("dossiers.on_time_by_month", _("On-time dossiers by month"), collect=on_time_by_month, kind=LINE,
               unit="%", url_name="dossiers:dashboard", order=20))
