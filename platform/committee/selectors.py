"""Every read of the ISO steering committee: who serves now, in what order, the decisions and what each changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, QuerySet, Value, When

from .models import ROLE_ORDER, CommitteeDecision, CommitteeMember, DecisionKind

_BY_ROLE = Case(*[When(role=role, then=Value(rank)) for role, rank in ROLE_ORDER.items()],
                output_field=IntegerField())


def members() -> QuerySet[CommitteeMember]:
    """Every row, present and past (the API lists them; `current=true` filters)."""
    return CommitteeMember.objects.select_related("appointed_by", "removed_by")


def current_members() -> QuerySet[CommitteeMember]:
    """Who serves now: head, deputy heads, secretary, then members, each by joining date and name."""
    return (members().filter(left_on__isnull=True).annotate(role_rank=_BY_ROLE)
            .order_by("role_rank", "joined_on", "name", "id"))


def decisions() -> QuerySet[CommitteeDecision]:
    return CommitteeDecision.objects.all()


def current_head() -> CommitteeMember | None:
    return current_members().filter(role="head").first()


def committee_established() -> bool:
    """An establishing decision is recorded and someone heads the committee now."""
    return (CommitteeDecision.objects.filter(kind=DecisionKind.ESTABLISHES).exists()
            and CommitteeMember.objects.filter(role="head", left_on__isnull=True).exists())


@dataclass
class DecisionChanges:
    decision: CommitteeDecision
    appointed: list[CommitteeMember] = field(default_factory=list)
    removed: list[CommitteeMember] = field(default_factory=list)


def history() -> list[DecisionChanges]:
    """Each decision, newest first, with whom it appointed and whom it removed (a role change is both)."""
    by_decision = {d.pk: DecisionChanges(d) for d in decisions()}
    for member in CommitteeMember.objects.annotate(role_rank=_BY_ROLE).order_by("role_rank", "name", "id"):
        by_decision[member.appointed_by_id].appointed.append(member)
        if member.removed_by_id:
            by_decision[member.removed_by_id].removed.append(member)
    return list(by_decision.values())


def member_history(member: CommitteeMember) -> list:
    """Who recorded what about this member row, when (pghistory events, as core.history presents them)."""
    from pghistory.models import Events

    from core.history import present

    return present(Events.objects.across("committee.CommitteeMemberEvent").tracks(member))
