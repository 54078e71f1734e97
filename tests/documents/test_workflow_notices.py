"""Workflow notices: each step of a revision tells exactly the people it now waits on, once."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tenants.utils import schema_context

from accounts.roles import Role

pytestmark = pytest.mark.usefixtures("in_agency_a")


def _notes(verb=None):
    from notifications.models import Notification

    notes = Notification.objects.all()
    if verb:
        notes = notes.filter(verb=verb)
    return sorted((n.verb, n.recipient.full_name) for n in notes)


def _submit(revision, people, **kwargs):
    from documents import services

    kwargs.setdefault("reviewers", [people.reviewer, people.reviewer2])
    kwargs.setdefault("approvers", [people.approver])
    return services.submit_for_review(revision, actor=people.secretary, **kwargs)


def test_submission_asks_the_reviewers_in_vietnamese_with_a_link_and_an_email(
        make_document, people, django_capture_on_commit_callbacks):
    from notifications.models import Notification

    people.reviewer.email = "dung.pm@sotuphap.vinhlong.gov.vn"
    people.reviewer.save(update_fields=["email"])
    document = make_document("QT-HT-01")
    with django_capture_on_commit_callbacks(execute=True):
        _submit(document.revisions.get(), people)
    assert _notes() == [("review_requested", "Phạm Minh Dũng"), ("review_requested", "Võ Thị Hạnh")]
    note = Notification.objects.get(recipient=people.reviewer)
    assert note.link == f"/documents/{document.pk}/"
    assert "QT-HT-01" in note.message and "xem xét" in note.message  # Vietnamese, the site's language
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [people.reviewer.email]
    assert f"/documents/{document.pk}/" in mail.outbox[0].body


def test_without_reviewers_the_approvers_are_asked_at_once(make_document, people):
    _submit(make_document("QT-HT-02").revisions.get(), people, reviewers=[],
            approvers=[people.approver, people.approver2])
    assert _notes() == [("approval_requested", "Lê Văn Cường"), ("approval_requested", "Đặng Thu Hà")]


def test_approvers_hear_only_when_the_review_step_is_complete(make_document, people):
    from documents import services

    revision = _submit(make_document("QT-HT-03").revisions.get(), people)
    services.decide(revision, actor=people.reviewer, decision="agreed")
    assert _notes("approval_requested") == []  # the policy is "all": one reviewer is still pending
    services.decide(revision, actor=people.reviewer2, decision="agreed")
    assert _notes("approval_requested") == [("approval_requested", "Lê Văn Cường")]
    assert len(_notes()) == 3  # two review requests, one approval request: nobody twice


def test_changes_requested_tells_the_drafter_and_resubmission_asks_again(make_document, people):
    from documents import services

    revision = _submit(make_document("QT-HT-04").revisions.get(), people)
    services.decide(revision, actor=people.reviewer, decision="changes_requested", comment="Bổ sung lưu đồ")
    assert _notes("changes_requested") == [("changes_requested", "Trần Thị Bình")]
    assert "Phạm Minh Dũng" in _notes_messages("changes_requested")[0]
    _submit(revision, people)  # a new round: reviewers are asked again, once more each
    assert _notes("review_requested") == [("review_requested", "Phạm Minh Dũng"),
                                          ("review_requested", "Phạm Minh Dũng"),
                                          ("review_requested", "Võ Thị Hạnh"),
                                          ("review_requested", "Võ Thị Hạnh")]


def _notes_messages(verb):
    from notifications.models import Notification

    return list(Notification.objects.filter(verb=verb).values_list("message", flat=True))


def test_approval_tells_the_drafter_and_publication_the_distribution_list(make_document, people, user_factory,
                                                                          agency_b):
    from documents import services

    outsider = user_factory(agency_b, Role.STAFF, full_name="Người Xã Khác")
    document = make_document("QT-HT-05")
    services.distribute(document, actor=people.secretary, users=[people.staff, people.staff2])
    revision = _submit(document.revisions.get(), people, reviewers=[people.reviewer])
    services.decide(revision, actor=people.reviewer, decision="agreed")
    revision = services.decide(revision, actor=people.approver, decision="agreed")
    assert _notes("revision_approved") == [("revision_approved", "Trần Thị Bình")]
    services.publish(revision, actor=people.secretary)
    assert _notes("revision_published") == [("revision_published", "Huỳnh Thị Giang"),
                                            ("revision_published", "Ngô Văn Em")]
    assert "hiệu lực" in _notes_messages("revision_published")[0]
    # The whole story, each person once per event, and nobody outside Sở Tư pháp.
    assert _notes() == sorted([("review_requested", "Phạm Minh Dũng"), ("approval_requested", "Lê Văn Cường"),
                               ("revision_approved", "Trần Thị Bình"), ("revision_published", "Ngô Văn Em"),
                               ("revision_published", "Huỳnh Thị Giang")])
    assert outsider.full_name not in {name for _verb, name in _notes()}
    with schema_context(agency_b.schema_name):
        from notifications.models import Notification

        assert not Notification.objects.exists()


def test_a_refused_step_tells_nobody(make_document, people):
    from api.errors import DomainError
    from documents import services

    revision = make_document("QT-HT-06").revisions.get()
    with pytest.raises(DomainError):
        services.submit_for_review(revision, actor=people.secretary, reviewers=[people.staff],
                                   approvers=[people.approver])
    assert _notes() == []
