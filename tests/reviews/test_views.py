"""Management review pages: the list, a review with its inputs by item, the forms, the minutes, my actions."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from reviews.models import Review, ReviewState

pytestmark = pytest.mark.django_db


def test_the_secretary_plans_prepares_and_records_on_the_pages(tenant_client, agency_a, people):
    client = tenant_client(agency_a, people.secretary)
    page = client.get("/reviews/").content.decode()
    assert "Xem xét của lãnh đạo" in page and 'data-testid="plan-form"' in page
    assert 'data-testid="review-not-held-this-year"' in page
    response = client.post("/reviews/new/", {"planned_on": "2026-11-25", "chair": people.approver.pk,
                                             "secretary": people.secretary.pk, "attendee_users": [people.staff.pk],
                                             "other_attendees": "Nguyễn Thị Lan\nPhạm Văn Tư"})
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(agency_a):
        review = Review.objects.get()
    assert client.post(f"/reviews/{review.pk}/prepare/").status_code == 302
    detail = client.get(f"/reviews/{review.pk}/").content.decode()
    assert detail.count('data-testid="review-input"') == 12 and 'data-testid="not-reported"' in detail
    assert "Tình trạng của các hành động từ những lần xem xét của lãnh đạo trước" in detail
    assert 'data-testid="minutes-form"' in detail and "Phạm Văn Tư" in detail
    response = client.post(f"/reviews/{review.pk}/minutes/", {"held_on": "2026-11-25", "decisions": "Duy trì"})
    assert response.status_code == 302
    response = client.post(f"/reviews/{review.pk}/actions/new/", {
        "text": "Rà soát quy trình", "kind": "change", "owner": people.staff.pk, "due_on": "2026-12-31"})
    assert response.status_code == 302
    with tenant_context(agency_a):
        review.refresh_from_db()
        assert review.state == ReviewState.HELD and review.actions.count() == 1
    detail = client.get(f"/reviews/{review.pk}/").content.decode()
    assert 'data-testid="prepare-form"' not in detail and 'data-testid="outputs-form"' in detail
    assert client.get(f"/reviews/{review.pk}/minutes.pdf")["Content-Type"] == "application/pdf"
    assert client.get(f"/reviews/{review.pk}/minutes.docx").status_code == 200
    assert 'data-testid="history"' in client.get(f"/reviews/{review.pk}/history/").content.decode()
    assert 'data-testid="review-held-this-year"' in client.get("/reviews/").content.decode()


def test_a_refused_plan_keeps_the_input(tenant_client, agency_a, people):
    response = tenant_client(agency_a, people.secretary).post("/reviews/new/", {
        "planned_on": "2026-11-25", "chair": people.approver.pk, "secretary": people.secretary.pk,
        "period_since": "2026-12-01", "period_until": "2026-11-01", "place": "Hội trường B"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "trước khi bắt đầu" in body and 'value="Hội trường B"' in body


def test_staff_see_no_forms_but_close_their_action_and_see_it_in_my_tasks(tenant_client, agency_a, people, held):
    from reviews import services

    with tenant_context(agency_a):
        action = services.add_action(held, actor=people.secretary, text="Cập nhật sổ theo dõi hồ sơ",
                                     owner=people.staff, due_on="2026-11-30")
    client = tenant_client(agency_a, people.staff)
    detail = client.get(f"/reviews/{held.pk}/").content.decode()
    assert 'data-testid="action-form"' not in detail and 'data-testid="complete-action-form"' in detail
    home = client.get("/").content.decode()
    assert 'data-testid="review-action-tasks"' in home and "Cập nhật sổ theo dõi hồ sơ" in home
    mine = client.get("/reviews/actions/?mine=1&state=overdue").content.decode()
    assert "Cập nhật sổ theo dõi hồ sơ" in mine and "Quá hạn" in mine
    assert client.post("/reviews/new/", {"planned_on": "2026-12-20"}).status_code == 403
    response = client.post(f"/reviews/actions/{action.pk}/done/", {"done_on": "2026-12-01", "result": "Xong",
                                                                  "next": "actions"})
    assert response.status_code == 302 and response["Location"].endswith("/reviews/actions/")
    with tenant_context(agency_a):
        action.refresh_from_db()
        assert action.done_on is not None
    assert client.get(f"/reviews/{held.pk}/history/").status_code == 403


def test_the_secretary_changes_an_open_action_and_its_new_owner_is_told(tenant_client, agency_a, people, held):
    from notifications.models import Notification
    from reviews import services

    with tenant_context(agency_a):
        action = services.add_action(held, actor=people.secretary, text="Rà soát biểu mẫu", owner=people.staff,
                                     due_on="2026-12-31")
    client = tenant_client(agency_a, people.secretary)
    assert 'data-testid="edit-action-form"' in client.get(f"/reviews/{held.pk}/").content.decode()
    response = client.post(f"/reviews/actions/{action.pk}/edit/", {
        "text": "Rà soát toàn bộ biểu mẫu", "kind": "change", "owner": people.staff2.pk, "due_on": "2027-01-31"})
    assert response.status_code == 302
    with tenant_context(agency_a):
        action.refresh_from_db()
        assert (action.text, action.owner_name, str(action.due_on)) == (
            "Rà soát toàn bộ biểu mẫu", "Huỳnh Thị Giang", "2027-01-31")
        assert Notification.objects.filter(recipient=people.staff2, verb="review_action").exists()
    assert tenant_client(agency_a, people.staff).post(f"/reviews/actions/{action.pk}/edit/", {}).status_code == 403
