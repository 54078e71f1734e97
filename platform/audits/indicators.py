"""What the supervisor sees of an agency's internal audits (registered in core.indicators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.indicators import BOOLEAN, Indicator, provides

from . import selectors
from .models import AuditPlan, Finding


@provides(Indicator("audit_done_this_year", _("internal audit completed this year"), kind=BOOLEAN,
                    column=_("Internal audit"), order=40),
          Indicator("audit_findings_open", _("audit nonconformities not closed"), on_dashboard=False, order=41),
          unused=(AuditPlan, Finding), when_unused={"audit_done_this_year": False, "audit_findings_open": 0})
def audit_indicators() -> dict:
    return {"audit_done_this_year": selectors.done_in(selectors.current_year()),
            "audit_findings_open": selectors.open_nonconformity_findings().count()}
