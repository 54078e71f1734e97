"""Always complete, always fresh: rows with agencies, an idempotent refresh and nightly run, retries, the
monthly snapshot, and the event path through a real worker."""

import time

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from tests.supervision.conftest import COMMITTING


@pytest.mark.django_db
def test_refresh_is_idempotent_and_records_when_it_computed(agency_a):
    from supervision.models import AgencyStatus
    from supervision.services import refresh_current_agency_status

    with schema_context(agency_a.schema_name):
        first = refresh_current_agency_status()
        second = refresh_current_agency_status()
    assert AgencyStatus.objects.filter(agency=agency_a).count() == 1
    assert first.indicators == second.indicators and second.score == first.score is not None
    assert second.refreshed_at >= first.refreshed_at


def test_a_failed_or_lost_refresh_is_retried():
    from supervision.tasks import refresh_agency_status, refresh_all_statuses, refresh_statuses_task

    for task in (refresh_agency_status, refresh_all_statuses, refresh_statuses_task):
        assert task.acks_late and task.reject_on_worker_lost
        assert Exception in task.autoretry_for and task.retry_backoff and task.max_retries >= 5


@pytest.mark.django_db
def test_nightly_run_creates_missing_rows_and_is_safe_to_rerun(province, monkeypatch, settings):
    from supervision import tasks
    from supervision.models import AgencyStatus
    from tests.supervision.rows import grow_rollup

    settings.EISO_ROLLUP_CHUNK = 2
    agencies = grow_rollup(province, 3, prefix="lost")
    AgencyStatus.objects.filter(agency__in=agencies).delete()  # rows lost (created before they came with agencies)
    sent = []
    monkeypatch.setattr(tasks.outbox, "send", lambda task, args=(), schema=None: sent.append((task, args, schema)))
    first = tasks.refresh_all_statuses()
    chunks = list(sent)
    tasks.refresh_all_statuses()
    assert AgencyStatus.objects.filter(agency__in=agencies).count() == 3
    assert sent[len(chunks):] == chunks and first == sum(len(args[0]) for _task, args, _schema in chunks)
    assert {(task, schema) for task, _args, schema in chunks} == {("supervision.refresh_statuses", "public")}
    ids = [pk for _task, args, _schema in chunks for pk in args[0]]
    assert all(len(args[0]) <= 2 for _task, args, _schema in chunks)
    assert {a.pk for a in agencies} <= set(ids) and len(ids) == len(set(ids))
    assert province.agencies.get(level="supervisor").pk not in ids


@pytest.mark.django_db
def test_a_chunk_writes_what_each_agency_computes_in_its_own_schema(agency_a, agency_b, monkeypatch):
    from core.indicators import compute_all
    from supervision.models import AgencyStatus
    from supervision.tasks import refresh_statuses_task

    AgencyStatus.objects.filter(agency__in=[agency_a, agency_b]).update(indicators={}, refreshed_at=None)
    sent = []
    monkeypatch.setattr("core.outbox.send", lambda *a, **k: sent.append((a, k)))
    assert refresh_statuses_task([agency_a.pk, agency_b.pk]) == 2
    for agency in (agency_a, agency_b):
        with schema_context(agency.schema_name):
            expected = compute_all()
        row = AgencyStatus.objects.get(agency=agency)
        assert row.indicators == expected and row.refreshed_at is not None and row.score is not None
    assert sent == []


@pytest.mark.django_db
def test_an_agency_that_fails_in_a_chunk_goes_to_the_retried_single_refresh(agency_a, agency_b, monkeypatch):
    from django.db import connection

    from supervision import services
    from supervision.models import AgencyStatus
    from supervision.tasks import refresh_statuses_task

    real = services.compute_all

    def broken_in_a(unused=frozenset()):
        if connection.schema_name == agency_a.schema_name:
            raise ValueError("a broken figure")
        return real(unused)

    monkeypatch.setattr(services, "compute_all", broken_in_a)
    sent = []
    monkeypatch.setattr("core.outbox.send", lambda task, args=(), kwargs=None, schema=None: sent.append((task, schema)))
    AgencyStatus.objects.filter(agency__in=[agency_a, agency_b]).update(refreshed_at=None)
    assert refresh_statuses_task([agency_a.pk, agency_b.pk]) == 1
    assert sent == [("supervision.refresh_agency_status", agency_a.schema_name)]
    assert AgencyStatus.objects.get(agency=agency_a).refreshed_at is None
    assert AgencyStatus.objects.get(agency=agency_b).refreshed_at is not None
    assert connection.schema_name == "public"


@pytest.mark.django_db
def test_a_slow_refresh_never_overwrites_fresher_figures(agency_a, monkeypatch):
    """The nightly chunk read the agency before a change; the change's own refresh wrote first: the chunk's
    older figures are dropped, not written over the newer ones."""
    from datetime import timedelta

    from supervision import services
    from supervision.models import AgencyStatus

    fresh_at = timezone.now() + timedelta(seconds=30)
    AgencyStatus.objects.filter(agency=agency_a).update(indicators={"nc_open": 7}, refreshed_at=fresh_at)
    with schema_context(agency_a.schema_name):
        services.refresh_current_agency_status()
    row = AgencyStatus.objects.get(agency=agency_a)
    assert (row.indicators, row.refreshed_at) == ({"nc_open": 7}, fresh_at)
    AgencyStatus.objects.filter(agency=agency_a).update(refreshed_at=fresh_at - timedelta(minutes=5))
    with schema_context(agency_a.schema_name):
        services.refresh_current_agency_status()
    assert AgencyStatus.objects.get(agency=agency_a).indicators != {"nc_open": 7}


def test_nightly_chunks_go_to_the_fan_out_queue_so_a_change_waits_behind_one_chunk_at_most():
    from eiso.celery import app

    route = app.amqp.router.route({}, "supervision.refresh_statuses")
    assert route["queue"].name == "fanout"
    assert app.amqp.router.route({}, "supervision.refresh_agency_status")["queue"].name == "celery"


@pytest.mark.django_db
def test_monthly_snapshot_overwrites_its_month_and_feeds_the_trend(province, supervisor, inspector, tenant_client):

    from supervision.models import AgencyStatus, MonthlyStatus
    from supervision.selectors import monthly_trend
    from supervision.services import snapshot_month
    from tests.supervision.rows import grow_rollup

    grow_rollup(province, 4)
    today = timezone.localdate()
    snapshot_month(province.pk, today=today)
    AgencyStatus.objects.filter(agency__slug="syn-00000").update(score=0)
    snapshot_month(province.pk, today=today)
    assert MonthlyStatus.objects.filter(agency__slug__startswith="syn-").count() == 4
    assert MonthlyStatus.objects.get(agency__slug="syn-00000").score == 0
    computed = (AgencyStatus.objects.filter(agency__province=province, refreshed_at__isnull=False)
                .exclude(agency__level="supervisor").count())
    trend = monthly_trend(province.pk)
    assert trend[-1]["month"] == today.replace(day=1) and trend[-1]["agencies"] == computed >= 4
    charts = tenant_client(supervisor, inspector).get("/").context["charts"]
    assert "supervision.score_trend" in [item["chart"].key for item in charts]


def _wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@COMMITTING
def test_a_published_document_changes_the_row_within_five_seconds(rebuild_base_province_after,
                                                                   celery_worker_process, user_factory):
    """Committed for real: the worker is another process. The base province is rebuilt afterwards."""
    from accounts.roles import Role
    from documents import services
    from supervision.models import AgencyStatus
    from tenants.models import Agency

    agency = Agency.objects.get(slug="so-tu-phap")
    secretary = user_factory(agency, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    approver = user_factory(agency, Role.APPROVER, full_name="Lê Văn Cường")
    before = AgencyStatus.objects.get(agency=agency).value("documents_effective") or 0
    with tenant_context(agency):
        document = services.create_document(actor=secretary, code="QT-HT-01", title="Quy trình kiểm soát tài liệu",
                                            kind="system_procedure", content="<p>Nội dung</p>")
        services.submit_for_review(document.revisions.get(), actor=secretary, reviewers=[], approvers=[approver])
        revision = services.decide(document.revisions.get(), actor=approver, decision="agreed")
        published = time.monotonic()
        services.publish(revision, actor=secretary)

    def changed():
        row = AgencyStatus.objects.get(agency=agency)
        return (row.value("documents_effective") or 0) == before + 1

    assert _wait_for(changed, 5.0), "the row did not change within 5 s of the publication"
    assert time.monotonic() - published < 5.0


@pytest.mark.django_db
def test_a_refresh_that_fails_once_is_retried_and_lands(agency_b, monkeypatch):
    from core import indicators
    from supervision import services
    from supervision.models import AgencyStatus
    from supervision.tasks import refresh_agency_status

    calls = []
    real = indicators.compute_all

    def flaky(unused=frozenset()):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("the database went away")
        return real(unused)

    monkeypatch.setattr(services, "compute_all", flaky)
    AgencyStatus.objects.filter(agency=agency_b).update(refreshed_at=None)
    with schema_context(agency_b.schema_name):
        result = refresh_agency_status.apply()  # eager: Celery runs the retry at once instead of after backoff
    assert result.successful() and len(calls) == 2
    assert AgencyStatus.objects.get(agency=agency_b).refreshed_at is not None
