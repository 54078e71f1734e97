"""Management review: planning, inputs gathered and frozen, minutes, actions, reminders, the yearly obligation."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from core import review_inputs
from core.errors import DomainError
from core.review_inputs import ReviewInput
from reviews import selectors, services
from reviews.models import ReviewState

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_input():
    """A registered input whose lines the test changes, on item c7 (external providers)."""
    said = {"lines": ["Nhà cung cấp phần mềm một cửa đạt yêu cầu"]}
    review_inputs.register(ReviewInput("fake_providers", item="c7", gather=lambda since, until: said["lines"]))
    yield said
    review_inputs.inputs.unregister("fake_providers")


def _item(review, key):
    return next(item for item in selectors.inputs_of(review) if item.item == key)


def test_the_period_runs_by_default_since_the_previous_review(in_agency_a, people):
    first = services.plan_review(actor=people.secretary, planned_on=date(2025, 12, 15), chair=people.approver,
                                 secretary=people.secretary)
    assert (first.period_since, first.period_until) == (date(2025, 1, 1), date(2025, 12, 15))
    assert first.title.endswith("2025") and first.chair_name == "Lê Văn Cường"
    second = services.plan_review(actor=people.secretary, planned_on=date(2026, 11, 25), chair=people.approver2,
                                  secretary=people.secretary)
    assert (second.period_since, second.period_until) == (date(2025, 12, 16), date(2026, 11, 25))


def test_the_chair_signs_for_the_agency_and_people_are_members(in_agency_a, people, user_factory, agency_b):
    from accounts.roles import Role

    with pytest.raises(DomainError) as refused:
        services.plan_review(actor=people.secretary, planned_on=date(2026, 11, 25), chair=people.staff,
                             secretary=people.secretary)
    assert refused.value.code == "review_chair_not_head"
    stranger = user_factory(agency_b, Role.STAFF, full_name="Người xã khác")
    with pytest.raises(DomainError) as refused:
        services.plan_review(actor=people.secretary, planned_on=date(2026, 11, 25), chair=people.approver,
                             secretary=stranger)
    assert refused.value.code == "review_not_agency_member"
    with pytest.raises(DomainError) as refused:
        services.plan_review(actor=people.secretary, planned_on=date(2026, 11, 25), chair=people.approver,
                             secretary=people.secretary, period_since=date(2026, 12, 1), period_until="2026-11-01")
    assert refused.value.code == "review_period_order"
    with pytest.raises(PermissionDenied):
        services.plan_review(actor=people.staff, planned_on=date(2026, 11, 25), chair=people.approver,
                             secretary=people.secretary)


def test_attendees_are_members_and_other_names(planned, people):
    assert [row["name"] for row in planned.attendees] == ["Ngô Văn Em", "Nguyễn Thị Lan, Trưởng phòng"]
    assert planned.attendees[0]["user"] == people.staff.pk and planned.attendees[1]["user"] is None


def test_inputs_are_gathered_for_every_item_and_frozen_once_held(planned, people, fake_input):
    planned = services.prepare_inputs(planned, actor=people.secretary)
    assert planned.state == ReviewState.PREPARED
    items = selectors.inputs_of(planned)
    assert [item.item for item in items] == review_inputs.ITEM_KEYS
    assert _item(planned, "c7").sources == [{"source": "fake_providers",
                                             "lines": ["Nhà cung cấp phần mềm một cửa đạt yêu cầu"]}]
    assert not _item(planned, "c1").reported  # no area speaks to customer satisfaction: kept, not reported
    assert _item(planned, "c1").label == "Sự thỏa mãn của khách hàng và phản hồi từ các bên quan tâm liên quan"

    fake_input["lines"] = ["Nhà cung cấp chậm bàn giao bản cập nhật"]
    planned = services.prepare_inputs(planned, actor=people.secretary)  # again, before the meeting: the new answer
    assert _item(planned, "c7").sources[0]["lines"] == ["Nhà cung cấp chậm bàn giao bản cập nhật"]

    services.record_minutes(planned, actor=people.secretary, held_on=date(2026, 11, 25), decisions="Đổi nhà cung cấp")
    fake_input["lines"] = ["Đã đổi nhà cung cấp"]
    with pytest.raises(DomainError) as refused:
        services.prepare_inputs(planned, actor=people.secretary)
    assert refused.value.code == "review_held"
    planned.refresh_from_db()
    assert _item(planned, "c7").sources[0]["lines"] == ["Nhà cung cấp chậm bàn giao bản cập nhật"]
    with pytest.raises(DomainError) as refused:
        services.update_plan(planned, actor=people.secretary, planned_on=date(2026, 11, 26), chair=people.approver,
                             secretary=people.secretary)
    assert refused.value.code == "review_held"


def test_minutes_need_prepared_inputs_and_a_past_date(planned, people):
    with pytest.raises(DomainError) as refused:
        services.record_minutes(planned, actor=people.secretary, held_on=date(2026, 11, 25))
    assert refused.value.code == "review_inputs_not_prepared"
    services.prepare_inputs(planned, actor=people.secretary)
    with pytest.raises(DomainError) as refused:
        services.record_minutes(planned, actor=people.secretary, held_on=date(2099, 1, 1))
    assert refused.value.code == "review_period_order"
    planned.refresh_from_db()
    assert planned.state == ReviewState.PREPARED and planned.held_on is None


def test_actions_are_told_tracked_and_closed_by_their_owner(held, people):
    from notifications.models import Notification

    action = services.add_action(held, actor=people.secretary, text="Rà soát quy trình cấp phiếu lý lịch tư pháp",
                                 owner=people.staff, due_on=date(2026, 11, 30), kind="change")
    assert Notification.objects.filter(recipient=people.staff, verb="review_action").count() == 1
    assert selectors.state_of(action, date(2026, 12, 2)) == selectors.ActionState.OVERDUE
    assert list(selectors.overdue_actions(date(2026, 12, 2))) == [action]
    assert list(selectors.my_open_actions(people.staff)) == [action]
    with pytest.raises(DomainError) as refused:
        services.complete_action(action, actor=people.staff2, done_on=date(2026, 12, 1), result="Xong")
    assert refused.value.code == "review_not_action_owner"
    with pytest.raises(DomainError) as refused:
        services.complete_action(action, actor=people.staff, done_on=date(2026, 11, 1), result="Xong")
    assert refused.value.code == "review_period_order"
    services.complete_action(action, actor=people.staff, done_on=date(2026, 12, 1), result="Đã ban hành lần 3")
    action.refresh_from_db()
    assert action.done_on == date(2026, 12, 1) and not selectors.overdue_actions(date(2026, 12, 2)).exists()
    with pytest.raises(DomainError) as refused:
        services.complete_action(action, actor=people.secretary, done_on=date(2026, 12, 1), result="Lần nữa")
    assert refused.value.code == "review_action_done"


def test_no_action_before_the_inputs_nor_due_before_the_meeting(planned, people):
    with pytest.raises(DomainError) as refused:
        services.add_action(planned, actor=people.secretary, text="Thử", owner=people.staff, due_on=date(2026, 12, 31))
    assert refused.value.code == "review_inputs_not_prepared"
    services.prepare_inputs(planned, actor=people.secretary)
    with pytest.raises(DomainError) as refused:
        services.add_action(planned, actor=people.secretary, text="Thử", owner=people.staff, due_on=date(2026, 1, 1))
    assert refused.value.code == "review_period_order"


def test_reminders_are_sent_once_per_state(held, people):
    from notifications.models import Notification

    soon = services.add_action(held, actor=people.secretary, text="Bổ sung máy scan", owner=people.staff,
                               due_on=date(2026, 12, 10), kind="resource")
    services.add_action(held, actor=people.secretary, text="Đào tạo chuyên viên mới", owner=people.staff2,
                        due_on=date(2027, 3, 1))
    assert services.remind_owners(date(2026, 12, 2)) == 1  # due within 14 days; the March one not yet
    assert services.remind_owners(date(2026, 12, 2)) == 0  # idempotent
    assert services.remind_owners(date(2026, 12, 11)) == 1  # now overdue: one more notice
    assert services.remind_owners(date(2026, 12, 12)) == 0
    messages = list(Notification.objects.filter(recipient=people.staff).values_list("message", flat=True))
    assert any("quá hạn" in m.lower() and soon.text in m for m in messages)


def test_the_next_review_reports_the_previous_actions(held, people):
    done = services.add_action(held, actor=people.secretary, text="Số hóa sổ hộ tịch", owner=people.staff,
                               due_on=date(2026, 11, 28))
    services.add_action(held, actor=people.secretary, text="Lắp camera bộ phận một cửa", owner=people.staff2,
                        due_on=date(2026, 11, 29))
    services.complete_action(done, actor=people.staff, done_on=date(2026, 11, 27), result="Đã số hóa 2.000 trang")
    lines = services.gathered_inputs(date(2026, 11, 26), date(2026, 12, 2))[0]
    assert lines["item"] == "a"
    text = "\n".join(lines["sources"][0]["lines"])
    assert "2 hành động" in text and "1 đã xong" in text and "1 quá hạn" in text
    assert "Đã số hóa 2.000 trang" in text and "Lắp camera bộ phận một cửa" in text


def test_the_yearly_milestone_indicators_and_agenda(held, people):
    from core import agenda, milestones
    from reviews.indicators import review_indicators

    progress = {p.milestone.key: p for p in milestones.progress()}["management_review"]
    assert progress.milestone.yearly and progress.reached_on == date(2026, 11, 25) and progress.reached_in(2026)
    assert not progress.reached_in(2027)
    services.add_action(held, actor=people.secretary, text="Cập nhật sổ tay chất lượng", owner=people.staff,
                        due_on=date(2026, 11, 30))
    figures = review_indicators()
    assert figures["review_done_this_year"] is True and figures["review_actions_overdue"] == 1
    due = [d for d in agenda.due_until(date(2026, 12, 31)) if d.source.key == "reviews"]
    assert [d.item.title for d in due] == ["Cập nhật sổ tay chất lượng"] and due[0].item.owner == "Ngô Văn Em"


def test_no_review_no_milestone(in_agency_a):
    from reviews.indicators import review_indicators

    assert selectors.last_held_on() is None and review_indicators()["review_done_this_year"] is False


def test_existing_areas_speak_to_their_items(held, people):
    from committee import services as committee

    decision = committee.record_decision(actor=people.secretary, number="125/QĐ-STP", signed_on=date(2025, 3, 10),
                                         signer="Lê Văn Cường", title="Thành lập Ban chỉ đạo ISO", kind="establishes")
    committee.appoint_member(actor=people.secretary, decision=decision, role="head", user=people.approver)
    items = {row["item"]: row for row in services.gathered_inputs(date(2026, 1, 1), date(2026, 12, 2))}
    committee_lines = [s for s in items["d"]["sources"] if s["source"] == "committee"][0]["lines"]
    assert "Lê Văn Cường" in committee_lines[0] and "1" in committee_lines[0]


def test_minutes_print_inputs_outputs_actions_and_signatures(held, people):
    from reviews import minutes
    from tests.printing.test_layouts import _docx_text, _pdf_text

    services.add_action(held, actor=people.secretary, text="Rà soát quy trình chứng thực", owner=people.staff,
                        due_on=date(2026, 12, 31))
    for raw in (_docx_text(minutes.minutes_docx(held)), _pdf_text(minutes.minutes_pdf(held))):
        text = " ".join(raw.split())  # table cells wrap in the PDF
        for expected in ("BIÊN BẢN", "Họp xem xét của lãnh đạo", "THƯ KÝ", "CHỦ TRÌ", "Trần Thị Bình",
                         "Lê Văn Cường", "Số hóa hồ sơ một cửa", "Rà soát quy trình chứng thực",
                         minutes.NOT_REPORTED, "Nguyễn Thị Lan"):
            assert expected in text, expected


def test_actions_done_before_the_period_are_left_to_the_review_that_told_them(held, people):
    action = services.add_action(held, actor=people.secretary, text="Sắp xếp lại kho lưu trữ", owner=people.staff,
                                 due_on=date(2026, 11, 28))
    services.complete_action(action, actor=people.staff, done_on=date(2026, 11, 27), result="Xong")
    later = services.gathered_inputs(date(2026, 11, 28), date(2026, 12, 2))[0]
    assert later["sources"] == []  # nothing of the previous reviews was open in the period: not reported


def test_the_daily_task_reminds_in_the_agency(held, people):
    from notifications.models import Notification
    from reviews.tasks import remind_here

    services.add_action(held, actor=people.secretary, text="Rà soát danh mục hồ sơ", owner=people.staff,
                        due_on=date(2026, 12, 1))
    assert remind_here("2026-12-03") == 1 and remind_here("2026-12-03") == 0
    assert Notification.objects.filter(recipient=people.staff, key__startswith="review_action_overdue:").exists()
