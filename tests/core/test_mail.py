"""E-mail never goes out inside the request (core.mail): queued with the change, delivered by Celery after
commit with a timeout, retried, swept; a broker or mail-server outage delays mail without losing it."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from accounts.roles import Role

pytestmark = pytest.mark.django_db


class BrokenBackend:
    """A mail server that does not answer."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise TimeoutError("smtp.vinhlong.gov.vn:25 timed out")


@pytest.fixture
def recipient(agency_a, user_factory):
    user = user_factory(agency_a, Role.STAFF, full_name="Huỳnh Thị Giang")
    user.email = "giang.ht@sotuphap.vinhlong.gov.vn"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def queued(settings):
    settings.EISO_MAIL_EAGER = False  # the production path: a Celery task after commit


def _notify(agency, user, key="published:7"):
    from notifications.services import notify

    with tenant_context(agency):
        return notify(user, "Tài liệu QT-HT-01 đã được ban hành.", "/documents/7/", key=key)


def test_the_request_only_queues_and_celery_delivers(agency_a, recipient, queued, monkeypatch,
                                                     django_capture_on_commit_callbacks):
    from core import tasks
    from core.models import OutgoingMail
    from notifications.models import Notification

    sent_to_broker = []
    monkeypatch.setattr(tasks.deliver_mail, "delay", lambda mail_id: sent_to_broker.append(mail_id))
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(agency_a, recipient)
    queued_mail = OutgoingMail.objects.get()
    assert sent_to_broker == [queued_mail.pk] and mail.outbox == []  # nothing sent in the request
    assert queued_mail.schema_name == agency_a.schema_name and queued_mail.sent_at is None
    assert "Kính gửi Huỳnh Thị Giang" in queued_mail.body

    assert tasks.deliver_mail.apply(args=[queued_mail.pk]).get() is True  # what the worker runs
    assert [m.to for m in mail.outbox] == [["giang.ht@sotuphap.vinhlong.gov.vn"]]
    queued_mail.refresh_from_db()
    assert queued_mail.sent_at is not None and queued_mail.attempts == 1
    with tenant_context(agency_a):
        assert Notification.objects.get(pk=notification.pk).emailed_at == queued_mail.sent_at
    assert tasks.deliver_mail.apply(args=[queued_mail.pk]).get() is True and len(mail.outbox) == 1  # not twice


def test_a_rolled_back_change_sends_nothing(agency_a, recipient, queued):
    from django.db import transaction

    from core.models import OutgoingMail

    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(agency_a, recipient)
        raise RuntimeError("the change failed")
    assert not OutgoingMail.objects.exists()


def test_a_silent_mail_server_is_counted_and_the_sweep_sends_later(agency_a, recipient, queued, settings,
                                                                   monkeypatch, django_capture_on_commit_callbacks):
    from core import mail as core_mail
    from core import tasks
    from core.models import OutgoingMail

    monkeypatch.setattr(tasks.deliver_mail, "delay", lambda mail_id: None)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(agency_a, recipient)
    queued_mail = OutgoingMail.objects.get()
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with pytest.raises(TimeoutError):
        core_mail.deliver(queued_mail.pk)
    assert core_mail.flush() == 0
    queued_mail.refresh_from_db()
    assert queued_mail.sent_at is None and queued_mail.attempts == 2 and queued_mail.last_error == "TimeoutError"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.flush_mail.apply().get() == 1  # the minute's sweep
    assert len(mail.outbox) == 1 and core_mail.unsent() == []


def test_a_broker_outage_after_commit_keeps_the_change_and_the_mail(agency_a, recipient, queued, monkeypatch,
                                                                    django_capture_on_commit_callbacks):
    """Redis down when the task would be sent: the change stands, the mail waits for the sweep."""
    from kombu.exceptions import OperationalError

    from core import mail as core_mail
    from core import tasks
    from notifications.models import Notification

    def broker_down(mail_id):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.deliver_mail, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(agency_a, recipient)
    with tenant_context(agency_a):
        assert Notification.objects.filter(pk=notification.pk).exists()
    assert len(core_mail.unsent()) == 1 and mail.outbox == []
    assert core_mail.flush() == 1 and len(mail.outbox) == 1


def test_delivery_is_bounded_by_a_timeout(settings):
    from django.core.mail import get_connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert settings.EMAIL_TIMEOUT and get_connection().timeout == settings.EMAIL_TIMEOUT
