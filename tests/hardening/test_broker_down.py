"""Redis down when work is queued: the request still answers with what it saved, and the work is sent again
once Redis is back, never silently dropped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from kombu.exceptions import OperationalError
from rest_framework.test import APIClient

from tenants.models import ProvisioningJob

pytestmark = pytest.mark.django_db
CSV = "code;name;level\n000.30.70.H62;UBND xã Phú Quới;xã\n000.00.80.H62;Sở Du lịch;sở\n"


@pytest.fixture
def operator(user_factory):
    return user_factory(superuser=True)


def test_a_provisioning_csv_sent_while_redis_is_down_is_saved_and_sent_later(operator, province, monkeypatch,
                                                                             django_capture_on_commit_callbacks):
    from tenants import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_provisioning_job, "delay", broker_down)
    client = APIClient(HTTP_HOST="localhost")
    client.force_authenticate(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/provisioning/jobs/", {"province": "86", "file": SimpleUploadedFile(
            "dot-1.csv", CSV.encode("utf-8-sig"), content_type="text/csv")}, format="multipart")
    assert response.status_code == 202, response.content  # not a 500 after the row was saved
    job = ProvisioningJob.objects.get(pk=response.json()["id"])
    assert job.state == ProvisioningJob.State.PENDING

    sent = []
    monkeypatch.setattr(tasks.run_provisioning_job, "delay", lambda job_id: sent.append(job_id))
    assert tasks.resend_pending_jobs() == 0  # within the first minute its own message may still arrive
    ProvisioningJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=2))
    assert tasks.resend_pending_jobs() == 1 and sent == [job.pk]  # Redis is back: the minute's beat sends it

    ProvisioningJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert tasks.resend_pending_jobs() == 0  # stale ones are the stale-job sweep's, not sent again
