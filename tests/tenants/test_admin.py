"""Platform administration on the bare domain: adding agencies, importing a CSV, following the job."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tenants.bulk import run_job
from tenants.models import Agency, ProvisioningJob
from tests.tenants.helpers import NOTHING, WHOLE, footprint


@pytest.fixture
def operator(user_factory):
    return user_factory(superuser=True)


@pytest.fixture
def admin_client(operator):
    client = Client(HTTP_HOST="localhost")
    client.force_login(operator)
    return client


@pytest.mark.django_db
def test_adding_an_agency_in_the_admin_provisions_it(admin_client, province, agency_a):
    page = admin_client.get("/admin/tenants/agency/add/")
    assert page.status_code == 200
    assert 'name="slug"' in page.content.decode()
    response = admin_client.post("/admin/tenants/agency/add/", {
        "name": "UBND xã Thanh Đức", "level": "commune", "province": province.pk, "code": "000.30.50.H62",
        "parent": agency_a.pk, "valid_from": "01/07/2025", "slug": "", "short_name": "", "address": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    agency = Agency.objects.get(slug="xa-thanh-duc")
    assert footprint("xa-thanh-duc") == WHOLE
    assert agency.parent == agency_a and str(agency.valid_from) == "2025-07-01"
    assert LogEntry.objects.filter(object_id=str(agency.pk)).exists()


@pytest.mark.django_db
def test_admin_add_form_shows_provisioning_errors_and_creates_nothing(admin_client, province):
    response = admin_client.post("/admin/tenants/agency/add/", {
        "name": "Sở Tư pháp (trùng)", "level": "department", "province": province.pk, "slug": "so-tu-phap",
        "code": "000.00.14.H62",
    })
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "slug" in form.errors and "code" in form.errors
    assert Agency.objects.filter(slug="so-tu-phap").count() == 1
    response = admin_client.post("/admin/tenants/agency/add/", {
        "name": "UBND xã Sai", "level": "commune", "province": province.pk, "slug": "1-sai"})
    assert "slug" in response.context["adminform"].form.errors
    assert footprint("1-sai") == NOTHING


@pytest.mark.django_db
def test_agency_slug_cannot_be_changed_nor_an_agency_deleted(admin_client, agency_a):
    page = admin_client.get(f"/admin/tenants/agency/{agency_a.pk}/change/")
    assert page.status_code == 200
    assert 'name="slug"' not in page.content.decode()
    assert admin_client.get(f"/admin/tenants/agency/{agency_a.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_csv_import_from_the_admin_starts_a_job_and_shows_its_progress(admin_client, province,
                                                                      django_capture_on_commit_callbacks):
    changelist = admin_client.get("/admin/tenants/agency/").content.decode()
    assert "/admin/tenants/agency/import/" in changelist
    assert admin_client.get("/admin/tenants/agency/import/").status_code == 200
    upload = SimpleUploadedFile("xa.csv", "code;name;level\n000.30.60.H62;UBND xã Hòa Bình;xã\n".encode(),
                                content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post("/admin/tenants/agency/import/", {"file": upload, "province": province.pk})
    assert len(callbacks) == 1  # the Celery task is sent once the job row is committed
    job = ProvisioningJob.objects.get(filename="xa.csv")
    assert response.status_code == 302 and response["Location"] == f"/admin/tenants/agency/import/{job.pk}/"

    pending = admin_client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in pending and 'class="progress"' in pending

    run_job(job)  # what the worker does
    fragment = admin_client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "hx-trigger" not in fragment
    assert 'aria-valuenow="100"' in fragment and "xa-hoa-binh.localhost" in fragment
    assert footprint("xa-hoa-binh") == WHOLE


@pytest.mark.django_db
def test_rejected_import_lists_errors_by_line(admin_client, province, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("sai.csv", "code;name;level\n000.30.61.H62;UBND xã Một;làng\n".encode())
    with django_capture_on_commit_callbacks(execute=False):
        response = admin_client.post("/admin/tenants/agency/import/", {"file": upload, "province": province.pk})
    job = ProvisioningJob.objects.get(filename="sai.csv")
    run_job(job)
    admin_client.cookies["django_language"] = "en"
    page = admin_client.get(response["Location"]).content.decode()
    assert 'data-state="rejected"' in page
    assert "<td class=\"num\">2</td>" in page and "làng" in page
    jobs = admin_client.get("/admin/tenants/provisioningjob/").content.decode()
    assert f'href="/admin/tenants/agency/import/{job.pk}/"' in jobs
    assert admin_client.get(f"/admin/tenants/provisioningjob/{job.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_import_refuses_non_utf8_files_as_a_form_error(admin_client, province):
    upload = SimpleUploadedFile("x.csv", b"code;name;level\n1;S\xf4;s\xf4\n")
    response = admin_client.post("/admin/tenants/agency/import/", {"file": upload, "province": province.pk})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not ProvisioningJob.objects.filter(filename="x.csv").exists()


@pytest.mark.django_db
def test_staff_who_do_not_operate_the_platform_cannot_import(user_factory, agency_a):
    from django.contrib.auth.models import Permission

    staff = user_factory()
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["add_agency", "view_agency"]))
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    assert client.get("/admin/tenants/agency/import/").status_code == 403
    assert client.get("/admin/tenants/agency/add/").status_code == 403
