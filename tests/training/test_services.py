"""Training's rules: who keeps it, planned → held, results only once held, attendees of the agency only,
materials checked, the milestone, indicator, review input and agenda."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.errors import DomainError
from tests.documents.conftest import docx_bytes, upload
from training import selectors, services
from training.models import Attendance, Material, TrainingSession

pytestmark = pytest.mark.django_db


def test_staff_and_approvers_may_not_plan_training(in_agency_a, people):
    for actor in (people.staff, people.approver):
        with pytest.raises(PermissionDenied):
            services.plan_session(actor=actor, topic="ISO", kind="iso_awareness", date=date(2026, 1, 5), hours="4",
                                  trainer="A")
    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize(("overrides", "code"), [
    ({"topic": " "}, "training_invalid_value"),
    ({"kind": "yoga"}, "training_invalid_value"),
    ({"hours": "0"}, "training_invalid_value"),
    ({"hours": "nhiều"}, "training_invalid_value"),
    ({"date": "20/08/2025"}, "invalid_date"),
    ({"trainer": ""}, "training_invalid_value"),
])
def test_bad_sessions_are_refused_and_nothing_saved(in_agency_a, people, overrides, code):
    data = {"topic": "Nhận thức ISO", "kind": "iso_awareness", "date": "2026-03-10", "hours": "8",
            "trainer": "ThS. Nguyễn Văn Hùng", "attendees": [people.staff]}
    data.update(overrides)
    with pytest.raises(DomainError) as refused:
        services.plan_session(actor=people.secretary, **data)
    assert refused.value.code == code
    assert not TrainingSession.objects.exists() and not Attendance.objects.exists()


def test_attendees_must_be_members_of_the_agency(in_agency_a, people, user_factory, agency_b, awareness):
    from accounts.roles import Role

    outsider = user_factory(agency_b, Role.STAFF, full_name="Công chức xã khác")
    with pytest.raises(DomainError) as refused:
        services.add_attendees(awareness, actor=people.secretary, users=[people.admin, outsider])
    assert refused.value.code == "training_not_agency_member"
    assert awareness.attendances.count() == 3


def test_planned_then_held_with_results(in_agency_a, people, awareness):
    staff_row = awareness.attendances.get(user_id=people.staff.pk)
    with pytest.raises(DomainError) as refused:
        services.record_result(staff_row, actor=people.secretary, result="Đạt")
    assert refused.value.code == "training_not_held_yet"
    services.remove_attendee(awareness.attendances.get(user_id=people.approver.pk), actor=people.secretary)
    assert selectors.last_iso_awareness() is None
    held = services.mark_held(awareness, actor=people.secretary)
    assert held.held and held.date == date(2025, 8, 20)
    with pytest.raises(DomainError) as refused:
        services.mark_held(awareness, actor=people.secretary)
    assert refused.value.code == "training_already_held"
    with pytest.raises(DomainError):
        services.remove_attendee(staff_row, actor=people.secretary)
    services.record_result(staff_row, actor=people.secretary, attended=True, result="Đạt")
    services.record_result(awareness.attendances.get(user_id=people.staff2.pk), actor=people.secretary,
                           attended=False, result="Vắng có lý do")
    assert selectors.last_iso_awareness() == date(2025, 8, 20)
    record = list(selectors.person_record(people.staff.pk))
    assert [(r.session.topic, r.result) for r in record] == [(awareness.topic, "Đạt")]
    assert selectors.record_summary(people.staff2.pk)["sessions"] == 0


def test_a_session_is_not_held_in_the_future_nor_without_attendees(in_agency_a, people):
    later = services.plan_session(actor=people.secretary, topic="Quy trình một cửa", kind="procedure",
                                  date=timezone.localdate() + timedelta(days=13), hours="4", trainer="Thư ký ISO",
                                  attendees=[people.staff])
    with pytest.raises(DomainError) as refused:
        services.mark_held(later, actor=people.secretary)
    assert refused.value.code == "training_held_in_future"
    empty = services.plan_session(actor=people.secretary, topic="Đánh giá nội bộ", kind="internal_auditor",
                                  date=date(2026, 4, 14), hours="16", trainer="TS. Lê Thị Thanh Mai")
    with pytest.raises(DomainError) as refused:
        services.mark_held(empty, actor=people.secretary)
    assert refused.value.code == "training_no_attendees"
    assert TrainingSession.objects.filter(state="held").count() == 0


def test_materials_are_checked_and_kept_in_the_agency_folder(in_agency_a, people, awareness):
    material = services.add_material(awareness, actor=people.secretary,
                                     uploaded_file=upload("bai-giang.docx", docx_bytes("Bài giảng ISO")))
    assert material.file.name.startswith("so_tu_phap/training/") and material.original_name == "bai-giang.docx"
    with pytest.raises(DomainError) as refused:
        services.add_material(awareness, actor=people.secretary,
                              uploaded_file=upload("virus.pdf", b"MZ\x90\x00 not a pdf at all"))
    assert refused.value.code == "file_type_not_allowed"
    assert Material.objects.count() == 1


def test_milestone_indicator_review_input_and_agenda(in_agency_a, people, awareness):
    from core.agenda import due_until
    from core.milestones import milestones
    from core.review_inputs import gather
    from training.indicators import training_indicators

    assert milestones.get("training").reached_on() is None
    services.mark_held(awareness, actor=people.secretary)
    auditor = services.plan_session(actor=people.secretary, topic="Chuyên gia đánh giá nội bộ", kind="internal_auditor",
                                    date=date(2026, 4, 14), hours="16", trainer="TS. Lê Thị Thanh Mai",
                                    attendees=[people.secretary, people.staff])
    services.mark_held(auditor, actor=people.secretary)
    planned = services.plan_session(actor=people.secretary, topic="Quy trình kiểm soát hồ sơ", kind="procedure",
                                    date=date(2026, 12, 15), hours="4", trainer="Trần Thị Bình",
                                    attendees=[people.staff])
    assert milestones.get("training").reached_on() == date(2025, 8, 20)
    assert training_indicators() == {"training_sessions_this_year": 1}
    d = next(item for item in gather(date(2026, 1, 1), date(2026, 12, 2)) if item["item"] == "d")
    lines = d["sources"][0]["lines"]
    assert "1" in lines[0] and "16" in lines[0] and "2" in lines[0]
    assert "Chuyên gia đánh giá nội bộ" in lines[1] and "2/2" in lines[1] and "TS. Lê Thị Thanh Mai" in lines[1]
    items = [due.item for due in due_until(date(2026, 12, 31)) if due.source.key == "training"]
    assert [(i.title, i.due_on) for i in items] == [("Đào tạo: Quy trình kiểm soát hồ sơ", date(2026, 12, 15))]
    assert items[0].url.endswith(f"/training/{planned.pk}/")
    assert selectors.totals_between(date(2025, 1, 1), date(2026, 12, 31)).hours == Decimal("24.0")


def test_who_sees_whose_record(in_agency_a, people, awareness):
    assert selectors.person_of_record(in_agency_a, people.staff, people.staff.pk) == people.staff
    assert selectors.person_of_record(in_agency_a, people.staff, people.staff2.pk) is None
    assert selectors.person_of_record(in_agency_a, people.secretary, people.staff2.pk) == people.staff2


def test_invited_people_are_reminded_once_three_days_before(in_agency_a, people):
    from notifications.models import Notification
    from training.tasks import remind_here

    session = services.plan_session(actor=people.secretary, topic="Quy trình kiểm soát hồ sơ", kind="procedure",
                                    date=date(2026, 12, 15), hours="4", trainer="Trần Thị Bình",
                                    location="Phòng họp tầng 2", attendees=[people.staff, people.staff2])
    assert remind_here("2026-12-10") == 0
    assert remind_here("2026-12-12") == 2
    assert remind_here("2026-12-13") == 0
    message = Notification.objects.get(recipient=people.staff).message
    assert "Quy trình kiểm soát hồ sơ" in message and "15/12/2026" in message and "Phòng họp tầng 2" in message
    assert Notification.objects.get(recipient=people.staff).link.endswith(f"/training/{session.pk}/")
