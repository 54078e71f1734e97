"""The demo's objectives: five per agency, measured January–November 2026, one at risk; built once."""

from __future__ import annotations

from datetime import date

import pytest

from objectives import selectors

pytestmark = pytest.mark.django_db


def test_the_demo_objectives(in_agency_a, people, import_sample):
    from demo.objectives import ensure

    import_sample()
    mine = {"admin": people.admin, "thuky": people.secretary, "lanhdao": people.approver, "canbo": people.staff}
    assert ensure(in_agency_a, mine, 0) > 20
    assert ensure(in_agency_a, mine, 0) == 0
    found = selectors.summary(2026, date(2026, 12, 2))
    assert found.total == 5 and found.at_risk == 2  # the on-time rate of the sample and November's late dossier
    assert not selectors.measurements_due(date(2026, 12, 31), date(2026, 12, 2))
