"""Management review's objects for the isolation matrix: a held review and an action owned by the reader."""

from __future__ import annotations

from datetime import date


def build(*, secretary, approver, reader, marker) -> dict[str, list[int]]:
    from reviews import services

    review = services.plan_review(actor=secretary, planned_on=date(2026, 11, 20), chair=approver,
                                  secretary=secretary, title=f"Họp xem xét của lãnh đạo {marker}",
                                  period_since=date(2026, 1, 1), other_attendees=f"Khách mời {marker}")
    services.prepare_inputs(review, actor=secretary)
    services.record_minutes(review, actor=secretary, held_on=date(2026, 11, 20), decisions=f"Kết luận {marker}")
    action = services.add_action(review, actor=secretary, text=f"Cập nhật quy trình {marker}", owner=reader,
                                 due_on=date(2026, 12, 31))
    return {"reviews.Review": [review.pk], "reviews.ReviewAction": [action.pk]}


WEB_PK_MODELS = [("reviews/actions/", "reviews.ReviewAction"), ("reviews/", "reviews.Review")]
