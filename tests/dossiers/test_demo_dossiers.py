"""The demo's dossiers: generated the same every time, imported through the service, with real-looking rates."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role
from demo import dossiers as demo
from dossiers import selectors
from dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def test_the_generator_is_deterministic_and_uses_the_catalogue():
    first = demo.generate("xa-cang-long", "commune", "UBND xã Càng Long")
    assert first == demo.generate("xa-cang-long", "commune", "UBND xã Càng Long")
    assert {row[0] for row in first} == set(demo.COMMUNE_CODES)
    assert {row[0] for row in demo.generate("so-tu-phap", "department", "Sở Tư pháp")} == {
        "2.000488", "2.000505", "1.001877"}
    assert demo.codes_for("so-noi-vu", "department") == []


def test_the_shipped_sample_is_the_generators():
    from .test_sources import SAMPLES

    assert (SAMPLES / "ho-so-mau.csv").read_text(encoding="utf-8") == demo.sample_csv()


def test_demo_agency_gets_months_of_dossiers_once(agency_a, user_factory, province):
    secretary = user_factory(agency_a, Role.ISO_SECRETARY)
    job = demo.ensure_dossiers(agency_a, secretary, province=province)
    assert job.status == "done" and job.created_count > 30
    with tenant_context(agency_a):
        months = [r.key.month for r in selectors.rates_by_month(Dossier.objects.all())]
        assert months[:4] == [8, 9, 10, 11]
        rate = selectors.on_time_rate(year=2026)
        assert 70 <= rate < 100  # mostly on time, some late
    assert demo.ensure_dossiers(agency_a, secretary, province=province) is None
