"""Model procedures over the API: the DOST writes and publishes, agencies read, adopt, compare and take."""

from __future__ import annotations

import pytest

from tests.procedures.conftest import STEPS

from .conftest import adopt, draft_values, new_edition
from .test_services import SECOND_STEPS

pytestmark = pytest.mark.django_db
BASE = "/api/v1/model-procedures/"


def test_the_dost_creates_saves_and_publishes_through_the_api(world, api_client):
    client = api_client(world.dost, world.keeper)
    created = client.post(BASE, {"code": "QT-MAU-HT-02", "title": "Quy trình đăng ký kết hôn", "level": "commune",
                                 "field": "Hộ tịch"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    values = {**draft_values(), "tthc_codes": ["1.000894"]}
    too_long = client.put(f"{BASE}{pk}/draft/", {**values, "steps": [{**STEPS[0], "time_allowed": "9"}]},
                          format="json")
    assert too_long.status_code == 400 and too_long.json()["code"] == "steps_exceed_time_limit"
    saved = client.put(f"{BASE}{pk}/draft/", values, format="json")
    assert saved.status_code == 200 and saved.json()["status"] == "draft"
    published = client.post(f"{BASE}{pk}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = client.post(f"{BASE}{pk}/publish/")
    assert again.status_code == 400 and again.json()["code"] == "model_no_draft"
    assert client.get(f"{BASE}{pk}/").json()["latest_edition"] == 1
    renamed = client.patch(f"{BASE}{pk}/", {"title": "Quy trình mẫu đăng ký kết hôn", "code": "KHAC"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["title"] == "Quy trình mẫu đăng ký kết hôn"
    assert renamed.json()["code"] == "QT-MAU-HT-02"  # the code stays


def test_agencies_read_published_models_only_and_never_drafts(world, model, api_client):
    from django_tenants.utils import tenant_context

    from model_procedures import services

    with tenant_context(world.dost):
        services.start_edition(model, actor=world.keeper)
        hidden = services.create_model(actor=world.keeper, code="QT-MAU-HT-09", title="Chưa ban hành",
                                       level="commune")
    staff = api_client(world.commune, world.staff)
    listed = staff.get(BASE).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["code"] for row in rows] == ["QT-MAU-HT-01"]
    assert staff.get(f"{BASE}{hidden.pk}/").status_code == 404
    assert [e["status"] for e in staff.get(f"{BASE}{model.pk}/editions/").json()] == ["published"]
    keeper = api_client(world.dost, world.keeper)
    assert [e["status"] for e in keeper.get(f"{BASE}{model.pk}/editions/").json()] == ["published", "draft"]
    assert staff.post(f"{BASE}{model.pk}/adopt/", {}, format="json").status_code == 403


def test_adopt_diff_and_take_changes_through_the_api(world, model, api_client):
    client = api_client(world.commune, world.secretary)
    adopted = client.post(f"{BASE}{model.pk}/adopt/", {"code": "QT-HT-KS"}, format="json")
    assert adopted.status_code == 201, adopted.content
    assert client.post(f"{BASE}{model.pk}/adopt/", {}, format="json").json()["code"] == "already_adopted"
    assert client.get(f"{BASE}{model.pk}/").json()["adoption"]["taken_edition"] == 1
    assert client.get(f"{BASE}{model.pk}/diff/").json()["has_changes"] is False
    new_edition(world, model, steps=SECOND_STEPS)
    difference = client.get(f"{BASE}{model.pk}/diff/").json()
    assert difference["model_edition"] == 2 and difference["has_changes"]
    assert [s["status"] for s in difference["steps"]] == ["same", "changed", "same", "same", "added"]
    taken = client.post(f"{BASE}{model.pk}/take-changes/")
    assert taken.status_code == 200 and taken.json()["edition"] == 1  # the adopted draft is still open: reused
    assert client.get(f"{BASE}{model.pk}/diff/").json()["has_changes"] is False
    assert api_client(world.dost, world.inspector).get(f"{BASE}{model.pk}/adoptions/").json()[0]["agency"] == \
        world.commune.slug


def test_an_agency_that_did_not_adopt_gets_404_for_the_diff(world, model, api_client):
    answer = api_client(world.department, world.secretary_a).get(f"{BASE}{model.pk}/diff/")
    assert answer.status_code == 404 and answer.json()["code"] == "model_not_adopted"


def test_another_province_sees_nothing(world, model, other_province, api_client):
    client = api_client(other_province.dost, other_province.admin)
    assert client.get(f"{BASE}{model.pk}/").status_code == 404
    assert client.post(f"{BASE}{model.pk}/publish/").status_code == 404
    adopt(world, model)  # unrelated to the other province
