"""The demo's management reviews: two held reviews, the second reporting what became of the first's actions."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_reviews_are_built_once(in_agency_a, people):
    from demo import reviews as demo
    from reviews import selectors
    from reviews.models import Review

    cast = {"admin": people.admin, "thuky": people.secretary, "lanhdao": people.approver, "canbo": people.staff}
    assert demo.ensure(in_agency_a, cast, 0) == 10
    assert demo.ensure(in_agency_a, cast, 0) == 0
    latest = Review.objects.get(held_on=date(2026, 11, 25))
    assert latest.period_since == date(2025, 12, 19) and latest.actions.count() == 4
    previous = next(item for item in selectors.inputs_of(latest) if item.item == "a")
    text = " ".join(previous.sources[0]["lines"])
    assert "Triển khai tra cứu tình trạng hồ sơ bằng mã QR" in text and "Quá hạn" in text
    assert "4 hành động" in text and "3 đã xong" in text and "Đã bàn giao và đưa vào sử dụng" in text
    assert selectors.last_held_on() == date(2026, 11, 25)
