"""A commune adopts the DOST's model procedure, is told of its new edition, compares side by side and takes
the changes. Screenshots: test-results/screenshots/models-*.png."""

from __future__ import annotations

import pytest

from tests.model_procedures.conftest import new_edition, publish_model, world  # noqa: F401 (fixture)
from tests.model_procedures.test_services import SECOND_CONTENT, SECOND_STEPS

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_commune_adopts_a_model_and_takes_in_its_new_edition(browser_page, live_agency_url, world,  # noqa: F811
                                                              screenshot):
    page = browser_page
    model = publish_model(world)
    base = live_agency_url(world.commune)
    log_in(page, base, world.secretary)
    page.get_by_test_id("nav-models").click()
    page.wait_for_load_state()
    assert "Chưa áp dụng" in page.get_by_test_id("model-table").inner_text()
    screenshot(page, "models-01-library")
    page.get_by_role("link", name="QT-MAU-HT-01").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("model-flow").locator("svg").count() == 1
    screenshot(page, "models-02-model")
    page.get_by_test_id("adopt").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("model-panel").is_visible()

    new_edition(world, model, steps=SECOND_STEPS, content=SECOND_CONTENT, change_note="Thêm bước lưu hồ sơ")
    page.goto(f"{base}/models/")
    page.get_by_test_id("model-behind").click()
    page.wait_for_load_state()
    steps = page.get_by_test_id("diff-steps")
    assert steps.locator("tr[data-status=changed]").count() == 1 and steps.locator("tr[data-status=added]").count() == 1
    screenshot(page, "models-03-difference")
    page.get_by_test_id("take-changes").click()
    page.wait_for_load_state()
    assert "Lưu hồ sơ" in page.get_by_test_id("procedure-panel").inner_text()
    screenshot(page, "models-04-taken")
