"""Every change to the ISO steering committee: recording a decision, appointing, changing a role, removing.

The ISO secretary keeps the committee as they keep the system's documents: each function needs
Perm.EDIT_DOCUMENTS in the current agency, guards its rule with a translated DomainError (nothing is saved
when it says no) and saves inside one change (core.changes) so history knows who did it. Nobody is deleted:
a member leaves by a decision, and a new role is a new row from the same decision.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core import values
from core.changes import change, require
from core.errors import DomainError
from core.indicators import indicators_changed

from .models import CommitteeDecision, CommitteeMember, CommitteeRole, DecisionKind

PERM = Perm.EDIT_DOCUMENTS


def _text(value, limit: int, label: str, *, required: bool = True) -> str:
    return values.line(value, limit, label, code="committee_invalid_value", required=required)


def _date(value, label: str) -> datetime.date:
    return values.past_date(value, label, code="committee_date_order")


def _role(value) -> str:
    if value not in CommitteeRole.values:
        raise DomainError("committee_invalid_value", _("Choose the role on the committee: head, deputy head, "
                                                       "secretary or member."))
    return value


def _refuse_second_head(role: str, *, leaving: CommitteeMember | None = None) -> None:
    if role != CommitteeRole.HEAD:
        return
    heads = CommitteeMember.objects.filter(role=CommitteeRole.HEAD, left_on__isnull=True)
    if leaving is not None:
        heads = heads.exclude(pk=leaving.pk)
    head = heads.first()
    if head is not None:
        raise DomainError("committee_has_head", _(
            "The committee already has a head (%(name)s): the current head must leave first.") % {"name": head.name})


def _current(member: CommitteeMember) -> CommitteeMember:
    fresh = CommitteeMember.objects.select_for_update().filter(pk=member.pk).first()
    if fresh is None:
        raise DomainError("not_found", _("The committee member no longer exists."), status_code=404)
    if fresh.left_on is not None:
        raise DomainError("committee_member_left", _("%(name)s has already left the committee.")
                          % {"name": fresh.name})
    return fresh


def record_decision(*, actor, number, signed_on, signer, title, kind, reference="") -> CommitteeDecision:
    """Record a signed decision establishing the committee or changing its members."""
    require(actor, PERM)
    number = _text(number, 64, _("the decision number"))
    signed_on = _date(signed_on, _("The signing date"))
    signer = _text(signer, 150, _("who signed the decision"))
    title = _text(title, 300, _("the decision's title"))
    reference = _text(reference, 300, _("where the signed decision is"), required=False)
    if kind not in DecisionKind.values:
        raise DomainError("committee_invalid_value", _("Say whether the decision establishes the committee or "
                                                       "changes its members."))
    with change(actor, "committee.record_decision", number=number):
        if CommitteeDecision.objects.filter(number__iexact=number).exists():
            raise DomainError("committee_number_taken", _("Decision %(number)s is already recorded.")
                              % {"number": number})
        if kind == DecisionKind.CHANGES and not CommitteeDecision.objects.filter(
                kind=DecisionKind.ESTABLISHES, signed_on__lte=signed_on).exists():
            raise DomainError("committee_not_established", _(
                "Record the decision establishing the committee before a decision changing it."))
        decision = CommitteeDecision.objects.create(number=number, signed_on=signed_on, signer=signer, title=title,
                                                    kind=kind, reference=reference, recorded_by=actor)
        indicators_changed()
    return decision


def appoint_member(*, actor, decision: CommitteeDecision, role, user=None, name="", position="",
                   joined_on=None) -> CommitteeMember:
    """Appoint a person of the agency (`user`) or someone without an account (`name`) by `decision`."""
    agency = require(actor, PERM)
    role = _role(role)
    position = _text(position, 200, _("the position"), required=False)
    joined_on = decision.signed_on if joined_on in (None, "") else _date(joined_on, _("The joining date"))
    if joined_on < decision.signed_on:
        raise DomainError("committee_date_order", _("A member cannot join before the decision appointing them "
                                                    "was signed (%(date)s).") % {"date": decision.signed_on})
    if user is not None:
        if not agency_members(agency).filter(pk=getattr(user, "pk", user)).exists():
            raise DomainError("committee_not_agency_member", _("The person chosen is not a member of this agency."))
        user = agency_members(agency).get(pk=getattr(user, "pk", user))
        name = user.display_name
        position = position or user.job_title or ""
    name = _text(name, 150, _("the member's name"))
    with change(actor, "committee.appoint_member", decision=decision.pk):
        _refuse_second_head(role)
        if user is not None and CommitteeMember.objects.filter(user_id=user.pk, left_on__isnull=True).exists():
            raise DomainError("committee_already_member", _("%(name)s already serves on the committee.")
                              % {"name": name})
        member = CommitteeMember.objects.create(user=user, name=name, position=position[:200], role=role,
                                                joined_on=joined_on, appointed_by=decision)
        indicators_changed()
    return member


def _leave(member: CommitteeMember, decision: CommitteeDecision, left_on) -> CommitteeMember:
    left_on = decision.signed_on if left_on in (None, "") else _date(left_on, _("The leaving date"))
    if left_on < member.joined_on or decision.signed_on < member.appointed_by.signed_on:
        raise DomainError("committee_date_order", _("%(name)s cannot leave before joining the committee "
                                                    "(%(date)s).") % {"name": member.name, "date": member.joined_on})
    member.left_on, member.removed_by = left_on, decision
    member.save(update_fields=["left_on", "removed_by"])
    return member


def remove_member(member: CommitteeMember, *, actor, decision: CommitteeDecision, left_on=None) -> CommitteeMember:
    """The member leaves the committee by `decision` (on `left_on`, by default the day it was signed)."""
    with change(actor, "committee.remove_member", perm=PERM, member=member.pk, decision=decision.pk):
        member = _leave(_current(member), decision, left_on)
        indicators_changed()
    return member


def change_role(member: CommitteeMember, *, actor, decision: CommitteeDecision, role,
                position=None) -> CommitteeMember:
    """A new role by `decision`: the member's row leaves and a new one joins the same day, so both show in
    the committee's history."""
    role = _role(role)
    with change(actor, "committee.change_role", perm=PERM, member=member.pk, decision=decision.pk):
        old = _current(member)
        if role == old.role:
            raise DomainError("committee_invalid_value", _("%(name)s already has this role.") % {"name": old.name})
        _refuse_second_head(role, leaving=old)
        _leave(old, decision, None)
        position = _text(position, 200, _("the position"), required=False) or old.position
        new = CommitteeMember.objects.create(user_id=old.user_id, name=old.name, position=position, role=role,
                                             joined_on=decision.signed_on, appointed_by=decision)
        indicators_changed()
    return new


def attach_signed_file(decision: CommitteeDecision, *, actor, uploaded_file) -> CommitteeDecision:
    """Keep the signed decision (a scan or the issued file) with its record; a new file replaces the old
    one (history keeps the earlier name)."""
    from documents.uploads import RECORD_TYPES, clean_filename, validate_upload

    require(actor, PERM)
    content_type, _digest, _size = validate_upload(uploaded_file, allowed=RECORD_TYPES)
    with change(actor, "committee.attach_signed_file", decision=decision.pk):
        decision = CommitteeDecision.objects.select_for_update().get(pk=decision.pk)
        name = clean_filename(uploaded_file.name)
        decision.signed_file.save(name, uploaded_file, save=False)
        decision.signed_file_name, decision.signed_file_type = name, content_type
        decision.save(update_fields=["signed_file", "signed_file_name", "signed_file_type"])
    return decision
