"""Every change to internal audit: the year's programme, planning, issuing, starting and completing an audit,
and recording findings (a nonconformity opens an NC record through nonconformities.services).

The ISO secretary keeps audits (Perm.MANAGE_QMS). Each function guards its rule with a translated
DomainError (nothing is saved when it says no) and saves inside one change (core.changes) so history knows
who did it. An auditor may not audit their own unit: their membership's unit among the audited units is
refused when the plan is made.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core.changes import after_commit, change, require
from core.dates import parse_date
from core.errors import DomainError
from core.indicators import indicators_changed

from . import selectors, standards
from .models import (
    NONCONFORMITY_GRADES,
    AuditPlan,
    AuditProgramme,
    AuditState,
    ChecklistLine,
    Finding,
    Grade,
    LineKind,
    StandardEdition,
)

PERM = Perm.MANAGE_QMS


def _text(value, limit: int | None, label: str, *, required: bool = True, lines: bool = False) -> str:
    text = "\n".join(" ".join(line.split()) for line in str(value or "").splitlines()).strip() if lines \
        else " ".join(str(value or "").split())
    if required and not text:
        raise DomainError("audits_invalid_value", _("Fill in %(field)s.") % {"field": label})
    if limit is not None and len(text) > limit:
        raise DomainError("audits_invalid_value", _("%(field)s is longer than %(limit)d characters.")
                          % {"field": label, "limit": limit})
    return text


def _date(value, label: str, *, default: datetime.date | None = None) -> datetime.date:
    if value in (None, "") and default is not None:
        return default
    if isinstance(value, datetime.datetime):
        value = value.date()
    try:
        value = parse_date(value.strip() if isinstance(value, str) else value)
    except ValueError:
        value = None
    if not isinstance(value, datetime.date):
        raise DomainError("invalid_date", _("%(field)s is not a date (YYYY-MM-DD).") % {"field": label})
    return value


def _past(value, label: str, *, not_before: datetime.date | None) -> datetime.date:
    """A step's date: today by default, never in the future nor before the step it follows."""
    today = timezone.localdate()
    day = _date(value, label, default=today)
    if day > today:
        raise DomainError("audits_date_order", _("%(field)s cannot be in the future.") % {"field": label})
    if not_before is not None and day < not_before:
        raise DomainError("audits_date_order", _("%(field)s cannot be before %(date)s.")
                          % {"field": label, "date": not_before.strftime("%d/%m/%Y")})
    return day


def _locked(plan: AuditPlan, *states: str) -> AuditPlan:
    fresh = AuditPlan.objects.select_for_update().filter(pk=plan.pk).first()
    if fresh is None:
        raise DomainError("not_found", _("The audit plan no longer exists."), status_code=404)
    if fresh.state not in states:
        raise DomainError("audits_wrong_state", _("The audit “%(title)s” is %(state)s: this step is not possible.")
                          % {"title": fresh.title, "state": fresh.get_state_display().lower()})
    return fresh


def ensure_edition(code: str | None = None) -> StandardEdition:
    """The agency's row for an edition shipped as data (created or refreshed from its file)."""
    code = code or standards.default_code()
    data = standards.editions().get(code)
    if data is None:
        raise DomainError("audits_unknown_edition", _("No checklist template is shipped for “%(code)s”.")
                          % {"code": code})
    edition, _created = StandardEdition.objects.update_or_create(
        code=code, defaults={"title": data["title"], "clauses": data["clauses"]})
    return edition


def create_programme(*, actor, year, title="", objectives="") -> AuditProgramme:
    """The year's internal audit programme (one per year)."""
    require(actor, PERM)
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise DomainError("audits_invalid_value", _("Give the programme's year, e.g. 2026."))
    title = _text(title, 300, _("the programme's title"), required=False) or (
        _("Internal audit programme %(year)d") % {"year": year})
    objectives = _text(objectives, 4000, _("the objectives"), required=False, lines=True)
    with change(actor, "audits.create_programme", year=year):
        if AuditProgramme.objects.filter(year=year).exists():
            raise DomainError("audits_programme_exists", _("The year %(year)d already has an audit programme.")
                              % {"year": year})
        programme = AuditProgramme.objects.create(year=year, title=title, objectives=objectives, created_by=actor)
    return programme


def _units(values) -> list[str]:
    if isinstance(values, str):
        values = values.splitlines()
    units, seen = [], set()
    for value in values or []:
        unit = _text(value, 150, _("an audited unit"), required=False)
        if unit and unit.casefold() not in seen:
            seen.add(unit.casefold())
            units.append(unit)
    return units


def _team(agency, lead_auditor, auditors) -> tuple[int, list[int]]:
    if lead_auditor in (None, ""):
        raise DomainError("audits_invalid_value", _("Choose the lead auditor."))
    ids = [getattr(person, "pk", person) for person in [lead_auditor, *(auditors or [])] if person not in (None, "")]
    try:
        ids = list(dict.fromkeys(int(pk) for pk in ids))
    except (TypeError, ValueError) as error:
        raise DomainError("audits_not_agency_member", _("An auditor chosen is not a member of this agency.")) from error
    if agency_members(agency).filter(pk__in=ids).count() != len(ids):
        raise DomainError("audits_not_agency_member", _("An auditor chosen is not a member of this agency."))
    return ids[0], ids[1:]


def check_independence(agency, team_ids, units) -> None:
    """Refuse an auditor whose unit (their membership's unit in the agency) is among the audited units."""
    audited = {unit.casefold(): unit for unit in units}
    for membership in Membership.objects.filter(agency=agency, user_id__in=team_ids).exclude(unit="") \
            .select_related("user").order_by("user__full_name"):
        if membership.unit.strip().casefold() in audited:
            raise DomainError("audits_auditor_not_independent", _(
                "%(name)s works in %(unit)s, which this audit covers: an auditor may not audit their own unit. "
                "Choose another auditor or take the unit out of the scope.")
                % {"name": membership.user.display_name, "unit": audited[membership.unit.strip().casefold()]})


def _checklist(plan: AuditPlan, edition: StandardEdition, documents) -> list[ChecklistLine]:
    lines = []
    wanted = set(plan.clauses)
    for clause in edition.clauses:
        if clause["number"] in wanted:
            lines.append(ChecklistLine(kind=LineKind.CLAUSE, clause=clause["number"], title=clause["title"][:400],
                                       questions="\n".join(clause.get("questions", []))))
    steps = selectors.procedure_steps([d.effective_revision_id for d in documents if d.effective_revision_id])
    for document in documents:
        questions = [_("Step %(number)s: %(action)s (%(who)s) — is it done as written, within its time?")
                     % {"number": s.number, "action": s.action, "who": s.responsible}
                     for s in steps.get(document.effective_revision_id, [])]
        questions.append(_("Are the procedure's records made and kept as it requires?"))
        lines.append(ChecklistLine(kind=LineKind.PROCEDURE, document_id=document.pk,
                                   title=f"{document.code} {document.title}"[:400], questions="\n".join(questions)))
    for position, line in enumerate(lines, start=1):
        line.plan, line.position = plan, position
    return ChecklistLine.objects.bulk_create(lines)


def plan_audit(*, actor, programme: AuditProgramme, title, starts_on, ends_on, lead_auditor, auditors=(),
               units=(), processes="", clauses=None, document_ids=(), auditees="", edition=None) -> AuditPlan:
    """Plan an audit in the programme; its checklist is prefilled from the edition's clauses in scope (all
    that may not be excluded, when none are named) and one line per procedure in scope."""
    agency = require(actor, PERM)
    title = _text(title, 300, _("the audit's title"))
    processes = _text(processes, 2000, _("the audited processes"), required=False, lines=True)
    auditees = _text(auditees, 2000, _("the auditees"), required=False, lines=True)
    units = _units(units)
    starts_on, ends_on = _date(starts_on, _("The start date")), _date(ends_on, _("The end date"))
    if ends_on < starts_on:
        raise DomainError("audits_date_order", _("The audit cannot end before it starts."))
    if starts_on.year != programme.year:
        raise DomainError("audits_date_order", _("The audit must start in %(year)d, the programme's year.")
                          % {"year": programme.year})
    edition_row = ensure_edition(getattr(edition, "code", edition))
    known = [c["number"] for c in edition_row.clauses]
    if clauses is None or list(clauses) == []:
        clauses = [c["number"] for c in edition_row.clauses if not c.get("may_exclude")]
    clauses = [str(c).strip() for c in clauses]
    unknown = [c for c in clauses if c not in known]
    if unknown:
        raise DomainError("audits_invalid_value", _("%(edition)s has no clause %(clause)s.")
                          % {"edition": edition_row.code, "clause": ", ".join(unknown)})
    clauses = sorted(set(clauses), key=standards.clause_key)
    document_ids = list(dict.fromkeys(int(getattr(d, "pk", d)) for d in document_ids or []))
    documents = list(selectors.auditable_procedures().filter(pk__in=document_ids))
    if len(documents) != len(document_ids):
        raise DomainError("audits_invalid_value", _("A procedure chosen is not one of the agency's procedures."))
    if not units and not processes and not documents:
        raise DomainError("audits_invalid_value", _("Say what the audit covers: units, processes or procedures."))
    lead_id, auditor_ids = _team(agency, lead_auditor, auditors)
    check_independence(agency, [lead_id, *auditor_ids], units)
    with change(actor, "audits.plan_audit", programme=programme.pk):
        plan = AuditPlan.objects.create(
            programme=programme, title=title, edition=edition_row, units=units, processes=processes,
            clauses=clauses, document_ids=[d.pk for d in documents], starts_on=starts_on, ends_on=ends_on,
            lead_auditor_id=lead_id, auditor_ids=auditor_ids, auditees=auditees, created_by=actor)
        _checklist(plan, edition_row, documents)
        indicators_changed()
    return plan


def _tell_team(plan: AuditPlan) -> None:
    from accounts.models import User
    from notifications.services import notify

    link = reverse("audits:plan", kwargs={"pk": plan.pk})
    with translation.override(settings.LANGUAGE_CODE):
        message = _("You are on the team of the internal audit “%(title)s”, %(start)s–%(end)s.") % {
            "title": plan.title, "start": plan.starts_on.strftime("%d/%m/%Y"), "end": plan.ends_on.strftime("%d/%m/%Y")}
    for user in User.objects.filter(pk__in=plan.team_ids, is_active=True):
        notify(user, message, link, verb="audit_plan", key=f"audit-plan:{plan.pk}:{user.pk}")


def issue_plan(plan: AuditPlan, *, actor, issued_on=None) -> AuditPlan:
    """The plan is issued: its team is told (in the app and by e-mail)."""
    with change(actor, "audits.issue_plan", perm=PERM, plan=plan.pk):
        plan = _locked(plan, AuditState.PLANNED)
        plan.issued_on = _past(issued_on, _("The issuing date"), not_before=None)
        plan.state = AuditState.ISSUED
        plan.save(update_fields=["issued_on", "state"])
        after_commit(lambda: _tell_team(plan))
        indicators_changed()
    return plan


def start_audit(plan: AuditPlan, *, actor, started_on=None) -> AuditPlan:
    with change(actor, "audits.start_audit", perm=PERM, plan=plan.pk):
        plan = _locked(plan, AuditState.ISSUED)
        plan.started_on = _past(started_on, _("The starting date"), not_before=plan.issued_on)
        plan.state = AuditState.IN_PROGRESS
        plan.save(update_fields=["started_on", "state"])
    return plan


def _raise_nonconformity(finding: Finding, plan: AuditPlan, actor) -> int:
    from nonconformities.services import raise_nonconformity

    line = finding.line
    nc = raise_nonconformity(
        actor=actor, source="audit", description=finding.evidence, grade=finding.grade, clause=line.clause,
        requirement=line.title, source_ref=f"audit-finding:{finding.pk}", detected_on=plan.started_on,
        process=plan.processes.splitlines()[0] if plan.processes else "", document_id=line.document_id)
    return nc.pk


def record_finding(line: ChecklistLine, *, actor, grade, evidence) -> Finding:
    """A finding on a checklist line of an audit in progress; a minor or major nonconformity opens an NC."""
    if grade not in Grade.values:
        raise DomainError("audits_invalid_value", _("Grade the finding: conformity, observation, minor or major "
                                                    "nonconformity."))
    evidence = _text(evidence, 4000, _("the evidence"), lines=True)
    with change(actor, "audits.record_finding", perm=PERM, line=line.pk):
        plan = _locked(line.plan, AuditState.IN_PROGRESS)
        finding = Finding.objects.create(line=line, grade=grade, evidence=evidence, recorded_by=actor)
        if grade in NONCONFORMITY_GRADES:
            finding.nonconformity_id = _raise_nonconformity(finding, plan, actor)
            finding.save(update_fields=["nonconformity_id"])
        indicators_changed()
    return finding


def complete_audit(plan: AuditPlan, *, actor, conclusion, completed_on=None) -> AuditPlan:
    """The report is issued: every checklist line has a finding, the conclusion is written."""
    conclusion = _text(conclusion, 8000, _("the conclusion"), lines=True)
    with change(actor, "audits.complete_audit", perm=PERM, plan=plan.pk):
        plan = _locked(plan, AuditState.IN_PROGRESS)
        open_lines = [str(line) for line in plan.lines.filter(findings__isnull=True)]
        if open_lines:
            raise DomainError("audits_checklist_incomplete", _(
                "Record a finding on every checklist line before issuing the report; still open: %(lines)s.")
                % {"lines": "; ".join(open_lines[:5]) + ("…" if len(open_lines) > 5 else "")})
        plan.completed_on = _past(completed_on, _("The report's date"), not_before=plan.started_on)
        plan.conclusion, plan.state = conclusion, AuditState.COMPLETED
        plan.save(update_fields=["completed_on", "conclusion", "state"])
        indicators_changed()
    return plan
