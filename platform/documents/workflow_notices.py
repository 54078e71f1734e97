"""Telling the people a revision now waits on, in-app and by e-mail (notifications.services.notify).

Called by the workflow functions in services_revisions.py inside their transaction, so a refused or rolled
back change tells nobody; notify sends the e-mail only after the commit. Messages are written in the
site's language (Vietnamese), whoever's request made the change, as the daily reminders are. Each notice
has a key per revision (and review round), so a retried call never tells the same person twice.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Distribution, Revision, Signoff


def signers_wanted(revision: Revision) -> int:
    """After a submission, or a decision that completed the review step: ask whoever is now pending."""
    from .selectors import pending_signers

    signoffs = list(pending_signers(revision).select_related("user"))
    if not signoffs:
        return 0
    step = signoffs[0].step
    if step == Signoff.Step.REVIEW:
        verb = "review_requested"
        text = _("%(code)s “%(title)s”, edition %(edition)s, waits for your review.")
    else:
        verb = "approval_requested"
        text = _("%(code)s “%(title)s”, edition %(edition)s, waits for your approval.")
    return _tell([s.user for s in signoffs], revision, verb, text, key=f"{verb}:{revision.pk}:{revision.round}")


def changes_requested(revision: Revision, *, by) -> int:
    text = _("%(name)s asked for changes to %(code)s “%(title)s”, edition %(edition)s.")
    return _tell([revision.created_by], revision, "changes_requested", text,
                 key=f"changes_requested:{revision.pk}:{revision.round}", name=by.display_name)


def approved(revision: Revision) -> int:
    text = _("%(code)s “%(title)s”, edition %(edition)s, is approved and can be published.")
    return _tell([revision.created_by], revision, "revision_approved", text, key=f"revision_approved:{revision.pk}")


def published(revision: Revision) -> int:
    """Everyone the document was handed to must read (and acknowledge) the edition now in force."""
    users = [d.user for d in Distribution.objects.filter(document_id=revision.document_id).select_related("user")]
    text = _("Edition %(edition)s of %(code)s “%(title)s” is now in force. Please read and acknowledge it.")
    return _tell(users, revision, "revision_published", text, key=f"revision_published:{revision.pk}")


def _tell(users, revision: Revision, verb: str, text: str, *, key: str, **values) -> int:
    from notifications.services import notify

    document = revision.document
    link = reverse("documents:detail", args=[document.pk])
    values = {"code": document.code, "title": document.title, "edition": revision.edition, **values}
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):  # text is lazy: translated here, not in the request's
        message = str(text) % values
    for user in {u.pk: u for u in users if u is not None}.values():
        sent += notify(user, message, link, verb=verb, key=key) is not None
    return sent
