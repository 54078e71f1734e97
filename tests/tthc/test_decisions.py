"""The 5-working-day rule: a publication decision's deadline and whether the DOST met it.

March 2026 has no public holiday, so these dates hold with the weekends-only stand-in and with the real
Vietnamese calendar alike."""

from __future__ import annotations

from datetime import date

import pytest

from tthc import calendar, selectors, services
from tthc.models import PublicationDecision, TthcEntry

from .conftest import entry_values

pytestmark = pytest.mark.django_db

SIGNED = date(2026, 3, 5)  # a Thursday
DEADLINE = date(2026, 3, 12)  # Fri 6, Mon 9, Tue 10, Wed 11, Thu 12


def test_working_days_skip_the_weekend(province):
    assert calendar.add_working_days(SIGNED, 5, province) == DEADLINE
    assert calendar.add_working_days(date(2026, 3, 6), 1, province) == date(2026, 3, 9)


@pytest.fixture
def decision(at_dost, keeper):
    return services.record_decision(actor=keeper, number="345/QĐ-UBND", signed_on=SIGNED, title="Công bố TTHC")


def test_deadline_and_status_without_entries(decision):
    assert selectors.decision_deadline(decision) == DEADLINE
    assert selectors.decision_status(decision, today=date(2026, 3, 10)) == "due"
    assert selectors.decision_status(decision, today=DEADLINE) == "due"
    assert selectors.decision_status(decision, today=date(2026, 3, 13)) == "overdue"


def test_met_when_every_entry_was_entered_by_the_deadline(decision, keeper):
    entry = services.create_entry(actor=keeper, decision=decision, **entry_values())
    assert entry.entered_on is not None
    TthcEntry.objects.filter(pk=entry.pk).update(entered_on=date(2026, 3, 11))
    assert selectors.decision_status(decision, today=date(2026, 4, 1)) == "met"
    late = services.create_entry(actor=keeper, decision=decision, **entry_values(code="1.000894", name="Kết hôn"))
    TthcEntry.objects.filter(pk=late.pk).update(entered_on=date(2026, 3, 13))
    assert selectors.decision_status(decision, today=date(2026, 4, 1)) == "overdue"
    rows = selectors.decisions_with_deadlines(PublicationDecision.objects.all(), today=date(2026, 4, 1))
    assert [(r.deadline, r.status, r.entries) for r in rows] == [(DEADLINE, "overdue", 2)]
    assert selectors.decisions_with_deadlines(PublicationDecision.objects.all(), status="met") == []


def test_an_edit_does_not_move_when_the_entry_was_entered(decision, keeper):
    entry = services.create_entry(actor=keeper, decision=decision, **entry_values())
    TthcEntry.objects.filter(pk=entry.pk).update(entered_on=date(2026, 3, 11))
    entry.refresh_from_db()
    services.update_entry(entry, actor=keeper, fees="Miễn phí")
    entry.refresh_from_db()
    assert entry.entered_on == date(2026, 3, 11)
