"""What the supervisor sees of an agency's inspections: the last one (date, form, result) and the corrective
reports overdue. Computed in the agency's schema from the public inspection rows of that agency (the same
selector the inspection pages use); the services refresh the agency's row when these change."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.agency import current_agency
from core.indicators import COUNT, DATE, TEXT, TOTAL_ALERTING, Indicator, provides

from . import selectors
from .models import Inspection

RESULT_LABELS = ((selectors.RESULT_CONFORMS, pgettext_lazy("inspection result", "No findings")),
                 (selectors.RESULT_FINDINGS, pgettext_lazy("inspection result", "Findings to correct")),
                 (selectors.RESULT_CORRECTED, pgettext_lazy("inspection result", "Findings corrected")))


def corrective_reasons() -> list[str]:
    return [_("The corrective report on the inspection of %(inspected)s was due on %(due)s and has not been "
              "sent.") % {"inspected": inspection.record_on.strftime("%d/%m/%Y") if inspection.record_on else "—",
                          "due": inspection.corrective_due.strftime("%d/%m/%Y")}
            for inspection in selectors.agency_overdue_correctives(current_agency().pk)]


@provides(Indicator("inspection_last_on", _("date of the last inspection"), kind=DATE,
                    column=_("Last inspected"), order=80),
          Indicator("inspection_last_form", _("form of the last inspection"), kind=TEXT,
                    column=_("Inspected by"), order=81, choices=tuple(Inspection.Form.choices)),
          Indicator("inspection_last_result", _("result of the last inspection"), kind=TEXT,
                    column=_("Inspection result"), order=82, choices=RESULT_LABELS),
          Indicator("inspection_corrective_overdue", _("corrective reports to the DOST overdue"), kind=COUNT,
                    alert_above=0, total=TOTAL_ALERTING, column=_("Corrective report overdue"), order=83),
          explain=corrective_reasons)
def inspection_indicators() -> dict:
    return selectors.agency_figures(current_agency().pk)
