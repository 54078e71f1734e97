import pytest

from accounts.roles import Role
from tests.tenants.conftest import COMMITTING, rebuild_base_province_after  # noqa: F401 - fixtures shared

__all__ = ["COMMITTING"]


@pytest.fixture
def inspector(supervisor, user_factory):
    return user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Phạm Thị Thanh")


@pytest.fixture
def dost_admin(supervisor, user_factory):
    return user_factory(supervisor, Role.SUPERVISOR_ADMIN, full_name="Võ Minh Tuấn")


@pytest.fixture
def refreshed(db):
    """Every base agency's row computed from its own (empty) schema."""
    from django_tenants.utils import schema_context

    from supervision.services import refresh_current_agency_status
    from tenants.models import Agency

    for agency in Agency.objects.agencies().exclude(level="supervisor"):
        with schema_context(agency.schema_name):
            refresh_current_agency_status()
