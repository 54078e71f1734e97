"""The demo announces only where the data makes the system applied, once."""

from __future__ import annotations

import pytest

from announcement import selectors

pytestmark = pytest.mark.django_db


def _people(people):
    return {"admin": people.admin, "thuky": people.secretary, "lanhdao": people.approver, "canbo": people.staff}


def test_the_demo_announces_an_applied_system_once(applied, people, agency_a):
    from demo import announcement

    assert announcement.ensure(agency_a, _people(people), 3) == 0  # not one of the announcing agencies
    assert announcement.ensure(agency_a, _people(people), 0) == 2
    state = selectors.publication_state()
    assert state.state == selectors.ANNOUNCED and state.announcement.number == "210/QĐ-STP"
    assert announcement.ensure(agency_a, _people(people), 0) == 0


def test_the_demo_never_forces_a_state(core_documents, people, agency_a):
    from demo import announcement

    assert announcement.ensure(agency_a, _people(people), 0) == 0  # no committee: still building
    assert selectors.publication_state().state == selectors.BUILDING
