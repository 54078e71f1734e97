"""The revision workflow: new editions, drafting, files, review and approval, publication, withdrawal.

draft -> in review -> (changes requested -> in review ...) -> approved -> published (effective) ->
superseded / withdrawn. Review and approval can each need several people, all of them or any one; every
decision freezes a snapshot (snapshots.freeze) of exactly what was signed, and the last approval records
the revision's content hash, which publication checks again. Re-exported by documents.services.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.selectors import is_member
from accounts.services import has_perm
from core.changes import allowed, change, require
from core.dates import add_months
from core.errors import DomainError
from core.indicators import indicators_changed

from . import signals, snapshots, workflow_notices
from .editions import copy_parts, has_substance
from .indexing import refresh_search
from .models import (
    EDITABLE_STATES,
    FROZEN_STATES,
    OPEN_STATES,
    Attachment,
    Document,
    Revision,
    RevisionState,
    Signoff,
)
from .richtext import sanitize
from .selectors import current_step
from .uploads import DOCUMENT_TYPES, clean_filename, validate_upload

Step = Signoff.Step
Decision = Signoff.Decision
Policy = Revision.Policy


def start_revision(document: Document, *, actor, change_summary="", change_reason="") -> Revision:
    """A new edition as a draft, starting from the effective content (and its attached files).

    Only one edition may be in the making: the document row is locked so two people starting at once
    are served one after the other, and the partial unique index one_open_revision_per_document makes
    the database refuse a second open revision whatever happens.
    """
    require(actor, Perm.EDIT_DOCUMENTS)
    with change(actor, "documents.start_revision", document=document.pk):
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.revisions.filter(state__in=OPEN_STATES).exists():
            raise _open_revision_exists()
        base = document.effective_revision or document.revisions.order_by("-edition").first()
        edition = (document.revisions.order_by("-edition").values_list("edition", flat=True).first() or 0) + 1
        try:
            with transaction.atomic():
                revision = Revision.objects.create(
                    document=document, edition=edition, content=base.content if base else "",
                    change_summary=change_summary or "", change_reason=change_reason or "", created_by=actor)
        except IntegrityError as exc:
            raise _open_revision_exists() from exc
        if base is not None:
            copy_parts(base, revision)  # files, and every other registered part (documents.editions)
        Signoff.objects.create(revision=revision, step=Step.DRAFTED, user=actor)
        refresh_search(document)
    return revision


def update_draft(revision: Revision, *, actor, content=None, change_summary=None,
                 change_reason=None) -> Revision:
    require(actor, Perm.EDIT_DOCUMENTS)
    with change(actor, "documents.update_draft", revision=revision.pk):
        revision = _lock(revision)
        check_editable(revision)
        updates = {name: value for name, value in (("content", content), ("change_summary", change_summary),
                                                   ("change_reason", change_reason)) if value is not None}
        if "content" in updates:
            updates["content"] = sanitize(updates["content"])
        for name, value in updates.items():
            setattr(revision, name, value)
        if updates:
            revision.save(update_fields=list(updates))
            refresh_search(revision.document)
    return revision


def add_attachment(revision: Revision, *, actor, uploaded_file) -> Attachment:
    """Attach a DOCX/PDF/XLSX (checked by content) to an editable revision and index its text."""
    from .extraction import extract_text

    require(actor, Perm.EDIT_DOCUMENTS)
    check_editable(revision)  # early, before reading a large file; checked again under the lock
    content_type, sha256, size = validate_upload(uploaded_file, allowed=DOCUMENT_TYPES)
    text = extract_text(uploaded_file, content_type)
    uploaded_file.seek(0)
    with change(actor, "documents.add_attachment", revision=revision.pk):
        revision = _lock(revision)
        check_editable(revision)
        if revision.attachments.filter(sha256=sha256).exists():
            raise DomainError("duplicate_attachment", _("This file is already attached to this revision."))
        attachment = Attachment(revision=revision, original_name=clean_filename(uploaded_file.name),
                                content_type=content_type, size=size, sha256=sha256, extracted_text=text,
                                uploaded_by=actor)
        attachment.file.save(attachment.original_name, uploaded_file, save=False)
        attachment.save()
        refresh_search(revision.document)
    return attachment


def remove_attachment(attachment: Attachment, *, actor) -> None:
    require(actor, Perm.EDIT_DOCUMENTS)
    with change(actor, "documents.remove_attachment", attachment=attachment.pk):
        revision = _lock(attachment.revision)
        check_editable(revision)
        # The row goes (its history stays); the stored file stays too, earlier editions may share it.
        Attachment.objects.filter(pk=attachment.pk).delete()
        refresh_search(revision.document)


def submit_for_review(revision: Revision, *, actor, reviewers, approvers, review_policy=Policy.ALL,
                      approval_policy=Policy.ANY) -> Revision:
    """Send a draft to its reviewers (or straight to its approvers if there are none); `actor` signs
    as the drafter. A resubmission after changes were requested opens a new round of sign-offs."""
    agency = require(actor, Perm.EDIT_DOCUMENTS)
    reviewers, approvers = _distinct(reviewers), _distinct(approvers)
    for policy in (review_policy, approval_policy):
        if policy not in Policy.values:
            raise DomainError("invalid_policy", _("Choose whether all or any one of the people must agree."))
    if not approvers:
        raise DomainError("approvers_required", _("Choose at least one person to approve the revision."))
    for person in reviewers:
        if not is_member(person, agency):  # never name a person of another agency
            raise DomainError("reviewer_without_role", _("One of the chosen people is not a member of this agency."))
        if not has_perm(person, agency, Perm.REVIEW_DOCUMENTS):
            raise DomainError("reviewer_without_role", _("%(name)s may not review documents in this agency.")
                              % {"name": person.display_name})
    for person in approvers:
        if not is_member(person, agency):
            raise DomainError("approver_without_role", _("One of the chosen people is not a member of this agency."))
        if not has_perm(person, agency, Perm.APPROVE_DOCUMENTS):
            raise DomainError("approver_without_role", _(
                "%(name)s does not hold an approver role in this agency.") % {"name": person.display_name})
    # Four eyes: whoever drafts an edition signs as its drafter and cannot also review or approve it, so no
    # one person holding two roles drafts, approves and publishes alone.
    if any(person.pk == actor.pk for person in [*reviewers, *approvers]):
        raise DomainError("drafter_cannot_sign", _(
            "You drafted this edition: choose other people to review and approve it."))
    with change(actor, "documents.submit_for_review", revision=revision.pk):
        revision = _lock(revision)
        if revision.state not in EDITABLE_STATES:
            raise _invalid_transition(revision, _("submit it for review"))
        if (not (revision.content or "").strip() and not revision.attachments.exists()
                and not has_substance(revision)):
            raise DomainError("empty_revision", _("Write the content or attach a file before submitting."))
        if revision.state == RevisionState.CHANGES_REQUESTED:
            revision.round += 1
        now = timezone.now()
        revision.state = RevisionState.IN_REVIEW
        revision.submitted_at = now
        revision.review_policy, revision.approval_policy = review_policy, approval_policy
        revision.save(update_fields=["round", "state", "submitted_at", "review_policy", "approval_policy"])
        drafted = (revision.signoffs.filter(round=revision.round, step=Step.DRAFTED, decision=Decision.PENDING)
                   .first() or Signoff(revision=revision, round=revision.round, step=Step.DRAFTED))
        drafted.user = actor
        _sign(drafted, actor, Decision.AGREED, "", now)
        Signoff.objects.bulk_create(
            [Signoff(revision=revision, round=revision.round, step=Step.REVIEW, user=u) for u in reviewers]
            + [Signoff(revision=revision, round=revision.round, step=Step.APPROVAL, user=u) for u in approvers])
        snapshots.freeze(drafted)
        workflow_notices.signers_wanted(revision)
    return revision


def decide(revision: Revision, *, actor, decision: str, comment: str = "") -> Revision:
    """A reviewer or approver agrees or asks for changes, on the content as it is now (frozen in the
    sign-off's snapshot). When the step's policy is met the revision moves on; the last approval
    freezes the revision and records its content hash."""
    if decision not in (Decision.AGREED, Decision.CHANGES_REQUESTED):
        raise DomainError("invalid_decision", _("A decision is either “agreed” or “changes requested”."))
    if decision == Decision.CHANGES_REQUESTED and not (comment or "").strip():
        raise DomainError("comment_required", _("Say what must change when asking for changes."))
    with change(actor, "documents.decide", revision=revision.pk, decision=decision):
        revision = _lock(revision)
        if revision.state != RevisionState.IN_REVIEW:
            raise _invalid_transition(revision, _("decide on it"))
        step = current_step(revision)
        signoff = (revision.signoffs.select_for_update()
                   .filter(round=revision.round, step=step, user=actor, decision=Decision.PENDING).first())
        if signoff is None:
            raise DomainError("not_a_pending_signer", _(
                "You are not among the reviewers this revision waits for.") if step == Step.REVIEW else _(
                "You are not among the approvers this revision waits for."))
        if revision.signoffs.filter(round=revision.round, step=Step.DRAFTED, user=actor).exists():
            raise DomainError("drafter_cannot_sign", _(
                "You drafted this edition: choose other people to review and approve it."), status_code=403)
        if step == Step.APPROVAL and not allowed(actor, Perm.APPROVE_DOCUMENTS):
            raise DomainError("not_an_approver", _("Only a person with an approver role may approve."),
                              status_code=403)
        if step == Step.REVIEW and not allowed(actor, Perm.REVIEW_DOCUMENTS):
            raise DomainError("not_a_reviewer", _("Only a person with a reviewer role may review."),
                              status_code=403)
        now = timezone.now()
        _sign(signoff, actor, decision, comment, now)
        if decision == Decision.CHANGES_REQUESTED:
            revision.state = RevisionState.CHANGES_REQUESTED
            revision.save(update_fields=["state"])
            _drop_pending(revision)  # the round is over; the next submission asks everyone again
            workflow_notices.changes_requested(revision, by=actor)
        elif _step_complete(revision, step):
            _drop_pending(revision, step)
            if step == Step.APPROVAL:
                revision.state = RevisionState.APPROVED
                revision.approved_at = now
                revision.content_hash = snapshots.content_hash(revision)
                revision.save(update_fields=["state", "approved_at", "content_hash"])
                workflow_notices.approved(revision)
            else:
                workflow_notices.signers_wanted(revision)  # review done: now the approvers
        snapshots.freeze(signoff)
    return revision


def publish(revision: Revision, *, actor, issue_date: date | None = None) -> Revision:
    """Issue an approved edition: it becomes the effective one, the previous edition is superseded in
    the same transaction, and the next periodic review is due one interval after the issue date."""
    require(actor, Perm.PUBLISH_DOCUMENTS)
    with change(actor, "documents.publish", revision=revision.pk):
        document = Document.objects.select_for_update().get(pk=revision.document_id)
        revision = _lock(revision)
        if revision.state != RevisionState.APPROVED:
            raise DomainError("not_approved", _(
                "Only an approved revision can be published; this one is “%(state)s”.") % {
                    "state": revision.get_state_display()})
        if snapshots.content_hash(revision) != revision.content_hash:
            raise DomainError("content_changed", _(
                "The revision no longer matches what was approved. Start a new revision."))
        issue_date = issue_date or timezone.localdate()
        previous = document.revisions.select_for_update().filter(state=RevisionState.PUBLISHED).first()
        if previous is not None and previous.issue_date and issue_date < previous.issue_date:
            raise DomainError("issue_date_before_previous", _(
                "The issue date cannot be before the issue date of edition %(edition)s (%(date)s).") % {
                    "edition": previous.edition, "date": previous.issue_date.strftime("%d/%m/%Y")})
        now = timezone.now()
        if previous is not None:
            previous.state, previous.ended_at = RevisionState.SUPERSEDED, now
            previous.save(update_fields=["state", "ended_at"])
        revision.state, revision.issue_date, revision.published_at = RevisionState.PUBLISHED, issue_date, now
        revision.save(update_fields=["state", "issue_date", "published_at"])
        document.effective_revision = revision
        document.review_due = add_months(issue_date, document.review_interval_months)
        document.withdrawn, document.withdrawn_at, document.withdrawal_reason = False, None, ""
        document.save(update_fields=["effective_revision", "review_due", "withdrawn", "withdrawn_at",
                                     "withdrawal_reason", "updated_at"])
        refresh_search(document)
        indicators_changed()
        workflow_notices.published(revision)
        signals.published.send(sender=Revision, revision=revision, issue_date=issue_date)
    return revision


def withdraw(document: Document, *, actor, reason: str) -> Document:
    """Take a document out of force: its effective edition is withdrawn and staff no longer see it."""
    require(actor, Perm.PUBLISH_DOCUMENTS)
    if not (reason or "").strip():
        raise DomainError("reason_required", _("Give the reason for withdrawing the document."))
    with change(actor, "documents.withdraw", document=document.pk):
        document = Document.objects.select_for_update().get(pk=document.pk)
        effective = (Revision.objects.select_for_update()
                     .filter(pk=document.effective_revision_id, state=RevisionState.PUBLISHED).first())
        if effective is None:
            raise DomainError("nothing_to_withdraw", _("This document has no effective edition to withdraw."))
        now = timezone.now()
        effective.state, effective.ended_at = RevisionState.WITHDRAWN, now
        effective.save(update_fields=["state", "ended_at"])
        document.effective_revision = None
        document.withdrawn, document.withdrawn_at, document.withdrawal_reason = True, now, reason.strip()
        document.save(update_fields=["effective_revision", "withdrawn", "withdrawn_at", "withdrawal_reason",
                                     "updated_at"])
        refresh_search(document)
        indicators_changed()
    return document


# ------------------------------------------------------------------------------------------- internals

def _lock(revision: Revision) -> Revision:
    return Revision.objects.select_for_update().select_related("document").get(pk=revision.pk)


def check_editable(revision: Revision) -> None:
    """An edition changes only while it is a draft or sent back (every part of it: text, files, step table)."""
    if revision.state in EDITABLE_STATES:
        return
    if revision.state in FROZEN_STATES:
        message = _("Edition %(edition)s is “%(state)s” and frozen: a material change needs a new revision.")
    else:
        message = _("Edition %(edition)s is “%(state)s”: it cannot be edited until a reviewer or approver "
                    "asks for changes.")
    raise DomainError("revision_frozen", message % {"edition": revision.edition,
                                                    "state": revision.get_state_display()})


def _invalid_transition(revision: Revision, what: str) -> DomainError:
    return DomainError("invalid_transition", _("Edition %(edition)s is “%(state)s”: you cannot %(what)s now.") % {
        "edition": revision.edition, "state": revision.get_state_display(), "what": what})


def _open_revision_exists() -> DomainError:
    return DomainError("open_revision_exists", _(
        "A revision of this document is already being drafted or approved. Finish or publish it first."))


def _distinct(users) -> list:
    seen, result = set(), []
    for user in users or ():
        if user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


def _sign(signoff: Signoff, actor, decision: str, comment: str, when) -> None:
    # Name and title as they are today, kept even if the person later changes jobs.
    signoff.decision, signoff.comment, signoff.decided_at = decision, (comment or "").strip(), when
    signoff.signer_name, signoff.signer_title = actor.display_name, actor.job_title or ""
    signoff.save()


def _step_complete(revision: Revision, step: str) -> bool:
    signoffs = revision.signoffs.filter(round=revision.round, step=step)
    policy = revision.review_policy if step == Step.REVIEW else revision.approval_policy
    if policy == Policy.ANY:
        return signoffs.filter(decision=Decision.AGREED).exists()
    return not signoffs.exclude(decision=Decision.AGREED).exists()


def _drop_pending(revision: Revision, step: str | None = None) -> None:
    """Sign-offs nobody needs to give any more (the step's policy is met, or changes were requested)."""
    pending = revision.signoffs.filter(round=revision.round, decision=Decision.PENDING,
                                       step__in=[step] if step else [Step.REVIEW, Step.APPROVAL])
    pending.delete()
