"""The demo's notices: three, sent through the services, some acknowledged, the plan past its date; once."""

from __future__ import annotations

import pytest

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_demo_sends_three_notices_once(world, user_factory):
    from demo.notices import ensure_notices
    from notices import selectors
    from notices.models import Notice

    user_factory(world.dost, Role.SUPERVISOR_ADMIN, username="so-khcn.admin", full_name="Quản trị Sở")
    user_factory(world.justice, Role.ISO_SECRETARY, username="so-tu-phap.thuky", full_name="Thư ký Sở Tư pháp")
    user_factory(world.commune, Role.ISO_SECRETARY, username="xa-long-duc.thuky", full_name="Thư ký Long Đức")
    agencies = {a.slug: a for a in (world.dost, world.justice, world.health, world.commune)}
    assert ensure_notices(world.province, agencies) == 3
    assert ensure_notices(world.province, agencies) == 0
    notices = {n.kind: n for n in Notice.objects.filter(province=world.province)}
    assert set(notices) == {"model_procedure", "inspection_plan", "legal_update"}
    plan = notices["inspection_plan"]
    assert {r.agency.slug for r in plan.receipts.all()} == {"so-tu-phap", "so-y-te"}
    assert selectors.receipts_of(plan, state="overdue").count() == 1  # Sở Y tế has not acknowledged
    assert all(n.told_count == n.receipts.count() for n in notices.values())
    assert selectors.receipts_of(notices["legal_update"], state="acknowledged").exists()
