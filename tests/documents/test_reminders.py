"""Periodic-review reminders: owners hear once before and once after the due date, in-app and by e-mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

pytestmark = pytest.mark.usefixtures("in_agency_a")


@pytest.fixture
def owner(people):
    people.reviewer.email = "dung.pm@sotuphap.vinhlong.gov.vn"
    people.reviewer.save(update_fields=["email"])
    return people.reviewer


def _due_in(document, days, people, owner=None):
    from documents import services

    return services.update_document(document, actor=people.secretary,
                                    review_due=timezone.localdate() + timedelta(days=days),
                                    **({"owner": owner} if owner else {}))


def _reminders(Notification):
    """Reminders only: taking the documents through the workflow sends its own notices too."""
    return Notification.objects.filter(verb__in=["review_soon", "review_overdue"])


def _run():
    from documents.tasks import send_review_reminders

    return send_review_reminders.apply().get()


def test_due_soon_notifies_the_owner_once(publish_new, people, owner, django_capture_on_commit_callbacks):
    from notifications.models import Notification

    document = _due_in(publish_new("QT-HT-01"), 10, people, owner=owner)
    with django_capture_on_commit_callbacks(execute=True):
        assert _run() == 1
    note = _reminders(Notification).get(recipient=owner)
    assert note.verb == "review_soon" and "QT-HT-01" in note.message and note.read_at is None
    assert note.link == f"/documents/{document.pk}/"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [owner.email] and "Sắp đến hạn rà soát: QT-HT-01" in email.subject
    assert "Phạm Minh Dũng" in email.body and f"/documents/{document.pk}/" in email.body
    with django_capture_on_commit_callbacks(execute=True):
        assert _run() == 0  # same day, or any later day in the same phase: not again
    assert _reminders(Notification).filter(recipient=owner).count() == 1 and len(mail.outbox) == 1


def test_overdue_is_a_new_phase_and_also_sent_once(publish_new, people, owner):
    from notifications.models import Notification

    document = _due_in(publish_new("QT-HT-02"), 10, people, owner=owner)
    assert _run() == 1
    _due_in(document, -3, people)
    assert _run() == 1
    assert _run() == 0
    verbs = sorted(_reminders(Notification).filter(recipient=owner).values_list("verb", flat=True))
    assert verbs == ["review_overdue", "review_soon"]


def test_documents_without_owner_remind_the_iso_secretaries(publish_new, people):
    from notifications.models import Notification

    _due_in(publish_new("QT-HT-03"), -1, people)
    assert _run() == 2  # both ISO secretaries of Sở Tư pháp; approvers and staff are not asked
    assert set(_reminders(Notification).values_list("recipient__full_name", flat=True)) == {"Trần Thị Bình",
                                                                                         "Phạm Minh Dũng"}


def test_nothing_for_far_dates_drafts_or_withdrawn(publish_new, make_document, people, owner):
    from documents import services
    from notifications.models import Notification

    _due_in(publish_new("QT-HT-04"), 60, people, owner=owner)
    withdrawn = _due_in(publish_new("QT-HT-05"), -5, people, owner=owner)
    services.withdraw(withdrawn, actor=people.secretary, reason="Gộp vào QT-HT-04")
    draft = make_document("QT-HT-06")
    services.update_document(draft, actor=people.secretary, owner=owner,
                             review_due=timezone.localdate() - timedelta(days=1))
    assert _run() == 0
    assert not _reminders(Notification).exists()


def test_a_changed_law_is_a_legal_update_task_not_a_review(publish_new, people, owner):
    """A cited law taking effect after the edition no longer makes the document "due for review": it opens a
    legal update task on the day it takes effect (tests/legal_updates), reminded there."""
    from core.dates import add_months
    from documents import services
    from documents.periodic_reviews import documents_due_for_review
    from legal_updates.models import UpdateTask
    from legal_updates.services import open_due_tasks

    document = _due_in(publish_new("QT-HCTP-01"), 200, people, owner=owner)
    issued = document.effective_revision.issue_date
    services.set_legal_references(document, actor=people.secretary, references=[
        {"number": "58/2024/NĐ-CP", "title": "Nghị định sửa đổi về lý lịch tư pháp", "issuer": "Chính phủ",
         "effective_on": issued + timedelta(days=1)},
        {"number": "Luật Lý lịch tư pháp 2009", "effective_on": issued - timedelta(days=3000)}])
    assert not UpdateTask.objects.exists()  # the older law is folded in; the newer one is not in force yet
    (task,) = open_due_tasks(on=issued + timedelta(days=1))
    assert (task.document, task.due_on) == (document, add_months(issued + timedelta(days=1), 3))
    assert list(documents_due_for_review(on=issued + timedelta(days=1))) == []
    assert _run() == 0


def test_overdue_documents_are_listed_due(publish_new, people):
    from documents.periodic_reviews import documents_due_for_review

    _due_in(publish_new("QT-HT-01"), -1, people)
    _due_in(publish_new("QT-HT-02"), 5, people)
    due = list(documents_due_for_review())
    assert [d.code for d in due] == ["QT-HT-01"] and due[0].review_overdue
    assert [d.code for d in documents_due_for_review(on=timezone.localdate() + timedelta(days=6))] == [
        "QT-HT-01", "QT-HT-02"]


def test_the_daily_fan_out_is_scheduled_on_the_fanout_queue():
    import documents.tasks  # noqa: F401  (registers the schedule, as autodiscovery does in beat)
    from eiso.celery import app

    entry = app.conf.beat_schedule["documents: daily review reminders"]
    assert entry["task"] == "documents.fan_out_review_reminders"
    assert app.amqp.router.route({}, entry["task"])["queue"].name == "fanout"
