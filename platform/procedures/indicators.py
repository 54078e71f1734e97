"""What the supervisor sees of an agency's TTHC procedures (registered in core.indicators): the same coverage
the agency's own coverage page shows (selectors.tthc_coverage)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.agency import current_agency
from core.indicators import RATIO, TOTAL_ALERTING, TOTAL_MEETING, Indicator, provides

from .selectors import CoverageStatus, tthc_coverage

FULL_COVERAGE = 100


@provides(
    Indicator("tthc_coverage", _("TTHC covered by an effective procedure"), kind=RATIO, target=FULL_COVERAGE,
              column=_("TTHC coverage"), total=TOTAL_MEETING,
              total_label=_("with every assigned TTHC covered by a procedure"), on_agency_home=True, order=16),
    Indicator("tthc_assigned", _("TTHC assigned"), on_dashboard=False, order=17),
    Indicator("tthc_missing", _("assigned TTHC without a procedure"), on_dashboard=False, order=18),
    Indicator("tthc_outdated", _("procedures behind the TTHC catalogue"), alert_above=0,
              column=_("Behind catalogue"), total=TOTAL_ALERTING,
              total_label=_("with procedures behind the TTHC catalogue"), order=19),
)
def coverage_indicators() -> dict:
    coverage = tthc_coverage(current_agency())
    return {"tthc_coverage": coverage.percent, "tthc_assigned": coverage.assigned,
            "tthc_missing": coverage.count(CoverageStatus.MISSING),
            "tthc_outdated": coverage.count(CoverageStatus.OUTDATED)}
