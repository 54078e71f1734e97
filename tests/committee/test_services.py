"""The steering committee's rules: who may keep it, one head at a time, nobody deleted, bad input saves nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from committee import selectors, services
from committee.indicators import committee_indicators
from committee.models import CommitteeDecision, CommitteeMember
from core.errors import DomainError
from core.indicators import BOOLEAN, indicator

pytestmark = pytest.mark.django_db


def _change_decision(people, number="210/QĐ-STP", signed_on=date(2026, 1, 5)):
    return services.record_decision(actor=people.secretary, number=number, signed_on=signed_on,
                                    signer="Lê Văn Cường", title="Quyết định kiện toàn Ban chỉ đạo ISO",
                                    kind="changes")


def test_the_committee_is_listed_head_first_and_established(established, people):
    decision, head, secretary, member = established
    assert head.name == "Lê Văn Cường" and head.position == "Giám đốc"  # from the account
    assert [m.role for m in selectors.current_members()] == ["head", "secretary", "member"]
    assert selectors.committee_established() is True


def test_staff_and_approvers_may_not_keep_the_committee(in_agency_a, people):
    for actor in (people.staff, people.approver):
        with pytest.raises(PermissionDenied):
            services.record_decision(actor=actor, number="1/QĐ", signed_on=date(2025, 1, 2), signer="A",
                                     title="B", kind="establishes")
    assert not CommitteeDecision.objects.exists()


def test_a_second_head_is_refused_until_the_first_leaves(established, people):
    decision, head, _secretary, _member = established
    with pytest.raises(DomainError) as refused:
        services.appoint_member(actor=people.secretary, decision=decision, role="head", user=people.approver2)
    assert refused.value.code == "committee_has_head" and "Lê Văn Cường" in refused.value.message
    assert CommitteeMember.objects.count() == 3
    change = _change_decision(people)
    services.remove_member(head, actor=people.secretary, decision=change)
    new_head = services.appoint_member(actor=people.secretary, decision=change, role="head", user=people.approver2)
    assert selectors.current_head() == new_head


def test_removal_and_role_change_keep_the_history(established, people):
    _decision, _head, secretary, member = established
    change = _change_decision(people)
    left = services.remove_member(member, actor=people.secretary, decision=change)
    assert left.left_on == change.signed_on and left.removed_by == change
    promoted = services.change_role(secretary, actor=people.secretary, decision=change, role="deputy")
    assert promoted.pk != secretary.pk and promoted.position == secretary.position
    assert CommitteeMember.objects.count() == 4  # nobody deleted: a new row for the new role
    assert [m.name for m in selectors.current_members()] == ["Lê Văn Cường", "Trần Thị Bình"]
    latest = selectors.history()[0]
    assert latest.decision == change
    assert {m.name for m in latest.removed} == {"Nguyễn Thị Lan", "Trần Thị Bình"}
    assert [m.role for m in latest.appointed] == ["deputy"]
    with pytest.raises(DomainError) as again:
        services.remove_member(member, actor=people.secretary, decision=change)
    assert again.value.code == "committee_member_left"


@pytest.mark.parametrize("bad", [
    {"number": "  "}, {"signed_on": "10/03/2025"}, {"signed_on": timezone.localdate() + timedelta(days=3)},
    {"kind": "abolishes"}, {"signer": ""}, {"number": "125/qđ-stp"}])
def test_a_bad_decision_saves_nothing(established, people, bad):
    values = {"number": "300/QĐ-STP", "signed_on": date(2026, 2, 1), "signer": "Lê Văn Cường",
              "title": "Kiện toàn", "kind": "changes", **bad}
    with pytest.raises(DomainError):
        services.record_decision(actor=people.secretary, **values)
    assert CommitteeDecision.objects.count() == 1


def test_a_change_needs_an_establishing_decision_first(in_agency_a, people):
    with pytest.raises(DomainError) as refused:
        _change_decision(people)
    assert refused.value.code == "committee_not_established"
    assert selectors.committee_established() is False


def test_bad_appointments_save_nothing(established, people, user_factory, agency_b):
    from accounts.roles import Role

    decision = established[0]
    stranger = user_factory(agency_b, Role.ISO_SECRETARY, full_name="Người xã khác")
    cases = [
        ({"role": "member", "user": stranger}, "committee_not_agency_member"),
        ({"role": "member", "user": people.secretary}, "committee_already_member"),
        ({"role": "member", "name": " "}, "committee_invalid_value"),
        ({"role": "chair", "name": "Ai đó"}, "committee_invalid_value"),
        ({"role": "member", "name": "Ai đó", "joined_on": date(2025, 3, 1)}, "committee_date_order"),
    ]
    for values, code in cases:
        with pytest.raises(DomainError) as refused:
            services.appoint_member(actor=people.secretary, decision=decision, **values)
        assert refused.value.code == code
    assert CommitteeMember.objects.count() == 3


def test_the_supervisor_indicators(established, people):
    established_indicator = indicator("committee_established")
    assert established_indicator.kind == BOOLEAN
    assert (established_indicator.shown(True), established_indicator.shown(False)) == ("✓", "✗")
    assert committee_indicators() == {"committee_established": True, "committee_members": 3}
    services.remove_member(established[1], actor=people.secretary, decision=_change_decision(people))
    assert committee_indicators() == {"committee_established": False, "committee_members": 2}


def test_the_demo_committee_is_established_and_changed_once(in_agency_a, people, user_factory):
    from accounts.roles import Role
    from demo.committee import ensure_committee

    demo_people = {"admin": people.admin, "thuky": people.secretary, "lanhdao": people.approver,
                   "canbo": user_factory(in_agency_a, Role.STAFF, full_name="Ngô Văn Em")}
    assert ensure_committee(in_agency_a, demo_people, 0, with_change=True) is True
    assert ensure_committee(in_agency_a, demo_people, 0, with_change=True) is False  # not twice
    current = list(selectors.current_members())
    assert [m.role for m in current][:3] == ["head", "deputy", "secretary"] and len(current) == 6
    assert current[0].user_id == people.approver.pk
    assert CommitteeMember.objects.count() == 7 and CommitteeDecision.objects.count() == 2
    assert selectors.committee_established()
