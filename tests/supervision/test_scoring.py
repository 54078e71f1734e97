"""The compliance score: the rule per indicator kind, the province's weights, the rescoring they trigger."""

import pytest
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.indicators import BOOLEAN, COUNT, DATE, RATIO, TEXT, Indicator
from supervision import scoring

AUDIT = Indicator("audit_done", _("audit"), kind=BOOLEAN)
COVERAGE = Indicator("coverage", _("coverage"), kind=RATIO)
PROCEDURES = Indicator("procedures", _("procedures"), target=6)
OVERDUE = Indicator("overdue", _("overdue"), alert_above=0)
ANNOUNCED = Indicator("announced", _("announced"), kind=DATE)


@pytest.mark.parametrize(("indicator", "value", "part"), [
    (AUDIT, True, 1), (AUDIT, False, 0), (AUDIT, None, 0),
    (COVERAGE, 85, 0.85), (COVERAGE, 130, 1), (PROCEDURES, 3, 0.5), (PROCEDURES, 9, 1),
    (OVERDUE, 0, 1), (OVERDUE, 2, 0), (ANNOUNCED, "2026-05-04", 1), (ANNOUNCED, None, 0),
])
def test_part_by_kind(indicator, value, part):
    assert scoring.part(indicator, value) == pytest.approx(part)


def test_texts_and_plain_counts_are_not_scored():
    assert not scoring.scorable(Indicator("state", _("state"), kind=TEXT))
    assert not scoring.scorable(Indicator("records", _("records"), kind=COUNT))


@pytest.mark.django_db
def test_score_is_the_weighted_share_of_what_is_met(province):
    from supervision.models import ComplianceWeight

    keys = {i.key for i in scoring.scorable_indicators()}
    assert {"tthc_coverage", "system_procedures_effective", "documents_review_overdue"} <= keys
    ComplianceWeight.objects.bulk_create([ComplianceWeight(province=province, key=key, weight=0) for key in keys])
    ComplianceWeight.objects.filter(key="tthc_coverage").update(weight=3)
    ComplianceWeight.objects.filter(key="documents_review_overdue").update(weight=1)
    weights = scoring.province_weights(province.pk)
    # coverage 50% weighs 3 × 0.5, no overdue review 1 × 1: (1.5 + 1) / 4
    assert scoring.score({"tthc_coverage": 50, "documents_review_overdue": 0}, weights) == 62.5
    assert scoring.score({"tthc_coverage": 50, "documents_review_overdue": 0}, weights, computed=False) is None
    assert scoring.score({}, {key: 0 for key in keys}) is None


@pytest.mark.django_db
def test_dost_admin_sets_weights_and_every_score_of_the_province_is_recomputed(
        supervisor, dost_admin, inspector, province, django_capture_on_commit_callbacks):
    from django_tenants.utils import tenant_context

    from supervision.models import AgencyStatus, ComplianceWeight
    from supervision.services import set_weights
    from tests.supervision.rows import grow_rollup

    grow_rollup(province, 6)
    keys = [i.key for i in scoring.scorable_indicators()]
    with tenant_context(supervisor), django_capture_on_commit_callbacks(execute=False) as sent:
        set_weights(dost_admin, {**{key: 0 for key in keys}, "tthc_coverage": 10})
    assert len(sent) == 1  # the rescoring task, once the weights commit; the worker runs it:
    from supervision.tasks import rescore_province_task

    rescore_province_task(province.pk)
    assert ComplianceWeight.objects.get(province=province, key="tthc_coverage").weight == 10
    for row in AgencyStatus.objects.filter(agency__slug__startswith="syn-"):
        assert row.score == pytest.approx(min(row.indicators["tthc_coverage"], 100), abs=0.05)

    with tenant_context(supervisor):
        with pytest.raises(DomainError) as refused:
            set_weights(dost_admin, {"tthc_coverage": 101})
        assert refused.value.code == "invalid_weight"
        with pytest.raises(DomainError) as unknown:
            set_weights(dost_admin, {"records_this_year": 2})
        assert unknown.value.code == "unknown_indicator"
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            set_weights(inspector, {"tthc_coverage": 1})
    assert ComplianceWeight.objects.get(province=province, key="tthc_coverage").weight == 10


@pytest.mark.django_db
def test_weights_page_saves_for_the_admin_and_reads_for_the_inspector(tenant_client, supervisor, dost_admin, inspector,
                                                                      province):
    from supervision.models import ComplianceWeight

    keys = [i.key for i in scoring.scorable_indicators()]
    response = tenant_client(supervisor, dost_admin).post(
        "/supervision/weights/", {f"w-{key}": "2" for key in keys} | {"w-tthc_coverage": "5"})
    assert response.status_code == 302
    assert ComplianceWeight.objects.get(province=province, key="tthc_coverage").weight == 5
    page = tenant_client(supervisor, inspector).get("/supervision/weights/")
    assert page.status_code == 200 and 'name="w-tthc_coverage"' not in page.content.decode()
    assert tenant_client(supervisor, inspector).post("/supervision/weights/", {"w-tthc_coverage": "1"}).status_code == 404
