"""The demo's model procedures: made through the services, within their time limits, once; the commune that
adopted the first edition of "đăng ký khai sinh" is behind the second and its difference shows it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("index", range(4))
def test_each_demo_model_fits_its_time_limit(index):
    from demo.model_procedures import MODELS
    from procedures.durations import in_hours

    spec = MODELS[index]
    steps = sum((in_hours(Decimal(time), unit) for _a, _w, time, unit, _o in spec["steps"]), Decimal(0))
    assert steps <= in_hours(Decimal(spec["time_limit"]), spec["time_unit"])


def test_the_demo_publishes_four_models_and_one_commune_is_behind(world):
    from demo.model_procedures import ensure_model_procedures
    from model_procedures import diff, selectors, services
    from model_procedures.models import ModelProcedure
    from notifications.models import Notification

    agencies = {"xa-long-ho": world.commune}  # the base province stands in for the demo's commune
    people = {"xa-long-ho.thuky": world.secretary, "xa-long-ho.lanhdao": world.approver}
    assert ensure_model_procedures(world.dost.province, world.dost, world.keeper, agencies, people) == 4
    assert ensure_model_procedures(world.dost.province, world.dost, world.keeper, agencies, people) == 0
    models = ModelProcedure.objects.filter(province=world.dost.province)
    assert models.count() == 4
    first = models.get(code="QT-MAU-HT-01")
    assert selectors.latest_published(first).number == 2
    adoption = first.adoptions.get()
    assert (adoption.agency, adoption.taken_edition, adoption.notified_edition) == (world.commune, 1, 2)
    assert selectors.adoptions_behind(world.commune).count() == 1
    with tenant_context(world.commune):
        document = services.adopted_document(adoption)
        assert document.effective_revision is not None
        difference = diff.difference(document, selectors.latest_published(first))
        assert [row.status for row in difference.steps] == ["same", "changed", "same", "same", "added"]
        assert Notification.objects.filter(recipient=world.secretary, verb="model_edition").count() == 1
