"""The demo's lineage part (platform/demo/lineage.py), on the base province: the 2026 rename recorded by the
DOST's administrator through the service, the merged ward's predecessors' months; twice changes nothing more."""

from __future__ import annotations

from datetime import date

import pytest

from tenants.models import Agency, LineageEvent

pytestmark = pytest.mark.django_db


def test_the_demo_renames_once_and_gives_the_predecessors_months(commune, supervisor, dost_admin, province):
    from demo import data
    from demo.lineage import RENAME, RENAMED, ensure
    from supervision.models import MonthlyStatus
    from tenants.provisioning import AgencySpec, create_agency

    unit = create_agency(AgencySpec(name="Trung tâm Phục vụ hành chính công tỉnh", level="public_service_unit",
                                    province=province, slug=RENAMED, valid_from=date(2025, 7, 1)))
    before = [commune(spec.slug, spec.name, valid_to=data.LAST_DAY_BEFORE_REFORM) for spec in data.MERGED_PREDECESSORS]
    agencies = {a.slug: a for a in [unit, supervisor, *before]}
    assert ensure(province, agencies) == 1 + 2 * 6
    assert ensure(province, agencies) == 0
    rename = LineageEvent.objects.get(kind="rename", successors=unit)
    assert rename.former_name == "Trung tâm Phục vụ hành chính công tỉnh" and rename.new_name == RENAME["new_name"]
    assert Agency.objects.get(pk=unit.pk).name == RENAME["new_name"]
    assert MonthlyStatus.objects.filter(agency__in=before, month__lt=data.REFORM_DATE).count() == 12
