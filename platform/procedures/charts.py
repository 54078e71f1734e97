"""The agency dashboard's chart of TTHC coverage (core.charts): assigned TTHC by coverage state."""

from django.utils.translation import gettext_lazy as _

from core.agency import current_agency
from core.charts import DOUGHNUT, Chart, ChartData, Series, register

from .selectors import CoverageStatus, tthc_coverage

LABELS = {CoverageStatus.COVERED: _("Covered"), CoverageStatus.OUTDATED: _("Outdated"),
          CoverageStatus.MISSING: _("Missing")}
COLOURS = {CoverageStatus.COVERED: "#1b6e3a", CoverageStatus.OUTDATED: "#b7791f", CoverageStatus.MISSING: "#b42318"}


def coverage_by_state() -> ChartData | None:
    coverage = tthc_coverage(current_agency())
    if not coverage.assigned:
        return None
    states = list(reversed(CoverageStatus.STATES))  # covered first
    return ChartData(labels=[str(LABELS[state]) for state in states],
                     series=[Series(str(_("TTHC")), [coverage.count(state) for state in states])],
                     colours=[COLOURS[state] for state in states])


register(Chart("procedures.coverage", _("Assigned TTHC by procedure coverage"), collect=coverage_by_state,
               kind=DOUGHNUT, url_name="coverage:list", order=10))
