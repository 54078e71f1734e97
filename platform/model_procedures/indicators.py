"""What the supervisor sees of an agency's model procedures (registered in core.indicators): how many of its
procedures adopted from a province model are behind the model's latest published edition."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.agency import current_agency
from core.indicators import TOTAL_ALERTING, Indicator, provides

from .selectors import adoptions_behind, may_adopt_here


@provides(Indicator("procedures_behind_model", _("procedures behind their model's latest edition"), alert_above=0,
                    total=TOTAL_ALERTING, total_label=_("agencies behind a model edition"),
                    column=_("behind model"), on_dashboard=True, order=60))
def behind_model() -> dict:
    agency = current_agency()
    return {"procedures_behind_model": adoptions_behind(agency).count() if may_adopt_here(agency) else 0}
