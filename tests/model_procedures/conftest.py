"""The DOST writing model procedures, two agencies of its province adopting them, another province."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role
from tests.procedures.conftest import STEPS
from tests.tthc.conftest import other_province  # noqa: F401

CONTENT = ("<h2>1. Mục đích</h2><p>Quy định trình tự đăng ký khai sinh.</p>"
           "<h2>5. Nội dung</h2><p>Công chức tiếp nhận hồ sơ tại Bộ phận Một cửa.</p>")


def draft_values(**changes) -> dict:
    values = {"tthc_codes": ["1.001193"], "time_limit": "1", "time_unit": "working_days",
              "legal_basis": "Luật Hộ tịch năm 2014", "dossier_components": "Tờ khai\nGiấy chứng sinh",
              "fees": "Miễn lệ phí", "where_filed": "Bộ phận Một cửa UBND xã",
              "where_returned": "Bộ phận Một cửa UBND xã", "content": CONTENT, "change_note": "Ban hành lần đầu",
              "steps": [dict(s) for s in STEPS]}
    values.update(changes)
    return values


@pytest.fixture
def world(supervisor, agency_a, agency_b, user_factory):
    return SimpleNamespace(
        dost=supervisor, commune=agency_b, department=agency_a,
        keeper=user_factory(supervisor, Role.SUPERVISOR_ADMIN, full_name="Phạm Thị Hoa"),
        inspector=user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Thanh tra Sở"),
        secretary=user_factory(agency_b, Role.ISO_SECRETARY, full_name="Thư ký xã"),
        approver=user_factory(agency_b, Role.APPROVER, full_name="Chủ tịch xã"),
        staff=user_factory(agency_b, Role.STAFF, full_name="Công chức xã"),
        secretary_a=user_factory(agency_a, Role.ISO_SECRETARY, full_name="Thư ký Sở Tư pháp"),
    )


def publish_model(world, *, code="QT-MAU-HT-01", title="Quy trình đăng ký khai sinh", **changes):
    """A model with its first edition published, through the services, on the DOST's site."""
    from model_procedures import services

    with tenant_context(world.dost):
        model = services.create_model(actor=world.keeper, code=code, title=title, level="commune", field="Hộ tịch")
        services.save_draft(model, actor=world.keeper, **draft_values(**changes))
        services.publish_edition(model, actor=world.keeper)
    return model


def new_edition(world, model, **changes):
    from model_procedures import services

    with tenant_context(world.dost):
        services.start_edition(model, actor=world.keeper)
        services.save_draft(model, actor=world.keeper, **draft_values(**changes))
        return services.publish_edition(model, actor=world.keeper)


def adopt(world, model, agency=None, user=None, **kwargs):
    from model_procedures import services

    with tenant_context(agency or world.commune):
        return services.adopt(model, actor=user or world.secretary, **kwargs)


@pytest.fixture
def model(world):
    return publish_model(world)
