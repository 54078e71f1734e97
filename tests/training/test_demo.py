"""The demo's training: three sessions (ISO awareness 2025, internal auditors 2026, one planned), built once."""

from __future__ import annotations

import pytest

from training import selectors
from training.models import Material, TrainingSession

pytestmark = pytest.mark.django_db


def test_the_demo_training(in_agency_a, people):
    from demo.training import ensure

    mine = {"admin": people.admin, "thuky": people.secretary, "lanhdao": people.approver, "canbo": people.staff}
    assert ensure(in_agency_a, mine, 1) == 3
    assert ensure(in_agency_a, mine, 1) == 0
    assert TrainingSession.objects.filter(state="held").count() == 2 and Material.objects.count() == 2
    assert selectors.last_iso_awareness().year == 2025
    assert selectors.record_summary(people.staff.pk)["sessions"] == 2
