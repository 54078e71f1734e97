"""What the approved plan's notice (notices.Notice, source_ref "inspections:plan:<id>") says to each agency it
went to: its own inspection in the plan (form, expected time, inspecting unit), read from the plan's line."""

from __future__ import annotations

from django.utils.translation import gettext as _

from notices.selectors import Concern, register_concern

PREFIX = "inspections:plan:"


def plan_ref(plan) -> str:
    return f"{PREFIX}{plan.pk}"


def own_inspection(notice, agency) -> list[tuple[str, str]]:
    from .models import Inspection

    plan_id = notice.source_ref.removeprefix(PREFIX)
    line = Inspection.objects.filter(plan_id=int(plan_id) if plan_id.isdigit() else 0, agency=agency).first()
    if line is None:
        return []
    rows = [(_("Inspection of this agency"), f"{line.plan.year} · {line.get_form_display()}"),
            (_("Expected time"), line.expected_time or "—"),
            (_("Inspecting unit"), line.inspecting_unit + (f" + {line.cooperating_unit}" if line.cooperating_unit
                                                             else ""))]
    return rows


register_concern(Concern(PREFIX, own_inspection))
