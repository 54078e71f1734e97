"""Every read of the DOST's inspections: who sees which, the plan's shares, the helpers choosing agencies, the
checklist's prefill, the corrective reports due, the inspection file (Art. 39) and the indicators' figures.

- the DOST (SUPERVISE on its own site) sees its province's plans and inspections;
- an agency (VIEW_QMS on its own site) sees its own inspections once their plan is approved;
- nobody sees another province's.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.services import has_perm
from tenants.models import Agency, current_q

from .models import Finding, Inspection, InspectionPlan, InspectionSettings

CHECKLIST_FILE = Path(__file__).parent / "checklists" / "art36_2014.json"
DEFAULT_UNIT = "Phòng Tiêu chuẩn Đo lường Chất lượng"
DEFAULT_APPROVER = "Ủy ban nhân dân tỉnh"


@cache
def checklist_items() -> tuple[dict, ...]:
    """The Art. 36 points, as data (inspections/checklists/*.json)."""
    return tuple(json.loads(CHECKLIST_FILE.read_text(encoding="utf-8"))["items"])


def settings_for(province_id) -> InspectionSettings:
    """The province's settings row, unsaved with the defaults when the DOST has kept none yet."""
    row = InspectionSettings.objects.filter(province_id=province_id).first()
    return row or InspectionSettings(province_id=province_id, inspecting_unit=DEFAULT_UNIT,
                                     approver=DEFAULT_APPROVER)


def is_dost_site(agency: Agency) -> bool:
    return agency.is_supervisor and agency.province_id is not None


def sees_province(user, agency: Agency) -> bool:
    return is_dost_site(agency) and has_perm(user, agency, Perm.SUPERVISE)


def can_manage(user, agency: Agency) -> bool:
    return is_dost_site(agency) and has_perm(user, agency, Perm.MANAGE_INSPECTIONS)


def visible_plans(user, agency: Agency) -> QuerySet[InspectionPlan]:
    if sees_province(user, agency):
        return InspectionPlan.objects.filter(province_id=agency.province_id)
    return InspectionPlan.objects.none()


def visible_inspections(user, agency: Agency) -> QuerySet[Inspection]:
    rows = Inspection.objects.select_related("plan", "agency")
    if sees_province(user, agency):
        return rows.filter(plan__province_id=agency.province_id)
    if not agency.is_supervisor and has_perm(user, agency, Perm.VIEW_QMS):
        return rows.filter(agency=agency, plan__status=InspectionPlan.Status.APPROVED)
    return Inspection.objects.none()


def inspectable_agencies(province_id) -> QuerySet[Agency]:
    """The agencies a plan may name: the province's current agencies, the DOST itself apart."""
    return (Agency.objects.agencies().current().filter(province_id=province_id)
            .exclude(level=Agency.Level.SUPERVISOR))


def mandatory_agencies(province_id) -> QuerySet[Agency]:
    return inspectable_agencies(province_id).filter(obligation_basis=Agency.Obligation.MANDATORY)


# ------------------------------------------------------------------------------------------ the plan's shares

@dataclass
class Shares:
    """Every mandatory agency checked (by dossier or on site) and at least a third of them on site."""

    mandatory: int = 0
    covered: int = 0
    on_site: int = 0
    on_site_needed: int = 0
    total: int = 0
    missing: list = field(default_factory=list)

    @property
    def on_site_percent(self) -> int:
        return round(100 * self.on_site / self.mandatory) if self.mandatory else 0

    @property
    def covered_percent(self) -> int:
        return round(100 * self.covered / self.mandatory) if self.mandatory else 100

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.missing:
            found.append(_("%(count)d mandatory agencies are not in the plan: %(names)s.") % {
                "count": len(self.missing), "names": ", ".join(a.name for a in self.missing[:10])
                + ("…" if len(self.missing) > 10 else "")})
        if self.on_site < self.on_site_needed:
            found.append(_("Only %(on_site)d of %(mandatory)d mandatory agencies are inspected on site: at least "
                           "%(needed)d (one third) must be.") % {"on_site": self.on_site,
                                                                 "mandatory": self.mandatory,
                                                                 "needed": self.on_site_needed})
        return found

    @property
    def met(self) -> bool:
        return not self.warnings


def plan_shares(plan: InspectionPlan) -> Shares:
    mandatory = list(mandatory_agencies(plan.province_id).order_by("name"))
    forms = dict(plan.inspections.values_list("agency_id", "form"))
    covered = [a for a in mandatory if a.pk in forms]
    on_site = sum(1 for a in covered if forms[a.pk] == Inspection.Form.ON_SITE)
    return Shares(mandatory=len(mandatory), covered=len(covered), on_site=on_site,
                  on_site_needed=math.ceil(len(mandatory) / 3), total=len(forms),
                  missing=[a for a in mandatory if a.pk not in forms])


# ------------------------------------------------------------------------------ helpers choosing the agencies

def _candidates(province_id, level: str = "", mandatory_only: bool = False, exclude=()) -> QuerySet[Agency]:
    """The current set the helpers choose from; `exclude`: agencies already chosen (those in the plan)."""
    rows = mandatory_agencies(province_id) if mandatory_only else inspectable_agencies(province_id)
    rows = rows.exclude(pk__in=list(exclude)) if exclude else rows
    return rows.filter(level=level) if level else rows


def oldest_inspected(province_id, count: int, *, level: str = "", mandatory_only: bool = False,
                     exclude=()) -> list[Agency]:
    """Those inspected longest ago (never inspected first)."""
    rows = _candidates(province_id, level, mandatory_only, exclude).annotate(last=Max("inspections__record_on"))
    return list(rows.order_by(F("last").asc(nulls_first=True), "name")[:count])


def worst_scored(province_id, count: int, *, level: str = "", mandatory_only: bool = False,
                 exclude=()) -> list[Agency]:
    """The lowest compliance scores of the rollup (not computed yet: last)."""
    rows = _candidates(province_id, level, mandatory_only, exclude)
    return list(rows.order_by(F("status_rollup__score").asc(nulls_last=True), "name")[:count])


def random_sample(province_id, count: int, *, level: str = "", mandatory_only: bool = False, exclude=(),
                  seed=None) -> list[Agency]:
    """A random sample of the current set (e.g. 40 communes), reproducible with a seed."""
    rows = list(_candidates(province_id, level, mandatory_only, exclude).order_by("pk"))
    return sorted(random.Random(seed).sample(rows, min(count, len(rows))), key=lambda a: a.name)  # nosec B311  # a sample for a plan, reproducible by its seed: not a secret


# ------------------------------------------------------------------------------------- checklist and findings

def prefill(agency: Agency) -> dict[str, str]:
    """Each Art. 36 point's evidence from the agency's own figures (its rollup row, computed in its schema by
    the same selectors its pages use): "label: value" lines."""
    from core.indicators import all_indicators

    values = getattr(getattr(agency, "status_rollup", None), "indicators", None) or {}
    known = {i.key: i for i in all_indicators()}
    evidence = {}
    for item in checklist_items():
        lines = [f"{known[key].label}: {known[key].shown(values.get(key))}" for key in item["evidence"]
                 if key in known]
        evidence[item["code"]] = "\n".join(lines)
    return evidence


def previous_inspection(inspection: Inspection) -> Inspection | None:
    """The agency's last inspection with a record before this one: its findings are verified now."""
    return (Inspection.objects.filter(agency_id=inspection.agency_id, record_on__isnull=False)
            .exclude(pk=inspection.pk).filter(plan__year__lte=inspection.plan.year)
            .order_by("-record_on").first())


def findings_to_verify(inspection: Inspection) -> list[dict]:
    """The previous inspection's findings with the state of the NC each became in the agency's list."""
    previous = previous_inspection(inspection)
    if previous is None:
        return []
    findings = list(previous.findings.all())
    states = nc_states(previous.agency, [f.nc_id for f in findings if f.nc_id])
    return [{"finding": f, "inspection": previous, "nc_state": states.get(f.nc_id)} for f in findings]


def nc_states(agency: Agency, nc_ids: list[int]) -> dict[int, str]:
    """The state labels of the agency's NCs (read in its schema through the nonconformities area)."""
    if not nc_ids:
        return {}
    from core.agency import in_agency
    from nonconformities.models import Nonconformity

    with in_agency(agency):
        return {pk: str(label) for pk, label in
                ((nc.pk, nc.get_state_display()) for nc in Nonconformity.objects.filter(pk__in=nc_ids))}


# ------------------------------------------------------------------------------------------ corrective reports

def corrective_overdue(inspection: Inspection, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (inspection.corrective_due is not None and inspection.corrective_submitted_on is None
            and inspection.corrective_due < today)


def corrective_overdue_q(today: date | None = None) -> Q:
    """Past its due date and not submitted: the corrective report's overdue rule for a queryset."""
    return Q(corrective_due__lt=today or timezone.localdate(), corrective_submitted_on__isnull=True)


def overdue_correctives(province_id, today: date | None = None) -> QuerySet[Inspection]:
    return (Inspection.objects.filter(corrective_overdue_q(today), plan__province_id=province_id)
            .select_related("agency", "plan"))


# An overdue corrective report is reminded the day after it fell due, then once a week until it comes.
REMIND_EVERY_DAYS = 7


def correctives_to_remind(today: date | None = None) -> QuerySet[Inspection]:
    """Overdue corrective reports of every province not reminded in the last REMIND_EVERY_DAYS days (an
    inspection closed or whose agency ended is left alone)."""
    today = today or timezone.localdate()
    return (Inspection.objects.filter(status=Inspection.Status.RECORDED, corrective_due__lt=today,
                                      corrective_submitted_on__isnull=True)
            .filter(current_q(prefix="agency__"))
            .filter(Q(corrective_reminded_on__isnull=True)
                    | Q(corrective_reminded_on__lte=today - timedelta(days=REMIND_EVERY_DAYS)))
            .select_related("agency", "plan").order_by("pk"))


# ----------------------------------------------------------------------------------------- what the agency shows

RESULT_CONFORMS, RESULT_FINDINGS, RESULT_CORRECTED = "conforms", "findings", "corrected"


def last_recorded(agency_id) -> Inspection | None:
    return (Inspection.objects.filter(agency_id=agency_id, record_on__isnull=False)
            .order_by("-record_on", "-pk").first())


def result_of(inspection: Inspection) -> str:
    if not inspection.findings.exists():
        return RESULT_CONFORMS
    return RESULT_CORRECTED if inspection.corrective_accepted_on else RESULT_FINDINGS


def agency_overdue_correctives(agency_id, today: date | None = None) -> QuerySet[Inspection]:
    """The agency's inspections whose corrective report is past its due date and not submitted."""
    return Inspection.objects.filter(corrective_overdue_q(today), agency_id=agency_id).order_by("corrective_due", "pk")


def agency_figures(agency_id, today: date | None = None) -> dict:
    """The indicators' values for one agency, from its public inspection rows."""
    today = today or timezone.localdate()
    last = last_recorded(agency_id)
    overdue = agency_overdue_correctives(agency_id, today).count()
    return {"inspection_last_on": last.record_on.isoformat() if last else None,
            "inspection_last_form": last.form if last else None,
            "inspection_last_result": result_of(last) if last else None,
            "inspection_corrective_overdue": overdue}


# ---------------------------------------------------------------------------------- the inspection file (Art. 39)

FILE_ITEMS = [
    ("plan", "Kế hoạch kiểm tra được phê duyệt"),
    ("request", "Văn bản đề nghị báo cáo"),
    ("agency_report", "Báo cáo và tài liệu, hồ sơ chứng minh của cơ quan"),
    ("fix_request", "Văn bản yêu cầu khắc phục"),
    ("decision", "Quyết định kiểm tra"),
    ("record", "Biên bản kiểm tra"),
    ("corrective", "Hồ sơ khắc phục"),
    ("team_report", "Báo cáo của đoàn kiểm tra"),
    ("committee_report", "Báo cáo Ủy ban nhân dân tỉnh"),
    ("other", "Tài liệu khác"),
]
FILE_ITEM_CODES = [code for code, _label in FILE_ITEMS]
# what the agency itself uploads; every other item is the DOST's
AGENCY_ITEMS = {"agency_report", "corrective"}


def file_items(inspection: Inspection) -> list[dict]:
    """The ten items of Art. 39 and what the file holds of each: generated papers (with their print) and
    uploaded files."""
    uploads: dict[str, list] = {}
    for row in inspection.files.all():
        uploads.setdefault(row.item, []).append(row)
    generated = {
        "plan": inspection.plan.status == InspectionPlan.Status.APPROVED,
        "request": inspection.form == Inspection.Form.DOSSIER and bool(inspection.letter_on),
        "agency_report": bool(inspection.answered_on),
        "fix_request": inspection.corrective_due is not None,
        "decision": inspection.form == Inspection.Form.ON_SITE and bool(inspection.letter_on),
        "record": bool(inspection.record_on),
        "corrective": bool(inspection.corrective_submitted_on),
    }
    return [{"code": code, "label": label, "generated": generated.get(code, False),
             "uploads": uploads.get(code, []), "present": generated.get(code, False) or bool(uploads.get(code))}
            for code, label in FILE_ITEMS]


def open_findings(inspection: Inspection) -> QuerySet[Finding]:
    return inspection.findings.filter(Q(nc_id__isnull=True))


# ----------------------------------------------------------------------------------- the plan's notice

def plan_notice(plan: InspectionPlan):
    """The notice the approved plan went to its agencies as (None before), with its acknowledgement counts."""
    from notices.models import Notice
    from notices.selectors import with_counts

    from .notice_concerns import plan_ref

    return with_counts(Notice.objects.filter(province_id=plan.province_id, source_ref=plan_ref(plan))).first()
