"""The notice pages: the DOST writes, sends, follows and exports; an agency reads its inbox and acknowledges."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.documents.conftest import pdf_bytes

from .conftest import deliver, send

pytestmark = pytest.mark.django_db


def test_the_dost_writes_and_sends_a_notice_on_its_pages(world, tenant_client):
    from notices.models import Notice

    client = tenant_client(world.dost, world.sender)
    assert 'data-testid="notice-new"' in client.get("/notices/").content.decode()
    prefilled = client.get("/notices/new/?kind=model_procedure&title=Quy+tr%C3%ACnh+m%E1%BA%ABu&level=commune")
    assert prefilled.status_code == 200 and "Quy trình mẫu" in prefilled.content.decode()
    response = client.post("/notices/new/", {
        "kind": "legal_update", "title": "Cập nhật Nghị định 61/2018/NĐ-CP", "body": "Đề nghị cập nhật quy trình.",
        "link": "https://vanban.chinhphu.vn/", "audience": "selection",
        "agencies": [str(world.justice.pk), str(world.commune.pk)], "reply_by": "",
        "attachment": SimpleUploadedFile("cong-van.pdf", pdf_bytes(), content_type="application/pdf")})
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/notices/{notice.pk}/"
    assert notice.audience_values == sorted([str(world.justice.pk), str(world.commune.pk)])
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-testid="notice-send"' in page and "UBND xã Long Đức" in page  # the audience, by name
    assert client.get(f"/notices/{notice.pk}/attachment/").status_code == 200
    assert client.post(f"/notices/{notice.pk}/send/").status_code == 302
    notice.refresh_from_db()
    assert notice.status == "sent" and notice.receipts.count() == 2
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "0 / 2" in page and 'data-testid="notice-delivering"' in page and 'data-testid="notice-remind"' in page
    deliver(notice)
    assert 'data-testid="notice-delivering"' not in client.get(f"/notices/{notice.pk}/").content.decode()
    refused = client.post("/notices/new/", {"kind": "other", "title": "Sai", "audience": "levels"})
    assert refused.status_code == 200 and 'data-testid="form-errors"' in refused.content.decode()


def test_the_dost_sees_who_has_not_and_exports_it(world, tenant_client):
    notice = send(world, reply_by=timezone.localdate() + timedelta(days=5))
    from django_tenants.utils import tenant_context

    from notices import services

    with tenant_context(world.commune):
        services.acknowledge(notice.receipts.get(agency=world.commune), actor=world.secretary, reply="Đã nhận")
    client = tenant_client(world.dost, world.sender)
    assert "1 / 3" in client.get("/notices/").content.decode()
    pending = client.get(f"/notices/{notice.pk}/?state=pending").content.decode()
    assert pending.count('data-testid="receipt-row"') == 2 and "UBND xã Long Đức" not in pending
    exported = client.get(f"/notices/{notice.pk}/export/csv/?state=acknowledged")
    text = exported.content.decode("utf-8-sig")
    assert exported.status_code == 200 and "UBND xã Long Đức" in text and "Sở Y tế" not in text
    assert "Đã nhận" in text and "Thư ký xã" in text
    xlsx = client.get(f"/notices/{notice.pk}/export/xlsx/")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.post(f"/notices/{notice.pk}/remind/").status_code == 302
    assert notice.receipts.filter(reminders=1).count() == 2


def test_an_agency_reads_its_inbox_and_acknowledges(world, tenant_client):
    notice = send(world, audience="levels", values=["commune"], reply_by=timezone.localdate())
    notice.__class__.objects.filter(pk=notice.pk).update(reply_by=timezone.localdate() - timedelta(days=1))
    first = send(world, title="Thông báo đã đọc", audience="levels", values=["commune"])
    client = tenant_client(world.commune, world.secretary)
    client.get(f"/notices/{first.pk}/")
    inbox = client.get("/notices/").content.decode()
    assert inbox.index("Quy trình mẫu mới") < inbox.index("Thông báo đã đọc")  # unread first
    assert 'data-testid="inbox-overdue"' in inbox
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-testid="notice-overdue"' in page and 'data-testid="acknowledge-form"' in page
    response = client.post(f"/notices/{notice.pk}/acknowledge/", {"reply": "Xã đã triển khai"})
    assert response.status_code == 302
    assert 'data-testid="notice-acknowledged"' in client.get(f"/notices/{notice.pk}/").content.decode()
    again = client.post(f"/notices/{notice.pk}/acknowledge/", follow=True).content.decode()
    assert "đã được" in again or "already" in again
    home = client.get("/").content.decode()
    assert "Thông báo đã đọc" not in home  # no acknowledge-by date: not on the agenda


def test_pages_refuse_who_may_not(world, other, tenant_client):
    notice = send(world, title="Kế hoạch riêng của tỉnh Vĩnh Long", audience="levels", values=["department"])
    staff = tenant_client(world.commune, world.staff)
    assert staff.get(f"/notices/{notice.pk}/").status_code == 404  # not sent to the commune
    assert staff.get("/notices/new/").status_code == 403
    assert staff.post(f"/notices/{notice.pk}/acknowledge/").status_code == 403
    justice = tenant_client(world.justice, world.justice_secretary)
    assert justice.get(f"/notices/{notice.pk}/").status_code == 200
    assert justice.get(f"/notices/{notice.pk}/export/csv/").status_code == 403
    foreign = tenant_client(other.dost, other.sender)
    assert foreign.get(f"/notices/{notice.pk}/").status_code == 404
    assert foreign.get(f"/notices/{notice.pk}/export/csv/").status_code == 404
    assert "Kế hoạch riêng của tỉnh Vĩnh Long" not in foreign.get("/notices/").content.decode()
    # a supervisor reading the agency's site: the inbox, never the acknowledge button
    page = tenant_client(world.justice, world.keeper).get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-testid="acknowledge-form"' not in page
    assert notice.receipts.get(agency=world.justice).read_at is not None  # the secretary read it, above


def test_a_published_model_offers_the_dost_a_notice_to_the_communes(world, tenant_client):
    from tests.model_procedures.conftest import publish_model

    model = publish_model(world)
    page = tenant_client(world.dost, world.keeper).get(f"/models/{model.pk}/").content.decode()
    assert 'data-testid="model-notify"' in page and "kind=model_procedure&amp;level=commune" in page
    link = f"/notices/new/?kind=model_procedure&level=commune&link=/models/{model.pk}/&title=QT-MAU-HT-01"
    form = tenant_client(world.dost, world.keeper).get(link).content.decode()
    assert f'value="/models/{model.pk}/"' in form
    assert re.search(r'name="levels" value="commune"[^>]*checked', form)
    assert re.search(r'name="audience" value="levels"[^>]*checked', form)
    commune_page = tenant_client(world.commune, world.secretary).get(f"/models/{model.pk}/").content.decode()
    assert 'data-testid="model-notify"' not in commune_page
