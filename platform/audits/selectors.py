"""Every read of internal audit: programmes and plans, checklists with their findings, what is due, what
the supervisor, the management review and the dashboard are told."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import NONCONFORMITY_GRADES, AuditPlan, AuditProgramme, AuditState, ChecklistLine, Finding, Grade

PROCEDURE_KINDS = ("system_procedure", "internal_procedure", "tthc_procedure")


def programmes() -> QuerySet[AuditProgramme]:
    return AuditProgramme.objects.annotate(
        plan_count=Count("plans"), completed_count=Count("plans", filter=Q(plans__state=AuditState.COMPLETED)))


def plans() -> QuerySet[AuditPlan]:
    return AuditPlan.objects.select_related("programme", "edition")


def lines() -> QuerySet[ChecklistLine]:
    return ChecklistLine.objects.select_related("plan")


def findings() -> QuerySet[Finding]:
    return Finding.objects.select_related("line", "line__plan")


def checklist(plan: AuditPlan) -> list[ChecklistLine]:
    """The plan's lines in order, each with its findings."""
    return list(plan.lines.prefetch_related(Prefetch("findings", queryset=Finding.objects.order_by("id"))))


def auditable_procedures():
    """The agency's procedures in force that a plan may take into its scope (documents named by id)."""
    from documents.models import Document

    return Document.objects.filter(kind__in=PROCEDURE_KINDS, withdrawn=False).order_by("code")


def procedure_steps(revision_ids) -> dict[int, list]:
    """Each edition's steps in order (procedures' step table), for the procedure's checklist line."""
    from procedures.models import ProcedureStep

    steps: dict[int, list] = {}
    for step in ProcedureStep.objects.filter(revision_id__in=list(revision_ids)).order_by("revision_id", "number"):
        steps.setdefault(step.revision_id, []).append(step)
    return steps


def known_units(agency) -> list[str]:
    """The units people of the agency belong to and that own its documents: what a plan may cover."""
    from accounts.models import Membership
    from documents.models import Document

    units = {u.strip() for u in Membership.objects.filter(agency=agency).values_list("unit", flat=True) if u.strip()}
    units |= {u.strip() for u in Document.objects.values_list("owner_unit", flat=True).distinct() if u.strip()}
    return sorted(units)


def names(user_ids) -> dict[int, str]:
    from accounts.models import User

    return {user.pk: user.display_name for user in User.objects.filter(pk__in=list(user_ids))}


def team(plan: AuditPlan) -> list[tuple[str, bool]]:
    """(name, is lead) for each auditor, the lead first."""
    found = names(plan.team_ids)
    return [(found.get(pk, "—"), pk == plan.lead_auditor_id) for pk in plan.team_ids]


def nonconformity_states(ids) -> dict[int, dict]:
    """The NC records the findings opened: {id: {"number", "state", "label", "closed", "url"}}."""
    from nonconformities.models import Nonconformity, State

    found = {}
    for nc in Nonconformity.objects.filter(pk__in=[pk for pk in ids if pk]).only("pk", "number", "state"):
        try:
            url = reverse("nonconformities:detail", args=[nc.pk])
        except NoReverseMatch:
            url = ""
        found[nc.pk] = {"number": nc.number, "state": nc.state, "label": str(nc.get_state_display()),
                        "closed": nc.state == State.CLOSED, "url": url}
    return found


def open_nonconformity_findings() -> QuerySet[Finding]:
    """Nonconformity findings whose NC record is not closed yet (or was never opened)."""
    from nonconformities.models import Nonconformity, State

    closed = Nonconformity.objects.filter(state=State.CLOSED).values("pk")
    return Finding.objects.filter(grade__in=NONCONFORMITY_GRADES).exclude(nonconformity_id__in=closed)


def last_completed_on() -> date | None:
    plan = AuditPlan.objects.filter(state=AuditState.COMPLETED).order_by("-completed_on").first()
    return plan.completed_on if plan else None


def done_in(year: int) -> bool:
    return AuditPlan.objects.filter(state=AuditState.COMPLETED, completed_on__year=year).exists()


def completed_between(since: date, until: date) -> QuerySet[AuditPlan]:
    return plans().filter(state=AuditState.COMPLETED, completed_on__gte=since, completed_on__lte=until)


def grade_counts(plan_ids) -> dict[str, int]:
    counts = Counter(Finding.objects.filter(line__plan_id__in=list(plan_ids)).values_list("grade", flat=True))
    return {grade: counts.get(grade, 0) for grade in Grade.values}


def not_done_until(until: date) -> QuerySet[AuditPlan]:
    """Planned audits not yet reported, starting on or before `until`."""
    return plans().exclude(state=AuditState.COMPLETED).filter(starts_on__lte=until).order_by("starts_on", "id")


def current_year() -> int:
    return timezone.localdate().year


def plan_history(plan: AuditPlan) -> list:
    """Who changed the plan and its findings, when (pghistory events, as core.history presents them)."""
    from pghistory.models import Events

    from core.history import present

    return present(Events.objects.across("audits.AuditPlanEvent").tracks(plan))
