"""Every change to the DOST's inspections, one function per step (Circular 26/2014 Arts. 33–39).

The DOST's steps run on its own site with MANAGE_INSPECTIONS (the settings row with
MANAGE_PROVINCE_CATALOGUE); the agency's (its answer, its signature, its corrective report) on the agency's
own site with MANAGE_QMS or SIGN_FOR_AGENCY. The rows live in the public schema, so every write runs there
(`_public_change`), whichever site it came from. The only write into an agency's schema is `land_finding`: a
finding becomes an NC of the agency's own list, audited; notices to the agency's people are the other entry.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.roles import Perm
from accounts.services import require_perm
from core import values
from core.agency import current_agency, in_agency
from core.changes import change
from core.dates import add_months
from core.errors import DomainError
from core.outbox import send_after_commit
from tenants.models import Agency

from . import selectors
from .models import (
    CORRECTIVE_MONTHS,
    ChecklistItem,
    Finding,
    Inspection,
    InspectionFile,
    InspectionPlan,
    InspectionSettings,
    TeamMember,
)

CODE = "insp_invalid_value"
log = logging.getLogger(__name__)
Status = Inspection.Status


@contextmanager
def _public_change(actor, action: str, **metadata) -> Iterator[None]:
    with schema_context(get_public_schema_name()), change(actor, action, **metadata):
        yield


def _dost(actor, perm: str = Perm.MANAGE_INSPECTIONS) -> Agency:
    """The DOST whose inspections `actor` runs here: its own site, with the permission."""
    agency = current_agency()
    require_perm(actor, agency, perm)
    if not selectors.is_dost_site(agency):
        raise DomainError("insp_not_dost", _("Inspections are run by the province's DOST, on its own site."),
                          status_code=403)
    return agency


def _of_province(dost: Agency, inspection: Inspection | InspectionPlan) -> None:
    province_id = inspection.province_id if isinstance(inspection, InspectionPlan) else inspection.plan.province_id
    if province_id != dost.province_id:
        raise DomainError("insp_not_dost", _("This inspection belongs to another province."), status_code=403)


def _inspected(actor, inspection: Inspection, perm: str) -> Agency:
    """The inspected agency, on its own site, with `perm`."""
    agency = current_agency()
    require_perm(actor, agency, perm)
    if agency.pk != inspection.agency_id:
        raise DomainError("insp_not_inspected_agency", _(
            "Only the inspected agency, on its own site, does this."), status_code=403)
    return agency


def _fresh(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("plan", "agency").get(pk=inspection.pk)


def _state(inspection: Inspection, *allowed) -> None:
    if inspection.status not in allowed:
        raise DomainError("insp_wrong_state", _("The inspection is “%(state)s”: this step does not apply now.")
                          % {"state": inspection.get_status_display()})


def _form(inspection: Inspection, form: str) -> None:
    if inspection.form != form:
        raise DomainError("insp_wrong_form", _("This step belongs to an inspection %(form)s.")
                          % {"form": str(Inspection.Form(form).label).lower()})


def _written(text, limit: int, label: str, missing: str) -> str:
    """A text that must be written (a report, a finding, a conclusion), its line breaks kept."""
    text = values.long_text(text, limit, label, code=CODE)
    if not text:
        raise DomainError(CODE, missing)
    return text


def _refresh(agency_schema: str) -> None:
    """The agency's rollup row shows its inspections: refresh it (in its schema) once this commits."""

    send_after_commit("supervision.refresh_agency_status", in_schema=agency_schema)


def _tell_agency(agency: Agency, message: str, link: str, key: str) -> None:
    """Tell the agency's ISO keepers and its head (in its schema, through notifications)."""
    from accounts.selectors import members
    from notifications.services import notify

    with in_agency(agency):
        people = {u.pk: u for perm in (Perm.MANAGE_QMS, Perm.SIGN_FOR_AGENCY) for u in members(agency, perm)}
        for user in people.values():
            notify(user, message, link, verb="inspection", key=f"{key}:{user.pk}")


# ------------------------------------------------------------------------------------------------ settings

def set_settings(*, actor, inspecting_unit, approver="") -> InspectionSettings:
    """Name the province's inspecting unit (the former Chi cục TĐC or today's division of the DOST)."""
    dost = _dost(actor, Perm.MANAGE_PROVINCE_CATALOGUE)
    unit = values.line(inspecting_unit, 255, _("the inspecting unit"), code=CODE)
    approver = values.line(approver, 255, _("the approving authority"), code=CODE, required=False)
    with _public_change(actor, "inspections.set_settings"):
        row, _created = InspectionSettings.objects.update_or_create(
            province_id=dost.province_id,
            defaults={"inspecting_unit": unit, "approver": approver or selectors.DEFAULT_APPROVER})
    return row


# ---------------------------------------------------------------------------------------------------- the plan

def create_plan(*, actor, year, title="") -> InspectionPlan:
    dost = _dost(actor)
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2014 <= year <= 2100:
        raise DomainError(CODE, _("Give the plan's year."))
    unit = selectors.settings_for(dost.province_id).inspecting_unit
    title = values.line(title, 500, _("the title"), code=CODE, required=False) or (
        _("Plan for inspecting the application of ISO 9001 in state administrative agencies, %(year)s")
        % {"year": year})
    with _public_change(actor, "inspections.create_plan", year=year):
        if InspectionPlan.objects.filter(province_id=dost.province_id, year=year).exists():
            raise DomainError("insp_plan_exists", _("The province already has an inspection plan for %(year)s.")
                              % {"year": year})
        return InspectionPlan.objects.create(province_id=dost.province_id, year=year, title=title,
                                             inspecting_unit=unit, created_by=actor)


def _draft(dost: Agency, plan: InspectionPlan) -> None:
    _of_province(dost, plan)
    if plan.status != InspectionPlan.Status.DRAFT:
        raise DomainError("insp_plan_not_draft", _("The plan is submitted or approved: it no longer changes."))


def _line_values(fields: dict, unit_default: str) -> dict:
    cleaned = {}
    if "form" in fields:
        if fields["form"] not in Inspection.Form.values:
            raise DomainError(CODE, _("The form of inspection is by dossier or on site."))
        cleaned["form"] = fields["form"]
    if "inspecting_unit" in fields:
        cleaned["inspecting_unit"] = values.line(fields["inspecting_unit"], 255, _("the inspecting unit"), code=CODE,
                                                 required=False) or unit_default
    if "cooperating_unit" in fields:
        cleaned["cooperating_unit"] = values.line(fields["cooperating_unit"], 255, _("the co-operating unit"),
                                                  code=CODE, required=False)
    if "expected_time" in fields:
        cleaned["expected_time"] = values.line(fields["expected_time"], 64, _("the expected time"), code=CODE,
                                               required=False)
    if "budget" in fields:
        budget = fields["budget"]
        if budget in (None, ""):
            cleaned["budget"] = None
        else:
            try:
                cleaned["budget"] = int(str(budget).replace(".", "").replace(",", "").strip())
            except ValueError:
                cleaned["budget"] = -1
            if cleaned["budget"] < 0:
                raise DomainError(CODE, _("The budget is a whole number of đồng."))
    return cleaned


def add_inspection(plan: InspectionPlan, *, actor, agency: Agency, form: str, **fields) -> Inspection:
    """A line of the plan: the agency, the units, the expected time, the form, the budget."""
    dost = _dost(actor)
    _draft(dost, plan)
    cleaned = _line_values({"form": form, "inspecting_unit": "", **fields}, plan.inspecting_unit)
    if not selectors.inspectable_agencies(dost.province_id).filter(pk=getattr(agency, "pk", None)).exists():
        raise DomainError("insp_agency_not_inspectable", _("The agency is not a current agency of this province."))
    with _public_change(actor, "inspections.add_inspection", plan=plan.pk, agency=agency.pk):
        if plan.inspections.filter(agency=agency).exists():
            raise DomainError("insp_agency_in_plan", _("%(agency)s is already in the plan.") % {"agency": agency.name})
        return Inspection.objects.create(plan=plan, agency=agency, **cleaned)


def add_agencies(plan: InspectionPlan, *, actor, agencies, form: str, **fields) -> list[Inspection]:
    """Add the agencies a helper chose (oldest inspection, worst score, random sample); those already in the
    plan are left as they are."""
    dost = _dost(actor)
    _draft(dost, plan)
    cleaned = _line_values({"form": form, "inspecting_unit": "", **fields}, plan.inspecting_unit)
    allowed = set(selectors.inspectable_agencies(dost.province_id).values_list("pk", flat=True))
    if any(a.pk not in allowed for a in agencies):
        raise DomainError("insp_agency_not_inspectable", _("An agency is not a current agency of this province."))
    with _public_change(actor, "inspections.add_agencies", plan=plan.pk):
        present = set(plan.inspections.values_list("agency_id", flat=True))
        return Inspection.objects.bulk_create([Inspection(plan=plan, agency=a, **cleaned) for a in agencies
                                               if a.pk not in present])


def update_inspection(inspection: Inspection, *, actor, **fields) -> Inspection:
    """Change a line of a draft plan (form, units, expected time, budget); unchanged values write nothing."""
    dost = _dost(actor)
    unknown = set(fields) - {"form", "inspecting_unit", "cooperating_unit", "expected_time", "budget"}
    if unknown:
        raise DomainError("unknown_field", _("These fields cannot be changed here: %(fields)s.")
                          % {"fields": ", ".join(sorted(unknown))})
    cleaned = _line_values(fields, inspection.plan.inspecting_unit)
    with _public_change(actor, "inspections.update_inspection", inspection=inspection.pk):
        inspection = _fresh(inspection)  # the plan read (and locked) now: a plan just submitted no longer changes
        _draft(dost, inspection.plan)
        changed = [name for name, value in cleaned.items() if getattr(inspection, name) != value]
        for name in changed:
            setattr(inspection, name, cleaned[name])
        if changed:
            inspection.save(update_fields=[*changed, "updated_at"])
    return inspection


def remove_inspection(inspection: Inspection, *, actor) -> None:
    """Take a line out of a draft plan."""
    dost = _dost(actor)
    with _public_change(actor, "inspections.remove_inspection", inspection=inspection.pk):
        inspection = _fresh(inspection)
        _draft(dost, inspection.plan)
        inspection.delete()


def submit_plan(plan: InspectionPlan, *, actor, on=None) -> InspectionPlan:
    """The DOST submits the plan to the People's Committee (the shares are warned of, not enforced: the
    committee decides)."""
    dost = _dost(actor)
    _draft(dost, plan)
    on = values.a_date(on, _("The submission date"), code=CODE, default=timezone.localdate())
    with _public_change(actor, "inspections.submit_plan", plan=plan.pk):
        if not plan.inspections.exists():
            raise DomainError("insp_plan_empty", _("Add the agencies to inspect before submitting the plan."))
        plan.status, plan.submitted_on = InspectionPlan.Status.SUBMITTED, on
        plan.save(update_fields=["status", "submitted_on"])
    return plan


def approve_plan(plan: InspectionPlan, *, actor, number, approved_on) -> InspectionPlan:
    """Record the People's Committee's approving decision (number and date)."""
    dost = _dost(actor)
    _of_province(dost, plan)
    number = values.line(number, 64, _("the approving decision's number"), code=CODE)
    approved_on = values.a_date(approved_on, _("The approval date"), code=CODE)
    with _public_change(actor, "inspections.approve_plan", plan=plan.pk):
        if plan.status != InspectionPlan.Status.SUBMITTED:
            raise DomainError("insp_plan_not_submitted", _("Only a submitted plan is approved."))
        plan.status, plan.approval_number, plan.approved_on = InspectionPlan.Status.APPROVED, number, approved_on
        plan.save(update_fields=["status", "approval_number", "approved_on"])
    try:  # approved stands even when the notice cannot go now: the plan's page offers to send it again
        send_plan_notice(plan, actor=actor)
    except (DomainError, PermissionDenied):
        log.warning("the approved plan %s was not sent to its agencies", plan.pk, exc_info=True)
    return plan


def send_plan_notice(plan: InspectionPlan, *, actor):
    """The approved plan goes to the agencies it names as a notice of the DOST (notices.services.send_notice,
    which tells each agency's people through core.outbox and tracks the acknowledgements); each agency reads
    there its own inspection (form, expected time: notice_concerns.py). Sent once per plan: a second call
    returns the notice already sent."""
    from notices.models import Notice
    from notices.services import send_notice

    from .notice_concerns import plan_ref

    dost = _dost(actor)
    _of_province(dost, plan)
    plan = InspectionPlan.objects.get(pk=plan.pk)
    if plan.status != InspectionPlan.Status.APPROVED:
        raise DomainError("insp_plan_not_approved", _("The plan goes to the agencies once it is approved."))
    existing = selectors.plan_notice(plan)
    if existing is not None and existing.status != Notice.Status.DRAFT:
        return existing
    agencies = selectors.inspectable_agencies(plan.province_id).filter(inspections__plan=plan)
    ids = [str(pk) for pk in agencies.values_list("pk", flat=True)]
    with translation.override(settings.LANGUAGE_CODE):  # the notice's text is kept in the province's language
        body = _("The People's Committee approved the inspection plan for %(year)s by decision %(number)s of "
                 "%(date)s. %(count)d agencies are inspected, by dossier or on site; this notice shows the "
                 "inspection of your agency, and the page Inspections follows it step by step.") % {
            "year": plan.year, "number": plan.approval_number, "count": len(ids),
            "date": plan.approved_on.strftime("%d/%m/%Y") if plan.approved_on else ""}
    return send_notice(actor=actor, kind=Notice.Kind.INSPECTION_PLAN, title=plan.title, body=body,
                       audience=Notice.Audience.SELECTION, audience_values=ids, link="/inspections/",
                       source_ref=plan_ref(plan))


# ------------------------------------------------------------------------------------- dossier or on site: start

def _started(dost: Agency, inspection: Inspection) -> None:
    _of_province(dost, inspection)
    if inspection.plan.status != InspectionPlan.Status.APPROVED:
        raise DomainError("insp_plan_not_approved", _("Inspections start once the plan is approved."))
    _state(inspection, Status.PLANNED)


def _prefill_checklist(inspection: Inspection) -> None:
    evidence = selectors.prefill(Agency.objects.select_related("status_rollup").get(pk=inspection.agency_id))
    ChecklistItem.objects.bulk_create([
        ChecklistItem(inspection=inspection, code=item["code"], group=item["group"],
                      text=f"{item['letter']}) {item['text']}", evidence=evidence.get(item["code"], ""),
                      position=position)
        for position, item in enumerate(selectors.checklist_items())], ignore_conflicts=True)


def send_request(inspection: Inspection, *, actor, number, sent_on, answer_due) -> Inspection:
    """A dossier check: the letter asking the agency for its report and evidence; the agency is told."""
    dost = _dost(actor)
    number = values.line(number, 64, _("the letter's number"), code=CODE)
    sent_on = values.a_date(sent_on, _("The letter's date"), code=CODE)
    answer_due = values.a_date(answer_due, _("The report's due date"), code=CODE)
    if answer_due < sent_on:
        raise DomainError(CODE, _("The report cannot be due before the letter is sent."))
    with _public_change(actor, "inspections.send_request", inspection=inspection.pk):
        inspection = _fresh(inspection)
        _started(dost, inspection)
        _form(inspection, Inspection.Form.DOSSIER)
        inspection.status, inspection.letter_number, inspection.letter_on = Status.REQUESTED, number, sent_on
        inspection.answer_due = answer_due
        inspection.save(update_fields=["status", "letter_number", "letter_on", "answer_due", "updated_at"])
        _prefill_checklist(inspection)
        _tell_agency(inspection.agency, _("The DOST asks for your QMS report (letter %(number)s), due %(due)s.")
                     % {"number": number, "due": answer_due.strftime("%d/%m/%Y")},
                     f"/inspections/{inspection.pk}/", f"inspection-request:{inspection.pk}")
    return inspection


def _team(team) -> list[dict]:
    members = []
    for row in team or []:
        name = values.line(row.get("name"), 150, _("a team member's name"), code=CODE)
        role = row.get("role") or TeamMember.Role.MEMBER
        if role not in TeamMember.Role.values:
            raise DomainError(CODE, _("A team member is the team lead or a member."))
        members.append({"name": name, "role": role, "user": row.get("user"),
                        "position": values.line(row.get("position"), 255, _("the position"), code=CODE,
                                                required=False)})
    if sum(1 for m in members if m["role"] == TeamMember.Role.LEAD) != 1:
        raise DomainError("insp_team_lead", _("Name exactly one team lead."))
    return members


def issue_decision(inspection: Inspection, *, actor, number, signed_on, visit_on, team) -> Inspection:
    """An on-site check: the inspection decision with its team; the Art. 36 checklist is prefilled from the
    agency's own data; the agency is told."""
    dost = _dost(actor)
    number = values.line(number, 64, _("the decision's number"), code=CODE)
    signed_on = values.a_date(signed_on, _("The decision's date"), code=CODE)
    visit_on = values.a_date(visit_on, _("The visit date"), code=CODE)
    members = _team(team)
    with _public_change(actor, "inspections.issue_decision", inspection=inspection.pk):
        inspection = _fresh(inspection)
        _started(dost, inspection)
        _form(inspection, Inspection.Form.ON_SITE)
        inspection.status, inspection.letter_number, inspection.letter_on = Status.DECIDED, number, signed_on
        inspection.visit_on = visit_on
        inspection.save(update_fields=["status", "letter_number", "letter_on", "visit_on", "updated_at"])
        TeamMember.objects.bulk_create([TeamMember(inspection=inspection, **m) for m in members])
        _prefill_checklist(inspection)
        _tell_agency(inspection.agency, _("The DOST will inspect your QMS on site on %(day)s (decision %(number)s).")
                     % {"number": number, "day": visit_on.strftime("%d/%m/%Y")},
                     f"/inspections/{inspection.pk}/", f"inspection-decision:{inspection.pk}")
    return inspection


# ------------------------------------------------------------------------------------------ the agency answers

def answer(inspection: Inspection, *, actor, report) -> Inspection:
    """The agency's report (its evidence is uploaded as files of the item "agency_report")."""
    _inspected(actor, inspection, Perm.MANAGE_QMS)
    report = _written(report, 20000, _("the report"), _("Write the report."))
    with _public_change(actor, "inspections.answer", inspection=inspection.pk):
        inspection = _fresh(inspection)
        _state(inspection, Status.REQUESTED, Status.DECIDED)
        inspection.status, inspection.agency_report = Status.ANSWERED, report
        inspection.answered_on, inspection.answered_by = timezone.localdate(), actor
        inspection.save(update_fields=["status", "agency_report", "answered_on", "answered_by", "updated_at"])
    return inspection


def attach_file(inspection: Inspection, *, actor, item, title, uploaded_file) -> InspectionFile:
    """A paper of the inspection file: the agency uploads its evidence and corrective papers on its site,
    the DOST every other item on its own."""
    from .selectors import AGENCY_ITEMS, FILE_ITEM_CODES

    if item not in FILE_ITEM_CODES:
        raise DomainError(CODE, _("Choose one of the ten items of the inspection file."))
    if item in AGENCY_ITEMS:
        _inspected(actor, inspection, Perm.MANAGE_QMS)
    else:
        _of_province(_dost(actor), inspection)
    if not uploaded_file or not uploaded_file.size:
        raise DomainError("empty_file", _("The uploaded file is empty."))
    title = values.line(title, 255, _("the title"), code=CODE, required=False) or uploaded_file.name[:255]
    with _public_change(actor, "inspections.attach_file", inspection=inspection.pk, item=item):
        return InspectionFile.objects.create(inspection=inspection, item=item, title=title, file=uploaded_file,
                                             filename=uploaded_file.name[:255], uploaded_by=actor)


# ------------------------------------------------------------------------------------ checklist, findings, record

def check_item(item: ChecklistItem, *, actor, result, note="") -> ChecklistItem:
    dost = _dost(actor)
    if result not in ChecklistItem.Result.values:
        raise DomainError(CODE, _("The result is not checked yet, conforms, a finding or not applicable."))
    note = values.long_text(note, 4000, _("the note"), code=CODE)
    with _public_change(actor, "inspections.check_item", item=item.pk):
        inspection = _fresh(item.inspection)
        _of_province(dost, inspection)
        _state(inspection, Status.REQUESTED, Status.DECIDED, Status.ANSWERED)
        item.result, item.note = result, note
        item.save(update_fields=["result", "note"])
    return item


def add_finding(inspection: Inspection, *, actor, description, requirement="", grade="minor",
                item_code="") -> Finding:
    dost = _dost(actor)
    description = _written(description, 4000, _("the finding"), _("Describe the finding."))
    requirement = values.long_text(requirement, 4000, _("the requirement not met"), code=CODE)
    if grade not in Finding.Grade.values:
        raise DomainError(CODE, _("The grade of a finding is minor or major."))
    with _public_change(actor, "inspections.add_finding", inspection=inspection.pk):
        inspection = _fresh(inspection)
        _of_province(dost, inspection)
        _state(inspection, Status.REQUESTED, Status.DECIDED, Status.ANSWERED)
        if item_code and not inspection.checklist.filter(code=item_code).exists():
            raise DomainError(CODE, _("The point named is not on this inspection's checklist."))
        return Finding.objects.create(inspection=inspection, description=description, requirement=requirement,
                                      grade=grade, item_code=item_code)


def make_record(inspection: Inspection, *, actor, record_on, place, conclusion) -> Inspection:
    """The inspection record (biên bản): the corrective report is due 2 months after it when there are
    findings. The team lead and the agency then sign it, each on their own site."""
    dost = _dost(actor)
    record_on = values.past_date(record_on, _("The record's date"), code=CODE)
    place = values.line(place, 255, _("the place"), code=CODE, required=False)
    conclusion = _written(conclusion, 20000, _("the conclusion"), _("Write the conclusion."))
    with _public_change(actor, "inspections.make_record", inspection=inspection.pk):
        inspection = _fresh(inspection)
        _of_province(dost, inspection)
        _state(inspection, Status.ANSWERED, Status.DECIDED)
        inspection.status, inspection.record_on = Status.RECORDED, record_on
        inspection.record_place, inspection.conclusion = place, conclusion
        inspection.corrective_due = (add_months(record_on, CORRECTIVE_MONTHS) if inspection.findings.exists()
                                     else None)
        inspection.save(update_fields=["status", "record_on", "record_place", "conclusion", "corrective_due",
                                       "updated_at"])
        _refresh(inspection.agency.schema_name)
    return inspection


def sign_as_lead(inspection: Inspection, *, actor) -> Inspection:
    """The team lead signs the record on the DOST's site (a dossier check: who makes the records)."""
    dost = _dost(actor)
    with _public_change(actor, "inspections.sign_as_lead", inspection=inspection.pk):
        inspection = _fresh(inspection)
        _of_province(dost, inspection)
        _state(inspection, Status.RECORDED)
        lead = inspection.team.filter(role=TeamMember.Role.LEAD).first()
        if lead is not None and lead.user_id is not None and lead.user_id != actor.pk:
            raise DomainError("insp_not_team_lead", _("Only the team lead, %(name)s, signs for the team.")
                              % {"name": lead.name}, status_code=403)
        if inspection.lead_signed_at is None:
            inspection.lead_signed_by, inspection.lead_signed_at = actor, timezone.now()
            inspection.save(update_fields=["lead_signed_by", "lead_signed_at", "updated_at"])
            _on_signed(inspection, actor)
    return inspection


def sign_for_agency(inspection: Inspection, *, actor) -> Inspection:
    """The agency's head signs the record on the agency's site."""
    _inspected(actor, inspection, Perm.SIGN_FOR_AGENCY)
    with _public_change(actor, "inspections.sign_for_agency", inspection=inspection.pk):
        inspection = _fresh(inspection)
        _state(inspection, Status.RECORDED)
        if inspection.agency_signed_at is None:
            inspection.agency_signed_by, inspection.agency_signed_at = actor, timezone.now()
            inspection.save(update_fields=["agency_signed_by", "agency_signed_at", "updated_at"])
            _on_signed(inspection, actor)
    return inspection


def _on_signed(inspection: Inspection, actor) -> None:
    """Signed by both: the findings land in the agency's list; without findings the inspection closes."""
    if not inspection.signed:
        return
    findings = list(inspection.findings.all())
    for finding in findings:
        land_finding(finding, actor=actor)
    if not findings:
        inspection.status = Status.CLOSED
        inspection.save(update_fields=["status", "updated_at"])
    _refresh(inspection.agency.schema_name)


def land_finding(finding: Finding, *, actor) -> Finding:
    """THE one place the DOST writes into an agency: the finding becomes an NC of the agency's own list
    (source "inspection", idempotent on the finding), the crossing recorded in the agency's audit trail and
    the agency told. Landing it again returns it unchanged."""
    from audit_trail.services import record
    from nonconformities.services import raise_nonconformity

    with _public_change(actor, "inspections.land_finding", finding=finding.pk):
        finding = Finding.objects.select_for_update().select_related("inspection__agency").get(pk=finding.pk)
        if finding.nc_id is not None:
            return finding
        inspection = finding.inspection
        if not inspection.signed:
            raise DomainError("insp_wrong_state", _("A finding lands in the agency's list once the record is "
                                                    "signed by both sides."))
        agency = inspection.agency
        with in_agency(agency):
            nc = raise_nonconformity(
                actor=actor, source="inspection", source_ref=f"inspection-finding:{finding.pk}", perm=None,
                description=finding.description, requirement=finding.requirement, grade=finding.grade,
                detected_on=inspection.record_on,
                process=_("Inspection by the DOST, %(year)s") % {"year": inspection.plan.year})
            _tell_agency(agency, _("An inspection finding became nonconformity %(number)s.") % {"number": nc.number},
                         f"/nonconformities/{nc.pk}/", f"inspection-finding:{finding.pk}")
        finding.nc_id, finding.nc_number, finding.landed_at = nc.pk, nc.number, timezone.now()
        finding.save(update_fields=["nc_id", "nc_number", "landed_at"])
        record("inspection.finding_landed", agency=agency, actor=actor, target=f"nonconformity:{nc.pk}",
               inspection=inspection.pk, finding=finding.pk, number=nc.number)
    return finding


# -------------------------------------------------------------------------------------------- corrective report

def submit_corrective_report(inspection: Inspection, *, actor, report) -> Inspection:
    """The agency reports what it corrected (due 2 months after the record)."""
    _inspected(actor, inspection, Perm.MANAGE_QMS)
    report = _written(report, 20000, _("the corrective report"), _("Write the corrective report."))
    with _public_change(actor, "inspections.submit_corrective_report", inspection=inspection.pk):
        inspection = _fresh(inspection)
        _state(inspection, Status.RECORDED)
        if inspection.corrective_due is None:
            raise DomainError("insp_no_findings", _("The record has no findings: no corrective report is due."))
        if not inspection.signed:
            raise DomainError("insp_wrong_state", _("The record is not signed by both sides yet."))
        inspection.corrective_report, inspection.corrective_submitted_on = report, timezone.localdate()
        inspection.save(update_fields=["corrective_report", "corrective_submitted_on", "updated_at"])
        _refresh(inspection.agency.schema_name)
    return inspection


def accept_corrective_report(inspection: Inspection, *, actor, on: date | None = None) -> Inspection:
    """The DOST accepts the corrective report: the inspection is closed (effectiveness is verified at the
    agency's next inspection)."""
    dost = _dost(actor)
    with _public_change(actor, "inspections.accept_corrective_report", inspection=inspection.pk):
        inspection = _fresh(inspection)
        _of_province(dost, inspection)
        _state(inspection, Status.RECORDED)
        if inspection.corrective_submitted_on is None:
            raise DomainError("insp_wrong_state", _("The agency has not submitted its corrective report yet."))
        inspection.status = Status.CLOSED
        inspection.corrective_accepted_on = on or timezone.localdate()
        inspection.save(update_fields=["status", "corrective_accepted_on", "updated_at"])
        _refresh(inspection.agency.schema_name)
    return inspection


# ------------------------------------------------------------------------------ reminding overdue corrective reports

def remind_overdue_correctives(today: date | None = None) -> int:
    """The daily reminder (tasks.py): each inspection whose corrective report is overdue tells the agency's
    ISO keepers and head, at most once every REMIND_EVERY_DAYS days, and keeps when and how often on its row
    (the DOST's pages show it). One reminder per inspection, not per finding: the agency answers all of a
    record's findings in one corrective report. Idempotent: a rerun the same day finds nothing due, and a
    notification is keyed per inspection, person and day. Returns how many inspections were reminded."""
    today = today or timezone.localdate()
    reminded = 0
    with schema_context(get_public_schema_name()):
        ids = list(selectors.correctives_to_remind(today).values_list("pk", flat=True))
        for pk in ids:
            with change(None, "inspections.remind_corrective", inspection=pk):
                inspection = (selectors.correctives_to_remind(today).select_for_update(skip_locked=True, of=("self",))
                              .filter(pk=pk).first())
                if inspection is None:
                    continue
                inspection.corrective_reminded_on = today
                inspection.corrective_reminders += 1
                inspection.save(update_fields=["corrective_reminded_on", "corrective_reminders"])
                if inspection.agency.status == Agency.Status.ACTIVE:
                    with translation.override(settings.LANGUAGE_CODE):
                        _tell_agency(inspection.agency, _(
                            "Reminder: the corrective report on the DOST's inspection (record of %(record)s, "
                            "%(count)d findings) was due on %(due)s.") % {
                            "record": inspection.record_on.strftime("%d/%m/%Y") if inspection.record_on else "",
                            "count": inspection.findings.count(), "due": inspection.corrective_due.strftime("%d/%m/%Y")},
                            f"/inspections/{inspection.pk}/", f"inspection-corrective-reminder:{inspection.pk}:{today}")
                reminded += 1
    return reminded
