"""kill -9 of a Celery worker in the middle of long work: the work completes on redelivery, nothing twice.

Issue 10: "kill -9 of a worker in the middle of a bulk provisioning, a rollup fan-out and a report job → the
work completes on retry with no duplicate and nothing lost". Every task is acknowledged late and given back
when its worker dies (eiso/settings/base.py); each drill checks that the kill landed in the middle, then that
a worker finishes the same work exactly once.
"""

from __future__ import annotations

import pytest
from django.db.models import Count, Q
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Agency, Province, ProvisioningJob
from tenants.services import start_provisioning_job
from tests.factories import make_user
from tests.faults.conftest import wait_for
from tests.tenants.helpers import WHOLE, footprint

pytestmark = [pytest.mark.usefixtures("committed"), pytest.mark.faults]

ROWS = [("000.31.01.H62", "UBND xã Hòa Ninh"), ("000.31.02.H62", "UBND xã Hòa Phú"),
        ("000.31.03.H62", "UBND xã Quới Thiện"), ("000.31.04.H62", "UBND xã Thanh Bình"),
        ("000.31.05.H62", "UBND xã Quới An"), ("000.31.06.H62", "UBND xã Trung Thành"),
        ("000.31.07.H62", "UBND xã Trung Ngãi"), ("000.31.08.H62", "UBND xã Hiếu Phụng")]


@pytest.mark.django_db
def test_the_drills_run_on_the_test_database_with_a_short_visibility_timeout():
    """Asks for the test database (the drills commit, so they cannot), and checks the drills' clock is the
    only thing shortened: production gives a dead worker's message back after half an hour."""
    from django.conf import settings

    from tests.faults.conftest import Worker

    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == 1800
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert Worker.VISIBILITY_TIMEOUT < 10


def test_a_csv_import_whose_whole_worker_is_killed_completes_on_redelivery_once_each(workers):
    province = Province.objects.get(code="86")
    text = "code;name;level\n" + "".join(f"{code};{name};xã\n" for code, name in ROWS)
    first = workers()
    job = start_provisioning_job(text, "drill.csv", province)  # sent at once: no transaction around the drill
    wait_for(lambda: ProvisioningJob.objects.get(pk=job.pk).done >= 2, 60, "two agencies created")
    first.kill()
    job.refresh_from_db()
    assert not job.finished and 2 <= job.done < len(ROWS), "the kill must land in the middle of the file"

    workers()  # the message the dead worker held comes back after the visibility timeout
    job = wait_for(lambda: ProvisioningJob.objects.filter(pk=job.pk).exclude(state__in=["pending", "running"]).first(),
                   90, "the job finished by another worker")
    assert (job.state, job.done, job.total, job.errors) == ("done", len(ROWS), len(ROWS), [])
    codes = [code for code, _name in ROWS]
    assert Agency.objects.filter(code__in=codes).count() == len(ROWS)  # none twice, none lost
    assert len(set(job.created_slugs)) == len(job.created_slugs) == len(ROWS)
    for slug in job.created_slugs:
        assert footprint(slug) == WHOLE


def test_a_rollup_fan_out_whose_pool_process_is_killed_refreshes_every_agency(workers):
    from supervision.models import AgencyStatus
    from supervision.services import ensure_all_statuses

    ensure_all_statuses()
    rows = AgencyStatus.objects.filter(agency__in=Agency.objects.agencies().current()).exclude(
        agency__level=Agency.Level.SUPERVISOR)
    began = timezone.now()
    rows.update(refreshed_at=None)
    total = rows.count()
    assert total >= 3
    worker = workers()
    from supervision.tasks import refresh_all_statuses

    refresh_all_statuses.delay()
    wait_for(lambda: rows.filter(refreshed_at__gte=began).exists(), 60, "a first agency refreshed")
    worker.kill_child()
    assert rows.filter(refreshed_at__gte=began).count() < total, "the kill must land in the middle of the fan-out"

    stale = Q(refreshed_at__lt=began) | Q(refreshed_at=None)
    wait_for(lambda: not rows.filter(stale).exists(), 90, "every agency refreshed after the kill")
    assert rows.count() == total  # one row per agency: a refresh run twice updates, never adds
    assert not AgencyStatus.objects.values("agency").annotate(n=Count("pk")).filter(n__gt=1).exists()


def test_a_report_whose_worker_is_killed_is_built_again_with_each_figure_once(workers):
    from accounts.roles import Role
    from province_reports.figures import figures_for
    from province_reports.models import ReportFigure, ReportKind, ReportRun
    from province_reports.services import request_report

    dost = Agency.objects.get(slug="so-khcn")
    maker = make_user(dost, Role.SUPERVISOR_ADMIN, full_name="Lê Thị Thu")  # committed: not the `db` fixture
    first = workers()
    with schema_context(dost.schema_name):
        run = request_report(actor=maker, kind=ReportKind.NOVEMBER, year=timezone.localdate().year)
    wait_for(lambda: ReportRun.objects.get(pk=run.pk).progress > 10, 60, "the build under way")
    first.kill()
    run.refresh_from_db()
    assert run.status == ReportRun.Status.RUNNING and run.progress < 100, "the kill must land in the middle"

    workers()
    run = wait_for(lambda: ReportRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).first(), 120,
                   "the report built by another worker")
    assert run.status == ReportRun.Status.DONE, run.error
    keys = list(ReportFigure.objects.filter(run=run).values_list("key", flat=True))
    assert sorted(keys) == sorted(f.key for f in figures_for(run.kind))  # every figure, each once
    assert run.docx and run.xlsx
