"""Notifications: each person sees and changes only their own, in the agency they were sent in."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from accounts.roles import Role


@pytest.fixture
def pair(agency_a, user_factory):
    me = user_factory(agency_a, Role.STAFF, full_name="Ngô Văn Em")
    me.email = "em.nv@sotuphap.vinhlong.gov.vn"
    me.save(update_fields=["email"])
    other = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    with tenant_context(agency_a):
        from notifications.services import notify

        mine = notify(me, "QT-HT-01 sắp đến hạn rà soát", "/documents/1/", verb="review_soon", email=False)
        notify(me, "Đã ban hành QT-HT-02", "/documents/2/", verb="published", email=False)
        theirs = notify(other, "Tài liệu QT-HT-03 quá hạn rà soát", "/documents/3/", verb="review_overdue",
                        email=False)
    return me, other, mine, theirs


def test_notify_dedupes_by_key_and_emails_in_vietnamese(agency_a, user_factory, django_capture_on_commit_callbacks):
    from notifications.models import Notification
    from notifications.services import notify

    user = user_factory(agency_a, Role.STAFF, full_name="Huỳnh Thị Giang")
    user.email = "giang.ht@sotuphap.vinhlong.gov.vn"
    user.save(update_fields=["email"])
    with tenant_context(agency_a), django_capture_on_commit_callbacks(execute=True):
        first = notify(user, "Tài liệu QT-HT-01 đã được ban hành.", "/documents/7/", key="published:7")
        again = notify(user, "Tài liệu QT-HT-01 đã được ban hành.", "/documents/7/", key="published:7")
        assert first is not None and again is None
        assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[eISO - Sở Tư pháp] Thông báo mới"
    assert "Kính gửi Huỳnh Thị Giang" in message.body and "http://so-tu-phap.localhost/documents/7/" in message.body
    with tenant_context(agency_a):
        assert Notification.objects.get(pk=first.pk).emailed_at is not None


def test_page_lists_only_mine_and_marks_read(agency_a, tenant_client, pair):
    from notifications.models import Notification

    me, _other, mine, theirs = pair
    client = tenant_client(agency_a, me)
    page = client.get("/notifications/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "QT-HT-01 sắp đến hạn rà soát" in body and "Đã ban hành QT-HT-02" in body
    assert "QT-HT-03" not in body
    assert 'data-testid="notifications-unread">2<' in body  # the bell in the top bar

    response = client.post(f"/notifications/{mine.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/documents/1/"
    with tenant_context(agency_a):
        assert Notification.objects.get(pk=mine.pk).read_at is not None
    unread = client.get("/notifications/?unread=1").content.decode()
    assert "QT-HT-01 sắp đến hạn rà soát" not in unread and "Đã ban hành QT-HT-02" in unread

    client.post("/notifications/read-all/")
    with tenant_context(agency_a):
        assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
        assert Notification.objects.get(pk=theirs.pk).read_at is None  # read-all is mine only


def test_someone_elses_notification_cannot_be_marked(agency_a, tenant_client, pair):
    from notifications.models import Notification

    me, _other, _mine, theirs = pair
    response = tenant_client(agency_a, me).post(f"/notifications/{theirs.pk}/read/")
    assert response.status_code == 404
    with tenant_context(agency_a):
        assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_page_needs_login_and_membership(agency_a, agency_b, tenant_client, user_factory, pair):
    assert tenant_client(agency_a).get("/notifications/").status_code == 302
    stranger = user_factory(agency_b, Role.STAFF)
    assert tenant_client(agency_a, stranger).get("/notifications/").status_code == 403


def test_api_lists_mine_and_marks_read(agency_a, api_client, pair):
    me, _other, mine, theirs = pair
    client = api_client(agency_a, me)
    listing = client.get("/api/v1/notifications/").json()
    assert listing["count"] == 2
    assert {n["message"] for n in listing["results"]} == {"QT-HT-01 sắp đến hạn rà soát", "Đã ban hành QT-HT-02"}
    assert all(n["is_read"] is False for n in listing["results"])

    marked = client.post(f"/api/v1/notifications/{mine.pk}/read/").json()
    assert marked["is_read"] is True and marked["read_at"]
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 1
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 0


def test_api_hides_other_peoples_and_other_agencies(agency_a, agency_b, api_client, user_factory, pair):
    from notifications.models import Notification

    me, _other, _mine, theirs = pair
    client = api_client(agency_a, me)
    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    with tenant_context(agency_a):
        assert Notification.objects.get(pk=theirs.pk).read_at is None
    # The same person asking another agency's API gets nothing of this agency's notifications.
    assert api_client(agency_b, me).get("/api/v1/notifications/").status_code == 403
    outsider = user_factory(agency_b, Role.ISO_SECRETARY)
    assert api_client(agency_b, outsider).get("/api/v1/notifications/").json()["count"] == 0
    assert api_client(agency_a).get("/api/v1/notifications/").status_code in (401, 403)
