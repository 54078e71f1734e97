"""Year over year through the lineage: an agency's trend holds its predecessors' months before the effective
date (counts added up, states the agency's own), on the drill-down and over the API."""

from __future__ import annotations

from datetime import date

import pytest

from supervision.models import MonthlyStatus

pytestmark = pytest.mark.django_db
TODAY = date(2025, 9, 15)


def _month(agency, month, score, **indicators):
    MonthlyStatus.objects.create(agency=agency, month=month, score=score, indicators=indicators)


def test_the_trend_carries_the_predecessors_months_before_the_merger(merged, pair):
    from lineage.selectors import lineage_trend
    from tenants.models import Agency

    ward = Agency.objects.get(slug="phuong-thanh-duc")
    _month(pair[0], date(2025, 5, 1), 40.0, documents_effective=10, nc_open=2, committee_established=True)
    _month(pair[1], date(2025, 5, 1), 50.0, documents_effective=5, nc_open=1, committee_established=False)
    _month(pair[0], date(2025, 6, 1), 44.0, documents_effective=12, nc_open=2, committee_established=True)
    _month(pair[1], date(2025, 6, 1), 52.0, documents_effective=6, nc_open=0, committee_established=True)
    # A predecessor's stale row snapshotted after it ended is not its successor's figure.
    _month(pair[0], date(2025, 7, 1), 99.0, documents_effective=99)
    _month(ward, date(2025, 7, 1), 30.0, documents_effective=4, nc_open=0, committee_established=False)
    _month(ward, date(2025, 8, 1), 35.0, documents_effective=9, nc_open=1, committee_established=True)

    points = lineage_trend(ward, 6, today=TODAY)
    assert [p.month for p in points] == [date(2025, m, 1) for m in (5, 6, 7, 8)]
    may, june, july, august = points
    assert may.indicators["documents_effective"] == 15 and may.indicators["nc_open"] == 3
    assert may.indicators["committee_established"] is None  # the predecessors disagree, the ward had no row
    assert june.indicators["committee_established"] is True and june.score == 48.0 and june.carried
    assert july.indicators == {"documents_effective": 4, "nc_open": 0, "committee_established": False}
    assert july.agencies == ["UBND phường Thanh Đức"] and not july.carried and july.score == 30.0
    assert august.score == 35.0
    assert set(may.agencies) == {"UBND Phường 5", "UBND xã Thanh Đức"}
    # A predecessor's own trend is only its own.
    assert [p.score for p in lineage_trend(pair[1], 6, today=TODAY)] == [50.0, 52.0]


def test_the_drill_down_and_the_api_show_it(merged, pair, supervisor, inspector, tenant_client, api_client):
    from django.utils import timezone

    from core.dates import add_months
    from tenants.models import Agency

    ward = Agency.objects.get(slug="phuong-thanh-duc")
    last_year = add_months(timezone.localdate().replace(day=1), -17)
    _month(pair[0], min(last_year, date(2025, 6, 1)), 41.0, documents_effective=7)
    _month(ward, timezone.localdate().replace(day=1), 77.0, documents_effective=20)
    page = tenant_client(supervisor, inspector).get(f"/supervision/agencies/{ward.pk}/")
    assert page.status_code == 200
    assert [p["score"] for p in page.context["trend"]] == [41.0, 77.0] and page.context["charts"]
    assert "UBND Phường 5" in page.content.decode()
    body = api_client(supervisor, inspector).get(f"/api/v1/supervision/agencies/{ward.pk}/trend/").json()
    assert [(p["score"], p["carried"]) for p in body] == [(41.0, True), (77.0, False)]
    assert body[0]["indicators"] == {"documents_effective": 7}
