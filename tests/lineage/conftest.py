"""Fixtures of the lineage tests: the DOST's people, and communes made for a merger (a schema each, ~0.05 s)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.supervision.conftest import dost_admin, inspector  # noqa: F401 - the DOST's people, shared

REFORM = date(2025, 7, 1)
BASIS = "Nghị quyết số 1687/NQ-UBTVQH15"


@pytest.fixture
def commune(province):
    """make a commune of the base province: commune("phuong-5", "UBND Phường 5", valid_from=...)."""
    from tenants.provisioning import AgencySpec, create_agency

    def make(slug, name, *, valid_from=date(2009, 4, 9), **extra):
        return create_agency(AgencySpec(name=name, level="commune", province=province, slug=slug,
                                        valid_from=valid_from, **extra))

    return make


@pytest.fixture
def pair(commune):
    """Two communes the 2025 reform merges."""
    return commune("phuong-5", "UBND Phường 5"), commune("xa-thanh-duc", "UBND xã Thanh Đức")


@pytest.fixture
def as_dost(supervisor):
    """Run a lineage service on the DOST's own site: as_dost(services.record_merger, actor, **arguments)."""
    from core.agency import in_agency

    def run(service, *args, **kwargs):
        with in_agency(supervisor):
            return service(*args, **kwargs)

    return run


@pytest.fixture
def merged(pair, as_dost, dost_admin):  # noqa: F811 - the imported fixture
    """Phường 5 and xã Thanh Đức merged on 1/7/2025 into a new phường Thanh Đức."""
    from lineage import services

    event = as_dost(services.record_merger, dost_admin, predecessors=[a.pk for a in pair],
                    new_successor=services.NewAgency(name="UBND phường Thanh Đức", slug="phuong-thanh-duc",
                                                     level="commune", code="000.20.99.H62"),
                    effective_date=REFORM, legal_basis=BASIS, note="Nhập Phường 5 và xã Thanh Đức.")
    return event
