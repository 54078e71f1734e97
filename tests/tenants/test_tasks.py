"""The provisioning task: called as a function, and once through a real Celery worker."""

import time
from io import StringIO

import pytest
from django.core.management import call_command

from tenants.models import Agency, Province, ProvisioningJob
from tenants.services import create_provisioning_job, start_provisioning_job
from tenants.tasks import run_provisioning_job
from tests.tenants.conftest import COMMITTING
from tests.tenants.helpers import WHOLE, footprint


@pytest.mark.django_db
def test_run_provisioning_job_creates_the_agencies(province):
    job = create_provisioning_job("code;name;level\n000.30.90.H62;UBND xã Tân Ngãi;xã\n", "a.csv", province)
    result = run_provisioning_job(job.pk)
    assert result == {"job": job.pk, "state": "done", "done": 1, "total": 1}
    assert footprint("xa-tan-ngai") == WHOLE


@pytest.mark.django_db
def test_start_provisioning_job_sends_the_task_only_after_commit(province, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_provisioning_job("code;name;level\n", "a.csv", province)
    assert job.state == "pending" and len(callbacks) == 1


def _wait(job_id, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = ProvisioningJob.objects.get(pk=job_id)
        if job.finished:
            return job
        time.sleep(0.2)
    pytest.fail(f"job {job_id} did not finish within {seconds} s")


@COMMITTING
def test_a_celery_worker_runs_the_job_and_the_async_command_follows_it(
        rebuild_base_province_after, celery_worker_process, tmp_path):
    """Committed for real: the worker is another process. The base province is rebuilt afterwards."""
    province = Province.objects.get(code="86")
    job = start_provisioning_job("code;name;level\n000.30.91.H62;UBND xã Hiếu Phụng;xã\n", "w.csv", province)
    job = _wait(job.pk)
    assert job.state == "done", job.errors
    assert footprint("xa-hieu-phung") == WHOLE

    path = tmp_path / "async.csv"
    path.write_text("code;name;level\n000.30.92.H62;UBND xã Hiếu Thành;xã\n000.30.93.H62;UBND xã Trung Thành;xã\n",
                    encoding="utf-8")
    out = StringIO()
    call_command("import_agencies", str(path), province="86", use_celery=True, timeout=60, stdout=out)
    assert "sent to the Celery worker" in out.getvalue() and "2/2 100%" in out.getvalue()
    assert set(Agency.objects.filter(code__in=["000.30.92.H62", "000.30.93.H62"])
               .values_list("slug", flat=True)) == {"xa-hieu-thanh", "xa-trung-thanh"}
