"""Management review over the API: plan, prepare, hold, actions, minutes, history; who may do what."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_secretary_runs_a_review_over_the_api(api_client, agency_a, people):
    client = api_client(agency_a, people.secretary)
    planned = client.post("/api/v1/reviews/", {
        "planned_on": "2026-11-25", "chair": people.approver.pk, "secretary": people.secretary.pk,
        "attendee_users": [people.staff.pk], "other_attendees": ["Nguyễn Thị Lan"]}, format="json")
    assert planned.status_code == 201, planned.content
    review = planned.json()
    assert review["period_since"] == "2026-01-01" and review["state"] == "planned" and review["inputs"] == []
    refused = client.post("/api/v1/reviews/", {"planned_on": "2026-11-25", "chair": people.staff.pk,
                                               "secretary": people.secretary.pk}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "review_chair_not_head"
    early = client.post(f"/api/v1/reviews/{review['id']}/hold/", {"held_on": "2026-11-25"}, format="json")
    assert early.status_code == 400 and early.json()["code"] == "review_inputs_not_prepared"

    prepared = client.post(f"/api/v1/reviews/{review['id']}/prepare/").json()
    assert prepared["state"] == "prepared" and len(prepared["inputs"]) == 12
    assert prepared["inputs"][0]["item"] == "a" and prepared["inputs"][2]["reported"] is False
    held = client.post(f"/api/v1/reviews/{review['id']}/hold/", {
        "held_on": "2026-11-25", "improvements": "Số hóa hồ sơ", "decisions": "Duy trì mục tiêu 98 %"},
        format="json")
    assert held.status_code == 200 and held.json()["state"] == "held"
    again = client.post(f"/api/v1/reviews/{review['id']}/prepare/")
    assert again.status_code == 400 and again.json()["code"] == "review_held"

    action = client.post("/api/v1/review-actions/", {
        "review": review["id"], "text": "Rà soát quy trình hộ tịch", "owner": people.staff.pk,
        "due_on": "2026-11-30", "kind": "change"}, format="json")
    assert action.status_code == 201, action.content
    assert action.json()["state"] == "overdue"
    overdue = client.get("/api/v1/review-actions/?state=overdue").json()
    assert [row["text"] for row in overdue["results"]] == ["Rà soát quy trình hộ tịch"]

    pdf = client.get(f"/api/v1/reviews/{review['id']}/minutes-pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    docx = client.get(f"/api/v1/reviews/{review['id']}/minutes-docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    history = client.get(f"/api/v1/reviews/{review['id']}/history/").json()
    assert {event["action"] for event in history} >= {"reviews.plan_review", "reviews.record_minutes",
                                                      "reviews.add_action"}


def test_staff_read_and_close_only_their_own_actions(api_client, agency_a, people, held):
    from reviews import services

    mine = services.add_action(held, actor=people.secretary, text="Cập nhật sổ theo dõi", owner=people.staff,
                               due_on="2026-12-31")
    theirs = services.add_action(held, actor=people.secretary, text="Đào tạo nội bộ", owner=people.staff2,
                                 due_on="2026-12-31")
    client = api_client(agency_a, people.staff)
    assert client.get("/api/v1/reviews/").json()["count"] == 1
    assert [r["id"] for r in client.get("/api/v1/review-actions/?mine=true").json()["results"]] == [mine.pk]
    assert client.post("/api/v1/reviews/", {"planned_on": "2026-12-20", "chair": people.approver.pk,
                                            "secretary": people.secretary.pk}, format="json").status_code == 403
    refused = client.post(f"/api/v1/review-actions/{theirs.pk}/complete/",
                          {"done_on": "2026-12-01", "result": "Xong"}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "review_not_action_owner"
    done = client.post(f"/api/v1/review-actions/{mine.pk}/complete/",
                       {"done_on": "2026-12-01", "result": "Đã cập nhật"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert client.get(f"/api/v1/reviews/{held.pk}/history/").status_code == 403
